/**
 * The learner's exam clock: pure rules, every time value passed in.
 *
 * Time bases, all in milliseconds:
 * - client time: `performance.timeOrigin + performance.now()` — a wall-clock-looking value that
 *   only ever moves forward at a steady rate. Changing the computer's clock does not move it; it
 *   may be wrong by any constant amount (a browser clock an hour off), which the offset absorbs.
 * - server time: epoch milliseconds on the server's clock, the clock the deadline is on.
 *
 * `offset = serverNow − (sentAt + receivedAt) / 2` maps client time to server time; the error of
 * one sample is at most half its round trip, so the sample with the smallest round trip wins.
 * Remaining time is `deadline − (clientNow + offset)`, never derived from `Date.now()`.
 *
 * No English here: announcements and labels are message keys plus values; the component looks the
 * wording up in the catalogue (lib/i18n/format.tsx formatMessage).
 */

// ---------------------------------------------------------------------------------------------
// Constants

/** The hold at 00:00 before the exam is submitted automatically (3.8.1 and its client: 5 s). */
export const GRACE_SECONDS = 5;
/** Resync cadence of a running timer (3.8.1's poll interval). */
export const RESYNC_INTERVAL_MS = 60_000;
/** Offset samples kept; the best (smallest round trip) of these is used. */
export const MAX_SAMPLES = 5;
/** Samples older than this (client time) are dropped: client and server clocks drift apart slowly. */
export const MAX_SAMPLE_AGE_MS = 10 * 60_000;
/**
 * Slack when comparing two samples' uncertainty intervals: server processing time (server_now is
 * taken when the request arrives, not mid-way) and clock rate differences.
 */
export const SAMPLE_CONSISTENCY_SLACK_MS = 250;
/** Corrections at least this large apply at once (a first sync, a sleep); smaller ones are slewed. */
export const SNAP_THRESHOLD_MS = 1_000;
/** Slew speed: a correction of d ms is spread over d / SLEW_RATE ms (0.1 → 100 ms per second). */
export const SLEW_RATE = 0.1;
/**
 * When the wall clock and the monotonic clock disagree by more than this between two ticks, the
 * computer slept (some systems pause the monotonic clock in sleep) or someone changed its clock:
 * resync rather than trust either.
 */
export const CLOCK_JUMP_TOLERANCE_MS = 2_000;
/** A tick that arrives this late means the tab was frozen or throttled: resync. */
export const LATE_TICK_MS = 5_000;
/** A time mark is not announced within this long after another announcement. */
export const MIN_ANNOUNCEMENT_GAP_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Formatting the visible clock

/**
 * `H:MM:SS`, clamped at 0. Fractions round up, so the clock reads 0:00:00 only once the time is
 * really up (and 0:00:01 while any part of the last second is left).
 */
export function formatClock(seconds: number): string {
  const whole = Number.isFinite(seconds) ? Math.max(Math.ceil(seconds), 0) : 0;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Clock offset from round trips

/** One round trip to the clock endpoint: client times around it, the server's time inside it. */
export interface SyncSample {
  /** Client time just before the request was sent. */
  sentAt: number;
  /** Client time just after the response arrived. */
  receivedAt: number;
  /** The server's `server_now`, epoch ms. */
  serverNow: number;
}

export interface OffsetEstimate {
  /** serverTime − clientTime. */
  offsetMs: number;
  roundTripMs: number;
  /** Client time the sample completed. */
  receivedAt: number;
}

export function estimateOffset(sample: SyncSample): OffsetEstimate {
  const roundTripMs = Math.max(sample.receivedAt - sample.sentAt, 0);
  return {
    offsetMs: sample.serverNow - (sample.sentAt + sample.receivedAt) / 2,
    roundTripMs,
    receivedAt: sample.receivedAt,
  };
}

/** Two estimates agree when their intervals [offset ± rtt/2] overlap (with some slack). */
function consistent(a: OffsetEstimate, b: OffsetEstimate): boolean {
  return Math.abs(a.offsetMs - b.offsetMs) <= (a.roundTripMs + b.roundTripMs) / 2 + SAMPLE_CONSISTENCY_SLACK_MS;
}

/**
 * Adds an estimate to the window of recent ones. Older estimates that contradict the new one are
 * dropped: the offset itself changed (the computer slept with a paused monotonic clock), so a
 * pre-sleep sample with a nicer round trip would be confidently wrong.
 */
export function addEstimate(window: readonly OffsetEstimate[], next: OffsetEstimate): OffsetEstimate[] {
  const kept = window.filter((e) => next.receivedAt - e.receivedAt <= MAX_SAMPLE_AGE_MS && consistent(e, next));
  return [...kept, next].slice(-MAX_SAMPLES);
}

/** The estimate with the smallest round trip (the newest among equals), or null. */
export function bestEstimate(window: readonly OffsetEstimate[]): OffsetEstimate | null {
  let best: OffsetEstimate | null = null;
  for (const e of window) {
    if (!best || e.roundTripMs <= best.roundTripMs) best = e;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Clock state

export interface Thresholds {
  /** Seconds left at which the timer turns to "low" (0 = never). */
  lowSec: number;
  /** Seconds left at which the timer turns to "critical" (0 = never). */
  criticalSec: number;
}

/** The offset in use: slewing linearly from `fromMs` to `toMs` over [startAt, startAt + durationMs]. */
export interface AppliedOffset {
  fromMs: number;
  toMs: number;
  startAt: number;
  durationMs: number;
}

export interface ClockState {
  /** The absolute expiry on the server's clock (epoch ms), or null when the clock has not started. */
  deadlineMs: number | null;
  thresholds: Thresholds;
  estimates: OffsetEstimate[];
  offset: AppliedOffset;
}

/** What one clock response says, already parsed (see parseClockResponse). */
export interface ClockReading {
  deadlineMs: number | null;
  thresholds: Thresholds;
}

/** The offset applied at client time `t`. */
export function offsetAt(offset: AppliedOffset, t: number): number {
  if (offset.durationMs <= 0 || t >= offset.startAt + offset.durationMs) return offset.toMs;
  if (t <= offset.startAt) return offset.fromMs;
  return offset.fromMs + ((offset.toMs - offset.fromMs) * (t - offset.startAt)) / offset.durationMs;
}

/**
 * Folds one round trip into the clock. The first sync, a changed deadline and large corrections
 * apply at once; small corrections are slewed so the display never jumps back or skips a second.
 */
export function applySync(state: ClockState | null, sample: SyncSample, reading: ClockReading): ClockState {
  const estimates = addEstimate(state?.estimates ?? [], estimateOffset(sample));
  const best = bestEstimate(estimates)!;
  const t = sample.receivedAt;
  let offset: AppliedOffset;
  if (!state || state.deadlineMs !== reading.deadlineMs) {
    offset = { fromMs: best.offsetMs, toMs: best.offsetMs, startAt: t, durationMs: 0 };
  } else {
    const current = offsetAt(state.offset, t);
    const diff = best.offsetMs - current;
    offset =
      Math.abs(diff) >= SNAP_THRESHOLD_MS
        ? { fromMs: best.offsetMs, toMs: best.offsetMs, startAt: t, durationMs: 0 }
        : { fromMs: current, toMs: best.offsetMs, startAt: t, durationMs: Math.abs(diff) / SLEW_RATE };
  }
  return { deadlineMs: reading.deadlineMs, thresholds: normaliseThresholds(reading.thresholds), estimates, offset };
}

function normaliseThresholds(t: Thresholds): Thresholds {
  const clean = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
  return { lowSec: clean(t.lowSec), criticalSec: clean(t.criticalSec) };
}

/** The server's time at client time `t`, as best we know it. */
export function serverTimeAt(state: ClockState, t: number): number {
  return t + offsetAt(state.offset, t);
}

/** Milliseconds left at client time `t` (negative after the deadline); null when not started. */
export function remainingMsAt(state: ClockState, t: number): number | null {
  if (state.deadlineMs === null) return null;
  return state.deadlineMs - serverTimeAt(state, t);
}

// ---------------------------------------------------------------------------------------------
// What the timer shows

/** normal → low → critical (counting) → grace (at 00:00, held for GRACE_SECONDS) → expired (submit now). */
export type TimerPhase = "normal" | "low" | "critical" | "grace" | "expired";

const PHASE_RANK: Record<TimerPhase, number> = { normal: 0, low: 1, critical: 2, grace: 3, expired: 4 };

export function phaseRank(phase: TimerPhase): number {
  return PHASE_RANK[phase];
}

/**
 * The phase for `remainingMs`. Thresholds compare whole seconds as displayed (so the colour changes
 * exactly when the clock shows the threshold); critical wins over low when they overlap.
 */
export function phaseFor(remainingMs: number, thresholds: Thresholds, graceSeconds = GRACE_SECONDS): TimerPhase {
  const whole = Math.ceil(remainingMs / 1000);
  if (whole > 0) {
    if (thresholds.criticalSec > 0 && whole <= thresholds.criticalSec) return "critical";
    if (thresholds.lowSec > 0 && whole <= thresholds.lowSec) return "low";
    return "normal";
  }
  return remainingMs > -graceSeconds * 1000 ? "grace" : "expired";
}

export interface TimerView {
  remainingMs: number;
  /** Whole seconds shown (rounded up; 0 or less once time is up). */
  wholeSeconds: number;
  /** H:MM:SS. */
  display: string;
  phase: TimerPhase;
  /** Seconds of the 00:00 hold left (GRACE_SECONDS … 1) in "grace", else 0. */
  graceSecondsLeft: number;
  /** The moment to submit: the hold is over. */
  shouldSubmit: boolean;
}

export function timerView(state: ClockState, t: number, graceSeconds = GRACE_SECONDS): TimerView | null {
  const remainingMs = remainingMsAt(state, t);
  if (remainingMs === null) return null;
  const phase = phaseFor(remainingMs, state.thresholds, graceSeconds);
  const wholeSeconds = Math.ceil(remainingMs / 1000) || 0; // no -0
  return {
    remainingMs,
    wholeSeconds,
    display: formatClock(remainingMs / 1000),
    phase,
    graceSecondsLeft: phase === "grace" ? Math.max(Math.ceil((remainingMs + graceSeconds * 1000) / 1000), 1) : 0,
    shouldSubmit: phase === "expired",
  };
}

/**
 * Milliseconds until the displayed second next changes, plus a small margin, so ticks land just
 * after each change instead of drifting against it (a 1 s interval would sometimes skip a number).
 */
export function msUntilNextTick(remainingMs: number): number {
  const untilChange = remainingMs - 1000 * (Math.ceil(remainingMs / 1000) - 1);
  return Math.min(Math.max(Math.round(untilChange) + 15, 15), 1015);
}

/**
 * Between two ticks, the wall clock (Date.now) and the monotonic client clock should advance
 * together. If they do not, the computer slept (with a paused monotonic clock) or its clock was
 * changed; a tick far later than scheduled means the tab was frozen. Either way: resync. The wall
 * clock is never used for the countdown itself — a clock moved an hour ahead must not end an exam.
 */
export function needsResync(prev: { wall: number; mono: number }, next: { wall: number; mono: number }, expectedGapMs = 1000): boolean {
  const wallGap = next.wall - prev.wall;
  const monoGap = next.mono - prev.mono;
  return Math.abs(wallGap - monoGap) > CLOCK_JUMP_TOLERANCE_MS || monoGap - expectedGapMs > LATE_TICK_MS;
}

// ---------------------------------------------------------------------------------------------
// The clock endpoint's answer (app/api/attempts/[attemptId]/clock)

export interface ClockResponse {
  attempt_id: number;
  status: string;
  /** started_at + allowed minutes, ISO; null before the attempt starts. */
  deadline: string | null;
  server_now: string;
  time_remaining_seconds: number;
  allowed_time_limit_mins: number | null;
  low_threshold_sec: number;
  critically_low_threshold_sec: number;
}

/** Validates a clock response; null when it is not one (the caller treats it as a failed sync). */
export function parseClockResponse(body: unknown): (ClockReading & { status: string; serverNow: number }) | null {
  if (body === null || typeof body !== "object") return null;
  const b = body as Record<string, unknown>;
  if (typeof b.status !== "string" || typeof b.server_now !== "string") return null;
  const serverNow = Date.parse(b.server_now);
  if (!Number.isFinite(serverNow)) return null;
  let deadlineMs: number | null = null;
  if (typeof b.deadline === "string") {
    deadlineMs = Date.parse(b.deadline);
    if (!Number.isFinite(deadlineMs)) return null;
  } else if (b.deadline !== null) {
    return null;
  }
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return {
    status: b.status,
    serverNow,
    deadlineMs,
    thresholds: { lowSec: num(b.low_threshold_sec), criticalSec: num(b.critically_low_threshold_sec) },
  };
}

// ---------------------------------------------------------------------------------------------
// Messages (keys only; the wording lives in the catalogue)

/** Keys the timer reads. Keys marked plural are looked up as `<key>.<plural category>` first. */
export const TIMER_MESSAGE_KEYS = [
  "timer.region", // landmark label: "Exam timer"
  "timer.label", // "Time remaining"
  "timer.loading", // shown until the first sync: "Loading timer…"
  "timer.hide", // the toggle's label while the digits show: "Hide timer"
  "timer.show", // the toggle's label while they are hidden: "Show timer"
  "timer.hidden", // in place of the digits: "Timer hidden"
  "timer.end_exam", // "End My Exam"
  "timer.state.low", // "Time is running low"
  "timer.state.critical", // "Almost out of time"
  "timer.state.time_up", // plural on {count}: "Time is up. Submitting in {count} seconds."
  "timer.state.submitting", // "Submitting your exam…"
  "timer.state.submit_failed", // "Your exam could not be submitted automatically."
  "timer.submit_retry", // "Submit now"
  "timer.sync_problem", // "Can't reach the server. The timer keeps counting."
  "timer.load_failed", // the first sync failed: what to do instead of "Loading timer…" forever
  "timer.announce.remaining", // "You have {duration} left."
  "timer.announce.low", // "Time is running low. You have {duration} left."
  "timer.announce.critical", // "Almost out of time. You have {duration} left."
  "timer.announce.time_up", // plural on {count}: "Time is up. Your exam will be submitted in {count} seconds."
  "timer.announce.submitting", // "Submitting your exam now."
  "timer.duration.hour", // plural on {count}: "{count} hour" / "{count} hours"
  "timer.duration.minute", // plural
  "timer.duration.second", // plural
  "timer.duration.join", // "{first} and {second}"
] as const;
export type TimerMessageKey = (typeof TIMER_MESSAGE_KEYS)[number];

/** Keys whose wording depends on `{count}`. */
export const TIMER_PLURAL_MESSAGE_KEYS: readonly TimerMessageKey[] = [
  "timer.state.time_up",
  "timer.announce.time_up",
  "timer.duration.hour",
  "timer.duration.minute",
  "timer.duration.second",
];

export interface DurationPart {
  unit: "hour" | "minute" | "second";
  count: number;
}

/**
 * A remaining time as a screen reader should hear it: under a minute, seconds; under ten minutes,
 * minutes and seconds (a low or critical threshold is often 1 min 30 s); above, hours and minutes
 * rounded to the nearest minute. Zero parts are left out; never more than two parts.
 */
export function durationParts(seconds: number): DurationPart[] {
  const s = Math.max(Math.ceil(Number.isFinite(seconds) ? seconds : 0), 0);
  if (s < 60) return [{ unit: "second", count: s }];
  if (s < 600) {
    const parts: DurationPart[] = [{ unit: "minute", count: Math.floor(s / 60) }];
    if (s % 60) parts.push({ unit: "second", count: s % 60 });
    return parts;
  }
  const totalMinutes = Math.round(s / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const parts: DurationPart[] = [];
  if (hours) parts.push({ unit: "hour", count: hours });
  if (minutes || !hours) parts.push({ unit: "minute", count: minutes });
  return parts;
}

export type MessageValue = number | string | DurationPart[];

export interface TimerMessage {
  key: TimerMessageKey;
  values: Record<string, MessageValue>;
}

// ---------------------------------------------------------------------------------------------
// Screen-reader announcements

/**
 * When the timer speaks (through an aria-live region), designed not to be noisy:
 * - once when the timer first has a time (page load or reload): the time left, in the words of the
 *   current phase (remaining / low / critical), or "time is up" if it already is;
 * - on entering low (polite) and critical (assertive), with the time left;
 * - at 00:00 (assertive): time is up, submitting in GRACE_SECONDS; when the hold ends (assertive):
 *   submitting now;
 * - at time marks crossed while counting — every whole hour, 30, 10, 5 and 1 minute(s) left —
 *   politely, unless another announcement was made less than MIN_ANNOUNCEMENT_GAP_MS before (or in
 *   the same step: a phase change that coincides with a mark speaks once). A mark at or above the
 *   time left when the timer started is never announced; after a sleep that crossed several marks
 *   only the nearest one speaks.
 * Never per second, and never twice for the same mark or phase (a resync that moves the time back
 * up does not re-open them).
 */
export const ANNOUNCEMENT_MARKS_SEC = [1800, 600, 300, 60] as const;

export type Politeness = "polite" | "assertive";

export interface Announcement extends TimerMessage {
  /** Increasing; lets the live region re-render the same text as a new announcement. */
  id: number;
  politeness: Politeness;
}

export interface AnnouncerState {
  /** Lowest whole seconds seen so far (marks above it are spent); null before the first view. */
  lowestSeen: number | null;
  /** Highest phase rank announced. */
  phaseRank: number;
  lastAt: number | null;
  nextId: number;
}

export function initialAnnouncer(): AnnouncerState {
  return { lowestSeen: null, phaseRank: -1, lastAt: null, nextId: 1 };
}

/** Marks m with seconds ≤ m < lowestSeen: every whole hour, then ANNOUNCEMENT_MARKS_SEC. */
function crossedMarks(seconds: number, lowestSeen: number): number[] {
  const out: number[] = [];
  for (let h = Math.floor((lowestSeen - 1) / 3600); h >= 1; h--) {
    const m = h * 3600;
    if (seconds <= m && m < lowestSeen) out.push(m);
  }
  for (const m of ANNOUNCEMENT_MARKS_SEC) if (seconds <= m && m < lowestSeen) out.push(m);
  return out;
}

function phaseMessage(view: TimerView, graceSeconds: number): { key: TimerMessageKey; values: Record<string, MessageValue>; politeness: Politeness } {
  const duration = durationParts(view.wholeSeconds);
  switch (view.phase) {
    case "normal":
      return { key: "timer.announce.remaining", values: { duration }, politeness: "polite" };
    case "low":
      return { key: "timer.announce.low", values: { duration }, politeness: "polite" };
    case "critical":
      return { key: "timer.announce.critical", values: { duration }, politeness: "assertive" };
    case "grace":
      return { key: "timer.announce.time_up", values: { count: graceSeconds }, politeness: "assertive" };
    case "expired":
      return { key: "timer.announce.submitting", values: {}, politeness: "assertive" };
  }
}

/** One step of the policy at client time `t`: the next state and what (if anything) to say now. */
export function stepAnnouncer(
  state: AnnouncerState,
  view: TimerView | null,
  t: number,
  graceSeconds = GRACE_SECONDS,
): { state: AnnouncerState; announcement: Announcement | null } {
  if (!view) return { state, announcement: null };
  const rank = PHASE_RANK[view.phase];
  const seconds = view.wholeSeconds;
  const lowestSeen = state.lowestSeen === null ? seconds : Math.min(state.lowestSeen, seconds);
  const say = (m: { key: TimerMessageKey; values: Record<string, MessageValue>; politeness: Politeness }) => ({
    state: { lowestSeen, phaseRank: Math.max(state.phaseRank, rank), lastAt: t, nextId: state.nextId + 1 },
    announcement: { id: state.nextId, ...m },
  });

  // First sight, or a worse phase than any announced: the phase speaks (and spends any mark).
  if (state.lowestSeen === null || rank > state.phaseRank) return say(phaseMessage(view, graceSeconds));

  const marks = crossedMarks(seconds, state.lowestSeen);
  const quiet = { state: { ...state, lowestSeen }, announcement: null };
  if (marks.length === 0 || rank >= PHASE_RANK.grace) return quiet;
  if (state.lastAt !== null && t - state.lastAt < MIN_ANNOUNCEMENT_GAP_MS) return quiet;
  return say({ key: "timer.announce.remaining", values: { duration: durationParts(seconds) }, politeness: "polite" });
}
