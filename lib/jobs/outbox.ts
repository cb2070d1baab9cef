import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox, type OutboxMessage } from "@/db/schema";
import { APP_DELIVERY_PLAN, OUTBOX_CONCURRENCY, type DeliveryPlan } from "./delivery-plan";
import type { LoopShare } from "./share";

/**
 * The outbox worker (architecture rule 5): delivers the side effects that service verbs wrote
 * in their transaction, after commit, with retries. It only ever writes outbox rows: a failing
 * e-mail, vendor or webhook never undoes or blocks the transition that caused it.
 */

export interface HandlerContext {
  db: Db;
  /** The instant this run started; handlers use it instead of the clock. */
  now: Date;
  /** The message being delivered (its id is a stable delivery id for receivers). */
  message: OutboxMessage;
  /** What the deliveries of one claimed batch share (decision 051). */
  batch: OutboxBatchContext;
}

/**
 * Shared by every delivery of one claimed batch: a handler reads what all the batch's messages of
 * its topic need in a few set-based statements, once, instead of a few statements per message
 * (decision 051). Loaded on first use, so a batch without e-mails never reads for e-mails.
 */
export class OutboxBatchContext {
  private readonly loads = new Map<string, Promise<unknown>>();

  constructor(
    /** Every message of the batch, in id order. */
    readonly messages: readonly OutboxMessage[],
  ) {}

  /**
   * The value of `load` for this batch: the first caller starts it and the others share it. A
   * failed load is not kept, so the next message of the batch tries again (one failure costs
   * at most the messages that were waiting for it, and they are retried like any failure).
   */
  once<T>(key: string, load: () => PromiseLike<T>): Promise<T> {
    const found = this.loads.get(key);
    if (found) return found as Promise<T>;
    // A real promise of the result: a query builder is a thenable that runs its query again each
    // time it is awaited, so it must be awaited once, here, and the result kept.
    const value = Promise.resolve().then(load);
    this.loads.set(key, value);
    value.catch(() => {
      if (this.loads.get(key) === value) this.loads.delete(key);
    });
    return value;
  }

  private readonly queued = new Map<string, { rows: unknown[]; write: (rows: unknown[]) => Promise<void> }>();

  /**
   * Queues a row for a grouped write of its `kind` (e.g. the outcome of one webhook request):
   * the worker writes every queued row of a kind in one call of `write`, before it settles the
   * messages delivered meanwhile, so a message is never settled before what its delivery queued.
   * If that write fails, nothing more of the batch is settled: the leases run out and the
   * messages are delivered again (at least once, decision 047).
   */
  later<T>(kind: string, row: T, write: (rows: T[]) => Promise<void>): void {
    let group = this.queued.get(kind);
    if (!group) {
      group = { rows: [], write: write as (rows: unknown[]) => Promise<void> };
      this.queued.set(kind, group);
    }
    group.rows.push(row);
  }

  /** Writes what was queued so far, one call per kind (the worker, before each settle). */
  async writeQueued(): Promise<void> {
    const groups = [...this.queued.values()];
    this.queued.clear();
    for (const group of groups) await group.write(group.rows);
  }
}

/**
 * What a handler may report besides success: `note` is kept in last_error of a message marked
 * done (e.g. "skipped: SMTP not configured"), so an operator can see why nothing was sent.
 */
export type HandlerResult = void | { note: string };

export type OutboxHandler = (payload: Record<string, unknown>, ctx: HandlerContext) => Promise<HandlerResult>;

export type OutboxHandlers = Readonly<Record<string, OutboxHandler>>;

/** Thrown by a handler for a message that can never succeed (bad payload): dead at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export interface RunOutboxOptions {
  /** Messages claimed per run. */
  batch?: number;
  /**
   * How long a claim keeps other instances away. Longer than any handler may take (webhooks
   * time out after 10 s); a worker that dies mid-batch delays its messages by this much.
   */
  leaseMs?: number;
  /** A handler still running after this long counts as failed (and is retried later). */
  handlerTimeoutMs?: number;
  /** For tests: the jitter source of the backoff. */
  random?: () => number;
  /** Which messages go in order and how many deliveries each receiver gets at once. */
  plan?: DeliveryPlan;
  /** Deliveries in flight at once, all receivers together. */
  concurrency?: number;
  /**
   * Lowers `concurrency` while the event loop makes requests wait (decision 051); the worker's
   * loop passes the instance's. Without it, `concurrency` alone bounds the run.
   */
  share?: LoopShare | null;
}

export interface RunOutboxResult {
  claimed: number;
  done: number;
  retried: number;
  dead: number;
  /** Claimed but handed back unprocessed because the batch ran close to its lease. */
  released: number;
}

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 60 * 60 * 1000;
const DEFAULT_LEASE_MS = 5 * 60 * 1000;
const DEFAULT_HANDLER_TIMEOUT_MS = 60_000;
const MAX_ERROR_LENGTH = 500;

/**
 * Delay before try number `tries + 1`, after `tries` failures (tries >= 1): 5 s x 2^(tries-1)
 * with +-20 % jitter, capped at one hour. The jitter keeps messages that failed together (an
 * endpoint that was down) from all coming back in the same second.
 */
export function backoffDelayMs(tries: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(tries - 1, 30));
  const base = Math.min(BACKOFF_BASE_MS * 2 ** exponent, BACKOFF_CAP_MS);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(jittered, BACKOFF_CAP_MS));
}

/**
 * An error as it may be stored: one line, short, and without credentials. Handlers write their
 * own messages without URLs or secrets; this is the second line of defence for what libraries
 * throw (a fetch error quoting a URL with a password, an SMTP client echoing an AUTH line).
 */
export function safeErrorMessage(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? ` (${(cause as { code?: string }).code ?? cause.message})` : "";
    text = `${error.name === "Error" ? "" : `${error.name}: `}${error.message}${causeText}`;
  } else {
    text = String(error);
  }
  text = text
    .replace(/\s+/g, " ")
    // user:password@ in any URL.
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, "$1***@")
    // Query parameters and header-like fields that carry credentials.
    .replace(/((?:token|secret|password|passwd|pass|key|signature|sig|auth|authorization|apikey|api_key|access_token)=)[^&\s]+/gi, "$1***")
    .replace(/\b(Bearer|Basic)\s+\S+/gi, "$1 ***")
    // Long opaque strings (keys, tokens, base64 blobs) whatever their label.
    .replace(/[A-Za-z0-9+/=_]{40,}/g, "***")
    .trim();
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Claims up to `batch` due messages. One statement, so it is atomic on a single PGlite
 * connection, and FOR UPDATE SKIP LOCKED makes concurrent claims on Postgres (several app
 * instances) take disjoint rows without waiting on each other; a row claimed and committed by
 * another instance is excluded by its live lease.
 */
async function claim(db: Db, now: Date, batch: number, lease: Date): Promise<OutboxMessage[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        // A literal, not a parameter: the partial index on pending rows is usable by any plan
        // of this (prepared) statement, whatever the plan cache does (decision 054).
        sql`${outbox.state} = 'pending'`,
        lte(outbox.nextAttemptAt, now),
        or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(batch)
    .for("update", { skipLocked: true });
  const rows = await db.update(outbox).set({ lockedUntil: lease }).where(inArray(outbox.id, due)).returning();
  return rows.sort((a, b) => a.id - b.id);
}

/** What became of one message: the row's new values. */
export interface Settlement {
  id: number;
  state: "done" | "pending" | "dead";
  tries: number;
  /** When a retried message is due again; null keeps the row's. */
  nextAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/**
 * Writes many outcomes in one statement. Only the holder of the current lease may settle a
 * message: a row another worker took over (its lease ran out and it was claimed again) or an
 * operator changed since is left alone, as with one UPDATE per message. Returns the ids settled.
 */
export async function settleMessages(db: Db, settlements: readonly Settlement[], lease: Date): Promise<number[]> {
  if (settlements.length === 0) return [];
  const rows = settlements.map((s) => ({
    id: s.id,
    state: s.state,
    tries: s.tries,
    next_attempt_at: s.nextAttemptAt?.toISOString() ?? null,
    last_error: s.lastError,
    delivered_at: s.deliveredAt?.toISOString() ?? null,
  }));
  // One JSON parameter rather than arrays: the same text on postgres.js and PGlite, and one
  // prepared statement whatever the number of rows.
  const result = await db.execute<{ id: number | string }>(sql`
    UPDATE ${outbox} AS o
    SET state = v.state,
        tries = v.tries,
        next_attempt_at = coalesce(v.next_attempt_at, o.next_attempt_at),
        locked_until = NULL,
        last_error = v.last_error,
        delivered_at = v.delivered_at,
        modified = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS v(id bigint, state varchar, tries integer, next_attempt_at timestamptz, last_error text, delivered_at timestamptz)
    WHERE o.id = v.id AND o.state = 'pending' AND o.locked_until = ${lease.toISOString()}::timestamptz
    RETURNING o.id`);
  const list = Array.isArray(result) ? result : ((result as unknown as { rows?: { id: number | string }[] }).rows ?? []);
  return list.map((row) => Number(row.id));
}

async function runHandler(handler: OutboxHandler, message: OutboxMessage, ctx: HandlerContext, timeoutMs: number): Promise<HandlerResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handler did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([handler(message.payload ?? {}, ctx), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after the event loop's pending I/O callbacks have run (setImmediate's check phase). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Outcomes are written in groups of this many while the rest of the batch is still being delivered. */
const SETTLE_GROUP = 32;

type Outcome = "done" | "retried" | "dead";

/**
 * One pass of the worker: claim due messages, deliver them side by side within the plan's bounds
 * (messages of one order key one after another, in id order), and settle them in groups (done,
 * retry later with backoff, or dead). Never throws because of a handler.
 */
export async function runOutboxOnce(
  db: Db,
  now: Date,
  handlers: OutboxHandlers,
  options: RunOutboxOptions = {},
): Promise<RunOutboxResult> {
  const batch = options.batch ?? 50;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const handlerTimeoutMs = Math.min(options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS, leaseMs);
  const random = options.random ?? Math.random;
  const plan = options.plan ?? APP_DELIVERY_PLAN;
  const concurrency = Math.max(1, options.concurrency ?? OUTBOX_CONCURRENCY);
  const lease = new Date(now.getTime() + leaseMs);
  const result: RunOutboxResult = { claimed: 0, done: 0, retried: 0, dead: 0, released: 0 };

  const messages = await claim(db, now, batch, lease);
  result.claimed = messages.length;
  if (messages.length === 0) return result;
  const shared = new OutboxBatchContext(messages);
  const startedAt = performance.now();

  // Settling: outcomes wait in `pending` and are written SETTLE_GROUP at a time, one write after
  // another (never two at once, so a slow database is not hit by a pile of writes).
  let pending: Settlement[] = [];
  let writes: Promise<void> = Promise.resolve();
  // Set when what handlers queued could not be written: nothing more of this batch is settled.
  let queuedLost = false;
  const flush = () => {
    if (pending.length === 0) return;
    const group = pending;
    pending = [];
    writes = writes.then(async () => {
      if (queuedLost) return;
      try {
        await shared.writeQueued();
      } catch (writeError) {
        queuedLost = true;
        console.error(`[invigil] outbox: could not write what the deliveries of ${group[0]!.id}… recorded; they will be delivered again: ${safeErrorMessage(writeError)}`);
        return;
      }
      try {
        await settleMessages(db, group, lease);
      } catch (settleError) {
        // The database itself failed: the leases run out and the messages are tried again.
        console.error(`[invigil] outbox: could not settle ${group.length} messages (${group[0]!.id}…): ${safeErrorMessage(settleError)}`);
      }
    });
  };
  const settle = (settlement: Settlement, outcome: Outcome) => {
    result[outcome]++;
    pending.push(settlement);
    if (pending.length >= SETTLE_GROUP) flush();
  };

  const deliver = async (message: OutboxMessage): Promise<void> => {
    const handler = Object.hasOwn(handlers, message.topic) ? handlers[message.topic] : undefined;
    const tries = message.tries + 1;
    const base = { id: message.id, tries, nextAttemptAt: null, deliveredAt: null };
    if (!handler) {
      settle({ ...base, state: "dead", lastError: safeErrorMessage(`no handler for topic '${message.topic}'`) }, "dead");
      return;
    }
    let outcome: HandlerResult = undefined;
    try {
      outcome = await runHandler(handler, message, { db, now, message, batch: shared }, handlerTimeoutMs);
    } catch (error) {
      if (error instanceof PermanentJobError || tries >= message.maxTries) {
        const lastError = safeErrorMessage(error);
        settle({ ...base, state: "dead", lastError }, "dead");
        console.error(`[invigil] outbox: message ${message.id} (${message.topic}) is dead after ${tries} tries: ${lastError}`);
      } else {
        const nextAttemptAt = new Date(now.getTime() + backoffDelayMs(tries, random));
        settle({ ...base, state: "pending", nextAttemptAt, lastError: safeErrorMessage(error) }, "retried");
      }
      return;
    }
    const note = outcome && typeof outcome.note === "string" ? safeErrorMessage(outcome.note) : null;
    settle({ ...base, state: "done", deliveredAt: now, lastError: note }, "done");
  };

  // Lanes: the messages of one order key, in id order; lanes are started in the order of their
  // first message, so with room for everything the batch starts in id order.
  const lanes: { queue: OutboxMessage[]; busy: boolean }[] = [];
  const laneOf = new Map<string, { queue: OutboxMessage[]; busy: boolean }>();
  for (const message of messages) {
    const key = plan.orderKey(message);
    let lane = key === null ? undefined : laneOf.get(key);
    if (!lane) {
      lane = { queue: [], busy: false };
      lanes.push(lane);
      if (key !== null) laneOf.set(key, lane);
    }
    lane.queue.push(message);
  }

  const share = options.share ?? null;
  share?.start();
  await new Promise<void>((finished) => {
    let inFlight = 0;
    let stopping = false;
    const used = new Map<string, number>();
    const pump = () => {
      // A slow batch hands the rest back before its lease runs out, rather than letting another
      // instance claim them while this one may still deliver them.
      if (performance.now() - startedAt > leaseMs / 2) stopping = true;
      if (!stopping) {
        const room = share ? Math.max(1, Math.min(concurrency, share.limit())) : concurrency;
        for (const lane of lanes) {
          if (inFlight >= room) break;
          if (lane.busy || lane.queue.length === 0) continue;
          const message = lane.queue[0]!;
          const target = plan.target(message);
          const busy = used.get(target) ?? 0;
          if (busy >= Math.max(1, plan.limit(target))) continue;
          lane.busy = true;
          inFlight++;
          used.set(target, busy + 1);
          // Each delivery starts after the I/O already waiting (a request that arrived meanwhile)
          // has had its turn: the worker never starts a string of deliveries in one go.
          void nextTurn()
            .then(() => deliver(message))
            .catch((error: unknown) => console.error(`[invigil] outbox: message ${message.id} (${message.topic}): ${safeErrorMessage(error)}`))
            .finally(() => {
            lane.busy = false;
            lane.queue.shift();
            inFlight--;
            used.set(target, (used.get(target) ?? 1) - 1);
            pump();
          });
        }
      }
      if (inFlight === 0) finished();
    };
    pump();
  }).finally(() => share?.stop());

  flush();
  await writes;

  const rest = lanes.flatMap((lane) => lane.queue.map((m) => m.id));
  if (rest.length > 0) {
    await db
      .update(outbox)
      .set({ lockedUntil: null })
      .where(and(inArray(outbox.id, rest), eq(outbox.state, "pending"), eq(outbox.lockedUntil, lease)));
    result.released = rest.length;
  }
  return result;
}
