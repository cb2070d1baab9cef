import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, outbox } from "@/db/schema";
import { ServiceError } from "@/lib/domain/errors";

/**
 * An admin's hand on dead outbox messages: retry (back to pending, its tries counted afresh, due
 * now) or discard (kept as done, with who discarded it in last_error, so the record stays). Only
 * dead messages change; ids that are not dead any more are skipped, and the count says how many
 * changed. One audit row per call with the ids.
 */

export const MAX_MESSAGES_PER_ACTION = 500;

interface Meta {
  actorUserId: number;
  requestId?: string | null;
}

function checkIds(ids: readonly number[]): number[] {
  const clean = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (clean.length === 0) throw new ServiceError("VALIDATION", "Choose at least one message.");
  if (clean.length > MAX_MESSAGES_PER_ACTION) throw new ServiceError("VALIDATION", `At most ${MAX_MESSAGES_PER_ACTION} messages at a time.`);
  return clean;
}

export async function retryDeadMessages(db: Db, ids: readonly number[], meta: Meta, now: Date = new Date()): Promise<number> {
  const list = checkIds(ids);
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(outbox)
      .set({ state: "pending", tries: 0, nextAttemptAt: now, lockedUntil: null, modified: now })
      .where(and(inArray(outbox.id, list), eq(outbox.state, "dead")))
      .returning({ id: outbox.id, topic: outbox.topic });
    if (changed.length > 0) {
      await tx.insert(auditLog).values({
        actorKind: "user",
        actorUserId: meta.actorUserId,
        action: "outbox.retry",
        entityType: "outbox",
        entityId: String(changed[0]!.id),
        source: "web",
        requestId: meta.requestId ?? null,
        data: { ids: changed.map((c) => c.id).sort((a, b) => a - b), topics: [...new Set(changed.map((c) => c.topic))].sort(), before: "dead", after: "pending" },
      });
    }
    return changed.length;
  });
}

export async function discardDeadMessages(db: Db, ids: readonly number[], meta: Meta & { actorName: string }, now: Date = new Date()): Promise<number> {
  const list = checkIds(ids);
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(outbox)
      .set({ state: "done", lockedUntil: null, modified: now, lastError: `discarded by ${meta.actorName.slice(0, 150)} at ${now.toISOString()}` })
      .where(and(inArray(outbox.id, list), eq(outbox.state, "dead")))
      .returning({ id: outbox.id, topic: outbox.topic });
    if (changed.length > 0) {
      await tx.insert(auditLog).values({
        actorKind: "user",
        actorUserId: meta.actorUserId,
        action: "outbox.discard",
        entityType: "outbox",
        entityId: String(changed[0]!.id),
        source: "web",
        requestId: meta.requestId ?? null,
        data: { ids: changed.map((c) => c.id).sort((a, b) => a - b), topics: [...new Set(changed.map((c) => c.topic))].sort(), before: "dead", after: "discarded" },
      });
    }
    return changed.length;
  });
}
