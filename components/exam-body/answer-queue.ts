/**
 * The bookkeeping of answer autosave, without a DOM, timers or network: which answers still have
 * to reach the server, with which revision, when each is next due, and what to show. Time is
 * passed in. components/exam-body/answer-sync.ts drives it with fetch, timers and localStorage.
 *
 * Revisions: each question counts its own edits, starting from the revision the server last
 * stored. The server keeps an answer only if its revision is higher than the stored one
 * (lib/services/answers/save.ts), so requests may arrive in any order, be retried or be replayed
 * from localStorage after a crash without ever putting an older answer back.
 */

export type AnswerValue = { choice: number } | { text: string };

/** Longest short answer; the server's limit (lib/services/answers/shapes.ts, checked by a test). */
export const MAX_SHORT_ANSWER_CHARS = 10_000;
/** Quiet time after the last keystroke before an answer is sent. */
export const AUTOSAVE_DEBOUNCE_MS = 800;
/** Retry delays double from the first to the cap. */
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

/**
 * - idle: never answered;
 * - pending: changed, waiting for the debounce;
 * - saving: a request is on its way;
 * - retrying: the last request failed (network, server error); it will be sent again;
 * - failed: the server refused it for good (e.g. the exam is over);
 * - saved: the server has exactly what the learner sees.
 */
export type QuestionSyncState = "idle" | "pending" | "saving" | "retrying" | "failed" | "saved";
export type OverallSyncState = "saved" | "saving" | "retrying" | "failed";
/** Why the server refused an answer for good. */
export type FailureReason = "closed" | "rejected";

export interface SavedAnswer {
  answer: AnswerValue;
  revision: number;
}

export interface SaveRequest {
  questionId: number;
  answer: AnswerValue;
  revision: number;
}

interface Entry {
  /** What the learner sees (the newest local edit, or the server's answer). */
  answer: AnswerValue | null;
  /** The newest revision given out here. */
  revision: number;
  /** The newest revision the server said it stores. */
  savedRevision: number;
  /** The revision of the request on its way, if any. */
  inFlight: number | null;
  /** Failed tries of the current revision (reset by a success). */
  failures: number;
  /** When the unsent revision should go out (ms, the caller's clock). */
  dueAt: number;
  fatal: FailureReason | null;
}

/** Exponential backoff with ±20 % jitter, so a class of learners does not retry in lockstep. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_BASE_MS * 2 ** Math.max(failures - 1, 0), RETRY_MAX_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export type ResponseClass = { kind: "ok" } | { kind: "retry" } | { kind: "fatal"; reason: FailureReason };

/**
 * What to do with an HTTP status (null: no response at all, a network error or a timeout).
 * Retried: the network, 5xx, 408/425/429, and 401/403 (a session that can be renewed in another
 * tab). Given up: the other 4xx — 409 means the attempt no longer takes answers, and a 400/404
 * will not change by sending the same request again.
 */
export function classifyResponse(status: number | null): ResponseClass {
  if (status === null) return { kind: "retry" };
  if (status >= 200 && status < 300) return { kind: "ok" };
  if (status >= 500 || status === 408 || status === 425 || status === 429 || status === 401 || status === 403) return { kind: "retry" };
  return { kind: "fatal", reason: status === 409 ? "closed" : "rejected" };
}

export function sameAnswer(a: AnswerValue | null, b: AnswerValue | null): boolean {
  if (a === null || b === null) return a === b;
  if ("choice" in a) return "choice" in b && a.choice === b.choice;
  return "text" in b && a.text === b.text;
}

export function isAnswerValue(x: unknown): x is AnswerValue {
  if (x === null || typeof x !== "object") return false;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 1) return false;
  if (keys[0] === "choice") return Number.isInteger(o.choice) && (o.choice as number) >= 0;
  if (keys[0] === "text") return typeof o.text === "string" && o.text.length <= MAX_SHORT_ANSWER_CHARS;
  return false;
}

// ---------------------------------------------------------------------------------------------
// localStorage: answers not yet confirmed by the server, per attempt

export const STORAGE_VERSION = 1;

export function storageKey(attemptId: number): string {
  return `invigil:answers:${attemptId}`;
}

/** What is kept on the device: unconfirmed answers by question id. */
export type StoredAnswers = Record<number, SavedAnswer>;

export function serializeStored(entries: StoredAnswers): string {
  return JSON.stringify({ v: STORAGE_VERSION, entries });
}

/** Reads what serializeStored wrote; anything unreadable (another version, a hand edit) is ignored. */
export function parseStored(text: string | null | undefined): StoredAnswers {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== "object") return {};
  const { v, entries } = parsed as { v?: unknown; entries?: unknown };
  if (v !== STORAGE_VERSION || !entries || typeof entries !== "object") return {};
  const out: StoredAnswers = {};
  for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
    const id = Number(key);
    if (!Number.isInteger(id) || id <= 0 || !value || typeof value !== "object") continue;
    const { answer, revision } = value as { answer?: unknown; revision?: unknown };
    if (isAnswerValue(answer) && Number.isInteger(revision) && (revision as number) > 0) out[id] = { answer, revision: revision as number };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The queue

export class AnswerQueue {
  private readonly entries = new Map<number, Entry>();

  constructor(
    initial: Readonly<Record<number, SavedAnswer>> = {},
    private readonly debounceMs: number = AUTOSAVE_DEBOUNCE_MS,
  ) {
    for (const [key, saved] of Object.entries(initial)) {
      this.entries.set(Number(key), {
        answer: saved.answer,
        revision: saved.revision,
        savedRevision: saved.revision,
        inFlight: null,
        failures: 0,
        dueAt: 0,
        fatal: null,
      });
    }
  }

  private entry(questionId: number): Entry {
    let e = this.entries.get(questionId);
    if (!e) {
      e = { answer: null, revision: 0, savedRevision: 0, inFlight: null, failures: 0, dueAt: 0, fatal: null };
      this.entries.set(questionId, e);
    }
    return e;
  }

  /**
   * Takes back what a previous page (a reload, a crash) left on the device: an answer newer than
   * the server's is shown and due at once; an older or equal one is dropped. Returns the ids taken.
   */
  restore(stored: StoredAnswers, now: number): number[] {
    const taken: number[] = [];
    for (const [key, s] of Object.entries(stored)) {
      const id = Number(key);
      const e = this.entry(id);
      if (s.revision <= e.savedRevision) continue;
      e.answer = s.answer;
      e.revision = Math.max(e.revision, s.revision);
      e.dueAt = now;
      e.fatal = null;
      taken.push(id);
    }
    return taken;
  }

  /** A learner's edit: a new revision, due after the debounce. Returns false when nothing changed. */
  edit(questionId: number, answer: AnswerValue, now: number): boolean {
    const e = this.entry(questionId);
    if (sameAnswer(e.answer, answer) && !e.fatal) return false;
    e.answer = answer;
    e.revision += 1;
    e.dueAt = now + this.debounceMs;
    // A new edit deserves a new try, whatever happened to the last one.
    e.fatal = null;
    return true;
  }

  private unsent(e: Entry): boolean {
    return e.answer !== null && e.revision > e.savedRevision;
  }

  /** The saves to start now (at most one per question on its way at a time). */
  due(now: number): number[] {
    const out: number[] = [];
    for (const [id, e] of this.entries) {
      if (this.unsent(e) && !e.fatal && e.inFlight === null && e.dueAt <= now) out.push(id);
    }
    return out;
  }

  /** When the next save falls due, or null when nothing waits (sent ones are not waiting). */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const e of this.entries.values()) {
      if (this.unsent(e) && !e.fatal && e.inFlight === null) next = next === null ? e.dueAt : Math.min(next, e.dueAt);
    }
    return next;
  }

  /** Everything unsent is due now: a flush, the network coming back. */
  dueNow(now: number): void {
    for (const e of this.entries.values()) if (this.unsent(e) && !e.fatal) e.dueAt = Math.min(e.dueAt, now);
  }

  /** Marks the question's newest revision as on its way and returns the request. */
  begin(questionId: number): SaveRequest | null {
    const e = this.entries.get(questionId);
    if (!e || !this.unsent(e) || e.inFlight !== null || e.answer === null) return null;
    e.inFlight = e.revision;
    return { questionId, answer: e.answer, revision: e.revision };
  }

  /**
   * The server answered a save. Normally it stores what was sent (savedRevision = sent). If it
   * already had a higher revision (another tab of the same attempt wrote meanwhile), what this
   * page shows is sent again above it: the learner's screen is what counts.
   */
  succeeded(questionId: number, sentRevision: number, serverRevision: number, now: number): void {
    const e = this.entry(questionId);
    if (serverRevision < sentRevision) {
      // Not a confirmation of what was sent (a confused proxy?): try again later, never in a loop.
      this.failed(questionId, { kind: "retry" }, now);
      return;
    }
    e.inFlight = null;
    e.failures = 0;
    e.fatal = null;
    e.savedRevision = Math.max(e.savedRevision, sentRevision);
    if (serverRevision > sentRevision && serverRevision >= e.revision) {
      e.revision = serverRevision + 1;
      e.dueAt = now;
    }
  }

  /** A save failed: retried after a backoff, or given up for good. */
  failed(questionId: number, result: Exclude<ResponseClass, { kind: "ok" }>, now: number, random?: () => number): void {
    const e = this.entry(questionId);
    e.inFlight = null;
    if (result.kind === "fatal") {
      e.fatal = result.reason;
      return;
    }
    e.failures += 1;
    e.dueAt = now + backoffMs(e.failures, random);
  }

  /** Every question the queue knows (answered on the server, or edited here). */
  questionIds(): number[] {
    return [...this.entries.keys()];
  }

  answer(questionId: number): AnswerValue | null {
    return this.entries.get(questionId)?.answer ?? null;
  }

  failureReason(questionId: number): FailureReason | null {
    return this.entries.get(questionId)?.fatal ?? null;
  }

  state(questionId: number): QuestionSyncState {
    const e = this.entries.get(questionId);
    if (!e || e.answer === null) return "idle";
    if (e.fatal) return "failed";
    if (!this.unsent(e)) return "saved";
    if (e.failures > 0) return "retrying";
    return e.inFlight !== null ? "saving" : "pending";
  }

  overall(): OverallSyncState {
    let state: OverallSyncState = "saved";
    for (const id of this.entries.keys()) {
      const s = this.state(id);
      if (s === "failed") return "failed";
      if (s === "retrying") state = "retrying";
      else if ((s === "pending" || s === "saving") && state === "saved") state = "saving";
    }
    return state;
  }

  /** Answers that will still be sent (the beforeunload guard, flush). Given-up ones are not. */
  hasUnsent(): boolean {
    for (const e of this.entries.values()) if (this.unsent(e) && !e.fatal) return true;
    return false;
  }

  inFlightCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.inFlight !== null) n += 1;
    return n;
  }

  /** Whether any answer was given up (flush then reports failure). */
  hasFailed(): boolean {
    for (const e of this.entries.values()) if (this.unsent(e) && e.fatal) return true;
    return false;
  }

  /** What must survive a reload: every answer the server has not confirmed, given-up ones included. */
  toStore(): StoredAnswers {
    const out: StoredAnswers = {};
    for (const [id, e] of this.entries) if (this.unsent(e) && e.answer !== null) out[id] = { answer: e.answer, revision: e.revision };
    return out;
  }
}
