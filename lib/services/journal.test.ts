import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DbOrTx } from "@/db/client";
import { auditLog, outbox } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { OutboxBatch, auditInsert } from "./journal";

const t = setupTestDatabase("test");
const NOW = new Date("2031-05-01T10:00:00.000Z");

function audit(db: DbOrTx, action: string) {
  const ctx = systemContext(t.db, "journal-test", NOW);
  return auditInsert(db, ctx, { action, entityType: "attempt", entityId: "1", courseKey: null, attemptId: 1, subjectUserId: null, fromStatus: "started", toStatus: "submitted", data: { n: 1 } });
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
});
