import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * The timer poll's heartbeat (last_poll_timestamp / last_poll_ipaddr, docs/reference/what-we-build.md, point 9),
 * recorded in batches: a poll puts the attempt in a per-database buffer and one UPDATE writes the
 * whole buffer at most HEARTBEAT_FLUSH_MS later (decision 010). One write per poll made the poll
 * the most expensive read there is (a new row version with an entry in each of the attempts
 * table's indexes, since `modified` is indexed, a commit and the notify trigger, per request); a
 * batch costs one statement and one commit for all of them.
 *
 * What may be lost: the heartbeats of the last second when the process dies. A heartbeat is
 * information for staff (the live board's "heartbeat gap"), not state a learner depends on, and
 * the next poll writes it again. What may not happen: a heartbeat moving an attempt back in time
 * or touching a finished attempt; the flush only moves a running attempt's heartbeat forward.
 */
export const HEARTBEAT_FLUSH_MS = 1000;
/** A buffer larger than this is written at once instead of waiting for the timer. */
const MAX_BUFFERED = 5000;

interface Pending {
  at: Date;
  ip: string | null;
}

interface Buffer {
  pending: Map<number, Pending>;
  timer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void> | null;
  lastError: { text: string; at: number } | null;
}

const buffers = new WeakMap<Db, Buffer>();

function bufferOf(db: Db): Buffer {
  let buffer = buffers.get(db);
  if (!buffer) {
    buffer = { pending: new Map(), timer: null, flushing: null, lastError: null };
    buffers.set(db, buffer);
  }
  return buffer;
}

function merge(pending: Map<number, Pending>, attemptId: number, entry: Pending): void {
  const previous = pending.get(attemptId);
  if (previous && previous.at > entry.at) return;
  pending.set(attemptId, { at: entry.at, ip: entry.ip ?? previous?.ip ?? null });
}

/** Records that the learner's timer polled this running attempt at `at` (from `ip`, if known). */
export function recordHeartbeat(db: Db, attemptId: number, at: Date, ip: string | null): void {
  const buffer = bufferOf(db);
  merge(buffer.pending, attemptId, { at, ip: ip ? ip.slice(0, 64) : null });
  if (buffer.pending.size >= MAX_BUFFERED) {
    void flushHeartbeats(db);
    return;
  }
  if (!buffer.timer) {
    buffer.timer = setTimeout(() => {
      buffer.timer = null;
      void flushHeartbeats(db);
    }, HEARTBEAT_FLUSH_MS);
    buffer.timer.unref?.();
  }
}

/** Heartbeats recorded but not yet written (tests, the shutdown path). */
export function pendingHeartbeats(db: Db): number {
  return buffers.get(db)?.pending.size ?? 0;
}

/**
 * Writes every buffered heartbeat now, in one statement. Never throws: a failed write puts its
 * heartbeats back (a newer one recorded meanwhile wins) for the next flush, and is logged at
 * most once a minute.
 */
export async function flushHeartbeats(db: Db): Promise<void> {
  const buffer = buffers.get(db);
  if (!buffer) return;
  // One flush at a time per database: a second caller waits for the running one, then writes
  // what arrived meanwhile.
  while (buffer.flushing) await buffer.flushing;
  if (buffer.timer) {
    clearTimeout(buffer.timer);
    buffer.timer = null;
  }
  if (buffer.pending.size === 0) return;
  const batch = buffer.pending;
  buffer.pending = new Map();
  buffer.flushing = writeBatch(db, batch)
    .then(() => {
      buffer.lastError = null;
    })
    .catch((error: unknown) => {
      for (const [id, entry] of batch) merge(buffer.pending, id, entry);
      const text = error instanceof Error ? error.message : String(error);
      const now = Date.now();
      if (buffer.lastError?.text !== text || now - buffer.lastError.at > 60_000) {
        buffer.lastError = { text, at: now };
        console.error(`[invigil] writing ${batch.size} timer heartbeat(s) failed, kept for the next try: ${text}`);
      }
      if (!buffer.timer && buffer.pending.size > 0) {
        buffer.timer = setTimeout(() => {
          buffer.timer = null;
          void flushHeartbeats(db);
        }, HEARTBEAT_FLUSH_MS);
        buffer.timer.unref?.();
      }
    })
    .finally(() => {
      buffer.flushing = null;
    });
  await buffer.flushing;
}

/** Forgets a database's buffer without writing it (a database that is being closed for good). */
export function discardHeartbeats(db: Db): void {
  const buffer = buffers.get(db);
  if (buffer?.timer) clearTimeout(buffer.timer);
  buffers.delete(db);
}

async function writeBatch(db: Db, batch: Map<number, Pending>): Promise<void> {
  // Rows in id order, so two processes flushing overlapping batches lock them in the same order.
  const rows = [...batch]
    .sort(([a], [b]) => a - b)
    .map(([id, entry]) => ({ id, at: entry.at.toISOString(), ip: entry.ip }));
  await db.execute(sql`
    UPDATE attempts AS a
       SET last_poll_timestamp = v.at,
           last_poll_ipaddr = coalesce(v.ip, a.last_poll_ipaddr),
           modified = greatest(a.modified, v.at)
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id integer, at timestamptz, ip varchar(64))
     WHERE a.id = v.id
       AND a.status IN ('started', 'ready_to_submit')
       AND (a.last_poll_timestamp IS NULL OR a.last_poll_timestamp < v.at)`);
}

/**
 * On SIGTERM / SIGINT, writes what is buffered while the server finishes its last requests (next
 * start closes the HTTP server, then exits). Best effort: a write slower than that shutdown is
 * lost like any heartbeat of a process that dies. Returns a function that removes the listeners.
 */
export function flushHeartbeatsOnShutdown(db: Db, signals: Pick<NodeJS.Process, "once" | "off"> = process): () => void {
  const flush = () => {
    void flushHeartbeats(db);
  };
  signals.once("SIGTERM", flush);
  signals.once("SIGINT", flush);
  return () => {
    signals.off("SIGTERM", flush);
    signals.off("SIGINT", flush);
  };
}
