/**
 * The instructor live board's rules: which attempts it shows, their time left and
 * heartbeat age, and when one needs attention. Pure: `nowMs` is passed in (the browser passes
 * server time, its clock corrected by the offset the board's snapshot gives).
 */
import { RESYNC_INTERVAL_MS } from "./timer-clock";

/** Learners taking the exam now. */
export const LIVE_RUNNING_STATUSES = ["started", "ready_to_submit"] as const;
/** Finished or paused attempts that still need a person: shown under "needs attention". */
export const LIVE_ATTENTION_STATUSES = ["error", "second_review_required"] as const;
/** Everything the board lists. */
export const LIVE_BOARD_STATUSES = [...LIVE_RUNNING_STATUSES, ...LIVE_ATTENTION_STATUSES] as const;
export type LiveBoardStatus = (typeof LIVE_BOARD_STATUSES)[number];

export function isLiveBoardStatus(status: string): status is LiveBoardStatus {
  return (LIVE_BOARD_STATUSES as readonly string[]).includes(status);
}

export function isRunningStatus(status: string): boolean {
  return (LIVE_RUNNING_STATUSES as readonly string[]).includes(status);
}

/** Below this many seconds left a running attempt needs attention. */
export const LOW_TIME_SECONDS = 5 * 60;
/** The backend ping interval when the exam has no backend (timed exams) or it says nothing (§5.7). */
export const DEFAULT_PING_INTERVAL_SECONDS = 60;

/**
 * The heartbeat is the learner's timer poll (docs/reference/what-we-build.md, point 9), which runs every
 * RESYNC_INTERVAL_MS whatever the backend; a backend with a longer ping interval stretches it.
 * "A gap of more than two intervals" therefore uses the larger of the two, or every learner of a
 * backend that pings every 30 s would be flagged between two 60-s polls.
 */
export function heartbeatGapLimitSeconds(pingIntervalSeconds: number): number {
  const interval = Math.max(pingIntervalSeconds > 0 ? pingIntervalSeconds : DEFAULT_PING_INTERVAL_SECONDS, RESYNC_INTERVAL_MS / 1000);
  return 2 * interval;
}

/** What the rules need of one attempt; instants in epoch milliseconds. */
export interface LiveAttemptState {
  status: string;
  startedAtMs: number | null;
  /** started_at + allowed minutes (attempts.expires_at). */
  expiresAtMs: number | null;
  lastPollAtMs: number | null;
  /** Saved when the attempt was paused (error): its clock is stopped at this value. */
  savedRemainingSeconds: number | null;
  pingIntervalSeconds: number;
}

/**
 * Whole seconds left: counting down for a running attempt (0 once due), frozen at the saved value
 * for an attempt in error, null when there is no clock (second review: the attempt is over).
 */
export function liveTimeLeftSeconds(state: LiveAttemptState, nowMs: number): number | null {
  if (isRunningStatus(state.status)) {
    if (state.expiresAtMs === null) return null;
    return Math.max(0, Math.floor((state.expiresAtMs - nowMs) / 1000));
  }
  if (state.status === "error") return state.savedRemainingSeconds === null ? null : Math.max(0, state.savedRemainingSeconds);
  return null;
}

/**
 * Seconds since the learner's browser was last heard from: the last timer poll, or the start when
 * it has not polled yet. Null when neither is known. Never negative (clock skew).
 */
export function heartbeatAgeSeconds(state: LiveAttemptState, nowMs: number): number | null {
  const last = state.lastPollAtMs ?? state.startedAtMs;
  if (last === null) return null;
  return Math.max(0, Math.floor((nowMs - last) / 1000));
}

export const ATTENTION_REASONS = ["error", "second_review", "heartbeat_gap", "low_time"] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

export const ATTENTION_LABELS: Record<AttentionReason, string> = {
  error: "Error",
  second_review: "Second review required",
  heartbeat_gap: "No heartbeat",
  low_time: "Under 5 minutes left",
};

/**
 * Why an attempt needs attention, most urgent first; empty when it does not:
 * - its status is error or second_review_required;
 * - running, and nothing heard from the browser for more than two heartbeat intervals;
 * - running, with less than five minutes left.
 */
export function attentionReasons(state: LiveAttemptState, nowMs: number): AttentionReason[] {
  if (state.status === "error") return ["error"];
  if (state.status === "second_review_required") return ["second_review"];
  if (!isRunningStatus(state.status)) return [];
  const reasons: AttentionReason[] = [];
  const age = heartbeatAgeSeconds(state, nowMs);
  if (age !== null && age > heartbeatGapLimitSeconds(state.pingIntervalSeconds)) reasons.push("heartbeat_gap");
  const left = liveTimeLeftSeconds(state, nowMs);
  if (left !== null && left < LOW_TIME_SECONDS) reasons.push("low_time");
  return reasons;
}

export function needsAttention(state: LiveAttemptState, nowMs: number): boolean {
  return attentionReasons(state, nowMs).length > 0;
}

/** `H:MM:SS` (or `M:SS` under an hour) for a count of seconds. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** "just now", "45 s ago", "3 min ago", "2 h 5 min ago". */
export function formatAge(seconds: number): string {
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min ago` : `${hours} h ago`;
}
