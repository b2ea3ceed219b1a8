// Task panes: their handlers (messages shown in the pane), and the panes with a path box
// (合并汇总, 从目标表生成, 目标对照): the clerk types or pastes a path, the button runs one
// handler with it, and the pane shows the answer. No prompt box: embedded browsers often
// answer it with null.
(function (root) {
  "use strict";

  /**
   * The handlers a pane runs: their messages show in the pane's #message element.
   */
  function paneHandlers() {
    var win = root;
    var ns = win.JixiaoWps;
    var fetchImpl = win.fetch ? win.fetch.bind(win) : ns.client.xhrFetch(win.XMLHttpRequest);
    var message = win.document.getElementById("message");
    return ns.handlers.createHandlers({
      app: win.Application,
      client: ns.client.createClient(ns.config, fetchImpl),
      ui: {
        alert: function (text) { message.textContent = text; },
        openPane: function () {},
      },
    });
  }

  /**
   * Wire a pane's form: on submit, run(handlers, path) and show its message.
   * options: {form, input, busy, run}
   */
  function pathPane(options) {
    var doc = root.document;
    var message = doc.getElementById("message");
    var button = doc.getElementById("start");
    var handlers = paneHandlers();
    doc.getElementById(options.form).onsubmit = function (event) {
      if (event && event.preventDefault) event.preventDefault();
      button.disabled = true;
      message.textContent = options.busy;
      return Promise.resolve(options.run(handlers, doc.getElementById(options.input).value))
        .then(function () { button.disabled = false; });
    };
    return handlers;
  }

  var api = { paneHandlers: paneHandlers, pathPane: pathPane };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.JixiaoWps = root.JixiaoWps || {}).pane = api;
})(this);
