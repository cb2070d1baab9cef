import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, backendConfigs } from "@/db/schema";
import { getBackendByName } from "@/lib/backends/registry";
import { setupTestDatabase } from "@/lib/testing/db";
import { configureBackend } from "./backend-configs";

const t = setupTestDatabase();

describe("configureBackend", () => {
  it("creates, then updates by name, never as the default; the registry uses the new settings", async () => {
    const first = await configureBackend(t.db, { name: "mock-fast", kind: "mock", verboseName: "Fast mock", settings: { ping_interval: 4 } }, { actorKind: "cli", source: "cli" });
    expect(first.created).toBe(true);
    expect(first.row).toMatchObject({ name: "mock-fast", kind: "mock", isDefault: false, settings: { ping_interval: 4 } });
    expect((await getBackendByName(t.db, "mock-fast")).pingInterval).toBe(4);

    const second = await configureBackend(t.db, { name: "mock-fast", kind: "mock", verboseName: "Fast mock", settings: { ping_interval: 9 } });
    expect(second).toMatchObject({ created: false, row: { id: first.row.id } });
    expect((await getBackendByName(t.db, "mock-fast")).pingInterval).toBe(9);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityType, "backend_config"));
    expect(audit.map((a) => [a.action, a.data])).toEqual([
      ["backend_config.create", { name: "mock-fast", kind: "mock", settings: ["ping_interval"], enabled: true }],
      ["backend_config.update", { name: "mock-fast", kind: "mock", settings: ["ping_interval"], enabled: true }],
    ]);
  });

  it("refuses bad input and writes nothing", async () => {
    for (const input of [
      { name: "Has Spaces", kind: "mock", verboseName: "x" },
      { name: "ok", kind: "proctortrack", verboseName: "x" },
      { name: "ok", kind: "mock", verboseName: "  " },
      { name: "ok", kind: "mock", verboseName: "x", settings: "ping=4" },
    ]) {
      await expect(configureBackend(t.db, input as never)).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect(await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, "ok"))).toEqual([]);
  });
});

describe("configureBackend: rest backends and their secrets", () => {
  const SECRET = "the-client-secret-42";
  const rest = (extra: Partial<Parameters<typeof configureBackend>[1]> = {}) =>
    configureBackend(t.db, {
      name: "vendor-rest",
      kind: "rest",
      verboseName: "Vendor",
      settings: { base_url: "https://vendor.example/", client_id: "abc" },
      ...extra,
    });

  it("stores the secret encrypted, builds the backend from it, and audits only the secret's name", async () => {
    const { row } = await rest({ secrets: { client_secret: SECRET } });
    expect(row.secretsEncrypted).toMatch(/^v1:/);
    expect(row.secretsEncrypted).not.toContain(SECRET);
    expect(row.settings).toEqual({ base_url: "https://vendor.example", client_id: "abc" });
    const backend = await getBackendByName(t.db, "vendor-rest");
    expect(backend.kind).toBe("rest");
    const url = await backend.getInstructorUrl({ courseKey: "c", user: { id: "u", fullName: "", email: "" } });
    expect(url).toMatch(/^https:\/\/vendor\.example\/api\/v1\/instructor\/abc\/\?jwt=/);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(row.id)));
    expect(audit.at(-1)!.data).toEqual({ name: "vendor-rest", kind: "rest", settings: ["base_url", "client_id"], enabled: true, secrets_changed: ["client_secret"] });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("keeps a stored secret when an update sends none, and refuses to clear a required one", async () => {
    const before = (await rest({ secrets: { client_secret: SECRET } })).row;
    const kept = (await rest({ verboseName: "Vendor 2" })).row;
    expect(kept.secretsEncrypted).toBe(before.secretsEncrypted);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(kept.id)));
    expect(audit.at(-1)!.data).not.toHaveProperty("secrets_changed");
    await expect(rest({ secrets: { client_secret: null } })).rejects.toMatchObject({
      code: "VALIDATION",
      detail: "Invalid backend configuration: secrets: a rest backend needs client_secret",
    });
    const replaced = (await rest({ secrets: { client_secret: "another-one" } })).row;
    expect(replaced.secretsEncrypted).not.toBe(before.secretsEncrypted);
  });

  it("validates settings per kind with plain messages, and refuses secrets a kind does not take", async () => {
    await t.db.delete(backendConfigs).where(eq(backendConfigs.name, "vendor-new"));
    const cases: [Record<string, unknown>, Record<string, string | null>, string][] = [
      [{ client_id: "abc" }, { client_secret: SECRET }, "settings: base_url must be a URL"],
      [{ base_url: "file:///etc/passwd", client_id: "abc" }, { client_secret: SECRET }, "settings: base_url must be an http(s) URL without a user name or password"],
      [{ base_url: "https://v.example", client_id: "abc", base_uri: "x" }, { client_secret: SECRET }, "settings: unknown setting(s): base_uri"],
      [{ base_url: "https://v.example", client_id: "abc" }, {}, "secrets: a rest backend needs client_secret"],
      [{ base_url: "https://v.example", client_id: "abc" }, { client_secret: SECRET, api_key: "k" }, "secrets: a rest backend has no secret named api_key; it takes: client_secret"],
    ];
    for (const [settings, secrets, message] of cases) {
      const error = await configureBackend(t.db, { name: "vendor-new", kind: "rest", verboseName: "V", settings, secrets }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "VALIDATION", detail: `Invalid backend configuration: ${message}` });
      expect(String((error as Error).message)).not.toContain(SECRET);
    }
    await expect(configureBackend(t.db, { name: "mock-secret", kind: "mock", verboseName: "M", secrets: { client_secret: "x" } })).rejects.toMatchObject({
      detail: "Invalid backend configuration: secrets: a mock backend has no secret named client_secret",
    });
    expect(await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, "vendor-new"))).toEqual([]);
  });

  it("serves a backend whose secrets no longer decrypt as one that fails every vendor call plainly", async () => {
    await rest({ secrets: { client_secret: SECRET } });
    await t.db.update(backendConfigs).set({ secretsEncrypted: "v1:AAAA:BBBB:CCCC" }).where(eq(backendConfigs.name, "vendor-rest"));
    const backend = await getBackendByName(t.db, "vendor-rest");
    await expect(backend.retireUser("u")).rejects.toThrow("Backend 'vendor-rest' is misconfigured: its secrets cannot be decrypted (INVIGIL_SECRET_KEY changed?)");
    // Sending the secret again repairs it.
    await rest({ secrets: { client_secret: SECRET } });
    expect((await getBackendByName(t.db, "vendor-rest")).hasDashboard).toBe(true);
  });
});
