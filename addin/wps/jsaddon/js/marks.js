// Applying the service's actions to a live WPS workbook, mirroring the openpyxl applier
// (addin/marks.py): clear, mark, result_sheet, write. Marks are reversible: before a cell
// is coloured, its fill and comment go into the very hidden sheet jixiao_marks (one row
// per cell: sheet, cell, fill XML, comment JSON), and clear restores them exactly.
(function (root) {
  "use strict";

  var node = typeof module === "object" && module.exports;
  var colors = node ? require("./colors.js") : root.JixiaoWps.colors;
  var snapshot = node ? require("./snapshot.js") : root.JixiaoWps.snapshot;

  var RESULT_SHEET = snapshot.RESULT_SHEET;
  var BACKUP_SHEET = snapshot.BACKUP_SHEET;
  var BACKUP_HEADER = ["sheet", "cell", "fill", "comment"];
  var XL_SHEET_VISIBLE = -1;
  var XL_SHEET_VERY_HIDDEN = 2;
  // as addin/marks.py COLORS and addin/rules SEVERITY_LABELS
  var COLORS = { error: "FFC7CE", warning: "FFEB9C", info: "DDEBF7" };
  var LABELS = { error: "错误", warning: "警告", info: "提示" };
  var LINK_COLOR = "0563C1";
  // as addin/excel/painter.py FORMULA_START: text Excel and WPS would enter as a formula
  var FORMULA_START = /^[=+\-@]/;

  /** County text stays text: an apostrophe before what would be entered as a formula
   *  (as the Excel door's as_text; the apostrophe is not part of the cell's value). */
  function asText(value) {
    return typeof value === "string" && FORMULA_START.test(value) ? "'" + value : value;
  }

  function findSheet(wb, name) {
    var count = wb.Worksheets.Count;
    for (var i = 1; i <= count; i++) {
      var ws = wb.Worksheets.Item(i);
      if (ws.Name === name) return ws;
    }
    return null;
  }

  function deleteSheet(app, ws) {
    var alerts = app.DisplayAlerts;
    app.DisplayAlerts = false;
    try {
      ws.Visible = XL_SHEET_VISIBLE; // a very hidden sheet cannot always be deleted
      ws.Delete();
    } finally {
      app.DisplayAlerts = alerts;
    }
  }

  /** A cell's fill and comment as they are now: [fill XML, comment JSON or ""]. */
  function saveCell(range) {
    var interior = range.Interior;
    var fill = colors.fillToXml({
      pattern: interior.Pattern,
      color: interior.Color,
      patternColor: interior.PatternColor,
    });
    var comment = range.Comment;
    if (!comment) return [fill, ""];
    var old = { text: comment.Text(), author: comment.Author, width: null, height: null };
    if (comment.Shape) {
      old.width = comment.Shape.Width;
      old.height = comment.Shape.Height;
    }
    return [fill, JSON.stringify(old)];
  }

  function setComment(range, text, width, height) {
    range.ClearComments();
    if (text === null) return;
    range.AddComment(text);
    var shape = range.Comment && range.Comment.Shape;
    if (shape && width) shape.Width = width;
    if (shape && height) shape.Height = height;
  }

  function restoreCell(range, fillXml, commentJson) {
    var fill = colors.xmlToFill(fillXml);
    var interior = range.Interior;
    if (fill.pattern === colors.XL_NONE) {
      interior.Pattern = colors.XL_NONE;
    } else if (fill.theme !== undefined) {
      interior.Pattern = colors.XL_SOLID;
      interior.ThemeColor = fill.theme;
      interior.TintAndShade = fill.tint;
    } else {
      interior.Color = fill.color;
      if (fill.pattern !== colors.XL_SOLID) {
        interior.Pattern = fill.pattern;
        interior.PatternColor = fill.patternColor;
      }
    }
    var old = commentJson ? JSON.parse(commentJson) : null;
    setComment(range, old ? old.text : null, old && old.width, old && old.height);
  }

  /** 清除标记: restore every backed-up cell, then delete the result and backup sheets. */
  function clearMarks(app, wb) {
    var restored = 0;
    var backup = findSheet(wb, BACKUP_SHEET);
    if (backup) {
      var rows = snapshot.to2d(backup.UsedRange.Value2);
      // restore newest first: a cell saved twice ends with its oldest (original) state
      for (var i = rows.length - 1; i >= 1; i--) {
        var row = rows[i];
        var ws = row && row[0] ? findSheet(wb, String(row[0])) : null;
        if (!ws || !row[1]) continue;
        restoreCell(ws.Range(String(row[1])), row[2], row[3]);
        restored++;
      }
      deleteSheet(app, backup);
    }
    var result = findSheet(wb, RESULT_SHEET);
    if (result) deleteSheet(app, result);
    return restored;
  }

  function backupSheet(wb) {
    var ws = findSheet(wb, BACKUP_SHEET);
    if (ws) return { ws: ws, next: snapshot.to2d(ws.UsedRange.Value2).length + 1 };
    ws = wb.Worksheets.Add(undefined, wb.Worksheets.Item(wb.Worksheets.Count));
    ws.Name = BACKUP_SHEET;
    ws.Range("A:D").NumberFormat = "@"; // sheet names, cells, fills, notes stay text
    ws.Range("A1:D1").Value2 = [BACKUP_HEADER];
    ws.Visible = XL_SHEET_VERY_HIDDEN;
    return { ws: ws, next: 2 };
  }

  function noteSize(note) {
    var lines = note.split("\n").length;
    return { width: 300, height: 30 + 14 * lines };
  }

  /** 校验 marks: save every cell first (one write into the backup sheet), then paint. */
  function markCells(wb, marks) {
    var targets = [];
    var rows = [];
    marks.forEach(function (mark) {
      var ws = findSheet(wb, mark.sheet);
      if (!ws) return;
      var range = ws.Range(mark.cell);
      targets.push({ range: range, mark: mark });
      rows.push([mark.sheet, mark.cell].concat(saveCell(range)));
    });
    if (!rows.length) return 0;
    var backup = backupSheet(wb);
    var last = backup.next + rows.length - 1;
    backup.ws.Range("A" + backup.next + ":D" + last).Value2 = rows;
    targets.forEach(function (t) {
      t.range.Interior.Color = colors.hexToBgr(t.mark.color);
      var size = noteSize(t.mark.note);
      setComment(t.range, t.mark.note, size.width, size.height);
    });
    return targets.length;
  }

  function quoteSheet(name) {
    return "'" + String(name).replace(/'/g, "''") + "'";
  }

  /** The 校验结果 sheet (replaced if there): counts, then one row per finding with a link. */
  function resultSheet(app, wb, action) {
    var name = action.name || RESULT_SHEET;
    var old = findSheet(wb, name);
    if (old) deleteSheet(app, old);
    var ws = wb.Worksheets.Add(wb.Worksheets.Item(1));
    ws.Name = name;
    var c = action.counts;
    var table = [
      ["校验结果：错误 " + c.error + " 项，警告 " + c.warning + " 项，提示 " + c.info + " 项",
        null, null, null, null, null, null],
      ["序号", "级别", "规则", "工作表", "单元格", "说明", "修改建议"],
    ];
    action.rows.forEach(function (row, i) {
      table.push([i + 1, LABELS[row.severity] || row.severity, row.code, row.sheet,
        row.cell, row.message, row.hint].map(asText));
    });
    ws.Range("A1:G" + table.length).Value2 = table;
    ws.Range("A1:G2").Font.Bold = true;
    action.rows.forEach(function (row, i) {
      var r = i + 3;
      ws.Range("B" + r).Interior.Color = colors.hexToBgr(COLORS[row.severity] || "FFFFFF");
      if (row.sheet && row.cell) {
        var anchor = ws.Range("E" + r);
        ws.Hyperlinks.Add(anchor, "", quoteSheet(row.sheet) + "!" + row.cell,
          "跳到该单元格", row.cell);
        anchor.Font.Color = colors.hexToBgr(LINK_COLOR);
      }
    });
    var widths = { A: 6, B: 8, C: 9, D: 16, E: 9, F: 60, G: 50 };
    Object.keys(widths).forEach(function (col) {
      ws.Range(col + ":" + col).ColumnWidth = widths[col];
    });
    ws.Range("F:G").WrapText = true;
    return ws;
  }

  function writeValue(wb, action) {
    var ws = findSheet(wb, action.sheet);
    if (!ws) return false;
    var range = ws.Range(action.cell);
    range.Value2 = asText(action.value);
    if (action.number_format) range.NumberFormat = action.number_format;
    return true;
  }

  // Worksheet.Protect's arguments after Password, DrawingObjects, Contents, Scenarios and
  // UserInterfaceOnly, in order
  var ALLOW = ["AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
    "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
    "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
    "AllowUsingPivotTables"];

  /** The sheets the actions paint: those of marks and writes, and for 清除标记 those the
   *  backup names. */
  function targetSheets(wb, actions) {
    var names = {};
    actions.forEach(function (action) {
      if (action.sheet) names[action.sheet] = true;
      if (action.op === "clear") {
        var backup = findSheet(wb, BACKUP_SHEET);
        if (!backup) return;
        snapshot.to2d(backup.UsedRange.Value2).slice(1).forEach(function (row) {
          if (row && row[0]) names[String(row[0])] = true;
        });
      }
    });
    return Object.keys(names);
  }

  /** Lift the protection of the target sheets (no password), all or nothing; returns what
   *  to protect again. Our templates protect their form sheets, and WPS, like Excel, then
   *  refuses a fill or a note. A password stops everything before a cell changes. */
  function unprotect(wb, names) {
    var lifted = [];
    var locked = [];
    names.forEach(function (name) {
      var ws = findSheet(wb, name);
      if (!ws || !(ws.ProtectContents || ws.ProtectDrawingObjects || ws.ProtectScenarios)) return;
      var options = [ws.ProtectDrawingObjects, ws.ProtectContents, ws.ProtectScenarios, false];
      var protection = ws.Protection;
      ALLOW.forEach(function (key) {
        options.push(!!protection[key]);
      });
      try {
        ws.Unprotect("");
        lifted.push({ ws: ws, options: options });
      } catch (e) {
        locked.push(name);
      }
    });
    if (locked.length) {
      protectAgain(lifted);
      throw new Error("工作表“" + locked.join("”“") + "”设置了密码保护，绩效助手不能在上面标记或填写。" +
        "请先在“审阅 → 撤销工作表保护”中输入密码，再点一次按钮。没有改动任何单元格。");
    }
    return lifted;
  }

  function protectAgain(lifted) {
    lifted.slice().reverse().forEach(function (one) {
      one.ws.Protect.apply(one.ws, [""].concat(one.options));
    });
  }

  /** Apply actions in order; returns what was done {cleared, marked, written, resultSheet}. */
  function applyActions(app, wb, actions) {
    var lifted = unprotect(wb, targetSheets(wb, actions));
    try {
      return applyAll(app, wb, actions);
    } finally {
      protectAgain(lifted);
    }
  }

  function applyAll(app, wb, actions) {
    var done = { cleared: 0, marked: 0, written: 0, resultSheet: false };
    var active = app.ActiveSheet;
    var i = 0;
    while (i < actions.length) {
      var action = actions[i];
      if (action.op === "mark") {
        var run = [];
        while (i < actions.length && actions[i].op === "mark") run.push(actions[i++]);
        done.marked += markCells(wb, run);
        continue;
      }
      if (action.op === "clear") done.cleared += clearMarks(app, wb);
      else if (action.op === "write") done.written += writeValue(wb, action) ? 1 : 0;
      else if (action.op === "result_sheet") done.resultSheet = resultSheet(app, wb, action);
      i++;
    }
    var show = done.resultSheet || active;
    try {
      if (show) show.Activate(); // the result sheet, else where the clerk was
    } catch (e) {
      // the sheet the clerk was on was the result sheet, and it is gone
    }
    done.resultSheet = !!done.resultSheet;
    return done;
  }

  var api = {
    COLORS: COLORS,
    LABELS: LABELS,
    findSheet: findSheet,
    clearMarks: clearMarks,
    markCells: markCells,
    resultSheet: resultSheet,
    applyActions: applyActions,
    asText: asText,
  };
  if (node) module.exports = api;
  else (root.JixiaoWps = root.JixiaoWps || {}).marks = api;
})(this);
