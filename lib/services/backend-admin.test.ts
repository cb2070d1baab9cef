import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, backendConfigs } from "@/db/schema";
import { getAdminBackend } from "@/lib/queries/admin-backends";
import { makeExam } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { deleteBackend, setBackendEnabled, setDefaultBackend, testBackendConnection } from "./backend-admin";
import { BACKEND_KIND_RULES, configureBackend } from "./backend-configs";

// A fresh database per test: the default backend and exam counts are site-wide.
const t = setupTestDatabase("test");
const ADMIN = { actorKind: "user" as const, actorUserId: null, source: "web" };

async function mock(name: string) {
  return (await configureBackend(t.db, { name, kind: "mock", verboseName: name })).row;
}

async function rows() {
  return t.db.select({ name: backendConfigs.name, isDefault: backendConfigs.isDefault, enabled: backendConfigs.enabled }).from(backendConfigs).orderBy(backendConfigs.name);
}

describe("setDefaultBackend", () => {
  it("moves the default from one backend to another, audited with before and after", async () => {
    await mock("alpha");
    await mock("beta");
    await setDefaultBackend(t.db, "alpha", ADMIN);
    await setDefaultBackend(t.db, "beta", ADMIN);
    expect(await rows()).toEqual([
      { name: "alpha", isDefault: false, enabled: true },
      { name: "beta", isDefault: true, enabled: true },
    ]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "backend_config.set_default")).orderBy(auditLog.id);
    expect(audit.map((a) => a.data)).toEqual([
      { name: "alpha", before: null, after: "alpha" },
      { name: "beta", before: "alpha", after: "beta" },
    ]);
  });

  it("refuses a disabled backend and an unknown one, changing nothing", async () => {
    await mock("alpha");
    await setDefaultBackend(t.db, "alpha");
    await configureBackend(t.db, { name: "off", kind: "mock", verboseName: "Off", enabled: false });
    await expect(setDefaultBackend(t.db, "off")).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setDefaultBackend(t.db, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await rows()).filter((r) => r.isDefault).map((r) => r.name)).toEqual(["alpha"]);
  });
});

describe("setBackendEnabled and deleteBackend", () => {
  it("disables and enables, but never the default", async () => {
    await mock("alpha");
    await mock("beta");
    await setDefaultBackend(t.db, "alpha");
    await expect(setBackendEnabled(t.db, "alpha", false)).rejects.toMatchObject({ code: "CONFLICT" });
    await setBackendEnabled(t.db, "beta", false, ADMIN);
    expect((await rows()).map((r) => [r.name, r.enabled])).toEqual([
      ["alpha", true],
      ["beta", false],
    ]);
    await setBackendEnabled(t.db, "beta", true, ADMIN);
    const audit = await t.db.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(eq(auditLog.entityType, "backend_config")).orderBy(auditLog.id);
    expect(audit.filter((a) => a.action.endsWith("able"))).toEqual([
      { action: "backend_config.disable", data: { name: "beta", before: { enabled: true }, after: { enabled: false } } },
      { action: "backend_config.enable", data: { name: "beta", before: { enabled: false }, after: { enabled: true } } },
    ]);
  });

  it("deletes an unused backend; refuses one used by exams (saying how many) and the default", async () => {
    await mock("used");
    await mock("unused");
    await mock("main");
    await setDefaultBackend(t.db, "main");
    await makeExam(t.db, { backend: "used", isProctored: true });
    await makeExam(t.db, { backend: "used", isProctored: true });
    await expect(deleteBackend(t.db, "used")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("used by 2 exams") });
    await expect(deleteBackend(t.db, "main")).rejects.toMatchObject({ code: "CONFLICT" });
    await deleteBackend(t.db, "unused", ADMIN);
    expect((await rows()).map((r) => r.name)).toEqual(["main", "used"]);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "backend_config.delete"));
    expect(audit?.data).toMatchObject({ name: "unused", after: null, before: { kind: "mock" } });
  });
});

describe("secrets: when each was set, never what", () => {
  it("records a date per secret set, keeps it while unchanged, drops it when cleared", async () => {
    const settings = { base_url: "https://vendor.example", client_id: "abc" };
    const namesOf = (kind: string) => (kind === "rest" ? BACKEND_KIND_RULES.rest.secretNames : []);
    await configureBackend(t.db, { name: "v", kind: "rest", verboseName: "V", settings, secrets: { client_secret: "s3cret-one" } }, { now: new Date("2026-03-01T10:00:00Z") });
    let detail = await getAdminBackend(t.db, "v", namesOf);
    expect(detail?.secrets).toEqual([{ name: "client_secret", set: true, setAt: "2026-03-01T10:00:00.000Z" }]);
    expect(JSON.stringify(detail)).not.toContain("s3cret-one");

    await configureBackend(t.db, { name: "v", kind: "rest", verboseName: "V2", settings }, { now: new Date("2026-03-02T10:00:00Z") });
    detail = await getAdminBackend(t.db, "v", namesOf);
    expect(detail?.secrets[0]?.setAt).toBe("2026-03-01T10:00:00.000Z");

    await configureBackend(t.db, { name: "v", kind: "rest", verboseName: "V2", settings, secrets: { client_secret: "s3cret-two" } }, { now: new Date("2026-03-03T10:00:00Z") });
    detail = await getAdminBackend(t.db, "v", namesOf);
    expect(detail?.secrets[0]?.setAt).toBe("2026-03-03T10:00:00.000Z");
  });
});

describe("testBackendConnection", () => {
  let server: Server;
  let baseUrl = "";
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push(`${req.method} ${req.url}`);
        if (req.url === "/oauth2/access_token") {
          const form = new URLSearchParams(body);
          if (form.get("client_secret") !== "right-secret") {
            res.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid_client"}');
            return;
          }
          res.writeHead(200, { "content-type": "application/json" }).end('{"access_token":"tok","expires_in":3600}');
          return;
        }
        if (req.url === "/api/v1/config/" && req.headers.authorization === "JWT tok") {
          res.writeHead(200, { "content-type": "application/json" }).end('{"name":"Fake","rules":{}}');
          return;
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("gets a token and the vendor's configuration with the stored credentials", async () => {
    await configureBackend(t.db, { name: "good", kind: "rest", verboseName: "Good", settings: { base_url: baseUrl, client_id: "cid" }, secrets: { client_secret: "right-secret" } });
    seen.length = 0;
    const result = await testBackendConnection(t.db, "good");
    expect(result.ok).toBe(true);
    expect(result.summary).toContain("HTTP 200");
    expect(seen).toEqual(["POST /oauth2/access_token", "GET /api/v1/config/"]);
  });

  it("says the credentials were refused, without the secret", async () => {
    await configureBackend(t.db, { name: "bad", kind: "rest", verboseName: "Bad", settings: { base_url: baseUrl, client_id: "cid" }, secrets: { client_secret: "wrong-secret" } });
    const result = await testBackendConnection(t.db, "bad");
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/refused the client credentials \(HTTP 401\)/);
    expect(JSON.stringify(result)).not.toContain("wrong-secret");
  });

  it("says a vendor that is not there cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await configureBackend(t.db, { name: "gone", kind: "rest", verboseName: "Gone", settings: { base_url: `http://127.0.0.1:${port}`, client_id: "cid" }, secrets: { client_secret: "x" } });
    const result = await testBackendConnection(t.db, "gone");
    expect(result).toMatchObject({ ok: false, summary: expect.stringContaining("could not be reached") });
  });

  it("has nothing to test for a mock backend", async () => {
    await mock("m");
    expect(await testBackendConnection(t.db, "m")).toMatchObject({ ok: true, summary: expect.stringContaining("nothing to test") });
  });
});
