import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DbOrTx } from "@/db/client";
import { auditLog, courses, creditRequirementStatuses, outbox, users } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { OutboxBatch, auditWrite, flushShapesBuilt } from "./journal";

const t = setupTestDatabase("test");
const NOW = new Date("2031-05-01T10:00:00.000Z");

function audit(db: DbOrTx, action: string, now = NOW) {
  const ctx = systemContext(db, "journal-test", now);
  return auditWrite(ctx, { action, entityType: "attempt", entityId: "1", courseKey: null, attemptId: 1, subjectUserId: null, fromStatus: "started", toStatus: "submitted", data: { n: 1 } });
}

describe("OutboxBatch.alongside", () => {
  it("writes the audit row with the outbox rows at the flush, and not before", async () => {
    const db = t.db;
    const ctx = systemContext(t.db, "journal-test", NOW);
    const batch = new OutboxBatch(ctx);
    batch.add("webhook.attempt_status", { attempt_id: 1, status: "submitted" });
    batch.add("webhook.credit_requirement", { user_id: 2, status: "submitted" });
    batch.alongside(audit(db, "attempt.submit"));
    expect(await db.select().from(auditLog)).toHaveLength(0);
    expect(await db.select().from(outbox)).toHaveLength(0);

    await batch.flush(db);
    const [row] = await db.select().from(auditLog).where(eq(auditLog.action, "attempt.submit"));
    expect(row).toMatchObject({ actorKind: "system", at: NOW, source: "system", fromStatus: "started", toStatus: "submitted", data: { n: 1 } });
    const messages = await db.select().from(outbox).orderBy(asc(outbox.id));
    expect(messages.map((m) => [m.topic, m.payload, m.nextAttemptAt])).toEqual([
      ["webhook.attempt_status", { attempt_id: 1, status: "submitted" }, NOW],
      ["webhook.credit_requirement", { user_id: 2, status: "submitted" }, NOW],
    ]);

    // Flushed once: a second flush writes nothing again.
    await batch.flush(db);
    expect(await db.select().from(auditLog)).toHaveLength(1);
    expect(await db.select().from(outbox)).toHaveLength(2);
  });

  it("still writes what rode along when there is no outbox row to send", async () => {
    const db = t.db;
    const batch = new OutboxBatch(systemContext(db, "journal-test", NOW));
    batch.alongside(audit(db, "attempt.first"));
    batch.alongside(audit(db, "attempt.second"));
    await batch.flush(db);
    expect((await db.select().from(auditLog).orderBy(asc(auditLog.id))).map((r) => r.action)).toEqual(["attempt.first", "attempt.second"]);
    expect(await db.select().from(outbox)).toHaveLength(0);
  });

  it("writes nothing of a transaction that rolls back after the flush", async () => {
    const db = t.db;
    await expect(
      db.transaction(async (tx) => {
        const batch = new OutboxBatch(systemContext(db, "journal-test", NOW));
        batch.add("webhook.attempt_status", { attempt_id: 3 });
        batch.alongside(audit(tx, "attempt.rolled_back"));
        await batch.flush(tx);
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    expect(await db.select().from(auditLog)).toHaveLength(0);
    expect(await db.select().from(outbox)).toHaveLength(0);
  });

  it("builds each shape once and writes each flush's own values, defaults included", async () => {
    const db = t.db;
    const later = new Date(NOW.getTime() + 60_000);
    const shapesBefore = flushShapesBuilt();
    for (const [i, at] of [NOW, later].entries()) {
      const batch = new OutboxBatch(systemContext(db, `journal-test-${i}`, at));
      batch.add("webhook.attempt_status", { attempt_id: 10 + i });
      batch.add("vendor.call", { attempt_id: 10 + i }, { maxTries: 3, delayMs: 5_000 });
      batch.alongside(audit(db, `attempt.step_${i}`, at));
      await batch.flush(db);
      // The first flush builds its shape (no other test makes this one); the second reuses it.
      expect(flushShapesBuilt()).toBe(shapesBefore + 1);
    }
    const audits = await db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(audits.map((r) => [r.action, r.at, r.requestId])).toEqual([
      ["attempt.step_0", NOW, audits[0]!.requestId],
      ["attempt.step_1", later, audits[1]!.requestId],
    ]);
    const messages = await db.select().from(outbox).orderBy(asc(outbox.id));
    expect(messages.map((m) => [m.topic, m.payload, m.nextAttemptAt, m.maxTries, m.state])).toEqual([
      ["webhook.attempt_status", { attempt_id: 10 }, NOW, 8, "pending"],
      ["vendor.call", { attempt_id: 10 }, new Date(NOW.getTime() + 5_000), 3, "pending"],
      ["webhook.attempt_status", { attempt_id: 11 }, later, 8, "pending"],
      ["vendor.call", { attempt_id: 11 }, new Date(later.getTime() + 5_000), 3, "pending"],
    ]);
  });

  it("sends an upsert along: inserted the first time, its set applied on conflict", async () => {
    const db = t.db;
    const [user] = await db.insert(users).values({ username: "journal-learner", email: "jl@example.com" }).returning();
    const [course] = await db.insert(courses).values({ courseKey: "course-v1:J+J+J", name: "Journal course" }).returning();
    const later = new Date(NOW.getTime() + 3_600_000);
    for (const [status, at] of [["submitted", NOW], ["satisfied", later]] as const) {
      const batch = new OutboxBatch(systemContext(db, "journal-test", at));
      batch.add("webhook.credit_requirement", { status });
      batch.alongside({
        table: creditRequirementStatuses,
        values: { userId: user!.id, courseId: course!.id, namespace: "proctored_exam", name: "block-v1:x", status, statusDate: at, source: "proctoring" },
        onConflict: {
          target: [creditRequirementStatuses.userId, creditRequirementStatuses.courseId, creditRequirementStatuses.namespace, creditRequirementStatuses.name],
          set: { status, statusDate: at, modified: at },
        },
      });
      await batch.flush(db);
    }
    const rows = await db.select().from(creditRequirementStatuses);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "satisfied", statusDate: later, modified: later, source: "proctoring" });
    expect((await db.select().from(outbox)).map((m) => m.payload)).toEqual([{ status: "submitted" }, { status: "satisfied" }]);
  });
});
