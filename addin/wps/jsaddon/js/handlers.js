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
  var MAX_GAPS = 12;
  var TEACH_HOW = "要让以后同样版式的文件都能读：单击表头单元格，在“读表情况”窗格中选它表示的内容" +
    "（不选即用下面箭头后的角色），再点“教会所选表头”。";
  var NO_SELECTION = "请先单击一个表头单元格（如“调整后预算数”），再选它表示的内容。";

  /** An error whose message is shown to the clerk as it is (no “操作没有完成” before it). */
  function clerkError(message) {
    var error = new Error(message);
    error.name = "ClerkError";
    return error;
  }

  /** At most max lines, then "……共 N 处". */
  function capped(lines, max) {
    if (lines.length <= max) return lines;
    return lines.slice(0, max).concat(["……共 " + lines.length + " 处"]);
  }

  /** 读表情况 in words: the tables read, what was not understood, the roles suggested. */
  function inspectMessage(data, name) {
    var lines = ["“" + name + "”的读表情况："];
    data.report.sheets.forEach(function (sheet) {
      if (sheet.template) lines.push("· 工作表“" + sheet.sheet + "”：本系统模板，按定义名称读取");
      sheet.tables.forEach(function (table) {
        lines.push("· 工作表“" + sheet.sheet + "”：表“" + table.title + "”，表头在第 " +
          table.header_rows.join("、") + " 行，读到 " + table.rows_read + " 行指标，跳过 " +
          table.rows_skipped + " 行");
      });
    });
    if (lines.length === 1) {
      lines.push("没有找到指标表：表头应有“一级指标/二级指标/三级指标”，或“指标名称”加“分值/权重”。");
    }
    if (!data.gaps.length) return lines.concat(["", "表头都已认出，没有需要教的写法。"]).join("\n");
    lines.push("", "未认出或没有读到：");
    lines = lines.concat(capped(data.gaps.map(function (g) { return "  " + g; }), MAX_GAPS));
    if (data.hints.length) {
      lines.push("", TEACH_HOW);
      lines = lines.concat(capped(data.hints.map(function (h) {
        return "  " + h.sheet + "!" + h.cell + "“" + h.word + "”→ " + (h.role || "（请按列的内容选择）");
      }), MAX_GAPS));
    }
    return lines.join("\n");
  }

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
      return show(error && (error.name === "ServiceError" || error.name === "ClerkError")
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

    /** The selected cell (the active cell: a merged header's first) and its text. */
    function selectedHeader() {
      var cell = app.ActiveCell;
      var sheet = app.ActiveSheet;
      if (!cell || !sheet) throw clerkError(NO_SELECTION);
      var ref = cell.Address(false, false);
      var where = sheet.Name + "!" + ref;
      var value = cell.Value2;
      if (typeof value !== "string" || !value.trim()) {
        throw clerkError("所选单元格 " + where + " 中没有表头文字。" + NO_SELECTION);
      }
      return { sheet: sheet.Name, cell: ref, where: where, text: value };
    }

    function gapCount(wb) {
      return client.inspect({ book: snapshot.readWorkbook(wb) }).then(function (data) {
        return data.gaps.length;
      });
    }

    /** 读表情况: how the active workbook was read and what to teach. */
    function inspect() {
      return run(function () {
        var wb = workbook();
        return client.inspect({ book: snapshot.readWorkbook(wb) }).then(function (data) {
          return show(inspectMessage(data, wb.Name));
        });
      });
    }

    /** The role 读表情况 suggests for the selected header: the hint of its sheet and column. */
    function suggestedRole(data, header) {
      var column = function (ref) { return String(ref).replace(/[^A-Z]/g, ""); };
      var hit = data.hints.filter(function (h) {
        return h.sheet === header.sheet && column(h.cell) === column(header.cell);
      })[0];
      var word = "“" + header.text.trim() + "”";
      if (!hit) throw clerkError(word + "不在读表情况列出的未认出表头中：请在“所选表头表示”中选它表示的内容。");
      if (!hit.role) throw clerkError("读表程序判断不了" + word + "这一列是什么：请在“所选表头表示”中选它表示的内容。");
      return hit.role;
    }

    /** 教会所选表头: the selected header's text taught as ``role`` (none chosen: the role
     *  读表情况 suggests for it), the workbook read again. */
    function teach(role) {
      return run(function () {
        var wb = workbook();
        var header = selectedHeader();
        return client.inspect({ book: snapshot.readWorkbook(wb) }).then(function (data) {
          var before = data.gaps.length;
          var chosen = role || suggestedRole(data, header);
          return client.teach(header.text, chosen).then(function (taught) {
            return gapCount(wb).then(function (after) {
              var head = taught.added
                ? "已教会：" + header.where + "“" + taught.word + "”→ " + taught.role + "。"
                : "“" + taught.word + "”已是“" + taught.role + "”的写法，未改动。";
              return show(head + "\n词表文件：" + taught.file + "\n重新读取本工作簿：未认出或没有读到的 " +
                before + " 处 → " + after + " 处。以后同样版式的文件都按这个写法读。");
            });
          }, function (error) {
            if (!error || error.reason !== "taken") throw error;
            return show("“" + header.text.trim() + "”已是“" + error.data.taken_by + "”的写法。要改成“" +
              chosen + "”，请先点“删去所选表头的写法”，再选角色。");
          });
        });
      });
    }

    /** 删去所选表头的写法: the selected header's text taken out of the vocabulary file. */
    function forget() {
      return run(function () {
        var header = selectedHeader();
        return client.forget(header.text).then(function (data) {
          return show("已删去“" + data.word + "”（原为 " + data.roles.join("、") + "）。词表文件：" +
            data.file);
        });
      });
    }

    /** The words taught and the roles there are (the pane's list and role box). */
    function vocab() {
      return client.vocab();
    }

    function openTeach() {
      ui.openPane("ui/teach.html");
      return "ui/teach.html";
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
      inspect: inspect,
      teach: teach,
      forget: forget,
      vocab: vocab,
      openTeach: openTeach,
      listForms: listForms,
      newForm: newForm,
      openNew: openNew,
      help: help,
    };
  }

  var api = { createHandlers: createHandlers, summaryPath: summaryPath, inspectMessage: inspectMessage };
  if (node) module.exports = api;
  else (root.JixiaoWps = root.JixiaoWps || {}).handlers = api;
})(this);
