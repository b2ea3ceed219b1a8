// What each ribbon button does. Everything WPS-specific comes in as deps, so the same code
// runs in WPS and under node --test with a fake Application:
//   deps.app     the ET Application (ActiveWorkbook, Workbooks, FileDialog …)
//   deps.client  a service client (js/client.js)
//   deps.ui      { alert(text), openPane(page) }
//   deps.now     () -> Date (for file names)
// Every handler resolves to the message it showed the clerk.
(function (root) {
  "use strict";

  var node = typeof module === "object" && module.exports;
  var snapshot = node ? require("./snapshot.js") : root.JixiaoWps.snapshot;
  var marks = node ? require("./marks.js") : root.JixiaoWps.marks;

  var MSO_FOLDER_PICKER = 4;
  var MSO_FILE_PICKER = 3;
  var MAX_LISTED = 5;

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function stamp(date) {
    return date.getFullYear() + two(date.getMonth() + 1) + two(date.getDate()) +
      "_" + two(date.getHours()) + two(date.getMinutes());
  }

  /** The summary's path: beside the chosen folder, named after it (never inside it, where
   *  the next merge would pick it up as a county file). */
  function summaryPath(folder, date) {
    var sep = folder.indexOf("\\") >= 0 ? "\\" : "/";
    var trimmed = folder.replace(/[\\/]+$/, "");
    var cut = Math.max(trimmed.lastIndexOf("\\"), trimmed.lastIndexOf("/"));
    var parent = cut > 0 ? trimmed.slice(0, cut) : trimmed;
    var name = cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
    if (/^[A-Za-z]:$/.test(parent)) parent += "\\";
    var base = (name || "各县报送") + "_汇总_" + stamp(date) + ".xlsx";
    return parent.replace(/[\\/]+$/, "") + sep + base;
  }

  function number(value) {
    return typeof value === "number" ? value.toFixed(2) : "—";
  }

  function createHandlers(deps) {
    var app = deps.app;
    var client = deps.client;
    var ui = deps.ui;
    var now = deps.now || function () {
      return new Date();
    };

    function show(text) {
      ui.alert(text);
      return text;
    }

    function failed(error) {
      return show(error && error.name === "ServiceError"
        ? error.message
        : "操作没有完成：" + (error && error.message ? error.message : error));
    }

    function workbook() {
      var wb = app.ActiveWorkbook;
      if (!wb) throw new Error("请先打开要处理的工作簿");
      return wb;
    }

    function apply(wb, actions) {
      var updating = app.ScreenUpdating;
      app.ScreenUpdating = false;
      try {
        return marks.applyActions(app, wb, actions);
      } finally {
        app.ScreenUpdating = updating;
      }
    }

    function run(task) {
      return Promise.resolve().then(task).catch(failed);
    }

    function check() {
      return run(function () {
        var wb = workbook();
        return client.check(snapshot.readWorkbook(wb)).then(function (data) {
          apply(wb, data.actions);
          var c = data.report.counts;
          if (!data.findings.length) return show("校验完成，没有发现问题。");
          return show("校验完成：错误 " + c.error + " 项，警告 " + c.warning + " 项，提示 " +
            c.info + " 项。\n出问题的单元格已标色并加了批注，详见“校验结果”工作表；" +
            "改完后点“清除标记”即可恢复原样。");
        });
      });
    }

    function clear() {
      return run(function () {
        var wb = workbook();
        return client.clear().then(function (data) {
          var done = apply(wb, data.actions);
          return show(done.cleared
            ? "已清除标记：" + done.cleared + " 个单元格恢复了原来的底色和批注。"
            : "已清除标记。");
        });
      });
    }

    function score() {
      return run(function () {
        var wb = workbook();
        return client.score(snapshot.readWorkbook(wb)).then(function (data) {
          var done = apply(wb, data.actions);
          if (!data.scores.length) return show("工作簿中没有自评表，无需计分。");
          var lines = data.scores.map(function (s) {
            return "· " + (s.sheet || "") + " " + s.title + "：执行率 " +
              (typeof s.execution_rate === "number" ? (s.execution_rate * 100).toFixed(2) + "%" : "—") +
              "，总分 " + number(s.total) + "，等级 " + (s.grade || "—");
          });
          var tail = done.written
            ? "已把计算结果写入 " + done.written + " 个单元格。"
            : "表格中的得分由公式自动计算，未改动单元格。";
          return show("重新计分完成：\n" + lines.join("\n") + "\n" + tail);
        });
      });
    }

    /** WPS's own folder picker (WPS for Windows); undefined where WPS has none (Linux),
     *  null when the clerk cancels. */
    function pickFolder() {
      var dialog;
      try {
        dialog = app.FileDialog(MSO_FOLDER_PICKER);
      } catch (e) {
        return undefined;
      }
      if (!dialog) return undefined;
      dialog.Title = "选择各县报送文件所在的文件夹";
      if (dialog.Show() !== -1) return null;
      return String(dialog.SelectedItems.Item(1));
    }

    /** 合并汇总 of one folder: the summary written beside it and opened. */
    function mergeFolder(folder) {
      return run(function () {
        var chosen = String(folder || "").trim();
        if (!chosen) return show("请先填写各县报送文件所在文件夹的完整路径。");
        var output = summaryPath(chosen, now());
        return client.merge({ inputs: [chosen], output: output }).then(function (data) {
          app.Workbooks.Open(data.output);
          var lines = ["已合并 " + data.merged + "/" + data.inputs + " 个文件，共 " +
            data.totals.forms + " 张表，汇总已写入并打开：\n" + data.output];
          data.failed.forEach(function (f) {
            lines.push("未合并 " + f.file + "：" + f.reason);
          });
          return show(lines.join("\n"));
        });
      });
    }

    /** 合并汇总 button: the folder picker, or (where WPS has none) the task pane with a
     *  folder box, never a browser prompt box (WPS answers it with null on Linux). */
    function merge() {
      var folder;
      try {
        folder = pickFolder();
      } catch (e) {
        folder = undefined;
      }
      if (folder === undefined) {
        ui.openPane("ui/merge.html");
        return Promise.resolve("ui/merge.html");
      }
      if (folder === null) return Promise.resolve(show("已取消合并汇总。"));
      return mergeFolder(folder);
    }

    /** The folder the workbook is saved in; "" for a new workbook never saved. */
    function folderOf(wb) {
      try {
        return String(wb.Path || "");
      } catch (e) {
        return "";
      }
    }

    /** WPS's file picker for the target workbook: its path, null when cancelled,
     *  undefined where WPS has none. */
    function pickTarget(title) {
      var dialog;
      try {
        dialog = app.FileDialog(MSO_FILE_PICKER);
      } catch (e) {
        return undefined;
      }
      if (!dialog) return undefined;
      dialog.Title = title || "当前工作簿中没有绩效目标表，请选择填好的目标表工作簿";
      try {
        dialog.AllowMultiSelect = false;
      } catch (e) {
        // not every WPS build lets this be set; one file is taken either way
      }
      if (dialog.Show() !== -1) return null;
      return String(dialog.SelectedItems.Item(1));
    }

    function fileName(path) {
      return String(path).replace(/^.*[\\/]/, "");
    }

    function prefilled(data) {
      app.Workbooks.Open(data.written[0].path);
      var lines = ["已从“" + data.source + "”的 " + data.written.length +
        " 张目标表生成自评表，保存在 " + data.folder + "："];
      data.written.slice(0, MAX_LISTED).forEach(function (w) {
        lines.push("· " + fileName(w.path) + "（" + w.source + "）");
      });
      if (data.written.length > MAX_LISTED) lines.push("……共 " + data.written.length + " 个文件");
      lines.push("已打开第一份。指标、指标值和预算数已填好；请在黄色单元格中填写实际完成值、" +
        "执行数和偏差原因。");
      return show(lines.join("\n"));
    }

    /** 从目标表生成: from the active workbook's target forms, else from a picked file. */
    function prefill() {
      return run(function () {
        var wb = workbook();
        var body = { book: snapshot.readWorkbook(wb), folder: folderOf(wb) };
        return client.prefill(body).then(prefilled, function (error) {
          if (!error || error.reason !== "no_targets") throw error;
          var target = pickTarget();
          if (target === undefined) {
            ui.openPane("ui/prefill.html");
            return "ui/prefill.html";
          }
          if (target === null) return show("已取消从目标表生成。");
          return client.prefill({ target: target }).then(prefilled);
        });
      });
    }

    /** 从目标表生成 from the target workbook at ``target`` (the task pane's path box). */
    function prefillFrom(target) {
      return run(function () {
        var chosen = String(target || "").trim();
        if (!chosen) return show("请先填写绩效目标表工作簿的完整路径。");
        return client.prefill({ target: chosen }).then(prefilled);
      });
    }

    /** 目标对照 with the target workbook at ``target``: 校验's marks plus every indicator
     *  dropped, added or changed since the declaration. */
    function compareWith(target) {
      return run(function () {
        var chosen = String(target || "").trim();
        if (!chosen) return show("请先填写申报时的绩效目标表工作簿的完整路径。");
        var wb = workbook();
        var body = { book: snapshot.readWorkbook(wb), target: chosen };
        return client.compare(body).then(function (data) {
          apply(wb, data.actions);
          var c = data.report.counts;
          return show("目标对照完成：错误 " + c.error + " 项，警告 " + c.warning + " 项，提示 " +
            c.info + " 项。\n" + data.summary +
            (data.findings.length ? "\n出问题的单元格已标色并加了批注，详见“校验结果”工作表。" : ""));
        });
      });
    }

    /** 目标对照 button: WPS's file picker, or (where WPS has none) a task pane with a path box. */
    function compare() {
      var target;
      try {
        target = pickTarget("选择申报时的绩效目标表工作簿，与当前自评表对照");
      } catch (e) {
        target = undefined;
      }
      if (target === undefined) {
        ui.openPane("ui/compare.html");
        return Promise.resolve("ui/compare.html");
      }
      if (target === null) return Promise.resolve(show("已取消目标对照。"));
      return compareWith(target);
    }

    /** 生成自评报告: the .docx draft of the active self-evaluation workbook, beside it. */
    function report() {
      return run(function () {
        var wb = workbook();
        var body = { book: snapshot.readWorkbook(wb), folder: folderOf(wb) };
        return client.report(body).then(function (data) {
          return show("已生成自评报告草稿：" + data.output + "\n内容：" + data.reports.join("、") +
            "，涉及 " + data.forms + " 张自评表。\n数字均取自表格；黄色底的【请填写…】共 " +
            data.fills + " 处，请在 WPS 文字中补写。");
        });
      });
    }

    function listForms() {
      return client.forms();
    }

    function newForm(form) {
      return run(function () {
        return client.newForm(form).then(function (data) {
          app.Workbooks.Add(data.path);
          return show("已新建“" + data.title + "”：请在黄色单元格中填写，完成后另存为。");
        });
      });
    }

    function openNew() {
      ui.openPane("ui/new.html");
      return "ui/new.html";
    }

    function help() {
      ui.openPane("ui/help.html");
      return "ui/help.html";
    }

    return {
      check: check,
      clear: clear,
      score: score,
      merge: merge,
      mergeFolder: mergeFolder,
      prefill: prefill,
      prefillFrom: prefillFrom,
      compare: compare,
      compareWith: compareWith,
      report: report,
      listForms: listForms,
      newForm: newForm,
      openNew: openNew,
      help: help,
    };
  }

  var api = { createHandlers: createHandlers, summaryPath: summaryPath };
  if (node) module.exports = api;
  else (root.JixiaoWps = root.JixiaoWps || {}).handlers = api;
})(this);
