// Talking to the local service (jixiao serve): JSON over HTTP on 127.0.0.1, the shared
// token on every request, Chinese errors whether the service answered or not.
(function (root) {
  "use strict";

  var TOKEN_HEADER = "X-Jixiao-Token";

  function downMessage(baseUrl) {
    return (
      "无法连接绩效助手服务（" + baseUrl + "）。\n\n" +
      "请先启动服务：在命令行中运行\n    jixiao serve\n" +
      "并保持窗口打开，然后再点一次按钮。\n" +
      "（想在登录时自动启动，可运行 jixiao wps install --autostart）\n\n" +
      "如果服务已经在运行，请看服务窗口中的提示。"
    );
  }

  /** The service answered, but not to us: our origin is not among the ones it accepts. */
  function refusedMessage(baseUrl, origin) {
    return (
      "绩效助手服务正在运行（" + baseUrl + "），但拒绝了加载项的请求：\n" +
      "它不接受加载项的来源「" + origin + "」。\n\n" +
      "请关闭服务窗口，再这样启动服务：\n    jixiao serve --allow-origin " + origin + "\n" +
      "服务窗口中也有同样的提示。重新安装加载项不能解决这个问题。"
    );
  }

  /** We could not tell whether the service is down or refused us (no fetch in this WPS). */
  function unknownMessage(baseUrl, origin) {
    return (
      downMessage(baseUrl) + "\n\n如果服务窗口提示“已拒绝来自「" + origin + "」的请求”，" +
      "请这样启动服务：jixiao serve --allow-origin " + origin
    );
  }

  /** The origin the browser sends for this page ("null" for a file:// add-in). */
  function ownOrigin(where) {
    if (!where || !where.protocol || where.protocol === "file:") return "null";
    return where.origin || "null";
  }

  /** An error whose message is one Chinese paragraph for the clerk. */
  function ServiceError(message, status, down, reason) {
    this.name = "ServiceError";
    this.message = message;
    this.status = status || 0;
    this.down = !!down;
    this.reason = reason || null; // what the service refused for: "no_targets", "not_saved"
    this.data = null; // the whole answer, when there was one (taken_by …)
  }
  ServiceError.prototype = Object.create(Error.prototype);
  ServiceError.prototype.constructor = ServiceError;

  /** fetch() on top of XMLHttpRequest, for WPS builds whose browser has no fetch. */
  function xhrFetch(XHR) {
    return function (url, options) {
      return new Promise(function (resolve, reject) {
        if (options.mode === "no-cors") {
          reject(new Error("unsupported")); // XHR cannot make an opaque request
          return;
        }
        var xhr = new XHR();
        xhr.open(options.method || "GET", url, true);
        Object.keys(options.headers || {}).forEach(function (k) {
          xhr.setRequestHeader(k, options.headers[k]);
        });
        xhr.onload = function () {
          resolve({
            ok: xhr.status >= 200 && xhr.status < 300,
            status: xhr.status,
            text: function () {
              return Promise.resolve(xhr.responseText);
            },
          });
        };
        xhr.onerror = function () {
          reject(new Error("network"));
        };
        xhr.send(options.body || null);
      });
    };
  }

  /**
   * A client for the service at config.serviceUrl; fetchImpl is injected (tests, WPS).
   * origin: what the browser sends as Origin (default: this page's, "null" under file://).
   */
  function createClient(config, fetchImpl, origin) {
    var baseUrl = String(config.serviceUrl || "http://127.0.0.1:17517").replace(/\/+$/, "");
    var from = origin || ownOrigin(typeof location === "undefined" ? null : location);

    /**
     * A request failed without an answer we may read: a service that is not running, or
     * one that refused our origin (the browser hides its answer). An opaque (no-cors) GET
     * tells them apart: it succeeds whenever anything answers.
     */
    function unreachable(retry) {
      return fetchImpl(baseUrl + "/api/health", { method: "GET", mode: "no-cors" }).then(
        function () {
          // something answers: a connection that went stale is tried once more; a refused
          // origin is refused again
          if (retry) return retry();
          throw new ServiceError(refusedMessage(baseUrl, from), 403, false, "origin");
        },
        function (error) {
          if (error && error.message === "unsupported") {
            throw new ServiceError(unknownMessage(baseUrl, from), 0, true);
          }
          throw new ServiceError(downMessage(baseUrl), 0, true);
        }
      );
    }

    function request(method, path, body) {
      return send(method, path, body, true);
    }

    function send(method, path, body, again) {
      var headers = { Accept: "application/json" };
      headers[TOKEN_HEADER] = config.token || "";
      var options = { method: method, headers: headers };
      if (body !== undefined) {
        headers["Content-Type"] = "application/json";
        options.body = JSON.stringify(body);
      }
      return fetchImpl(baseUrl + path, options).then(
        function (response) {
          return response.text().then(function (text) {
            var data = null;
            try {
              data = text ? JSON.parse(text) : null;
            } catch (e) {
              data = null;
            }
            if (response.ok && data !== null) return data;
            if (data && data.reason === "origin") {
              throw new ServiceError(refusedMessage(baseUrl, from), 403, false, "origin");
            }
            var reason = data && data.error ? data.error : "服务返回了无法识别的内容";
            var error = new ServiceError(reason + "（HTTP " + response.status + "）", response.status,
              false, data && data.reason);
            error.data = data;
            throw error;
          });
        },
        function () {
          return unreachable(again ? function () { return send(method, path, body, false); } : null);
        }
      );
    }

    return {
      baseUrl: baseUrl,
      health: function () {
        return request("GET", "/api/health");
      },
      forms: function () {
        return request("GET", "/api/forms");
      },
      check: function (book) {
        return request("POST", "/api/check", book);
      },
      score: function (book) {
        return request("POST", "/api/score", book);
      },
      clear: function () {
        return request("POST", "/api/clear", {});
      },
      merge: function (body) {
        return request("POST", "/api/merge", body);
      },
      newForm: function (form) {
        return request("POST", "/api/new", { form: form });
      },
      prefill: function (body) {
        return request("POST", "/api/prefill", body);
      },
      report: function (body) {
        return request("POST", "/api/report", body);
      },
      compare: function (body) {
        return request("POST", "/api/compare", body);
      },
      inspect: function (body) {
        return request("POST", "/api/inspect", body);
      },
      vocab: function () {
        return request("GET", "/api/vocab");
      },
      teach: function (word, role) {
        return request("POST", "/api/vocab", { word: word, role: role });
      },
      forget: function (word) {
        return request("DELETE", "/api/vocab", { word: word });
      },
    };
  }

  var api = {
    ServiceError: ServiceError,
    createClient: createClient,
    downMessage: downMessage,
    ownOrigin: ownOrigin,
    refusedMessage: refusedMessage,
    xhrFetch: xhrFetch,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.JixiaoWps = root.JixiaoWps || {}).client = api;
})(this);
