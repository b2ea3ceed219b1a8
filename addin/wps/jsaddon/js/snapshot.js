// The active workbook as the JSON snapshot the service reads: per sheet one read of
// UsedRange.Value2 and one of UsedRange.Formula, padded so that values start at A1; the
// number formats of cells holding numbers read in bulk (the whole range, then per column,
// cell by cell only in a column whose formats differ); merged areas clipped to the used
// range, so a merge declared over the whole grid costs nothing.
(function (root) {
  "use strict";

  var RESULT_SHEET = "校验结果";
  var BACKUP_SHEET = "jixiao_marks";
  var XL_SHEET_VISIBLE = -1;
  // Excel's and WPS's (Chinese) names for the General format
  var GENERAL = { "": true, General: true, "G/通用格式": true };

  /** 0-based column -> letters: 0 -> "A", 27 -> "AB". */
  function colLetter(col) {
    var letters = "";
    var n = col + 1;
    while (n > 0) {
      var rem = (n - 1) % 26;
      letters = String.fromCharCode(65 + rem) + letters;
      n = Math.floor((n - 1) / 26);
    }
    return letters;
  }

  function cellRef(row, col) {
    return colLetter(col) + (row + 1);
  }

  /** Value2 / Formula of a range as a 2-D array (one cell gives a scalar). */
  function to2d(data) {
    if (data === undefined || data === null) return [[null]];
    if (!Array.isArray(data)) return [[data]];
    if (data.length && !Array.isArray(data[0])) return [data];
    return data;
  }

  function plain(value) {
    if (value === undefined || value === "") return null;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === "number" && !isFinite(value)) return null;
    if (typeof value === "object" && value !== null) return String(value);
    return value;
  }

  function offset(rows, top, left, map) {
    var out = [];
    for (var r = 0; r < top; r++) out.push([]);
    rows.forEach(function (row) {
      var line = [];
      for (var c = 0; c < left; c++) line.push(null);
      row.forEach(function (v) {
        line.push(map(v));
      });
      while (line.length && line[line.length - 1] === null) line.pop();
      out.push(line);
    });
    while (out.length && out[out.length - 1].length === 0) out.pop();
    return out;
  }

  function isEmpty(values, r, c) {
    var row = values[r];
    return !row || row[c] === undefined || row[c] === null;
  }

  /** Merged areas that hold a value. Only the used range's MergeCells is asked when it has
   *  none; otherwise only non-empty cells with an empty right or lower neighbour (the rest
   *  of a merged area reads empty), so a form costs a few hundred calls, not one per cell. */
  function mergedAreas(ws, used, values) {
    if (used.MergeCells === false) return [];
    var width = 0;
    values.forEach(function (row) {
      width = Math.max(width, row.length);
    });
    var found = [];
    var covered = {};
    values.forEach(function (row, r) {
      row.forEach(function (value, c) {
        var ref = cellRef(r, c);
        if (value === null || covered[ref]) return;
        if (!isEmpty(values, r, c + 1) && !isEmpty(values, r + 1, c)) return;
        var cell = ws.Range(ref);
        if (!cell.MergeCells) return;
        var area = cell.MergeArea;
        var top = area.Row - 1;
        var left = area.Column - 1;
        // clipped to the cells read: a merge over the whole grid is as big as the data
        var bottom = Math.min(top + area.Rows.Count - 1, values.length - 1);
        var right = Math.min(left + area.Columns.Count - 1, width - 1);
        if (bottom === top && right === left) return;
        for (var i = top; i <= bottom; i++) {
          for (var j = left; j <= right; j++) covered[cellRef(i, j)] = true;
        }
        found.push(cellRef(top, left) + ":" + cellRef(bottom, right));
      });
    });
    return found;
  }

  function formatText(format) {
    return typeof format === "string" && !GENERAL[format] ? format : null;
  }

  /** Number formats of the cells holding numbers: {"B7": "0.00%"} (General left out). One
   *  read of the used range when its cells share a format; else one per column holding
   *  numbers (from its first number to its last), and one per number only in a column
   *  whose formats differ there. */
  function numberFormats(ws, used, values) {
    var numbers = {};
    values.forEach(function (row, r) {
      row.forEach(function (value, c) {
        if (typeof value === "number") (numbers[c] = numbers[c] || []).push(r);
      });
    });
    var columns = Object.keys(numbers);
    var formats = {};
    if (!columns.length) return formats;
    var whole = used.NumberFormat;
    var uniform = typeof whole === "string";
    columns.forEach(function (key) {
      var c = Number(key);
      var rows = numbers[key];
      var format = whole;
      if (!uniform) {  // the column from its first number to its last (headers are text)
        var span = cellRef(rows[0], c) + ":" + cellRef(rows[rows.length - 1], c);
        format = ws.Range(span).NumberFormat;
      }
      numbers[key].forEach(function (r) {
        var own = typeof format === "string" ? format : ws.Range(cellRef(r, c)).NumberFormat;
        if (formatText(own)) formats[cellRef(r, c)] = own;
      });
    });
    return formats;
  }

  var MAX_CELLS = 1000000;
  var XL_FORMULAS = -4123;
  var XL_PART = 2;
  var XL_BY_ROWS = 1;
  var XL_BY_COLUMNS = 2;
  var XL_PREVIOUS = 2;

  /** The used range, or — when it is huge (formatting, or one merge over the whole grid, in
   *  a county file) — the range up to the last cell holding anything (two Find calls). */
  function dataArea(ws, used) {
    // Rows.Count × Columns.Count: Range.Count overflows past 2^31 cells in Excel
    if (used.Rows.Count * used.Columns.Count <= MAX_CELLS) return used;
    var cells = ws.Cells;
    var lastRow = cells.Find("*", undefined, XL_FORMULAS, XL_PART, XL_BY_ROWS, XL_PREVIOUS);
    var lastCol = cells.Find("*", undefined, XL_FORMULAS, XL_PART, XL_BY_COLUMNS, XL_PREVIOUS);
    if (!lastRow || !lastCol) return ws.Range("A1");
    var bottom = Math.max(used.Row, lastRow.Row) - 1;
    var right = Math.max(used.Column, lastCol.Column) - 1;
    return ws.Range(cellRef(used.Row - 1, used.Column - 1) + ":" + cellRef(bottom, right));
  }

  /** One sheet: {name, values, formulas: {"B7": "=…"}, merged, formats, hidden}. */
  function readSheet(ws) {
    var used = dataArea(ws, ws.UsedRange);
    var top = used.Row - 1;
    var left = used.Column - 1;
    var values = offset(to2d(used.Value2), top, left, plain);
    var formulas = {};
    to2d(used.Formula).forEach(function (row, r) {
      row.forEach(function (text, c) {
        if (typeof text === "string" && text.charAt(0) === "=" && text.length > 1) {
          formulas[cellRef(top + r, left + c)] = text;
        }
      });
    });
    return {
      name: ws.Name,
      values: values,
      formulas: formulas,
      merged: mergedAreas(ws, used, values),
      formats: numberFormats(ws, used, values),
      hidden: ws.Visible !== XL_SHEET_VISIBLE && ws.Visible !== true,
    };
  }

  /** Defined names (our templates locate their cells by name): {"执行率": "'表'!$B$3"}. */
  function readNames(wb) {
    var names = {};
    var all = wb.Names;
    var count = all ? all.Count : 0;
    for (var i = 1; i <= count; i++) {
      var item = all.Item(i);
      var name = String(item.Name).replace(/^.*!/, "");
      var target = String(item.RefersTo || "").replace(/^=/, "");
      if (target.indexOf("!") > 0 && !(name in names)) names[name] = target;
    }
    return names;
  }

  /** The whole workbook, without the add-in's own result and backup sheets. */
  function readWorkbook(wb) {
    var sheets = [];
    var count = wb.Worksheets.Count;
    for (var i = 1; i <= count; i++) {
      var ws = wb.Worksheets.Item(i);
      if (ws.Name === RESULT_SHEET || ws.Name === BACKUP_SHEET) continue;
      sheets.push(readSheet(ws));
    }
    return { book: wb.Name, sheets: sheets, names: readNames(wb) };
  }

  var api = {
    RESULT_SHEET: RESULT_SHEET,
    BACKUP_SHEET: BACKUP_SHEET,
    colLetter: colLetter,
    cellRef: cellRef,
    to2d: to2d,
    readSheet: readSheet,
    numberFormats: numberFormats,
    readNames: readNames,
    readWorkbook: readWorkbook,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.JixiaoWps = root.JixiaoWps || {}).snapshot = api;
})(this);
