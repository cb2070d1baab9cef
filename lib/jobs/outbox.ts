import { and, asc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox, type OutboxMessage } from "@/db/schema";

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
        eq(outbox.state, "pending"),
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

/** Only the holder of the current lease may settle a message (a stale worker cannot). */
function ownedBy(message: OutboxMessage, lease: Date) {
  return and(eq(outbox.id, message.id), eq(outbox.state, "pending"), eq(outbox.lockedUntil, lease));
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

/**
 * One pass of the worker: claim due messages, run each topic's handler in id order, and settle
 * each message (done, retry later with backoff, or dead). Never throws because of a handler.
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
  const lease = new Date(now.getTime() + leaseMs);
  const result: RunOutboxResult = { claimed: 0, done: 0, retried: 0, dead: 0, released: 0 };

  const messages = await claim(db, now, batch, lease);
  result.claimed = messages.length;
  const startedAt = performance.now();

  for (const [index, message] of messages.entries()) {
    // A slow batch hands the rest back before its lease runs out, rather than letting another
    // instance claim them while this one may still deliver them.
    if (performance.now() - startedAt > leaseMs / 2) {
      const rest = messages.slice(index).map((m) => m.id);
      await db
        .update(outbox)
        .set({ lockedUntil: null })
        .where(and(inArray(outbox.id, rest), eq(outbox.state, "pending"), eq(outbox.lockedUntil, lease)));
      result.released = rest.length;
      break;
    }

    const handler = Object.hasOwn(handlers, message.topic) ? handlers[message.topic] : undefined;
    const tries = message.tries + 1;
    if (!handler) {
      await db
        .update(outbox)
        .set({ state: "dead", tries, lockedUntil: null, lastError: safeErrorMessage(`no handler for topic '${message.topic}'`) })
        .where(ownedBy(message, lease));
      result.dead++;
      continue;
    }

    let outcome: HandlerResult = undefined;
    let failure: { error: unknown } | undefined;
    try {
      outcome = await runHandler(handler, message, { db, now, message }, handlerTimeoutMs);
    } catch (error) {
      failure = { error };
    }

    try {
      if (!failure) {
        await db
          .update(outbox)
          .set({
            state: "done",
            tries,
            deliveredAt: now,
            lockedUntil: null,
            lastError: outcome && typeof outcome.note === "string" ? safeErrorMessage(outcome.note) : null,
          })
          .where(ownedBy(message, lease));
        result.done++;
      } else if (failure.error instanceof PermanentJobError || tries >= message.maxTries) {
        const lastError = safeErrorMessage(failure.error);
        await db.update(outbox).set({ state: "dead", tries, lockedUntil: null, lastError }).where(ownedBy(message, lease));
        result.dead++;
        console.error(`[invigil] outbox: message ${message.id} (${message.topic}) is dead after ${tries} tries: ${lastError}`);
      } else {
        const nextAttemptAt = new Date(now.getTime() + backoffDelayMs(tries, random));
        await db
          .update(outbox)
          .set({ tries, nextAttemptAt, lockedUntil: null, lastError: safeErrorMessage(failure.error) })
          .where(ownedBy(message, lease));
        result.retried++;
      }
    } catch (settleError) {
      // The database itself failed: the lease runs out and the message is tried again.
      console.error(`[invigil] outbox: could not settle message ${message.id} (${message.topic}): ${safeErrorMessage(settleError)}`);
    }
  }
  return result;
}
