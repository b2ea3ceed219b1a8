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

// 读表情况 (ui/teach.html): js/pane.js's teachPane with the handlers faked: the reading shown,
// the roles in the box, the words taught listed, 教会 / 删去 / 重新读表 wired.
function loadTeachPane() {
  const elements = {};
  // as in a browser, setting textContent removes the element's children
  const node = (tag) => ({
    tag, value: "", text: "", children: [],
    get textContent() { return this.text; },
    set textContent(t) { this.text = t; this.children = []; },
    appendChild(child) { this.children.push(child); },
  });
  const element = (id) => (elements[id] = elements[id] || Object.assign(node("element"), { id }));
  const calls = [];
  let taught = [];
  const roles = [{ name: "完成值", meaning: "实际完成值列" }, { name: "全年预算", meaning: "资金表的全年（调整后）预算数列" }];
  const win = {
    document: { getElementById: element, createElement: node },
    Application: { name: "fake" },
    fetch: async () => { throw new Error("no network in this test"); },
    JixiaoWps: {
      config: {},
      client: { createClient: (config, fetchImpl) => ({ config, fetchImpl }), xhrFetch: () => null },
      handlers: {
        createHandlers: (deps) => ({
          inspect: async () => { calls.push(["inspect"]); deps.ui.alert("读表情况……"); },
          vocab: async () => ({ file: "/tmp/词表.toml", roles, words: taught }),
          teach: async (role) => { calls.push(["teach", role]); taught = [{ word: "年终实现数", role }]; deps.ui.alert("已教会"); },
          forget: async () => { calls.push(["forget"]); taught = []; deps.ui.alert("已删去"); },
        }),
      },
    },
  };
  win.window = win;
  const context = vm.createContext(win);
  const html = fs.readFileSync(path.join(UI, "teach.html"), "utf8");
  for (const id of ["role", "teach", "forget", "inspect", "message", "words"]) {
    assert.match(html, new RegExp(`id="${id}"`), id);
  }
  vm.runInContext(fs.readFileSync(path.join(UI, "..", "js", "pane.js"), "utf8"), context);
  const inline = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(inline.length, 1);
  return { elements, calls, ready: vm.runInContext(inline[0], context) };
}

test("teach.html: the reading, the roles and the words; 教会 and 删去 refresh the list", async () => {
  const { elements, calls, ready } = loadTeachPane();
  await ready;
  assert.deepEqual(calls, [["inspect"]]);
  assert.equal(elements.message.textContent, "读表情况……");
  assert.deepEqual(elements.role.children.map((o) => [o.value, o.textContent]), [
    ["完成值", "完成值：实际完成值列"], ["全年预算", "全年预算：资金表的全年（调整后）预算数列"]]);
  assert.deepEqual(elements.words.children.map((li) => li.textContent), ["还没有教过任何写法（词表文件 /tmp/词表.toml）"]);
  elements.role.value = "完成值";
  await elements.teach.onclick();
  assert.deepEqual(calls.at(-1), ["teach", "完成值"]);
  assert.equal(elements.message.textContent, "已教会");
  assert.deepEqual(elements.words.children.map((li) => li.textContent), ["“年终实现数”→ 完成值"]);
  assert.equal(elements.role.children.length, 2); // the roles are listed once
  await elements.forget.onclick();
  assert.deepEqual(calls.at(-1), ["forget"]);
  assert.deepEqual(elements.words.children.map((li) => li.textContent), ["还没有教过任何写法（词表文件 /tmp/词表.toml）"]);
  await elements.inspect.onclick();
  assert.deepEqual(calls.at(-1), ["inspect"]);
});
