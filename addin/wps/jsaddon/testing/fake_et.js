// A fake WPS Spreadsheets (ET) Application: the subset of the API the add-in uses, with
// every cell's value, formula, fill (Interior.Color is BGR), comment, number format and
// hyperlinks recorded, and the calls counted, so tests can assert what the add-in did.
"use strict";

const XL_NONE = -4142;
const ALLOW = ["AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
  "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
  "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
  "AllowUsingPivotTables"];
const XL_SOLID = 1;
const WHITE = 0xffffff;

function colIndex(letters) {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

function colLetter(col) {
  let letters = "";
  let n = col + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const ref = (r, c) => colLetter(c) + (r + 1);

/** "B7" | "A1:C2" | "F:G" -> 0-based inclusive box. */
function parseAddress(address) {
  const text = String(address).replace(/\$/g, "").toUpperCase();
  const [a, b = a] = text.split(":");
  const part = (p, end) => {
    const m = /^([A-Z]*)(\d*)$/.exec(p);
    if (!m) throw new Error("bad address " + address);
    const col = m[1] ? colIndex(m[1]) : end ? 16383 : 0;
    const row = m[2] ? Number(m[2]) - 1 : end ? 1048575 : 0;
    return [row, col];
  };
  const [r1, c1] = part(a, false);
  const [r2, c2] = part(b, true);
  return { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

class FakeComment {
  constructor(cell, text, author) {
    this.cell = cell;
    this.text = text;
    this.Author = author;
    this.Shape = { Width: 108, Height: 59 };
  }
  Text() {
    return this.text;
  }
  Delete() {
    this.cell.comment = null;
  }
}

class Cell {
  constructor() {
    this.value = null;
    this.formula = null;
    this.pattern = XL_NONE;
    this.color = WHITE;
    this.patternColor = 0;
    this.theme = null; // XlThemeColor when painted with a theme colour
    this.tint = 0;
    this.comment = null;
    this.prefix = ""; // PrefixCharacter: "'" when an apostrophe made the entry text
    this.numberFormat = "General";
    this.bold = false;
    this.fontColor = 0;
    this.locked = true; // as in Excel and WPS: only unlocked cells take input when protected
  }
  get empty() {
    return this.value === null && this.formula === null && this.pattern === XL_NONE &&
      this.comment === null;
  }
}

/**
 * A value entered into a cell as Excel and WPS enter it through Range.Value2: in a Text
 * ("@") cell a string stays text; otherwise an apostrophe makes the rest text (the
 * apostrophe becomes the PrefixCharacter), and a string starting with = + - or @ becomes
 * a formula ("+x" and "-x" as "=+x" and "=-x", "@x" as "=x"), unless it reads as a number.
 */
function enter(cell, v, format) {
  cell.formula = null;
  cell.prefix = "";
  if (typeof v !== "string" || format === "@") {
    cell.value = v;
    return;
  }
  if (v.startsWith("'")) {
    cell.value = v.slice(1) === "" ? null : v.slice(1);
    cell.prefix = "'";
    return;
  }
  const numeric = v.trim() !== "" && !Number.isNaN(Number(v));
  if (v.length > 1 && /^[=+\-@]/.test(v) && !numeric) {
    cell.formula = v[0] === "=" ? v : v[0] === "@" ? "=" + v.slice(1) : "=" + v;
    cell.value = "#NAME?"; // what a formula made of county text evaluates to, at best
    return;
  }
  cell.value = v;
}

class Interior {
  constructor(range) {
    this.range = range;
  }
  get Color() {
    return this.range.first().color;
  }
  set Color(bgr) {
    this.range.sheet.refuseFormat();
    this.range.each((c) => {
      c.color = bgr;
      c.pattern = XL_SOLID;
      c.theme = null;
    });
    this.range.sheet.app.calls.colorWrites++;
  }
  get Pattern() {
    return this.range.first().pattern;
  }
  set Pattern(p) {
    this.range.sheet.refuseFormat();
    this.range.each((c) => {
      c.pattern = p;
      if (p === XL_NONE) {
        c.color = WHITE;
        c.patternColor = 0;
        c.theme = null;
        c.tint = 0;
      }
    });
  }
  set ThemeColor(theme) {
    this.range.sheet.refuseFormat();
    this.range.each((c) => {
      c.pattern = XL_SOLID;
      c.theme = theme;
    });
  }
  get ThemeColor() {
    return this.range.first().theme;
  }
  set TintAndShade(tint) {
    this.range.sheet.refuseFormat();
    this.range.each((c) => (c.tint = tint));
  }
  get PatternColor() {
    return this.range.first().patternColor;
  }
  set PatternColor(v) {
    this.range.sheet.refuseFormat();
    this.range.each((c) => (c.patternColor = v));
  }
}

class Range {
  constructor(sheet, box) {
    this.sheet = sheet;
    this.box = box;
    this.Interior = new Interior(this);
    const range = this;
    this.Font = {
      get Bold() {
        return range.first().bold;
      },
      set Bold(v) {
        range.sheet.refuseFormat();
        range.each((c) => (c.bold = v));
      },
      get Color() {
        return range.first().fontColor;
      },
      set Color(v) {
        range.sheet.refuseFormat();
        range.each((c) => (c.fontColor = v));
      },
    };
  }
  get single() {
    return this.box.r1 === this.box.r2 && this.box.c1 === this.box.c2;
  }
  first() {
    return this.sheet.cell(this.box.r1, this.box.c1);
  }
  each(fn) {
    const { r1, c1, r2, c2 } = this.box;
    if (r2 - r1 > 5000 || c2 - c1 > 500) return; // whole columns: formats only, not cells
    for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) fn(this.sheet.cell(r, c), r, c);
  }
  grid(fn) {
    const { r1, c1, r2, c2 } = this.box;
    const rows = [];
    for (let r = r1; r <= r2; r++) {
      const row = [];
      for (let c = c1; c <= c2; c++) row.push(fn(this.sheet.peek(r, c)));
      rows.push(row);
    }
    return this.single ? rows[0][0] : rows;
  }
  get CountLarge() {
    return (this.box.r2 - this.box.r1 + 1) * (this.box.c2 - this.box.c1 + 1);
  }
  /** Find("*", …, SearchOrder, xlPrevious): the last cell holding a value or formula. */
  Find(what, after, lookIn, lookAt, order, direction) {
    if (what !== "*" || direction !== 2) throw new Error("only the last-cell search is faked");
    this.sheet.app.calls.finds = (this.sheet.app.calls.finds || 0) + 1;
    let last = null;
    for (const [k, cell] of this.sheet.cells) {
      if (cell.value === null && cell.formula === null) continue;
      const [r, c] = k.split(",").map(Number);
      last = last ? { r: Math.max(last.r, r), c: Math.max(last.c, c) } : { r, c };
    }
    if (!last) return null;
    return order === 1
      ? new Range(this.sheet, { r1: last.r, c1: 0, r2: last.r, c2: 0 })
      : new Range(this.sheet, { r1: 0, c1: last.c, r2: 0, c2: last.c });
  }
  get Row() {
    return this.box.r1 + 1;
  }
  get Column() {
    return this.box.c1 + 1;
  }
  get Rows() {
    return { Count: this.box.r2 - this.box.r1 + 1 };
  }
  get Columns() {
    return { Count: this.box.c2 - this.box.c1 + 1 };
  }
  Address(rowAbs = true, colAbs = true) {
    const one = (r, c) => (colAbs ? "$" : "") + colLetter(c) + (rowAbs ? "$" : "") + (r + 1);
    const { r1, c1, r2, c2 } = this.box;
    return this.single ? one(r1, c1) : one(r1, c1) + ":" + one(r2, c2);
  }
  get Value2() {
    return this.grid((c) => (c ? c.value : null));
  }
  set Value2(data) {
    if (this.sheet.ProtectContents) {
      this.each((cell) => {
        if (cell.locked) throw new Error("您试图更改的单元格位于受保护的工作表中");
      });
    }
    const rows = Array.isArray(data) ? data : null;
    this.each((cell, r, c) => {
      const v = rows ? (rows[r - this.box.r1] || [])[c - this.box.c1] : data;
      enter(cell, v === undefined || v === "" ? null : v, this.sheet.formatOf(r, c));
    });
    this.sheet.app.calls.valueWrites++;
  }
  get HasFormula() {
    let some = false;
    let all = true;
    this.each((cell) => (cell.formula !== null ? (some = true) : (all = false)));
    return all ? true : some ? null : false;
  }
  get PrefixCharacter() {
    return this.first().prefix;
  }
  get Formula() {
    return this.grid((c) => (!c ? "" : c.formula || (c.value === null ? "" : String(c.value))));
  }
  get NumberFormat() {
    // one format when every cell shares it, else null (as Excel and WPS answer)
    this.sheet.app.calls.formatReads++;
    const seen = new Set();
    const { r1, c1, r2, c2 } = this.box;
    for (let r = r1; r <= r2; r++) {
      for (let c = c1; c <= c2; c++) {
        const cell = this.sheet.peek(r, c);
        seen.add(cell ? cell.numberFormat : "General");
        if (seen.size > 1) return null;
      }
    }
    return [...seen][0];
  }
  set NumberFormat(f) {
    this.sheet.refuseFormat();
    const { c1, c2, r1, r2 } = this.box;
    if (r1 === 0 && r2 === 1048575) { // whole columns: the format of every cell to come
      for (let c = c1; c <= c2; c++) this.sheet.columnFormats[c] = f;
    }
    this.each((c) => (c.numberFormat = f));
  }
  set ColumnWidth(w) {
    const { c1, c2 } = this.box;
    for (let c = c1; c <= c2; c++) this.sheet.widths[colLetter(c)] = w;
  }
  set WrapText(v) {
    this.sheet.wrap.push(this.Address(false, false) + "=" + v);
  }
  get Comment() {
    return this.first().comment;
  }
  AddComment(text) {
    this.sheet.refuseNote();
    const cell = this.first();
    if (cell.comment) throw new Error("AddComment: the cell already has a comment");
    cell.comment = new FakeComment(cell, text, this.sheet.app.UserName);
    return cell.comment;
  }
  ClearComments() {
    this.sheet.refuseNote();
    this.each((c) => (c.comment = null));
  }
  areaOf(r, c) {
    return this.sheet.merged.find((m) => r >= m.r1 && r <= m.r2 && c >= m.c1 && c <= m.c2);
  }
  get MergeCells() {
    this.sheet.app.calls.mergeQueries++;
    if (this.single) return !!this.areaOf(this.box.r1, this.box.c1);
    let some = false;
    let all = true;
    const { r1, c1, r2, c2 } = this.box;
    for (let r = r1; r <= r2; r++) {
      for (let c = c1; c <= c2; c++) {
        if (this.areaOf(r, c)) some = true;
        else all = false;
      }
    }
    return all ? true : some ? null : false;
  }
  get MergeArea() {
    const area = this.areaOf(this.box.r1, this.box.c1);
    return area ? new Range(this.sheet, area) : this;
  }
  Activate() {
    this.sheet.Activate();
  }
}

class Worksheet {
  constructor(app, book, name) {
    this.app = app;
    this.book = book;
    this._name = name;
    this.cells = new Map();
    this.merged = [];
    this.widths = {};
    this.wrap = [];
    this.links = [];
    this.columnFormats = {};
    this.Visible = -1;
    this.deleted = false;
    this.protection = null; // {password, options: [DrawingObjects, Contents, Scenarios, UI, Allow*…]}
    const sheet = this;
    this.Hyperlinks = {
      Add(anchor, address, subAddress, screenTip, text) {
        sheet.links.push({ cell: anchor.Address(false, false), address, subAddress, screenTip, text });
        if (text !== undefined) anchor.Value2 = text;
      },
      get Count() {
        return sheet.links.length;
      },
    };
  }
  get Name() {
    return this._name;
  }
  get ProtectContents() {
    return !!(this.protection && this.protection.options[1]);
  }
  get ProtectDrawingObjects() {
    return !!(this.protection && this.protection.options[0]);
  }
  get ProtectScenarios() {
    return !!(this.protection && this.protection.options[2]);
  }
  get Protection() {
    const options = this.protection ? this.protection.options : [];
    const out = {};
    ALLOW.forEach((key, i) => (out[key] = !!options[4 + i]));
    return out;
  }
  Protect(password, ...options) {
    this.protection = { password: password || "", options };
  }
  Unprotect(password) {
    if (this.protection && this.protection.password !== (password || "")) {
      throw new Error("密码不正确");
    }
    this.protection = null;
  }
  /** What WPS refuses on a protected sheet (as Excel: error 1004). */
  refuseFormat() {
    if (this.ProtectContents && !this.Protection.AllowFormattingCells) {
      throw new Error("不能在受保护的工作表上更改格式");
    }
  }
  refuseNote() {
    if (this.ProtectDrawingObjects) throw new Error("不能在受保护的工作表上编辑批注");
  }
  set Name(name) {
    if (this.book.sheets.some((s) => s !== this && s._name === name)) {
      throw new Error("duplicate sheet name " + name);
    }
    this._name = name;
  }
  key(r, c) {
    return r + "," + c;
  }
  cell(r, c) {
    const k = this.key(r, c);
    if (!this.cells.has(k)) {
      const cell = new Cell();
      if (this.columnFormats[c] !== undefined) cell.numberFormat = this.columnFormats[c];
      this.cells.set(k, cell);
    }
    return this.cells.get(k);
  }
  formatOf(r, c) {
    const cell = this.peek(r, c);
    return cell ? cell.numberFormat : this.columnFormats[c] || "General";
  }
  peek(r, c) {
    return this.cells.get(this.key(r, c)) || null;
  }
  at(address) {
    const { r1, c1 } = parseAddress(address);
    return this.peek(r1, c1) || new Cell();
  }
  Range(address) {
    this.app.calls.ranges++;
    return new Range(this, parseAddress(address));
  }
  get Cells() {
    return new Range(this, { r1: 0, c1: 0, r2: 1048575, c2: 16383 });
  }
  get UsedRange() {
    let box = null;
    const grow = (r, c) => {
      if (!box) box = { r1: r, c1: c, r2: r, c2: c };
      box = { r1: Math.min(box.r1, r), c1: Math.min(box.c1, c), r2: Math.max(box.r2, r), c2: Math.max(box.c2, c) };
    };
    for (const [k, cell] of this.cells) {
      if (cell.empty) continue;
      const [r, c] = k.split(",").map(Number);
      grow(r, c);
    }
    for (const m of this.merged) { // merged areas count as used, as in Excel and WPS
      grow(m.r1, m.c1);
      grow(m.r2, m.c2);
    }
    this.app.calls.usedRange[this._name] = (this.app.calls.usedRange[this._name] || 0) + 1;
    return new Range(this, box || { r1: 0, c1: 0, r2: 0, c2: 0 });
  }
  Delete() {
    if (this.app.DisplayAlerts !== false) throw new Error("Delete would ask the clerk to confirm");
    if (this.Visible === 2) throw new Error("a very hidden sheet cannot be deleted");
    this.book.sheets = this.book.sheets.filter((s) => s !== this);
    this.deleted = true;
    if (this.book.active === this) this.book.active = this.book.sheets[0];
  }
  Activate() {
    if (this.deleted) throw new Error("sheet was deleted");
    this.book.active = this;
  }
  /** Test helpers: load values/formulas/merged from a snapshot sheet. */
  load(sheet) {
    (sheet.values || []).forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null && v !== undefined) this.cell(r, c).value = v;
      })
    );
    for (const [address, formula] of Object.entries(sheet.formulas || {})) {
      const { r1, c1 } = parseAddress(address);
      this.cell(r1, c1).formula = formula;
    }
    this.merged = (sheet.merged || []).map(parseAddress);
    for (const [address, format] of Object.entries(sheet.formats || {})) {
      const { r1, c1 } = parseAddress(address);
      this.cell(r1, c1).numberFormat = format;
    }
    if (sheet.hidden) this.Visible = 0;
    return this;
  }
}

class Workbook {
  constructor(app, name) {
    this.app = app;
    this.Name = name;
    this.sheets = [];
    this.names = [];
    this.active = null;
    const book = this;
    this.Worksheets = {
      get Count() {
        return book.sheets.length;
      },
      Item(i) {
        const found = typeof i === "number" ? book.sheets[i - 1] : book.sheets.find((s) => s.Name === i);
        if (!found) throw new Error("no sheet " + i);
        return found;
      },
      Add(before, after) {
        const ws = new Worksheet(app, book, "Sheet" + (book.sheets.length + 1) + "_new");
        const anchor = before || after;
        const at = anchor ? book.sheets.indexOf(anchor) + (before ? 0 : 1) : 0;
        book.sheets.splice(at, 0, ws);
        book.active = ws;
        return ws;
      },
    };
    this.Names = {
      get Count() {
        return book.names.length;
      },
      Item(i) {
        return book.names[i - 1];
      },
    };
  }
  addSheet(name) {
    const ws = new Worksheet(this.app, this, name);
    this.sheets.push(ws);
    if (!this.active) this.active = ws;
    return ws;
  }
  sheet(name) {
    return this.sheets.find((s) => s.Name === name);
  }
}

class FakeApplication {
  constructor() {
    this.UserName = "填报人";
    this.DisplayAlerts = true;
    this.ScreenUpdating = true;
    this.books = [];
    this.ActiveWorkbook = null;
    this.opened = [];
    this.added = [];
    this.panes = [];
    this.folderChoice = null; // what FileDialog(4) returns; null = cancelled
    this.fileChoice = null; // what FileDialog(3) returns; null = cancelled
    this.dialogs = []; // the pickers opened (4 folder, 3 file)
    this.calls = { usedRange: {}, ranges: 0, mergeQueries: 0, colorWrites: 0, valueWrites: 0,
      formatReads: 0 };
    const app = this;
    this.Workbooks = {
      Add(template) {
        app.added.push(template);
        return app.ActiveWorkbook;
      },
      Open(path) {
        app.opened.push(path);
        return app.ActiveWorkbook;
      },
    };
  }
  get ActiveSheet() {
    return this.ActiveWorkbook ? this.ActiveWorkbook.active : null;
  }
  /** The active cell of the active sheet: the first cell of what select() selected (a
   *  merged header selects its whole area), A1 before anything is selected. */
  get ActiveCell() {
    const sheet = this.ActiveSheet;
    if (!sheet) return null;
    const { r1, c1 } = parseAddress(this.selection || "A1");
    return sheet.Range(ref(r1, c1));
  }
  /** Test helper: the clerk clicks a cell or drags over an area ("E3", "C3:C4"). */
  select(address) {
    this.selection = address;
  }
  FileDialog(type) {
    if (type !== 4 && type !== 3) throw new Error("only the folder and file pickers are faked");
    const app = this;
    const choice = () => (type === 4 ? app.folderChoice : app.fileChoice);
    app.dialogs.push(type);
    return {
      Title: "",
      AllowMultiSelect: true,
      Show() {
        return choice() ? -1 : 0;
      },
      SelectedItems: { Item: () => choice() },
    };
  }
  CreateTaskPane(url) {
    const pane = { url, Visible: false };
    this.panes.push(pane);
    return pane;
  }
  /** A workbook built from a service snapshot {book, sheets, names}. */
  openSnapshot(snapshot, folder) {
    const book = new Workbook(this, snapshot.book);
    book.Path = folder || ""; // where the workbook is saved; "" never saved
    for (const sheet of snapshot.sheets) book.addSheet(sheet.name).load(sheet);
    for (const [name, target] of Object.entries(snapshot.names || {})) {
      book.names.push({ Name: name, RefersTo: "=" + target });
    }
    this.books.push(book);
    this.ActiveWorkbook = book;
    return book;
  }
}

/** Everything a clerk could see in a workbook: per sheet, cells' value/fill/comment. */
function visibleState(book) {
  const state = {};
  for (const ws of book.sheets) {
    const cells = {};
    for (const [k, cell] of ws.cells) {
      const [r, c] = k.split(",").map(Number);
      const comment = cell.comment
        ? { text: cell.comment.Text(), author: cell.comment.Author, w: cell.comment.Shape.Width, h: cell.comment.Shape.Height }
        : null;
      if (cell.empty) continue;
      cells[ref(r, c)] = {
        value: cell.value,
        formula: cell.formula,
        pattern: cell.pattern,
        color: cell.color,
        patternColor: cell.patternColor,
        theme: cell.theme,
        tint: cell.tint,
        comment,
      };
    }
    state[ws.Name] = { visible: ws.Visible, cells };
  }
  return state;
}

module.exports = { FakeApplication, visibleState, parseAddress, ref, XL_NONE, XL_SOLID, WHITE };
