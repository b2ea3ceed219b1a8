"use strict";
// 读表情况 against a fake Application and a REAL `jixiao serve` (its vocabulary file in a
// temporary folder): the headers not understood are listed with their suggested roles; the
// selected header taught as a role is written to the file and the workbook reads again.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { createClient, downMessage } = require("../js/client.js");
const { createHandlers } = require("../js/handlers.js");
const { FakeApplication, visibleState } = require("../testing/fake_et.js");
const support = require("../testing/support.js");

const HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "年终实现数", "标准分", "评得分"];
const BOOK = {
  book: "某县 新版式.xlsx",
  sheets: [{
    name: "自评表",
    values: [
      ["项目支出绩效自评表"],
      ["项目名称", "职工培训"],
      HEADER,
      ["产出指标", "数量指标", "培训人数", "≥100人", "120人", 50, 50],
      ["效益指标", "社会效益指标", "知晓率", "≥90%", "95%", 40, 40],
      ["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "96%", 10, 10],
    ],
  }],
};

let service;

test.before(async () => {
  service = await support.startService();
});

test.after(async () => {
  if (service) await service.stop();
});

function setup(config) {
  const app = new FakeApplication();
  const wb = app.openSnapshot(BOOK, "");
  const shown = [];
  const client = createClient(config || { serviceUrl: service.url, token: service.token }, fetch);
  const handlers = createHandlers({
    app,
    client,
    ui: { alert: (t) => shown.push(t), openPane: (p) => shown.push(p) },
  });
  return { app, wb, handlers, shown, client };
}

test("读表情况 lists the headers not understood with the roles their cells suggest", async () => {
  const { wb, handlers, shown } = setup();
  const before = visibleState(wb);
  const message = await handlers.inspect();
  assert.deepEqual(shown, [message]);
  assert.ok(message.startsWith("“某县 新版式.xlsx”的读表情况：\n· 工作表“自评表”：表“"), message);
  assert.match(message, /表头在第 3 行，读到 3 行指标/);
  assert.match(message, /未认出或没有读到：\n {2}工作表「自评表」：未认出 E3「年终实现数」/);
  assert.match(message, /自评表!E3“年终实现数”→ 完成值\n {2}自评表!G3“评得分”→ 得分$/);
  assert.deepEqual(visibleState(wb), before); // reading changes nothing
});

test("教会所选表头: the selected header is taught, written and read; then removed", async () => {
  const { app, handlers, client } = setup();
  app.select("E3");
  const message = await handlers.teach("完成值");
  const file = (await client.vocab()).file;
  if (service.vocabulary) assert.equal(file, service.vocabulary); // never the user's own
  assert.ok(message.startsWith("已教会：自评表!E3“年终实现数”→ 完成值。\n词表文件：" + file), message);
  assert.match(message, /未认出或没有读到的 3 处 → 2 处。/);
  assert.match(fs.readFileSync(file, "utf-8"), /\[columns\.actual\]\nnames = \["年终实现数"\]/);
  assert.deepEqual((await client.vocab()).words, [{ word: "年终实现数", role: "完成值" }]);
  assert.doesNotMatch(await handlers.inspect(), /E3“年终实现数”/);
  assert.match(await handlers.teach("完成值"), /^“年终实现数”已是“完成值”的写法，未改动。/);
  assert.equal(await handlers.teach("指标值"), "“年终实现数”已是“完成值”的写法。要改成“指标值”，" +
    "请先点“删去所选表头的写法”，再选角色。");
  assert.equal(await handlers.forget(), "已删去“年终实现数”（原为 完成值）。词表文件：" + file);
  assert.match(await handlers.inspect(), /自评表!E3“年终实现数”→ 完成值/);
  assert.match(await handlers.forget(), /中没有「年终实现数」，未改动（HTTP 404）$/);
  assert.deepEqual((await client.vocab()).words, []);
});

test("no role chosen: the suggested one; a merged selection; refusals", async () => {
  const { app, handlers, client } = setup();
  app.select("G3:G4"); // the first cell of the area is the active one
  assert.match(await handlers.teach(""), /^已教会：自评表!G3“评得分”→ 得分。/);
  assert.deepEqual((await client.vocab()).words, [{ word: "评得分", role: "得分" }]);
  assert.match(await handlers.forget(), /^已删去“评得分”（原为 得分）/);
  app.select("A3");
  assert.equal(await handlers.teach(""), "“一级指标”不在读表情况列出的未认出表头中：" +
    "请在“所选表头表示”中选它表示的内容。");
  app.select("G3");
  assert.match(await handlers.teach("预算"), /^不认识的角色「预算」。可用的角色：一级指标、/);
  app.select("J9");
  assert.equal(await handlers.teach("得分"), "所选单元格 自评表!J9 中没有表头文字。" +
    "请先单击一个表头单元格（如“调整后预算数”），再选它表示的内容。");
  app.select("F4"); // a number, not a header
  assert.match(await handlers.forget(), /^所选单元格 自评表!F4 中没有表头文字。/);
  assert.deepEqual((await client.vocab()).words, []);
});

test("a service that is not running is told, nothing else happens", async () => {
  const port = await support.freePort();
  const { app, handlers, shown } = setup({ serviceUrl: "http://127.0.0.1:" + port, token: "x" });
  app.select("E3");
  const message = await handlers.teach("完成值");
  assert.equal(message, downMessage("http://127.0.0.1:" + port));
  assert.deepEqual(shown, [message]);
});

test("no role chosen for a column the reader cannot place: the clerk is asked to choose", async () => {
  const app = new FakeApplication();
  const values = BOOK.sheets[0].values.map((row, r) => (r === 2 ? [...row, "佐证材料"] : row));
  app.openSnapshot({ book: "佐证.xlsx", sheets: [{ name: "自评表", values }] }, "");
  const client = createClient({ serviceUrl: service.url, token: service.token }, fetch);
  const shown = [];
  const handlers = createHandlers({ app, client, ui: { alert: (t) => shown.push(t), openPane() {} } });
  assert.match(await handlers.inspect(), /自评表!H3“佐证材料”→ （请按列的内容选择）/);
  app.select("H3");
  assert.equal(await handlers.teach(""), "读表程序判断不了“佐证材料”这一列是什么：" +
    "请在“所选表头表示”中选它表示的内容。");
  assert.deepEqual((await client.vocab()).words, []);
});
