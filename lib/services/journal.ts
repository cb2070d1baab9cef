import { getTableName, type Column, type InferInsertModel, type Table } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sendWithCommit } from "@/db/own-transactions";
import { auditLog, outbox, type NewAuditLogEntry } from "@/db/schema";
import { ShapedStatements, builtStatement, columnPlaceholders, definedValues, encodeColumnValues } from "@/lib/data/built-statement";
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

/** The INSERT of recordAudit. */
export function auditInsert(tx: DbOrTx, ctx: ServiceContext, entry: AuditInput) {
  return tx.insert(auditLog).values(auditRow(ctx, entry));
}

/**
 * Another write of a change, sent in the statement of its outbox rows (OutboxBatch.alongside):
 * one row into `table`, or, with `onConflict`, an upsert that sets `onConflict.set` on the row the
 * target's unique index finds. Described rather than built, so the statement is built once per
 * shape (lib/data/built-statement.ts) and only the values travel each time.
 */
export interface AlongsideWrite<T extends Table = Table> {
  table: T;
  values: InferInsertModel<T>;
  onConflict?: { target: Column[]; set: Partial<InferInsertModel<T>> };
}

/** recordAudit's row as an alongside write. */
export function auditWrite(ctx: ServiceContext, entry: AuditInput): AlongsideWrite<typeof auditLog> {
  return { table: auditLog, values: auditRow(ctx, entry) };
}

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
  private writes: AlongsideWrite[] = [];

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
  alongside<T extends Table>(write: AlongsideWrite<T>): void {
    this.writes.push(write as unknown as AlongsideWrite);
  }

  /**
   * The transaction's last flush: on PostgreSQL its one statement leaves with the COMMIT instead
   * of a round trip of its own (db/own-transactions.ts `sendWithCommit`, decision 058); its
   * failure fails the transaction. Statements after it still see its rows.
   */
  async flushWithCommit(tx: DbOrTx): Promise<void> {
    if (this.rows.length === 0) return this.flush(tx);
    await sendWithCommit(tx, () => this.flush(tx));
  }

  /** Writes what was added since the last flush, in the caller's transaction. */
  async flush(tx: DbOrTx): Promise<void> {
    const writes = this.writes.map(givenColumns);
    const rows = this.rows.map(definedValues);
    this.rows = [];
    this.writes = [];
    if (rows.length === 0) {
      for (const write of writes) await runFlush(tx, [write], []);
      return;
    }
    await runFlush(tx, writes, rows);
  }
}

/** An alongside write with only the columns given (a column left out takes its default). */
interface GivenWrite {
  table: Table;
  values: Record<string, unknown>;
  conflict: { target: Column[]; set: Record<string, unknown> } | null;
}

function givenColumns(write: AlongsideWrite): GivenWrite {
  return {
    table: write.table,
    values: definedValues(write.values),
    conflict: write.onConflict ? { target: write.onConflict.target, set: definedValues(write.onConflict.set) } : null,
  };
}

/**
 * Runs the flush's statement for its shape (which tables the alongside writes go to, with which
 * columns, and how many outbox rows with which columns), built once per shape and prepared. A
 * transition's flush has a handful of shapes (its audit row, a credit upsert or not, two to five
 * messages); drizzle had spent about a fifth of a millisecond building it on every submit
 * (decision 055). Placeholders are named by position: `w<i>_` for a write's values, `w<i>_set_`
 * for its upsert's set, `o<r>_` for an outbox row.
 */
function runFlush(tx: DbOrTx, writes: readonly GivenWrite[], rows: readonly Record<string, unknown>[]) {
  const writeShapes = writes.map((w) => ({
    table: w.table,
    keys: Object.keys(w.values),
    conflict: w.conflict ? { target: w.conflict.target, setKeys: Object.keys(w.conflict.set) } : null,
  }));
  const rowKeys = rows.map((row) => Object.keys(row));
  const shape = JSON.stringify([
    writeShapes.map((w) => [getTableName(w.table), w.keys, w.conflict ? [w.conflict.target.map((c) => c.name), w.conflict.setKeys] : null]),
    rowKeys,
  ]);
  const statement = flushStatements.get(shape, () =>
    builtStatement<Record<string, unknown>, never>(
      "invigil_outbox_flush",
      (db) => {
        const write = (w: (typeof writeShapes)[number], prefix: string) => {
          const insert = db.insert(w.table as never).values(columnPlaceholders(w.keys, prefix) as never);
          return w.conflict ? insert.onConflictDoUpdate({ target: w.conflict.target as never, set: columnPlaceholders(w.conflict.setKeys, `${prefix}set_`) as never }) : insert;
        };
        // Nothing for the outbox: the (single) write is the statement.
        if (rowKeys.length === 0) return write(writeShapes[0]!, "w0_");
        const clauses = writeShapes.map((w, i) => db.$with(`write_${i}`).as(write(w, `w${i}_`)));
        return (clauses.length > 0 ? db.with(...clauses) : db).insert(outbox).values(rowKeys.map((keys, r) => columnPlaceholders(keys, `o${r}_`)) as never);
      },
      () => undefined as never,
    ),
  );
  const params: Record<string, unknown> = {};
  writes.forEach((w, i) => {
    encodeColumnValues(w.table, w.values, `w${i}_`, params);
    if (w.conflict) encodeColumnValues(w.table, w.conflict.set, `w${i}_set_`, params);
  });
  rows.forEach((row, r) => encodeColumnValues(outbox, row, `o${r}_`, params));
  return statement(tx, params);
}

/** Shapes kept: far more than the transitions make (a bound, in case a caller's writes vary). */
const flushStatements = new ShapedStatements<ReturnType<typeof builtStatement<Record<string, unknown>, never>>>(64);

/** How many flush shapes are built and kept (tests: the same shape twice is built once). */
export function flushShapesBuilt(): number {
  return flushStatements.size;
}
