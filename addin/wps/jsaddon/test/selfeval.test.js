"use strict";
// 从目标表生成 and 生成自评报告 against a fake Application and a REAL `jixiao serve`:
// the files are written beside the workbook on disk and the clerk is told where.
const test = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { createClient, downMessage } = require("../js/client.js");
const { createHandlers } = require("../js/handlers.js");
const { FakeApplication, visibleState, XL_NONE } = require("../testing/fake_et.js");
const support = require("../testing/support.js");

const SELF_TITLE = "项目支出绩效自评表";

let service;
let fixtures;
const folders = [];

test.before(async () => {
  fixtures = support.fixtures();
  service = await support.startService();
});

test.after(async () => {
  if (service) await service.stop();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder holding a copy of the fixture's workbook, opened from there. */
function setup(fixture, options) {
  const opts = options || {};
  const folder = support.tempDir("jixiao-wps-selfeval-");
  folders.push(folder);
  const file = path.join(folder, path.basename(fixture.file));
  fs.copyFileSync(fixture.file, file);
  const app = new FakeApplication();
  const wb = app.openSnapshot(fixture.snapshot, opts.unsaved ? "" : folder);
  const shown = [];
  const config = opts.config || { serviceUrl: service.url, token: service.token };
  const handlers = createHandlers({
    app,
    client: createClient(config, fetch),
    ui: { alert: (t) => shown.push(t), openPane: (p) => shown.push(p) },
  });
  return { app, wb, folder, file, handlers, shown };
}

function listed(folder) {
  return fs.readdirSync(folder).sort();
}

/** What `write_report` of the command line's Python says about the same file. */
function cliReport(file) {
  const folder = support.tempDir("jixiao-wps-cli-");
  folders.push(folder);
  const out = path.join(folder, "cli.docx");
  const code = "import json,sys; from pathlib import Path; from addin.selfeval.report import write_report; " +
    "print(write_report(Path(sys.argv[1]), Path(sys.argv[2])).model_dump_json())";
  const done = spawnSync(support.python(), ["-c", code, file, out], { cwd: support.REPO, encoding: "utf-8" });
  assert.equal(done.status, 0, done.stderr);
  return JSON.parse(done.stdout);
}

test("从目标表生成 on the Hebei target workbook: one self-evaluation per project beside it", async () => {
  const { app, wb, folder, file, handlers, shown } = setup(fixtures.hebei);
  const before = visibleState(wb);
  const message = await handlers.prefill();
  const stem = path.basename(file, ".xlsx");
  const written = listed(folder).filter((n) => n !== path.basename(file));
  assert.equal(written.length, 6);
  for (const name of written) assert.ok(name.startsWith(stem + "_" + SELF_TITLE + "-"), name);
  assert.deepEqual(app.opened, [path.join(folder, stem + "_" + SELF_TITLE + "-1-" +
    written.find((n) => n.includes("-1-")).split("-1-")[1])]);
  assert.ok(message.startsWith("已从“" + path.basename(file) + "”的 6 张目标表生成自评表，保存在 " + folder + "："));
  assert.match(message, /工会礼堂维护费/);
  assert.match(message, /……共 6 个文件\n已打开第一份。/);
  assert.deepEqual(shown, [message]);
  assert.deepEqual(app.dialogs, []); // the active workbook held the targets: no picker
  assert.deepEqual(visibleState(wb), before);
  await handlers.prefill(); // again: new names, the first files kept
  assert.equal(listed(folder).length, 13);
  assert.equal(listed(folder).filter((n) => n.includes("（2）")).length, 6);
});

test("从目标表生成 on a workbook without targets asks for the target file", async () => {
  const target = setup(fixtures.hebei); // a target workbook elsewhere on disk
  const { app, folder, handlers, shown } = setup(fixtures.hunan);
  app.fileChoice = null;
  assert.equal(await handlers.prefill(), "已取消从目标表生成。");
  assert.deepEqual(app.dialogs, [3]);
  app.fileChoice = target.file;
  const message = await handlers.prefill();
  assert.ok(message.startsWith("已从“正定县总工会_2022目标.xlsx”的 6 张目标表生成自评表，保存在 " +
    target.folder), message);
  assert.equal(listed(target.folder).length, 7);
  assert.equal(path.dirname(app.opened[0]), target.folder);
  assert.deepEqual(listed(folder), [path.basename(fixtures.hunan.file)]);
  app.fileChoice = path.join(folder, path.basename(fixtures.hunan.file)); // not a target form
  const refused = await handlers.prefill();
  assert.match(refused, /没有找到绩效目标表.*（HTTP 422）$/);
  assert.equal(shown[shown.length - 1], refused);
});

test("从目标表生成 where WPS has no file picker: a task pane with a path box", async () => {
  const target = setup(fixtures.hebei);
  const { app, folder, handlers, shown } = setup(fixtures.hunan);
  app.FileDialog = () => {
    throw new Error("FileDialog is not available");
  };
  assert.equal(await handlers.prefill(), "ui/prefill.html");
  assert.deepEqual(shown, ["ui/prefill.html"]);
  assert.deepEqual(listed(folder), [path.basename(fixtures.hunan.file)]);
  assert.equal(await handlers.prefillFrom(" "), "请先填写绩效目标表工作簿的完整路径。");
  const message = await handlers.prefillFrom(" " + target.file + " ");
  assert.ok(message.startsWith("已从“正定县总工会_2022目标.xlsx”的 6 张目标表生成自评表"), message);
  assert.equal(listed(target.folder).length, 7);
  assert.deepEqual(app.opened.map(path.dirname), [target.folder]);
  const page = fs.readFileSync(path.join(__dirname, "..", "ui", "prefill.html"), "utf8");
  assert.match(page, /<input id="target"/);
  assert.match(page, /input: "target"/);
  assert.match(page, /handlers\.prefillFrom\(path\)/);
});

test("an unsaved target workbook is asked to be saved first", async () => {
  const { app, folder, handlers } = setup(fixtures.hebei, { unsaved: true });
  const message = await handlers.prefill();
  assert.equal(message, "「正定县总工会_2022目标.xlsx」还没有保存：请先保存，自评表将保存在它旁边（HTTP 422）");
  assert.deepEqual(app.opened, []);
  assert.equal(listed(folder).length, 1);
});

test("生成自评报告 on the Hunan self-evaluation: the command line's draft, beside the workbook", async () => {
  const { wb, folder, file, handlers } = setup(fixtures.hunan);
  const before = visibleState(wb);
  const message = await handlers.report();
  const output = path.join(folder, path.basename(file, ".xlsx") + "_自评报告.docx");
  assert.ok(fs.existsSync(output));
  const cli = cliReport(file);
  assert.equal(message, "已生成自评报告草稿：" + output + "\n内容：" + cli.reports.join("、") +
    "，涉及 " + cli.forms + " 张自评表。\n数字均取自表格；黄色底的【请填写…】共 " + cli.fills +
    " 处，请在 WPS 文字中补写。");
  assert.deepEqual(visibleState(wb), before);
  const again = await handlers.report();
  assert.ok(again.includes(path.basename(output, ".docx") + "（2）.docx"), again);
  assert.equal(listed(folder).length, 3);
});

test("生成自评报告 refusals: unsaved, a target workbook, no service", async () => {
  const unsaved = setup(fixtures.hunan, { unsaved: true });
  assert.equal(await unsaved.handlers.report(),
    "「雁峰区总工会_2024自评.xlsx」还没有保存：请先保存，自评报告将保存在它旁边（HTTP 422）");
  const target = setup(fixtures.hebei);
  assert.equal(await target.handlers.report(), "正定县总工会_2022目标.xlsx：没有找到绩效自评表，" +
    "无法生成自评报告（请在自评表工作簿中点这个按钮）（HTTP 422）");
  assert.equal(listed(target.folder).length, 1);
  const port = await support.freePort(); // nothing listens there
  const url = "http://127.0.0.1:" + port;
  const down = setup(fixtures.hunan, { config: { serviceUrl: url, token: "x" } });
  assert.equal(await down.handlers.report(), downMessage(url));
  assert.equal(await down.handlers.prefill(), downMessage(url));
  assert.deepEqual(down.app.dialogs, []);
});

test("a wrong token is refused and nothing is written", async () => {
  const { folder, handlers } = setup(fixtures.hebei, { config: { serviceUrl: service.url, token: "wrong" } });
  assert.match(await handlers.prefill(), /^加载项口令不符/);
  assert.match(await handlers.report(), /^加载项口令不符/);
  assert.equal(listed(folder).length, 1);
});

// --- 目标对照 ---------------------------------------------------------------------------------

/** Every finding of `jixiao check --targets` is in the note of its cell, and only those
 *  cells are coloured. */
function assertCompared(wb, check) {
  const cells = new Map();
  for (const f of check.findings) {
    if (!f.sheet || !f.cell) continue;
    const key = f.sheet + "!" + f.cell;
    cells.set(key, (cells.get(key) || []).concat([f]));
  }
  assert.ok(check.findings.some((f) => f.code === "JX703"));
  for (const [key, findings] of cells) {
    const [sheet, cell] = key.split("!");
    const note = wb.sheet(sheet).at(cell).comment.Text();
    for (const f of findings) assert.ok(note.includes(f.message), key + ": " + f.message);
  }
  let coloured = 0;
  for (const ws of wb.sheets) {
    if (ws.Name === "校验结果") continue;
    for (const cell of ws.cells.values()) if (cell.pattern !== XL_NONE) coloured++;
  }
  assert.equal(coloured, cells.size);
}

test("目标对照 marks what changed since the chosen target workbook, as `check --targets`", async () => {
  const target = setup(fixtures.hebei);
  const { app, wb, handlers, shown } = setup(fixtures.edited);
  const before = visibleState(wb);
  app.fileChoice = null;
  assert.equal(await handlers.compare(), "已取消目标对照。");
  assert.deepEqual(visibleState(wb), before);
  app.fileChoice = target.file;
  const message = await handlers.compare();
  const c = fixtures.edited.check.counts;
  assert.ok(message.startsWith(`目标对照完成：错误 ${c.error} 项，警告 ${c.warning} 项，提示 ${c.info} 项。\n` +
    "与目标表「正定县总工会_2022目标.xlsx」对照：指标改动 1 项（每项都写明申报时和现在的内容）。"), message);
  assert.deepEqual(app.dialogs, [3, 3]);
  assertCompared(wb, fixtures.edited.check);
  assert.equal(shown[shown.length - 1], message);
  await handlers.clear();
  assert.deepEqual(visibleState(wb), before);
});

test("目标对照 where WPS has no file picker: a task pane with a path box", async () => {
  const target = setup(fixtures.hebei);
  const { app, wb, handlers, shown } = setup(fixtures.edited);
  app.FileDialog = () => {
    throw new Error("FileDialog is not available");
  };
  assert.equal(await handlers.compare(), "ui/compare.html");
  assert.deepEqual(shown, ["ui/compare.html"]);
  assert.equal(await handlers.compareWith("  "), "请先填写申报时的绩效目标表工作簿的完整路径。");
  assert.match(await handlers.compareWith("/no/such/目标表.xlsx"), /^找不到目标表「\/no\/such\/目标表\.xlsx」（HTTP 422）$/);
  const message = await handlers.compareWith(" " + target.file + " ");
  assert.match(message, /^目标对照完成：/);
  assertCompared(wb, fixtures.edited.check);
  const page = fs.readFileSync(path.join(__dirname, "..", "ui", "compare.html"), "utf8");
  assert.match(page, /<input id="target"/);
  assert.match(page, /input: "target"/);
  assert.match(page, /handlers\.compareWith\(path\)/);
});

test("目标对照 on a target workbook is refused and nothing is marked", async () => {
  const target = setup(fixtures.hebei);
  const { app, wb, handlers } = setup(fixtures.hebei);
  const before = visibleState(wb);
  app.fileChoice = target.file;
  assert.equal(await handlers.compare(), "正定县总工会_2022目标.xlsx：没有绩效自评表，无法与目标表对照" +
    "（请在自评表工作簿中使用）（HTTP 422）");
  assert.deepEqual(visibleState(wb), before);
});
