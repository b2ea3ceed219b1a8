"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const snapshot = require("../js/snapshot.js");
const { FakeApplication } = require("../testing/fake_et.js");

function book(sheets, names) {
  return new FakeApplication().openSnapshot({ book: "样例.xlsx", sheets, names });
}

test("one sheet is read with one UsedRange.Value2 and one .Formula, padded from A1", () => {
  const wb = book([{
    name: "表",
    values: [[], [], [null, null, "一级指标", "二级指标"], [null, null, "产出指标", 10]],
    formulas: { E4: "=D4*2" },
    merged: [],
  }]);
  const sheet = snapshot.readSheet(wb.sheet("表"));
  assert.deepEqual(sheet.values, [[], [], [null, null, "一级指标", "二级指标"], [null, null, "产出指标", 10]]);
  assert.deepEqual(sheet.formulas, { E4: "=D4*2" });
  assert.deepEqual(sheet.merged, []);
  assert.equal(sheet.hidden, false);
  assert.equal(wb.app.calls.usedRange["表"], 1);
  assert.equal(wb.app.calls.mergeQueries, 1); // UsedRange.MergeCells === false: no per-cell look
});

test("merged areas holding a value are found, each once", () => {
  const wb = book([{
    name: "表",
    values: [["项目名称", null, "送温暖"], ["产出指标", "数量指标", 5], [null, "质量指标", 6]],
    merged: ["A1:B1", "A2:A3"],
  }]);
  const sheet = snapshot.readSheet(wb.sheet("表"));
  assert.deepEqual(sheet.merged.sort(), ["A1:B1", "A2:A3"]);
});

test("a single-cell sheet, hidden sheets, defined names, and the add-in's own sheets", () => {
  const wb = book([
    { name: "表", values: [["only"]] },
    { name: "列表", values: [["x"]], hidden: true },
    { name: "校验结果", values: [["一级指标"]] },
    { name: "jixiao_marks", values: [["sheet"]] },
  ], { 执行率: "'表'!$A$1", "表!局部": "'表'!$B$2", 常数: "0.9" });
  const data = snapshot.readWorkbook(wb);
  assert.equal(data.book, "样例.xlsx");
  assert.deepEqual(data.sheets.map((s) => s.name), ["表", "列表"]);
  assert.deepEqual(data.sheets[0].values, [["only"]]);
  assert.equal(data.sheets[1].hidden, true);
  assert.deepEqual(data.names, { 执行率: "'表'!$A$1", 局部: "'表'!$B$2" });
});

test("column letters", () => {
  assert.equal(snapshot.colLetter(0), "A");
  assert.equal(snapshot.colLetter(25), "Z");
  assert.equal(snapshot.colLetter(26), "AA");
  assert.equal(snapshot.colLetter(27), "AB");
  assert.equal(snapshot.cellRef(6, 1), "B7");
});

test("number formats of numbers: one read when uniform, per column, per cell only when mixed", () => {
  const uniform = book([{ name: "表", values: [[0.92, 0.5], [0.3, "文字"]],
    formats: { A1: "0%", B1: "0%", A2: "0%", B2: "0%" } }]);
  const one = snapshot.readSheet(uniform.sheet("表"));
  assert.deepEqual(one.formats, { A1: "0%", B1: "0%", A2: "0%" }); // text cells left out
  assert.equal(uniform.app.calls.formatReads, 1);

  const mixed = book([{
    name: "表",
    values: [["指标", "目标值", "实际完成值"], ["满意度", 0.9, 0.92], ["数量", 100, 95]],
    formats: { B2: "0.00%", C2: "0%", C3: "G/通用格式", B3: "0.00%" },
  }]);
  const sheet = snapshot.readSheet(mixed.sheet("表"));
  assert.deepEqual(sheet.formats, { B2: "0.00%", B3: "0.00%", C2: "0%" });
  // the whole range, B2:B3 and C2:C3, then C2 and C3 one by one (column C is mixed)
  assert.equal(mixed.app.calls.formatReads, 1 + 2 + 2);
});

test("a merge declared over the whole grid is clipped to the used range", () => {
  const wb = book([{ name: "表", values: [["项目名称", null], [null, 5]], merged: ["A1:XFD1048576"] }]);
  assert.equal(wb.sheet("表").UsedRange.CountLarge, 1048576 * 16384); // as WPS reports it
  const sheet = snapshot.readSheet(wb.sheet("表"));
  assert.equal(wb.app.calls.finds, 2); // read up to the last cell holding anything
  assert.deepEqual(sheet.values, [["项目名称"], [null, 5]]);
  assert.deepEqual(sheet.merged, ["A1:B2"]); // (unclipped, marking it covered never ends)
});
