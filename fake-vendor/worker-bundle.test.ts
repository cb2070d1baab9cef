/**
 * The bundled mockprock worker, run as a browser would run it: the script the vendor serves is
 * evaluated in a context whose `self` is an EventTarget with `postMessage`, and whose
 * XMLHttpRequest goes over the network with the exam page's Origin and enforces the CORS answer.
 */
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeVendorProgram, type FakeVendorProgram } from "./main";
import { MOCKPROCK_DESKTOP_URL, buildWorkerBundle, workerScript } from "./worker-bundle";

const PAGE_ORIGIN = "http://127.0.0.1:3999";
let program: FakeVendorProgram;

beforeAll(async () => {
  program = await startFakeVendorProgram({ port: 0, desktopPort: 0 });
});
afterAll(async () => {
  await program.close();
});
beforeEach(async () => {
  const res = await fetch(`${program.url}/_control/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(res.status).toBe(200);
});

/** XMLHttpRequest as the worker uses it (open, send, onload, onerror, status, response). */
class NetworkXhr {
  status = 0;
  statusText = "";
  response = "";
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private method = "GET";
  private url = "";
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  send() {
    fetch(this.url, { method: this.method, headers: { origin: PAGE_ORIGIN } }).then(
      async (res) => {
        const allowed = res.headers.get("access-control-allow-origin");
        this.response = await res.text();
        if (allowed !== "*" && allowed !== PAGE_ORIGIN) {
          // A browser hides a response the server did not share with this origin.
          this.onerror?.call(this);
          return;
        }
        this.status = res.status;
        this.statusText = res.statusText;
        this.onload?.call(this);
      },
      () => this.onerror?.call(this),
    );
  }
}

interface WorkerHarness {
  post(type: string): void;
  /** The next message the worker posts. */
  next(): Promise<{ type: string }>;
}

function runWorker(script: string): WorkerHarness {
  const inbox: { type: string }[] = [];
  const waiting: ((m: { type: string }) => void)[] = [];
  const self = Object.assign(new EventTarget(), {
    postMessage(message: { type: string }) {
      const waiter = waiting.shift();
      if (waiter) waiter(message);
      else inbox.push(message);
    },
  });
  const quiet = { log() {}, info() {}, warn() {}, error() {} };
  vm.runInNewContext(script, { self, XMLHttpRequest: NetworkXhr, MessageEvent, console: quiet });
  return {
    post: (type) => self.dispatchEvent(new MessageEvent("message", { data: { type } })),
    next: () => {
      const queued = inbox.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

async function servedWorker(): Promise<string> {
  const res = await fetch(program.workerUrl);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  return res.text();
}

describe("the fake vendor's worker", () => {
  it("is @edx/mockprock wrapped by @edx/edx-proctoring's handlerWrapper, as one classic script", async () => {
    const out = join(tmpdir(), `mockprock-worker-${process.pid}.js`);
    await buildWorkerBundle(out);
    const bundle = await readFile(out, "utf8");
    expect(bundle).toContain("node_modules/@edx/mockprock/static/index.js");
    expect(bundle).toContain("node_modules/@edx/edx-proctoring/edx_proctoring/static/index.js");
    expect(bundle).toContain('"examAttemptStarted"');
    expect(bundle).toContain(`${MOCKPROCK_DESKTOP_URL}`);
    expect(bundle).not.toMatch(/^\s*(import|export)\s/m);
    // Served unchanged when the desktop application is where mockprock looks for it.
    expect(workerScript(bundle, MOCKPROCK_DESKTOP_URL)).toBe(bundle);
  });

  it("startExamAttempt calls the desktop application's start and answers examAttemptStarted; ping echoes; end answers examAttemptEnded", async () => {
    const worker = runWorker(await servedWorker());

    worker.post("startExamAttempt");
    expect(await worker.next()).toEqual({ type: "examAttemptStarted" });
    const starts = program.vendor.callsTo(/^\/desktop\/start$/, "POST");
    expect(starts).toHaveLength(1);
    expect(starts[0]!.listener).toBe("desktop");
    expect(starts[0]!.headers.origin).toBe(PAGE_ORIGIN);

    worker.post("ping");
    expect(await worker.next()).toEqual({ type: "echo" });
    expect(program.vendor.callsTo(/^\/desktop\/ping$/, "GET")).toHaveLength(1);

    worker.post("endExamAttempt");
    expect(await worker.next()).toEqual({ type: "examAttemptEnded" });
    expect(program.vendor.callsTo(/^\/desktop\/stop$/, "POST")).toHaveLength(1);

    // After the stop the application is uploading, not running: a ping now fails.
    worker.post("ping");
    expect(await worker.next()).toEqual({ type: "pingFailed" });
  });

  it("a ping before the application runs fails, as with mockprock (status null)", async () => {
    const worker = runWorker(await servedWorker());
    worker.post("ping");
    expect(await worker.next()).toEqual({ type: "pingFailed" });
  });

  it("reports failures of the desktop application: down, an error answer, an HTTP error", async () => {
    const worker = runWorker(await servedWorker());
    const control = (name: string, body: unknown) =>
      fetch(`${program.url}/_control/${name}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

    expect((await control("fail", { mode: "down", paths: "^/desktop/" })).status).toBe(200);
    worker.post("startExamAttempt");
    expect(await worker.next()).toEqual({ type: "examAttemptStartFailed" });

    expect((await control("fail", { mode: "none" })).status).toBe(200);
    expect((await control("desktop", { answer: "crashed" })).status).toBe(200);
    worker.post("startExamAttempt");
    expect(await worker.next()).toEqual({ type: "examAttemptStartFailed" });

    expect((await control("desktop", { httpStatus: 500 })).status).toBe(200);
    worker.post("endExamAttempt");
    expect(await worker.next()).toEqual({ type: "examAttemptEndFailed" });
  });

  it("ignores messages it has no handler for (no reply)", async () => {
    const worker = runWorker(await servedWorker());
    worker.post("getInfo");
    worker.post("ping");
    // The first reply is the ping's: getInfo got none.
    expect(await worker.next()).toEqual({ type: "pingFailed" });
  });
});
