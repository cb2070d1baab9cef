/**
 * The admin console's backend actions: admins only (checked in each action, not only by the
 * layout), bad input answered next to the field with nothing changed, every change audited as the
 * admin, and no stored secret in any answer.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, backendConfigs, vendorClients } from "@/db/schema";
import { decryptBackendSecrets } from "@/lib/backends/registry";
import { makeUser } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";

const t = setupTestDatabase();
const session: { actor: { kind: "user"; userId: number; isAdmin: boolean } | null } = { actor: null };

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: () => undefined }));
vi.mock(import("@/db/client"), async (importOriginal) => ({ ...(await importOriginal()), getDb: async () => t.db }));
vi.mock("@/lib/auth/actor", () => ({ getSessionActor: async () => session.actor }));

const actions = await import("./actions");

const SECRET = "sup3r-s3cret-value";
let seq = 0;
const restForm = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: "rest",
  verboseName: "Vendor",
  enabled: true,
  settingsJson: JSON.stringify({ base_url: "https://vendor.example", client_id: "cid" }),
  secrets: [{ name: "client_secret", action: "replace", value: SECRET }],
  ...extra,
});

async function asAdmin() {
  const admin = await makeUser(t.db, { isAdmin: true });
  session.actor = { kind: "user", userId: admin.id, isAdmin: true };
  return admin;
}

describe("admin backend actions", () => {
  beforeEach(() => {
    session.actor = null;
    seq++;
  });

  it("an admin creates a REST backend: stored encrypted, answered without the secret, audited as the admin", async () => {
    const admin = await asAdmin();
    const name = `rest-${seq}`;
    const result = await actions.saveBackendAction(restForm(name), "create");
    expect(result).toEqual({ ok: true, name, created: true });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    const [row] = await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, name));
    expect(row?.secretsEncrypted).not.toContain(SECRET);
    expect(decryptBackendSecrets(row!.secretsEncrypted)).toEqual({ client_secret: SECRET });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(row!.id)));
    expect(audit).toMatchObject({ action: "backend_config.create", actorKind: "user", actorUserId: admin.id, source: "web" });
    expect(JSON.stringify(audit?.data)).not.toContain(SECRET);

    // Keeping the secret while changing the display name leaves it as it was.
    const kept = await actions.saveBackendAction(restForm(name, { verboseName: "Renamed", secrets: [{ name: "client_secret", action: "keep", value: "" }] }), "update");
    expect(kept).toMatchObject({ ok: true, created: false });
    const [after] = await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, name));
    expect(after?.verboseName).toBe("Renamed");
    expect(decryptBackendSecrets(after!.secretsEncrypted)).toEqual({ client_secret: SECRET });
  });

  it("bad input is answered next to the field and changes nothing", async () => {
    await asAdmin();
    const name = `bad-${seq}`;
    const cases: [Record<string, unknown>, string][] = [
      [restForm("Bad Name"), "name"],
      [restForm(name, { settingsJson: "{not json" }), "settingsJson"],
      [restForm(name, { settingsJson: JSON.stringify({ base_url: "ftp://x", client_id: "c" }) }), "settingsJson"],
      [restForm(name, { secrets: [{ name: "client_secret", action: "replace", value: "" }] }), "secrets.0.value"],
      [restForm(name, { secrets: [] }), "secrets"],
    ];
    for (const [values, field] of cases) {
      const result = await actions.saveBackendAction(values, "create");
      expect(result.ok, field).toBe(false);
      if (!result.ok) expect(Object.keys(result.fieldErrors), field).toContain(field);
    }
    expect(await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, name))).toEqual([]);
    // A second create of an existing name, or a change of kind, is refused at the field.
    await actions.saveBackendAction(restForm(name), "create");
    expect(await actions.saveBackendAction(restForm(name), "create")).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(/exists/) } });
    expect(await actions.saveBackendAction({ ...restForm(name), kind: "mock", secrets: [] }, "update")).toMatchObject({ ok: false, fieldErrors: { kind: expect.any(String) } });
  });

  it("default, disable, delete and connection test; a vendor client's secret is answered once", async () => {
    await asAdmin();
    const a = `a-${seq}`;
    const b = `b-${seq}`;
    for (const name of [a, b]) await actions.saveBackendAction({ name, kind: "mock", verboseName: name, enabled: true, settingsJson: "{}", secrets: [] }, "create");
    expect(await actions.setDefaultBackendAction(a)).toEqual({ ok: true });
    expect(await actions.setBackendEnabledAction(a, false)).toMatchObject({ ok: false, detail: expect.stringMatching(/default/) });
    expect(await actions.setBackendEnabledAction(b, false)).toEqual({ ok: true });
    expect(await actions.setDefaultBackendAction(b)).toMatchObject({ ok: false, detail: expect.stringMatching(/disabled/) });
    expect(await actions.deleteBackendAction(b)).toEqual({ ok: true });
    expect(await actions.testBackendConnectionAction(a)).toMatchObject({ ok: true, result: { ok: true } });
    const client = await actions.createVendorClientAction(a, { name: "Vendor's software" });
    if (!client.ok) throw new Error(client.detail);
    expect(client.clientSecret).toMatch(/^ivs_/);
    const [stored] = await t.db.select().from(vendorClients).where(eq(vendorClients.clientId, client.clientId));
    expect(JSON.stringify(stored)).not.toContain(client.clientSecret);
    expect(await actions.revokeVendorClientAction(client.clientId)).toEqual({ ok: true });
    expect(await actions.createVendorClientAction(a, { name: " " })).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String) } });
  });

  it("course staff, learners and signed-out visitors can do none of it", async () => {
    await asAdmin();
    const name = `kept-${seq}`;
    await actions.saveBackendAction(restForm(name), "create");
    const someone = await makeUser(t.db);
    const before = await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, name));
    for (const actor of [{ kind: "user" as const, userId: someone.id, isAdmin: false }, null]) {
      session.actor = actor;
      const refused = { ok: false, detail: expect.stringMatching(/administrators/) };
      expect(await actions.saveBackendAction(restForm(name, { verboseName: "Hijacked" }), "update")).toMatchObject(refused);
      expect(await actions.setDefaultBackendAction(name)).toMatchObject(refused);
      expect(await actions.setBackendEnabledAction(name, false)).toMatchObject(refused);
      expect(await actions.deleteBackendAction(name)).toMatchObject(refused);
      expect(await actions.testBackendConnectionAction(name)).toMatchObject(refused);
      expect(await actions.createVendorClientAction(name, { name: "x" })).toMatchObject(refused);
      expect(await actions.revokeVendorClientAction("0".repeat(32))).toMatchObject(refused);
    }
    expect(await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, name))).toEqual(before);
  });
});
