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
