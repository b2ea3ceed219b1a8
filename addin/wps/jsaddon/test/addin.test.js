"use strict";
// The add-in's buttons against a fake Application and a REAL `jixiao serve` on 127.0.0.1.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { createClient, downMessage, ownOrigin, refusedMessage } = require("../js/client.js");
const { createHandlers, summaryPath } = require("../js/handlers.js");
const colors = require("../js/colors.js");
const { FakeApplication, visibleState } = require("../testing/fake_et.js");
const support = require("../testing/support.js");

const SEVERITY_COLORS = { error: "FFC7CE", warning: "FFEB9C", info: "DDEBF7" };
const ORDER = { error: 0, warning: 1, info: 2 };

let service;
let fixtures;

test.before(async () => {
  fixtures = support.fixtures();
  service = await support.startService();
});

test.after(async () => {
  if (service) await service.stop();
});

function setup(snapshot, config, fetchImpl, origin) {
  const app = new FakeApplication();
  const wb = app.openSnapshot(snapshot);
  const shown = [];
  const client = createClient(config || { serviceUrl: service.url, token: service.token },
    fetchImpl || fetch, origin);
  const handlers = createHandlers({
    app,
    client,
    ui: { alert: (t) => shown.push(t), prompt: () => null, openPane: (p) => shown.push(p) },
    now: () => new Date(2025, 2, 14, 9, 5),
  });
  return { app, wb, handlers, shown };
}

/** Per cell, what `jixiao check --json` says it should look like: worst colour, all messages. */
function expectedMarks(check) {
  const cells = new Map();
  for (const f of check.findings) {
    if (!f.sheet || !f.cell) continue;
    const key = f.sheet + "!" + f.cell;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(f);
  }
  return cells;
}

function assertMarked(wb, check) {
  const expected = expectedMarks(check);
  assert.ok(expected.size > 0);
  for (const [key, findings] of expected) {
    const [sheet, cell] = key.split("!");
    const state = wb.sheet(sheet).at(cell);
    const worst = findings.map((f) => f.severity).sort((a, b) => ORDER[a] - ORDER[b])[0];
    assert.equal(state.color, colors.hexToBgr(SEVERITY_COLORS[worst]), key + " colour");
    assert.equal(state.pattern, colors.XL_SOLID, key + " solid");
    const note = state.comment.Text();
    for (const f of findings) assert.ok(note.includes(f.message), key + " note: " + f.message);
    assert.ok(note.includes("修改建议：" + findings[0].hint), key + " hint");
  }
  let coloured = 0;
  for (const ws of wb.sheets) {
    if (ws.Name === "校验结果") continue;
    for (const cell of ws.cells.values()) if (cell.pattern !== colors.XL_NONE) coloured++;
  }
  assert.equal(coloured, expected.size, "only the cells with findings are coloured");
}

test("校验 on the Hunan seed workbook marks exactly the cells `jixiao check --json` names", async () => {
  const { app, wb, handlers, shown } = setup(fixtures.hunan.snapshot);
  const message = await handlers.check();
  const check = fixtures.hunan.check;
  assertMarked(wb, check);
  const c = check.counts;
  assert.equal(message, shown[0]);
  assert.ok(message.startsWith(`校验完成：错误 ${c.error} 项，警告 ${c.warning} 项，提示 ${c.info} 项。`));
  const result = wb.sheets[0];
  assert.equal(result.Name, "校验结果");
  assert.equal(result.Range("A1:A1").Value2, `校验结果：错误 ${c.error} 项，警告 ${c.warning} 项，提示 ${c.info} 项`);
  const rows = result.UsedRange.Value2.slice(2);
  assert.equal(rows.length, check.findings.length);
  const located = check.findings.filter((f) => f.sheet && f.cell);
  assert.equal(result.links.length, located.length);
  for (const link of result.links) {
    const row = rows[Number(link.cell.slice(1)) - 3];
    assert.equal(link.subAddress, `'${row[3]}'!${row[4]}`);
  }
  assert.equal(wb.sheet("jixiao_marks").Visible, 2);
  for (const sheet of fixtures.hunan.snapshot.sheets) assert.equal(app.calls.usedRange[sheet.name], 1);
});

test("清除标记 restores every colour and comment exactly, even after two checks", async () => {
  const { wb, handlers } = setup(fixtures.hunan.snapshot);
  const ws = wb.sheet("自评表");
  const marked = [...expectedMarks(fixtures.hunan.check).keys()].filter((k) => k.startsWith("自评表!"));
  const [sheetCell] = marked;
  const cell = sheetCell.split("!")[1];
  ws.Range(cell).Interior.Color = 0x00ff00; // the clerk's own fill and comment on a marked cell
  ws.Range(cell).AddComment("县里的批注");
  ws.Range("A1").Interior.Pattern = 17; // and a patterned fill elsewhere
  ws.Range("A1").Interior.PatternColor = 0x123456;
  const before = visibleState(wb);
  await handlers.check();
  await handlers.check();
  assert.notDeepEqual(visibleState(wb), before);
  const message = await handlers.clear();
  assert.match(message, /^已清除标记：\d+ 个单元格恢复了原来的底色和批注。$/);
  assert.deepEqual(visibleState(wb), before);
  assert.deepEqual(wb.sheets.map((s) => s.Name), fixtures.hunan.snapshot.sheets.map((s) => s.name));
});

test("校验 on a filled template reads its defined names and agrees with the command line", async () => {
  const { wb, handlers } = setup(fixtures.template.snapshot);
  await handlers.check();
  assertMarked(wb, fixtures.template.check);
});

test("重新计分 writes the scores `jixiao score --json` computes, with number formats", async () => {
  const { wb, handlers } = setup(fixtures.hunan.snapshot);
  const message = await handlers.score();
  const scores = fixtures.hunan.score;
  assert.match(message, /^重新计分完成：/);
  assert.match(message, /已把计算结果写入 \d+ 个单元格。$/);
  const written = [];
  for (const ws of wb.sheets) {
    for (const cell of ws.cells.values()) {
      if (cell.numberFormat === "0.00" || cell.numberFormat === "0.00%") written.push(cell.value);
    }
  }
  for (const s of scores) {
    if (s.total === null) continue;
    assert.ok(written.some((v) => Math.abs(v - s.total) < 1e-9), `total ${s.total} of ${s.sheet}`);
    assert.ok(message.includes(`总分 ${s.total.toFixed(2)}，等级 ${s.grade}`));
  }
});

test("合并汇总 merges the chosen folder beside it and opens the summary", async () => {
  const { app, handlers } = setup(fixtures.hunan.snapshot);
  app.folderChoice = fixtures.samples;
  const message = await handlers.merge();
  const output = summaryPath(fixtures.samples, new Date(2025, 2, 14, 9, 5));
  assert.equal(path.dirname(output), path.dirname(fixtures.samples));
  assert.ok(fs.existsSync(output));
  assert.deepEqual(app.opened, [output]);
  assert.match(message, /^已合并 5\/5 个文件，共 \d+ 张表，汇总已写入并打开：/);
  app.folderChoice = null;
  assert.equal(await handlers.merge(), "已取消合并汇总。");
});

test("新建表格 lists the forms and opens a fresh template", async () => {
  const { app, handlers, shown } = setup(fixtures.hunan.snapshot);
  const forms = await handlers.listForms();
  assert.equal(forms.length, 8);
  const message = await handlers.newForm("project_self");
  assert.equal(app.added.length, 1);
  assert.ok(app.added[0].endsWith("项目支出绩效自评表.xlsx"));
  assert.ok(fs.existsSync(app.added[0]));
  fs.rmSync(path.dirname(app.added[0]), { recursive: true, force: true });
  assert.equal(message, "已新建“项目支出绩效自评表”：请在黄色单元格中填写，完成后另存为。");
  assert.equal(await handlers.newForm("no_such_form"), shown[shown.length - 1]);
  assert.match(shown[shown.length - 1], /没有名为「no_such_form」的表格/);
});

test("a wrong token is refused in Chinese", async () => {
  const { handlers, wb } = setup(fixtures.hunan.snapshot, { serviceUrl: service.url, token: "wrong" });
  const before = visibleState(wb);
  const message = await handlers.check();
  assert.match(message, /^加载项口令不符：请在命令行中重新运行 jixiao wps install/);
  assert.deepEqual(visibleState(wb), before);
});

test("when the service is not running, the clerk is told how to start it", async () => {
  const port = await support.freePort(); // nothing listens there
  const url = "http://127.0.0.1:" + port;
  const { handlers, wb, shown } = setup(fixtures.hunan.snapshot, { serviceUrl: url, token: "x" });
  const before = visibleState(wb);
  for (const button of [handlers.check, handlers.clear, handlers.score]) {
    assert.equal(await button(), downMessage(url));
  }
  assert.match(shown[0], /^无法连接绩效助手服务（http:\/\/127\.0\.0\.1:\d+）。/);
  assert.ok(shown[0].includes("jixiao serve"));
  assert.deepEqual(visibleState(wb), before);
});

test("a refused origin is told apart from a service that is not running", async () => {
  const origin = "http://127.0.0.1:3889";
  const config = { serviceUrl: service.url, token: service.token };
  const { handlers, wb } = setup(fixtures.hunan.snapshot, config, support.browserFetch(origin), origin);
  const before = visibleState(wb);
  const message = await handlers.check();
  assert.equal(message, refusedMessage(service.url, origin));
  assert.ok(message.includes("jixiao serve --allow-origin http://127.0.0.1:3889"));
  assert.ok(!message.includes("无法连接"));
  assert.deepEqual(visibleState(wb), before);
  // the service's window says the same, and names the option
  assert.ok(service.log().includes("已拒绝来自「http://127.0.0.1:3889」的请求"));
  assert.ok(service.log().includes("jixiao serve --allow-origin http://127.0.0.1:3889"));
  // WPS's own origin for a file:// add-in is admitted, through the same browser rules
  const ok = setup(fixtures.hunan.snapshot, config, support.browserFetch("null"), "null");
  await ok.handlers.check();
  assert.notDeepEqual(visibleState(ok.wb), visibleState(setup(fixtures.hunan.snapshot).wb));
  // nothing listening: "not running", never "refused"
  const url = "http://127.0.0.1:" + (await support.freePort());
  const down = setup(fixtures.hunan.snapshot, { serviceUrl: url, token: "x" },
    support.browserFetch(origin), origin);
  assert.equal(await down.handlers.check(), downMessage(url));
});

test("a connection that went stale is tried once more, not reported as refused", async () => {
  let failed = 0;
  const flaky = (url, options) => {
    if (!url.endsWith("/api/health") && failed === 0) {
      failed++;
      return Promise.reject(new TypeError("other side closed"));
    }
    return fetch(url, options);
  };
  const { handlers, wb } = setup(fixtures.hunan.snapshot, undefined, flaky);
  const message = await handlers.check();
  assert.equal(failed, 1);
  assert.match(message, /^校验完成/);
  assert.ok(wb.sheet("校验结果"));
});

test("the add-in's own origin: null under file://, the page's origin otherwise", () => {
  assert.equal(ownOrigin({ protocol: "file:", origin: "file://" }), "null");
  assert.equal(ownOrigin({ protocol: "http:", origin: "http://127.0.0.1:3889" }), "http://127.0.0.1:3889");
  assert.equal(ownOrigin(null), "null");
});

test("no open workbook", async () => {
  const { app, handlers } = setup(fixtures.hunan.snapshot);
  app.ActiveWorkbook = null;
  assert.equal(await handlers.check(), "操作没有完成：请先打开要处理的工作簿");
});

test("合并汇总 where WPS has no folder picker: a task pane with a folder box, no prompt()", async () => {
  const { app, handlers, shown } = setup(fixtures.hunan.snapshot);
  app.FileDialog = () => {
    throw new Error("FileDialog is not available");
  };
  assert.equal(await handlers.merge(), "ui/merge.html");
  assert.deepEqual(shown, ["ui/merge.html"]);
  assert.equal(await handlers.mergeFolder("  "), "请先填写各县报送文件所在文件夹的完整路径。");
  // the summary of the test above has the same name (same clock): never replaced, so move it
  fs.rmSync(summaryPath(fixtures.samples, new Date(2025, 2, 14, 9, 5)), { force: true });
  const message = await handlers.mergeFolder(" " + fixtures.samples + " ");
  assert.match(message, /^已合并 5\/5 个文件/);
  assert.equal(app.opened.length, 1);
});

test("the folder box pane exists and nothing in the add-in calls prompt()", () => {
  const root = path.join(__dirname, "..");
  const page = fs.readFileSync(path.join(root, "ui", "merge.html"), "utf8");
  assert.match(page, /<input id="folder"/);
  assert.match(page, /handlers\.mergeFolder\(/);
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !["test", "testing", "node_modules"].includes(entry.name)) walk(full);
      else if (/\.(js|html)$/.test(entry.name)) files.push(full);
    }
  };
  walk(root);
  assert.ok(files.length >= 8);
  for (const file of files) assert.doesNotMatch(fs.readFileSync(file, "utf8"), /\bprompt\s*\(/, file);
});

/** Protect every sheet as our templates do: contents, formatting cells not allowed. */
function protectAll(wb, password) {
  const options = [false, true, false, false, false, true, false, true, true, false, false, false, true, false, false];
  for (const ws of wb.sheets) ws.Protect(password || "", ...options);
  return options;
}

test("校验, 清除标记 and 重新计分 on protected sheets: lifted, painted, protected again as before", async () => {
  const { app, wb, handlers } = setup(fixtures.hunan.snapshot);
  const options = protectAll(wb);
  assert.throws(() => (wb.sheet("自评表").Range("B7").Interior.Color = 0xff), /受保护/); // as WPS does
  const before = visibleState(wb);
  const message = await handlers.check();
  assert.ok(message.startsWith("校验完成"), message);
  assertMarked(wb, fixtures.hunan.check);
  for (const ws of wb.sheets) {
    if (ws.Name === "校验结果" || ws.Name === "jixiao_marks") continue;
    assert.deepEqual(ws.protection, { password: "", options }, ws.Name);
  }
  await handlers.clear();
  assert.deepEqual(visibleState(wb), before);
  const scored = await handlers.score();
  assert.match(scored, /已把计算结果写入 \d+ 个单元格。$/);
  for (const ws of wb.sheets) assert.deepEqual(ws.protection, { password: "", options }, ws.Name);
  assert.equal(app.ScreenUpdating, true);
});

test("a sheet protected with a password: a Chinese message and nothing changed", async () => {
  const { wb, handlers, shown } = setup(fixtures.hunan.snapshot);
  protectAll(wb, "县里的密码");
  const before = visibleState(wb);
  const message = await handlers.check();
  assert.match(message, /设置了密码保护/);
  assert.match(message, /没有改动任何单元格/);
  assert.deepEqual(shown, [message]);
  assert.deepEqual(visibleState(wb), before);
  assert.deepEqual(wb.sheets.map((s) => s.Name), fixtures.hunan.snapshot.sheets.map((s) => s.name));
  for (const ws of wb.sheets) assert.equal(ws.protection.password, "县里的密码");
});
