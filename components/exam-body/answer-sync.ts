/**
 * Answer autosave in the browser: drives the pure AnswerQueue (./answer-queue.ts) with fetch,
 * one timer, localStorage and the window's online / beforeunload events.
 *
 * Nothing typed is lost: every edit is written to localStorage before it is sent (a reload, a
 * crash or a closed laptop keeps it, and the next page load sends it again if it is newer than
 * the server's); failures are retried with backoff and at once when the network returns; and
 * `flushPendingAnswers()` lets the timer and "End My Exam" send everything before the attempt is
 * submitted or stopped.
 */
import {
  AnswerQueue,
  AUTOSAVE_DEBOUNCE_MS,
  classifyResponse,
  parseStored,
  serializeStored,
  storageKey,
  type AnswerValue,
  type FailureReason,
  type OverallSyncState,
  type QuestionSyncState,
  type SavedAnswer,
  type SaveRequest,
} from "./answer-queue";

/** How long one save may take before it counts as failed and is retried. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Default wait of flushPendingAnswers: below the 10 s the server still takes after the deadline. */
export const DEFAULT_FLUSH_TIMEOUT_MS = 4_000;
/** Browsers cap the bodies of keepalive requests (sent while the page unloads) at 64 KiB in total. */
const KEEPALIVE_MAX_BYTES = 60_000;

export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface AnswerSyncOptions {
  attemptId: number;
  /** The answers the server had when the page was rendered, by question id. */
  initialAnswers: Readonly<Record<number, SavedAnswer>>;
  /** Defaults to `/api/attempts/<id>/answers`. */
  url?: string;
  fetchImpl?: typeof fetch;
  /** Defaults to window.localStorage when there is one; null for none. */
  storage?: StorageLike | null;
  debounceMs?: number;
  requestTimeoutMs?: number;
  /** A monotonic clock in ms (default performance.now). */
  clock?: () => number;
  random?: () => number;
}

export interface QuestionSnapshot {
  state: QuestionSyncState;
  answer: AnswerValue | null;
  reason: FailureReason | null;
}

export interface SyncSnapshot {
  overall: OverallSyncState;
  /** navigator.onLine as last reported. */
  online: boolean;
  /** Questions the sync knows; any other is unanswered and idle. */
  questions: Readonly<Record<number, QuestionSnapshot>>;
}

export function answersUrlFor(attemptId: number): string {
  return `/api/attempts/${attemptId}/answers`;
}

/** Every started sync of the page (normally one), for flushPendingAnswers. */
const active = new Set<AnswerSync>();

/**
 * Sends every pending answer now and resolves true once the server has all of them, or false
 * when `timeoutMs` passes first or an answer was refused (e.g. the attempt is already closed).
 * Resolves true at once when nothing is pending. Called before an automatic submission and by
 * "End My Exam", so the submission sees every answer typed before it.
 */
export async function flushPendingAnswers(timeoutMs: number = DEFAULT_FLUSH_TIMEOUT_MS): Promise<boolean> {
  const syncs = [...active];
  if (syncs.length === 0) return true;
  const results = await Promise.all(syncs.map((s) => s.flush(timeoutMs)));
  return results.every(Boolean);
}

/** Whether any answer on this page is still waiting to reach the server. */
export function hasPendingAnswers(): boolean {
  for (const s of active) if (s.hasUnsent()) return true;
  return false;
}

const defaultClock = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

function defaultStorage(): StorageLike | null {
  try {
    return typeof window !== "undefined" ? window.localStorage : null;
  } catch {
    // Storage disabled (some private modes throw on access): autosave still works without it.
    return null;
  }
}

export class AnswerSync {
  private readonly queue: AnswerQueue;
  private readonly url: string;
  private readonly key: string;
  private readonly clock: () => number;
  private readonly listeners = new Set<() => void>();
  private readonly waiters = new Set<() => void>();
  private snapshot: SyncSnapshot;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private online = true;
  private storage: StorageLike | null | undefined;
  private detachWindow: (() => void) | null = null;

  constructor(private readonly options: AnswerSyncOptions) {
    this.queue = new AnswerQueue(options.initialAnswers, options.debounceMs ?? AUTOSAVE_DEBOUNCE_MS);
    this.url = options.url ?? answersUrlFor(options.attemptId);
    this.key = storageKey(options.attemptId);
    this.clock = options.clock ?? defaultClock;
    this.storage = options.storage;
    this.snapshot = this.buildSnapshot();
  }

  // -- for useSyncExternalStore -----------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): SyncSnapshot => this.snapshot;

  // -- life cycle ---------------------------------------------------------------------------------

  /**
   * Starts syncing (in an effect, never during render: it reads localStorage and listens to the
   * window). Answers left on the device by an earlier page are taken back and sent. Returns stop.
   */
  start(): () => void {
    if (!this.started) {
      this.started = true;
      active.add(this);
      this.storage ??= defaultStorage();
      this.queue.restore(parseStored(this.readStorage()), this.clock());
      this.attachWindow();
      this.pump();
    }
    return () => this.stop();
  }

  /** Stops timers and listeners. Requests on their way still complete and are recorded. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    active.delete(this);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.detachWindow?.();
    this.detachWindow = null;
  }

  // -- what the page does -----------------------------------------------------------------------

  edit(questionId: number, answer: AnswerValue): void {
    if (!this.queue.edit(questionId, answer, this.clock())) return;
    // Written before it is sent: from here on a crash loses nothing.
    this.persist();
    this.pump();
  }

  /** Sends whatever waits for a retry or the debounce now. */
  retryNow(keepalive = false): void {
    this.queue.dueNow(this.clock());
    this.pump(keepalive);
  }

  hasUnsent(): boolean {
    return this.queue.hasUnsent();
  }

  /** See flushPendingAnswers. */
  flush(timeoutMs: number = DEFAULT_FLUSH_TIMEOUT_MS): Promise<boolean> {
    this.retryNow();
    return new Promise<boolean>((resolve) => {
      let timeout: ReturnType<typeof setTimeout> | null = null;
      const finish = (ok: boolean) => {
        if (timeout) clearTimeout(timeout);
        this.waiters.delete(check);
        resolve(ok);
      };
      const check = () => {
        if (!this.queue.hasUnsent() && this.queue.inFlightCount() === 0) finish(!this.queue.hasFailed());
      };
      timeout = setTimeout(() => finish(false), Math.max(timeoutMs, 0));
      this.waiters.add(check);
      check();
    });
  }

  // -- internals ----------------------------------------------------------------------------------

  /** Starts what is due, sets the timer for what is due next, and publishes the new state. */
  private pump(keepalive = false): void {
    if (!this.started) {
      this.emit();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const id of this.queue.due(this.clock())) {
      const request = this.queue.begin(id);
      if (request) void this.send(request, keepalive);
    }
    const next = this.queue.nextDueAt();
    if (next !== null) this.timer = setTimeout(() => this.pump(), Math.max(next - this.clock(), 0));
    this.emit();
  }

  private async send(request: SaveRequest, keepalive: boolean): Promise<void> {
    const body = JSON.stringify({ question_id: request.questionId, answer: request.answer, revision: request.revision });
    const fetchImpl = this.options.fetchImpl ?? fetch;
    const controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    const abort = setTimeout(() => controller?.abort(), this.options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
    let status: number | null = null;
    let savedRevision: number | null = null;
    try {
      const res = await fetchImpl(this.url, {
        method: "PUT",
        headers: { "content-type": "application/json", accept: "application/json" },
        body,
        credentials: "same-origin",
        cache: "no-store",
        keepalive: keepalive && body.length < KEEPALIVE_MAX_BYTES,
        ...(controller ? { signal: controller.signal } : {}),
      });
      status = res.status;
      if (res.ok) {
        const json = (await res.json()) as { saved_revision?: unknown };
        savedRevision = Number.isInteger(json?.saved_revision) ? (json.saved_revision as number) : null;
      }
    } catch {
      // The network, a timeout, or a 2xx whose body cannot be read: all retried.
      if (status !== null && status < 300) status = null;
    } finally {
      clearTimeout(abort);
    }
    const result = classifyResponse(status);
    const now = this.clock();
    if (result.kind === "ok" && savedRevision !== null) this.queue.succeeded(request.questionId, request.revision, savedRevision, now);
    else this.queue.failed(request.questionId, result.kind === "ok" ? { kind: "retry" } : result, now, this.options.random);
    this.persist();
    this.pump();
  }

  private readStorage(): string | null {
    try {
      return this.storage?.getItem(this.key) ?? null;
    } catch {
      return null;
    }
  }

  private persist(): void {
    if (!this.storage) return;
    try {
      const entries = this.queue.toStore();
      if (Object.keys(entries).length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, serializeStored(entries));
    } catch {
      // Quota exceeded or storage disabled: the server copy and the retries remain.
    }
  }

  private buildSnapshot(): SyncSnapshot {
    const questions: Record<number, QuestionSnapshot> = {};
    for (const id of this.queue.questionIds()) {
      questions[id] = { state: this.queue.state(id), answer: this.queue.answer(id), reason: this.queue.failureReason(id) };
    }
    return { overall: this.queue.overall(), online: this.online, questions };
  }

  private emit(): void {
    this.snapshot = this.buildSnapshot();
    for (const listener of [...this.listeners]) listener();
    for (const waiter of [...this.waiters]) waiter();
  }

  private attachWindow(): void {
    if (typeof window === "undefined" || typeof window.addEventListener !== "function") return;
    this.online = typeof navigator === "undefined" || navigator.onLine !== false;
    const onOnline = () => {
      this.online = true;
      this.retryNow();
    };
    const onOffline = () => {
      this.online = false;
      this.emit();
    };
    // Only while something is unsent: the browser then asks before leaving, and what waits is
    // sent at once (keepalive, so it may finish after the page is gone; localStorage has it anyway).
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!this.queue.hasUnsent()) return;
      this.retryNow(true);
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    window.addEventListener("beforeunload", onBeforeUnload);
    this.detachWindow = () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }
}
