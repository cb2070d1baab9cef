/**
 * The admin console's webhook actions: admins only (checked again in the action, not only by the
 * layout), bad input answered next to the field with nothing created, the secret returned once and
 * never audited, every change audited as the admin who made it.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { makeUser } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";

const t = setupTestDatabase();
const session: { actor: { kind: "user"; userId: number; isAdmin: boolean } | null } = { actor: null };

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: () => undefined }));
vi.mock(import("@/db/client"), async (importOriginal) => ({ ...(await importOriginal()), getDb: async () => t.db }));
vi.mock("@/lib/auth/actor", () => ({ getSessionActor: async () => session.actor }));

const actions = await import("./actions");

async function signInAdmin() {
  const admin = await makeUser(t.db, { isAdmin: true });
  session.actor = { kind: "user", userId: admin.id, isAdmin: true };
  return admin;
}

describe("admin webhook actions", () => {
  beforeEach(() => {
    session.actor = null;
  });

  it("an admin adds an endpoint: the secret comes back once, is stored encrypted, and the audit names the admin without it", async () => {
    const admin = await signInAdmin();
    const result = await actions.createWebhookAction({ url: "https://lms.example.edu/invigil", events: ["credit_requirement"] });
    if (!result.ok) throw new Error(result.detail);
    const [row] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, "https://lms.example.edu/invigil"));
    expect(row).toMatchObject({ events: ["credit_requirement"], enabled: true });
    expect(decryptSecret(row!.secretEncrypted!)).toBe(result.secret);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(row!.id)));
    expect(audit).toMatchObject({ action: "webhook_endpoint.create", actorKind: "user", actorUserId: admin.id, source: "web" });
    expect(JSON.stringify(audit)).not.toContain(result.secret);
  });

  it("bad input is answered field by field and creates nothing", async () => {
    await signInAdmin();
    const before = (await t.db.select().from(webhookEndpoints)).length;
    const result = await actions.createWebhookAction({ url: "javascript:alert(1)", events: ["everything"] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["events", "url"]);
    expect((await t.db.select().from(webhookEndpoints)).length).toBe(before);
  });

  it("course staff, learners and anonymous callers get no change from any action", async () => {
    await signInAdmin();
    const created = await actions.createWebhookAction({ url: "https://lms.example.edu/staff-test", events: [] });
    if (!created.ok) throw new Error(created.detail);
    const [row] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, "https://lms.example.edu/staff-test"));
    const id = row!.id;
    const audits = (await t.db.select().from(auditLog)).length;
    const messages = (await t.db.select().from(outbox)).length;

    for (const actor of [null, { kind: "user" as const, userId: (await makeUser(t.db)).id, isAdmin: false }]) {
      session.actor = actor;
      const answers = [
        await actions.createWebhookAction({ url: "https://evil.example/hook", events: [] }),
        await actions.rotateWebhookSecretAction(id),
        await actions.setWebhookEnabledAction(id, false),
        await actions.sendWebhookTestAction(id),
        await actions.replayWebhookDeliveryAction(1),
        await actions.deleteWebhookAction(id),
      ];
      for (const answer of answers) expect(answer).toMatchObject({ ok: false, detail: "Only site administrators manage webhooks." });
    }
    const [after] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(after).toEqual(row);
    expect((await t.db.select().from(auditLog)).length).toBe(audits);
    expect((await t.db.select().from(outbox)).length).toBe(messages);
  });

  it("an admin disables, sends a test, replays, rotates and deletes; an unknown id is refused in words", async () => {
    await signInAdmin();
    const created = await actions.createWebhookAction({ url: "https://lms.example.edu/verbs", events: [] });
    if (!created.ok) throw new Error(created.detail);
    const [row] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, "https://lms.example.edu/verbs"));
    const id = row!.id;
    expect(await actions.setWebhookEnabledAction(id, false)).toEqual({ ok: true });
    expect(await actions.sendWebhookTestAction(id)).toEqual({ ok: true });
    const [delivery] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
    expect(delivery).toMatchObject({ event: "ping", state: "pending" });
    expect(await actions.replayWebhookDeliveryAction(delivery!.id)).toEqual({ ok: true });
    const rotated = await actions.rotateWebhookSecretAction(id);
    expect(rotated.ok && rotated.secret).not.toBe(created.secret);
    expect(await actions.deleteWebhookAction(id)).toEqual({ ok: true });
    expect(await actions.deleteWebhookAction(id)).toEqual({ ok: false, detail: "No such webhook endpoint." });
    expect(await actions.replayWebhookDeliveryAction("1; drop table")).toEqual({ ok: false, detail: "No such webhook delivery." });
    const actionsDone = (await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(id)))).map((a) => a.action);
    expect(actionsDone).toEqual(
      expect.arrayContaining(["webhook_endpoint.disable", "webhook_endpoint.send_test", "webhook_endpoint.rotate_secret", "webhook_endpoint.delete"]),
    );
  });
});
