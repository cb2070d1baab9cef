/**
 * The admin console's token actions: admins only (checked again in the action, not only by the
 * layout), bad input answered next to the field with nothing created, every change audited as the
 * admin who made it, and the secret returned once and stored only as its hash.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { apiTokens, auditLog } from "@/db/schema";
import { makeUser } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { verifyApiToken } from "@/lib/services/tokens";

const t = setupTestDatabase();
const session: { actor: { kind: "user"; userId: number; isAdmin: boolean } | null } = { actor: null };

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: () => undefined }));
vi.mock(import("@/db/client"), async (importOriginal) => ({ ...(await importOriginal()), getDb: async () => t.db }));
vi.mock("@/lib/auth/actor", () => ({ getSessionActor: async () => session.actor }));

const { createTokenAction, revokeTokenAction } = await import("./actions");

const VALID = { name: "LMS sync", scopes: ["lms:sync"], backendName: "", expiresDays: "30" };

describe("admin token actions", () => {
  beforeEach(() => {
    session.actor = null;
  });

  it("an admin creates a token: the secret works, the row keeps only its hash, the audit names the admin", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    session.actor = { kind: "user", userId: admin.id, isAdmin: true };
    const before = Date.now();
    const result = await createTokenAction(VALID);
    if (!result.ok) throw new Error(result.detail);
    expect(result.token).toMatch(/^inv_/);
    const row = await verifyApiToken(t.db, result.token, new Date());
    expect(row?.name).toBe("LMS sync");
    expect(row?.scopes).toEqual(["lms:sync"]);
    expect(row?.createdById).toBe(admin.id);
    expect(row?.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(JSON.stringify(row)).not.toContain(result.token);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(row?.id)));
    expect(audit).toMatchObject({ action: "api_token.create", actorKind: "user", actorUserId: admin.id, source: "web" });
    expect(JSON.stringify(audit?.data)).not.toContain(result.token);
  });

  it("bad input is answered field by field and creates nothing", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    session.actor = { kind: "user", userId: admin.id, isAdmin: true };
    const count = (await t.db.select().from(apiTokens)).length;
    const result = await createTokenAction({ name: " ", scopes: ["vendor:callbacks", "root"], backendName: "", expiresDays: "0" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["expiresDays", "name", "scopes"]);
    const vendor = await createTokenAction({ name: "Vendor", scopes: ["vendor:callbacks"], backendName: "", expiresDays: "" });
    expect(vendor.ok ? null : vendor.fieldErrors.backendName).toMatch(/backend/);
    expect((await t.db.select().from(apiTokens)).length).toBe(count);
  });

  it("course staff, learners and signed-out visitors can neither create nor revoke", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    session.actor = { kind: "user", userId: admin.id, isAdmin: true };
    const created = await createTokenAction(VALID);
    if (!created.ok) throw new Error(created.detail);
    const id = (await verifyApiToken(t.db, created.token, new Date()))!.id;
    const count = (await t.db.select().from(apiTokens)).length;
    const someone = await makeUser(t.db);
    for (const actor of [{ kind: "user" as const, userId: someone.id, isAdmin: false }, null]) {
      session.actor = actor;
      expect(await createTokenAction(VALID)).toMatchObject({ ok: false, detail: expect.stringMatching(/administrators/) });
      expect(await revokeTokenAction(id)).toMatchObject({ ok: false, detail: expect.stringMatching(/administrators/) });
    }
    expect((await t.db.select().from(apiTokens)).length).toBe(count);
    expect(await verifyApiToken(t.db, created.token, new Date())).not.toBeNull();
  });

  it("an admin revokes a token: it stops working, and the revocation is audited as that admin", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    session.actor = { kind: "user", userId: admin.id, isAdmin: true };
    const created = await createTokenAction(VALID);
    if (!created.ok) throw new Error(created.detail);
    const id = (await verifyApiToken(t.db, created.token, new Date()))!.id;
    expect(await revokeTokenAction(id)).toEqual({ ok: true });
    expect(await verifyApiToken(t.db, created.token, new Date())).toBeNull();
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(id)));
    expect(audits.find((a) => a.action === "api_token.revoke")).toMatchObject({ actorKind: "user", actorUserId: admin.id, source: "web" });
    expect(await revokeTokenAction(999_999)).toEqual({ ok: false, detail: "No such token." });
    expect(await revokeTokenAction("1")).toEqual({ ok: false, detail: "No such token." });
  });
});
