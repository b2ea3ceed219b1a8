// Test support: the Python of the project, a REAL `jixiao serve` on 127.0.0.1 (or the one
// named by JIXIAO_SERVICE_URL + JIXIAO_TOKEN), and fixtures made by testing/fixtures.py.
"use strict";

const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..", "..", "..", "..");

function python() {
  if (process.env.JIXIAO_PYTHON) return process.env.JIXIAO_PYTHON;
  const venv = process.platform === "win32"
    ? path.join(REPO, ".venv", "Scripts", "python.exe")
    : path.join(REPO, ".venv", "bin", "python");
  return fs.existsSync(venv) ? venv : "python3";
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Fixtures (snapshots and `jixiao check/score --json` of the same files), made once. */
let cached = null;
function fixtures() {
  if (cached) return cached;
  const out = tempDir("jixiao-wps-fixtures-");
  process.on("exit", () => fs.rmSync(out, { recursive: true, force: true }));
  const done = spawnSync(python(), [path.join(__dirname, "fixtures.py"), out], {
    cwd: REPO,
    encoding: "utf-8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (done.status !== 0) throw new Error("fixtures.py failed: " + done.stderr);
  cached = JSON.parse(done.stdout);
  return cached;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, tries = 300) {
  for (let i = 0; i < tries; i++) {
    if (child && child.exitCode !== null) break;
    try {
      const reply = await fetch(url + "/api/health");
      if (reply.ok) return;
    } catch (e) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("jixiao serve did not come up at " + url);
}

/** Start `python -m addin serve` on a free port; {url, token, stop()}. Its vocabulary file
 *  (JIXIAO_VOCABULARY) is in a temporary folder: the user's own is never read or written. */
async function startService() {
  if (process.env.JIXIAO_SERVICE_URL) {
    return { url: process.env.JIXIAO_SERVICE_URL, token: process.env.JIXIAO_TOKEN || "", stop() {} };
  }
  const port = await freePort();
  const configDir = tempDir("jixiao-wps-config-");
  const vocabulary = path.join(configDir, "vocabulary.toml");
  const child = spawn(python(), ["-m", "addin", "serve", "--port", String(port)], {
    cwd: REPO,
    env: { ...process.env, JIXIAO_CONFIG_DIR: configDir, JIXIAO_VOCABULARY: vocabulary },
    stdio: ["ignore", "pipe", "pipe"],
  });
  process.on("exit", () => child.kill()); // never outlive the tests, whatever happens
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const url = "http://127.0.0.1:" + port;
  try {
    await waitForHealth(url, child);
  } catch (e) {
    child.kill();
    throw new Error(e.message + "\n" + log);
  }
  const token = fs.readFileSync(path.join(configDir, "wps-token"), "utf-8").trim();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    url,
    token,
    vocabulary,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/**
 * fetch() as a browser page of `origin` makes it: the Origin header on every request, a
 * CORS request's answer hidden (the promise rejects) unless the service allows the origin,
 * and a no-cors request resolving with an opaque answer whenever anything answers.
 */
function browserFetch(origin) {
  return async function (url, options = {}) {
    const headers = { ...(options.headers || {}), Origin: origin };
    const reply = await fetch(url, { ...options, headers, mode: undefined });
    if (options.mode === "no-cors") return { ok: false, status: 0, type: "opaque", text: async () => "" };
    const allowed = reply.headers.get("access-control-allow-origin");
    if (allowed !== origin && allowed !== "*") throw new TypeError("Failed to fetch");
    return reply;
  };
}

module.exports = { REPO, python, tempDir, fixtures, freePort, startService, browserFetch };
