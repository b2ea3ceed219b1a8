// The path-box panes (合并汇总, 从目标表生成, 目标对照) as a browser loads them: their own
// scripts and js/pane.js run against a fake document; submitting runs the handler named
// in the page with the typed path and shows its answer.
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const UI = path.join(__dirname, "..", "ui");

function loadPane(page, input) {
  const elements = {};
  const element = (id) => (elements[id] = elements[id] || { id, value: "", textContent: "", disabled: false });
  const calls = [];
  const win = {
    document: { getElementById: element },
    Application: { name: "fake" },
    fetch: async () => { throw new Error("no network in this test"); },
    JixiaoWps: {
      config: {},
      client: { createClient: (config, fetchImpl) => ({ config, fetchImpl }), xhrFetch: () => null },
      handlers: {
        createHandlers: (deps) => new Proxy({}, {
          get: (_, name) => async (value) => {
            calls.push([name, value, elements.start.disabled, elements.message.textContent]);
            deps.ui.alert("完成：" + value);
          },
        }),
      },
    },
  };
  win.window = win;
  const context = vm.createContext(win);
  const html = fs.readFileSync(path.join(UI, page), "utf8");
  const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(scripts.includes("../js/pane.js"), page);
  assert.match(html, /<link rel="stylesheet" href="pane.css">/);
  vm.runInContext(fs.readFileSync(path.join(UI, "..", "js", "pane.js"), "utf8"), context);
  const inline = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(inline.length, 1, page);
  vm.runInContext(inline[0], context);
  element(input).value = " /报送/2024 ";
  return { elements, calls, html };
}

for (const [page, form, input, handler, busy] of [
  ["merge.html", "merge", "folder", "mergeFolder", "正在合并，请稍候……"],
  ["prefill.html", "prefill", "target", "prefillFrom", "正在生成，请稍候……"],
  ["compare.html", "compare", "target", "compareWith", "正在对照，请稍候……"],
]) {
  test(`${page}: the path box runs ${handler} and shows its answer`, async () => {
    const { elements, calls, html } = loadPane(page, input);
    assert.match(html, new RegExp(`<form id="${form}">`));
    assert.match(html, new RegExp(`<input id="${input}"`));
    let prevented = false;
    await elements[form].onsubmit({ preventDefault: () => (prevented = true) });
    assert.ok(prevented);
    assert.deepEqual(calls, [[handler, " /报送/2024 ", true, busy]]);
    assert.equal(elements.message.textContent, "完成： /报送/2024 ");
    assert.equal(elements.start.disabled, false);
  });
}

test("the pane stylesheet exists", () => {
  assert.ok(fs.existsSync(path.join(UI, "pane.css")));
});

// 新建表格 (ui/new.html): the list of forms from the service, one button each, through the
// same pane handlers (js/pane.js) as the path-box panes.
function loadNewPane(listForms) {
  const elements = {};
  const element = (id) => (elements[id] = elements[id] || { id, textContent: "", children: [] });
  const created = [];
  const calls = [];
  const win = {
    document: {
      getElementById: element,
      createElement: (tag) => {
        const node = { tag, textContent: "", children: [], appendChild(child) { this.children.push(child); } };
        created.push(node);
        return node;
      },
    },
    Application: { name: "fake" },
    fetch: async () => { throw new Error("no network in this test"); },
    JixiaoWps: {
      config: {},
      client: { createClient: (config, fetchImpl) => ({ config, fetchImpl }), xhrFetch: () => null },
      handlers: {
        createHandlers: (deps) => ({
          listForms,
          newForm: (form) => { calls.push(form); deps.ui.alert("已新建：" + form); },
        }),
      },
    },
  };
  win.window = win;
  element("forms").appendChild = function (child) { this.children.push(child); };
  const context = vm.createContext(win);
  const html = fs.readFileSync(path.join(UI, "new.html"), "utf8");
  const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(scripts.includes("../js/pane.js"));
  vm.runInContext(fs.readFileSync(path.join(UI, "..", "js", "pane.js"), "utf8"), context);
  const inline = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(inline.length, 1);
  vm.runInContext(inline[0], context);
  return { elements, calls };
}

test("new.html: a button for each form; a click makes that form and shows the answer", async () => {
  const forms = [
    { form: "project_self", title: "项目支出绩效自评表", description: "自评" },
    { form: "dept_target", title: "部门整体绩效目标申报表", description: "申报" },
  ];
  const { elements, calls } = loadNewPane(async () => forms);
  await new Promise((resolve) => setImmediate(resolve));
  const buttons = elements.forms.children;
  assert.deepEqual(buttons.map((b) => b.textContent), forms.map((f) => f.title));
  assert.deepEqual(buttons.map((b) => b.children[0].textContent), ["自评", "申报"]);
  buttons[1].onclick();
  assert.deepEqual(calls, ["dept_target"]);
  assert.equal(elements.message.textContent, "已新建：dept_target");
});

test("new.html: a service that cannot answer leaves its message in the pane", async () => {
  const { elements } = loadNewPane(async () => { throw new Error("无法连接绩效助手服务"); });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(elements.forms.textContent, "");
  assert.equal(elements.message.textContent, "无法连接绩效助手服务");
});
