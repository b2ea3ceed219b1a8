"use strict";
// The ribbon wiring of main.js: each button id reaches its handler; images exist.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { createAddin, IMAGES } = require("../main.js");
const { FakeApplication } = require("../testing/fake_et.js");

const ROOT = path.resolve(__dirname, "..");

function fakeWindow() {
  const shown = [];
  const app = new FakeApplication();
  return {
    shown,
    Application: app,
    document: { location: "file:///C:/Users/u/AppData/Roaming/kingsoft/wps/jsaddons/jixiao_0.1.0/index.html" },
    fetch: () => Promise.reject(new Error("offline")),
    alert: (t) => shown.push(t),
    prompt: () => null,
  };
}

test("every ribbon button has a handler and an image", () => {
  const ribbon = fs.readFileSync(path.join(ROOT, "ribbon.xml"), "utf-8");
  const ids = [...ribbon.matchAll(/<button id="(\w+)" label="([^"]+)"/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(ids.map((m) => m[1]), ["新建表格", "校验", "清除标记", "重新计分", "从目标表生成", "目标对照", "生成自评报告", "合并汇总", "读表情况", "帮助"]);
  assert.match(ribbon, /<tab id="jixiaoTab" label="绩效助手">/);
  for (const callback of ribbon.matchAll(/(?:onAction|getImage|onLoad)="(\w+)"/g)) {
    assert.ok(["OnAction", "GetImage", "OnAddinLoad"].includes(callback[1]));
  }
  const addin = createAddin(fakeWindow());
  for (const [id] of ids) {
    assert.ok(fs.existsSync(path.join(ROOT, addin.GetImage({ Id: id }))), id);
    assert.equal(IMAGES[id], addin.GetImage({ Id: id }));
  }
});

test("OnAction routes the buttons; 新建表格 and 帮助 open task panes beside index.html", async () => {
  const win = fakeWindow();
  const addin = createAddin(win);
  assert.equal(addin.OnAddinLoad({ ribbon: true }), true);
  assert.deepEqual(win.Application.ribbonUI, { ribbon: true });
  addin.OnAction({ Id: "btnHelp" });
  addin.OnAction({ Id: "btnNew" });
  addin.OnAction({ Id: "btnHelp" });
  addin.OnAction({ Id: "btnInspect" });
  const base = "file:///C:/Users/u/AppData/Roaming/kingsoft/wps/jsaddons/jixiao_0.1.0/";
  assert.deepEqual(win.Application.panes.map((p) => [p.url, p.Visible]), [
    [base + "ui/help.html", true],
    [base + "ui/new.html", true],
    [base + "ui/teach.html", true],
  ]);
  for (const page of ["ui/help.html", "ui/new.html", "ui/teach.html"]) assert.ok(fs.existsSync(path.join(ROOT, page)));
  win.Application.openSnapshot({ book: "b.xlsx", sheets: [{ name: "s", values: [["x"]] }] });
  const message = await addin.OnAction({ Id: "btnCheck" });
  assert.match(message, /^无法连接绩效助手服务/);
  assert.equal(win.shown[0], message);
  assert.equal(addin.OnAction({ Id: "unknown" }), undefined);
});

test("index.html loads every module before main.js", () => {
  const html = fs.readFileSync(path.join(ROOT, "index.html"), "utf-8");
  const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ["js/config.js", "js/colors.js", "js/snapshot.js", "js/marks.js",
    "js/client.js", "js/handlers.js", "main.js"]);
  for (const s of scripts) assert.ok(fs.existsSync(path.join(ROOT, s)), s);
});

test("the modules also load as plain browser scripts, in index.html's order", () => {
  const vm = require("node:vm");
  const win = fakeWindow();
  win.window = win;
  const context = vm.createContext(win);
  const html = fs.readFileSync(path.join(ROOT, "index.html"), "utf-8");
  for (const [, src] of html.matchAll(/src="([^"]+)"/g)) {
    vm.runInContext(fs.readFileSync(path.join(ROOT, src), "utf-8"), context, { filename: src });
  }
  assert.equal(typeof context.OnAction, "function");
  assert.equal(typeof context.OnAddinLoad, "function");
  assert.equal(typeof context.GetImage, "function");
  assert.deepEqual(Object.keys(context.JixiaoWps).sort(),
    ["addin", "client", "colors", "config", "handlers", "marks", "snapshot"]);
});
