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

  /**
   * 读表情况 (ui/teach.html): the reading of the active workbook in #message, the roles in
   * #role, the words taught in #words; 教会 / 删去 act on the selected header cell and
   * refresh the list, 重新读表 reads again.
   */
  function teachPane() {
    var doc = root.document;
    var message = doc.getElementById("message");
    var box = doc.getElementById("role");
    var list = doc.getElementById("words");
    var handlers = paneHandlers();
    var rolesShown = false;

    function item(text) {
      var li = doc.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    }

    function refresh() {
      return Promise.resolve(handlers.vocab()).then(function (data) {
        if (!rolesShown) {
          data.roles.forEach(function (role) {
            var option = doc.createElement("option");
            option.value = role.name;
            option.textContent = role.name + "：" + role.meaning;
            box.appendChild(option);
          });
          rolesShown = true;
        }
        list.textContent = "";
        data.words.forEach(function (w) { item("“" + w.word + "”→ " + w.role); });
        if (!data.words.length) item("还没有教过任何写法（词表文件 " + data.file + "）");
      }, function (error) {
        message.textContent = error.message;
      });
    }

    doc.getElementById("teach").onclick = function () {
      return Promise.resolve(handlers.teach(box.value)).then(refresh);
    };
    doc.getElementById("forget").onclick = function () {
      return Promise.resolve(handlers.forget()).then(refresh);
    };
    doc.getElementById("inspect").onclick = function () {
      message.textContent = "正在读表……";
      return handlers.inspect();
    };
    return Promise.all([handlers.inspect(), refresh()]);
  }

  var api = { paneHandlers: paneHandlers, pathPane: pathPane, teachPane: teachPane };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.JixiaoWps = root.JixiaoWps || {}).pane = api;
})(this);
