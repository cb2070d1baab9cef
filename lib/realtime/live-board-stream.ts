import "server-only";
import { liveBoardChanges, liveBoardSnapshot, type LiveBoardScope } from "@/lib/queries/live-board";
import type { ServiceContext } from "@/lib/data/context";
import { getAttemptChangeHub, type HubSubscription } from "./hub";
import { SSE_HEADERS, sseComment, sseEvent, sseRetry } from "./sse";

/**
 * The live board as server-sent events (GET /api/instructor/<course>/live):
 * - `snapshot`: the whole board (LiveBoardSnapshot), first after the LISTEN is in effect (so no
 *   change falls between the two), and again whenever the LISTEN connection was re-established;
 * - `rows`: changed attempts (LiveBoardUpdate), read once per batch of notifications;
 * - `unavailable`: live updates cannot be had now; the stream ends and EventSource reconnects;
 * - a comment every 15 s, so proxies keep an idle stream open.
 * Everything stops when the browser goes away (the request's signal, or the stream's cancel).
 * After `maxAgeMs` the server ends the stream itself: EventSource reconnects, and the staff check
 * runs again, so a person whose role was taken away stops seeing the board within minutes.
 */

export interface LiveBoardStreamOptions {
  keepAliveMs?: number;
  /** Notifications are gathered this long, then their attempts read in one query. */
  batchMs?: number;
  /** More changed attempts than this in one batch: send a snapshot instead. */
  maxBatch?: number;
  /** The stream's lifetime; the browser reconnects (and is checked again) after it. */
  maxAgeMs?: number;
}

export const KEEP_ALIVE_MS = 15_000;
export const RECONNECT_MS = 5_000;
export const MAX_STREAM_AGE_MS = 15 * 60_000;

export function liveBoardStream(ctx: ServiceContext, scope: LiveBoardScope, signal: AbortSignal, options: LiveBoardStreamOptions = {}): Response {
  const keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;
  const batchMs = options.batchMs ?? 250;
  const maxBatch = options.maxBatch ?? 200;
  const maxAgeMs = options.maxAgeMs ?? MAX_STREAM_AGE_MS;
  const hub = getAttemptChangeHub(ctx.db);
  const encoder = new TextEncoder();

  let closed = false;
  let subscription: HubSubscription | null = null;
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  let batchTimer: ReturnType<typeof setTimeout> | null = null;
  let ageTimer: ReturnType<typeof setTimeout> | null = null;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;
  const pending = new Set<number>();
  let snapshotWanted = false;
  // One read at a time, in order: a batch never overtakes the snapshot before it.
  let chain: Promise<void> = Promise.resolve();

  const cleanup = () => {
    if (closed) return;
    closed = true;
    if (keepAlive) clearInterval(keepAlive);
    if (batchTimer) clearTimeout(batchTimer);
    if (ageTimer) clearTimeout(ageTimer);
    subscription?.unsubscribe();
    signal.removeEventListener("abort", cleanup);
    try {
      controllerRef?.close();
    } catch {
      // Already closed or errored by the consumer.
    }
  };

  const send = (text: string) => {
    if (closed || !controllerRef) return;
    try {
      controllerRef.enqueue(encoder.encode(text));
    } catch {
      cleanup();
    }
  };

  // Each read has its own `now`: the connection outlives the request's.
  const fresh = (): ServiceContext => ({ ...ctx, now: new Date() });

  const run = (task: () => Promise<void>) => {
    chain = chain.then(async () => {
      if (closed) return;
      try {
        await task();
      } catch (error) {
        console.error(`[invigil] live board stream ${ctx.requestId} failed`, error);
        send(sseEvent("unavailable", { detail: "Live updates stopped; reconnecting." }));
        cleanup();
      }
    });
  };

  const sendSnapshot = async () => {
    send(sseEvent("snapshot", await liveBoardSnapshot(fresh(), scope)));
  };

  const flush = () => {
    batchTimer = null;
    if (snapshotWanted || pending.size > maxBatch) {
      snapshotWanted = false;
      pending.clear();
      run(sendSnapshot);
      return;
    }
    const ids = [...pending];
    pending.clear();
    run(async () => {
      const update = await liveBoardChanges(fresh(), scope, ids);
      if (update.rows.length || update.removed.length) send(sseEvent("rows", update));
    });
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      if (signal.aborted) {
        cleanup();
        return;
      }
      signal.addEventListener("abort", cleanup);
      subscription = hub.subscribe(scope.courseKey, (event) => {
        if (closed) return;
        if (event.kind === "resync") snapshotWanted = true;
        else if (scope.examId === null || event.change.exam_id === scope.examId) pending.add(event.change.attempt_id);
        else return;
        batchTimer ??= setTimeout(flush, batchMs);
      });
      const ready = subscription.ready;
      send(sseRetry(RECONNECT_MS));
      run(async () => {
        await ready;
        await sendSnapshot();
      });
      keepAlive = setInterval(() => send(sseComment("keep-alive")), keepAliveMs);
      ageTimer = setTimeout(() => {
        // A planned end: come back at once rather than after the usual reconnect delay.
        send(sseRetry(250));
        cleanup();
      }, maxAgeMs);
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
