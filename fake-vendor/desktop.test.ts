import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeVendorProgram, type FakeVendorProgram } from "./main";

const PAGE_ORIGIN = "http://127.0.0.1:3999";
let program: FakeVendorProgram;

beforeAll(async () => {
  program = await startFakeVendorProgram({ port: 0, desktopPort: 0 });
});
afterAll(async () => {
  await program.close();
});
beforeEach(async () => {
  await control("reset", {});
});

async function control(name: string, body: unknown) {
  const res = await fetch(`${program.url}/_control/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<unknown>;
}

function desktop(path: string, method = "GET", headers: Record<string, string> = {}) {
  return fetch(`${program.desktopUrl}${path}`, { method, headers: { origin: PAGE_ORIGIN, ...headers } });
}

describe("the fake desktop application", () => {
  it("answers as mockprock's: ping null before start, running after start, uploading after stop", async () => {
    const before = await desktop("/desktop/ping");
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ status: null });

    const start = await desktop("/desktop/start", "POST");
    expect(start.status).toBe(200);
    expect(start.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(start.headers.get("content-type")).toContain("application/json");
    expect(await start.json()).toEqual({ status: "running" });
    expect(await (await desktop("/desktop/ping")).json()).toEqual({ status: "running" });

    const stop = await desktop("/desktop/stop", "POST");
    expect(await stop.json()).toEqual({ status: "uploading" });
    expect(await (await desktop("/desktop/ping")).json()).toEqual({ status: "uploading" });

    const calls = program.vendor.callsTo(/^\/desktop\//).map((c) => `${c.listener} ${c.method} ${c.path}`);
    expect(calls).toEqual([
      "desktop GET /desktop/ping",
      "desktop POST /desktop/start",
      "desktop GET /desktop/ping",
      "desktop POST /desktop/stop",
      "desktop GET /desktop/ping",
    ]);
  });

  it("answers CORS preflights for the exam page's origin, including Private Network Access", async () => {
    const res = await desktop("/desktop/start", "OPTIONS", {
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
      "access-control-request-private-network": "true",
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toBe("content-type");
    expect(res.headers.get("access-control-allow-private-network")).toBe("true");
    // A preflight changes nothing.
    expect(await (await desktop("/desktop/ping")).json()).toEqual({ status: null });
  });

  it("refuses the wrong method without changing its status", async () => {
    const res = await desktop("/desktop/start", "GET");
    expect(res.status).toBe(404);
    const wrong = await desktop("/desktop/ping", "POST");
    expect(wrong.status).toBe(404);
    expect(await (await desktop("/desktop/ping")).json()).toEqual({ status: null });
  });

  it("fails on demand: a forced answer, an HTTP error, or down", async () => {
    await control("desktop", { answer: "error" });
    expect(await (await desktop("/desktop/start", "POST")).json()).toEqual({ status: "error" });

    await control("desktop", { httpStatus: 503 });
    const unavailable = await desktop("/desktop/ping");
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);

    await control("desktop", {});
    await control("fail", { mode: "down", paths: "^/desktop/" });
    await expect(desktop("/desktop/ping")).rejects.toThrow();
    // The vendor's own pages and control API keep working.
    expect((await fetch(`${program.url}/`)).status).toBe(200);

    await control("fail", { mode: "none" });
    expect(await (await desktop("/desktop/ping")).json()).toEqual({ status: "running" });
  });

  it("takes as long to stop as it is told (mockprock uploads for a minute)", async () => {
    await control("desktop", { stopDelayMs: 300 });
    const started = Date.now();
    const res = await desktop("/desktop/stop", "POST");
    expect(await res.json()).toEqual({ status: "uploading" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe("starting the program", () => {
  it("fails cleanly when the vendor port is taken, leaving no desktop listener behind", async () => {
    const taken = Number(new URL(program.url).port);
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const desktopPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    await expect(startFakeVendorProgram({ port: taken, desktopPort })).rejects.toThrow(/EADDRINUSE/);
    // Its desktop port is free again: another program can listen there.
    const next = await startFakeVendorProgram({ port: 0, desktopPort });
    expect(next.desktopUrl).toBe(`http://127.0.0.1:${desktopPort}`);
    await next.close();
  });
});
