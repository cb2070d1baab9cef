import type { TypedQueryBuilder } from "drizzle-orm/query-builders/query-builder";
import type { DbOrTx } from "@/db/client";
import { auditLog, outbox, type NewAuditLogEntry } from "@/db/schema";
import { isOutboxTopic, type OutboxTopic } from "@/lib/jobs/topics";
import type { ServiceContext } from "@/lib/data/context";

/** An audit entry as a change describes it: who, when and the request come from the context. */
export type AuditInput = Omit<NewAuditLogEntry, "id" | "at" | "actorKind" | "actorUserId" | "actorTokenId" | "actorVendorClientId" | "source" | "requestId">;

/** Who did it, as the audit log records it. */
export function actorColumns(ctx: ServiceContext) {
  const p = ctx.principal;
  return {
    actorKind: p.kind === "user" ? ("user" as const) : p.kind === "service" ? (p.backendName ? ("vendor" as const) : ("service" as const)) : ("system" as const),
    actorUserId: p.kind === "user" ? p.userId : null,
    actorTokenId: p.kind === "service" ? p.tokenId : null,
    actorVendorClientId: p.kind === "service" ? (p.vendorClientId ?? null) : null,
  };
}

/** Appends one audit row in the caller's transaction (architecture rule 6). */
export async function recordAudit(tx: DbOrTx, ctx: ServiceContext, entry: AuditInput): Promise<void> {
  await auditInsert(tx, ctx, entry);
}

/** The audit row of an entry, as recordAudit writes it (also for writes of many rows at once). */
export function auditRow(ctx: ServiceContext, entry: AuditInput): NewAuditLogEntry {
  return {
    ...entry,
    ...actorColumns(ctx),
    at: ctx.now,
    source: ctx.source,
    requestId: ctx.requestId,
  };
}

/**
 * The INSERT of recordAudit, not yet sent: to await alone, or to hand to OutboxBatch.alongside so
 * the audit row goes in the same statement as the change's outbox rows.
 */
export function auditInsert(tx: DbOrTx, ctx: ServiceContext, entry: AuditInput) {
  return tx.insert(auditLog).values(auditRow(ctx, entry));
}

/** An INSERT (or upsert) built on the caller's transaction and not yet sent, without RETURNING. */
export type PendingWrite = TypedQueryBuilder<undefined> & PromiseLike<unknown>;

type OutboxRow = typeof outbox.$inferInsert;
type EnqueueOptions = { delayMs?: number; maxTries?: number };

/** The outbox row of one message, as enqueue and OutboxBatch write it. */
export function outboxRow(ctx: ServiceContext, topic: OutboxTopic, payload: Record<string, unknown>, options: EnqueueOptions = {}): OutboxRow {
  // The type already says so; this catches topics built at run time (a backend's follow-ups), which
  // would otherwise be written, claimed and dead-lettered with "no handler" long after the change.
  if (!isOutboxTopic(topic)) throw new Error(`unknown outbox topic '${String(topic)}'`);
  return {
    topic,
    payload,
    nextAttemptAt: new Date(ctx.now.getTime() + (options.delayMs ?? 0)),
    requestId: ctx.requestId,
    ...(options.maxTries ? { maxTries: options.maxTries } : {}),
  };
}

/**
 * Puts a side effect in the outbox in the caller's transaction (architecture rule 5): it is
 * delivered after commit, with retries, and is lost only if the change itself is rolled back.
 */
export async function enqueue(
  tx: DbOrTx,
  ctx: ServiceContext,
  topic: OutboxTopic,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<void> {
  await tx.insert(outbox).values(outboxRow(ctx, topic, payload, options));
}

/**
 * Side effects gathered by one change and written together, in the order they were added (one
 * INSERT instead of one per message: a submission leaves four or five).
 */
export class OutboxBatch {
  private rows: OutboxRow[] = [];
  private writes: PendingWrite[] = [];

  constructor(private readonly ctx: ServiceContext) {}

  add(topic: OutboxTopic, payload: Record<string, unknown>, options: EnqueueOptions = {}): void {
    this.rows.push(outboxRow(this.ctx, topic, payload, options));
  }

  /**
   * Another write of the same change (its audit row, a credit status upsert) to send with the
   * next flush, as a WITH clause of the outbox INSERT: one round trip instead of one each. The
   * writes must touch other tables than each other (PostgreSQL runs the clauses of one statement
   * on one snapshot, in no set order) and nothing may read their rows before the flush.
   */
  alongside(write: PendingWrite): void {
    this.writes.push(write);
  }

  /** Writes what was added since the last flush, in the caller's transaction. */
  async flush(tx: DbOrTx): Promise<void> {
    const rows = this.rows;
    const writes = this.writes;
    this.rows = [];
    this.writes = [];
    if (rows.length === 0) {
      for (const write of writes) await write;
      return;
    }
    if (writes.length === 0) {
      await tx.insert(outbox).values(rows);
      return;
    }
    await tx.with(...writes.map((write, i) => tx.$with(`write_${i}`).as(write))).insert(outbox).values(rows);
  }
}
