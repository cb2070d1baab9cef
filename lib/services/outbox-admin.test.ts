import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, outbox } from "@/db/schema";
import { listDeadMessages, readHealth } from "@/lib/queries/admin-health";
import { makeUser } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { discardDeadMessages, retryDeadMessages } from "./outbox-admin";

const t = setupTestDatabase("test");

async function message(state: "pending" | "dead" | "done", topic = "email.attempt_status", extra: Partial<typeof outbox.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(outbox)
    .values({ topic, payload: { attempt_id: 7, to: "learner@example.com" }, state, tries: state === "dead" ? 8 : 1, lastError: state === "dead" ? "SMTP said no" : null, ...extra })
    .returning();
  return row!;
}

describe("dead outbox messages", () => {
  it("retry puts only dead ones back to pending, due now with fresh tries, audited with the ids", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    const dead = await message("dead");
    const done = await message("done");
    const now = new Date("2026-05-01T10:00:00Z");
    expect(await retryDeadMessages(t.db, [dead.id, done.id], { actorUserId: admin.id }, now)).toBe(1);
    const rows = await t.db.select().from(outbox).where(inArray(outbox.id, [dead.id, done.id])).orderBy(outbox.id);
    expect(rows.map((r) => [r.state, r.tries])).toEqual([
      ["pending", 0],
      ["done", 1],
    ]);
    expect(rows[0]?.nextAttemptAt.toISOString()).toBe(now.toISOString());
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "outbox.retry"));
    expect(audit).toMatchObject({ actorUserId: admin.id, data: { ids: [dead.id], before: "dead", after: "pending" } });
    // Nothing dead in the list: nothing changes, nothing is audited.
    expect(await retryDeadMessages(t.db, [done.id], { actorUserId: admin.id })).toBe(0);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, "outbox.retry"))).length).toBe(1);
  });

  it("discard keeps the row as done with who discarded it; bad id lists are refused", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    const dead = await message("dead");
    expect(await discardDeadMessages(t.db, [dead.id], { actorUserId: admin.id, actorName: admin.username })).toBe(1);
    const [row] = await t.db.select().from(outbox).where(eq(outbox.id, dead.id));
    expect(row?.state).toBe("done");
    expect(row?.lastError).toContain(`discarded by ${admin.username}`);
    await expect(retryDeadMessages(t.db, [], { actorUserId: admin.id })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(retryDeadMessages(t.db, Array.from({ length: 501 }, (_, i) => i + 1), { actorUserId: admin.id })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("the health read counts waiting and dead by topic and vendor calls that needed a retry, and lists dead ones without payloads", async () => {
    const now = new Date();
    await message("pending", "email.attempt_status", { created: new Date(now.getTime() - 90_000) });
    await message("dead", "email.attempt_status");
    await message("done", "vendor.call", { payload: { backend: "rest-x" }, tries: 1 });
    await message("done", "vendor.call", { payload: { backend: "rest-x" }, tries: 3 });
    await message("dead", "webhook.attempt_status");
    const health = await readHealth(t.db, now);
    expect(health.outbox).toEqual([
      { topic: "email.attempt_status", pending: 1, dead: 1, oldestPendingSeconds: expect.any(Number) },
      { topic: "webhook.attempt_status", pending: 0, dead: 1, oldestPendingSeconds: null },
    ]);
    expect(health.outbox[0]!.oldestPendingSeconds).toBeGreaterThanOrEqual(89);
    expect(health.vendors).toEqual([{ backend: "rest-x", calls: 2, failed: 1, dead: 0, errorRate: 0.5 }]);
    expect(health.migrations.pending).toBe(0);
    const list = await listDeadMessages(t.db, {});
    expect(list.rows.map((r) => r.topic)).toEqual(["webhook.attempt_status", "email.attempt_status"]);
    expect(JSON.stringify(list)).not.toContain("learner@example.com");
    expect((await listDeadMessages(t.db, { topic: "webhook.attempt_status" })).rows).toHaveLength(1);
  });
});
