// 加载项入口（由 index.html 引入）：ribbon.xml 的回调 OnAddinLoad、OnAction、GetImage。
// The wiring only: the work is in js/handlers.js, which node --test drives with a fake
// Application. createAddin(win) builds the callbacks from a window-like object.
(function (root) {
  "use strict";

  var node = typeof module === "object" && module.exports;
  var ns = node
    ? {
        config: require("./js/config.js"),
        client: require("./js/client.js"),
        handlers: require("./js/handlers.js"),
      }
    : root.JixiaoWps;

  var IMAGES = {
    btnNew: "images/new.svg",
    btnCheck: "images/check.svg",
    btnClear: "images/clear.svg",
    btnScore: "images/score.svg",
    btnMerge: "images/merge.svg",
    btnPrefill: "images/prefill.svg",
    btnCompare: "images/compare.svg",
    btnReport: "images/report.svg",
    btnInspect: "images/inspect.svg",
    btnHelp: "images/help.svg",
  };

  function baseUrl(win) {
    var here = decodeURI(String(win.document.location));
    return here.substring(0, here.lastIndexOf("/"));
  }

  function createAddin(win) {
    var app = win.Application;
    var fetchImpl = typeof win.fetch === "function"
      ? win.fetch.bind(win)
      : ns.client.xhrFetch(win.XMLHttpRequest);
    var panes = {};

    function openPane(page) {
      var pane = panes[page];
      if (!pane) {
        pane = app.CreateTaskPane(baseUrl(win) + "/" + page);
        panes[page] = pane;
      }
      pane.Visible = true;
    }

    var handlers = ns.handlers.createHandlers({
      app: app,
      client: ns.client.createClient(ns.config, fetchImpl),
      ui: {
        alert: function (text) {
          win.alert(text);
        },
        openPane: openPane,
      },
    });

    var actions = {
      btnNew: handlers.openNew,
      btnCheck: handlers.check,
      btnClear: handlers.clear,
      btnScore: handlers.score,
      btnMerge: handlers.merge,
      btnPrefill: handlers.prefill,
      btnCompare: handlers.compare,
      btnReport: handlers.report,
      btnInspect: handlers.openTeach,
      btnHelp: handlers.help,
    };

    return {
      handlers: handlers,
      OnAddinLoad: function (ribbonUI) {
        if (typeof app.ribbonUI !== "object") app.ribbonUI = ribbonUI;
        return true;
      },
      OnAction: function (control) {
        var action = actions[control.Id];
        return action ? action() : undefined;
      },
      GetImage: function (control) {
        return IMAGES[control.Id] || "images/check.svg";
      },
    };
  }

  if (node) {
    module.exports = { createAddin: createAddin, IMAGES: IMAGES };
  } else {
    var addin = createAddin(root);
    root.JixiaoWps.addin = addin;
    root.OnAddinLoad = addin.OnAddinLoad;
    root.OnAction = addin.OnAction;
    root.GetImage = addin.GetImage;
  }
})(this);
