/**
 * Time rules of §5: due dates, allowed minutes, expiry, remaining time, timer thresholds and the
 * humanized strings the learner sees. `now` is always passed in.
 */
import { isIncomplete, isInProgress } from "./statuses";

const MS_PER_MINUTE = 60_000;

/**
 * Python's `round()` (round half to even). 3.8.1 rounds with it in two places the client sees:
 * the accessibility string (`round(remaining / 60)`) and the time-multiplier conversion, so
 * 150 s reads "2 minutes", not "3 minutes".
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

// ---------------------------------------------------------------------------------------------
// Due dates (§5.3)

/** Where a learner's due date for an exam can come from. */
export interface DueDateSources {
  /** The exam row's own due date. */
  examDueDate: Date | null;
  /** The due date of the exam's sequence in the course outline, as the LMS synced it. */
  sectionDueDate?: Date | null;
  /** The learner's personal due date for the sequence (an extension). */
  personalDueDate: Date | null;
}

/**
 * The one effective due date of an exam for a learner (what-we-build decision 11): the exam's own due
 * date, else its section's, and a personal extension wins over both (§5.3). Every rule (refusing a
 * start, capping the time, hide-after-due, onboarding past due) and every answer uses this date.
 */
export function effectiveDueDate(input: DueDateSources): Date | null {
  return input.personalDueDate ?? input.examDueDate ?? input.sectionDueDate ?? null;
}

/** "Passed" means `due <= now`; no due date never passes (§5.3). */
export function hasDueDatePassed(due: Date | null | undefined, now: Date): boolean {
  return due != null && due.getTime() <= now.getTime();
}

// ---------------------------------------------------------------------------------------------
// Allowed minutes (§5.2)

const DIGITS = /^[0-9]+$/;

/** The `additional_time_granted` allowance as minutes; 0 when absent or not a digit string. */
export function additionalMinutesFromAllowance(value: string | null | undefined): number {
  if (value == null) return 0;
  const trimmed = value.trim();
  // Values are validated on write (validateAdditionalTimeValue); anything else stored by an older
  // writer grants nothing rather than crashing the start of an exam.
  return DIGITS.test(trimmed) ? Number.parseInt(trimmed, 10) : 0;
}

export interface AllowedMinutesInput {
  timeLimitMins: number;
  /** Raw `additional_time_granted` allowance value (a digit string), or null. */
  additionalTimeAllowance: string | null;
  /** The current attempt's saved `time_remaining_seconds` (error/resume), or null when none. */
  savedRemainingSeconds: number | null;
  /** Effective due date (effectiveDueDate), or null. */
  dueDate: Date | null;
  now: Date;
}

/**
 * `calculate_allowed_mins` (§5.2). Our decision (what-we-build decision 1, §17.9): a saved remaining time of 0
 * means no time is left (0 minutes), not "full time again" as 3.8.1's truthiness test gave; only
 * null means "nothing saved". A saved time already includes the allowance, so it is not added again.
 */
export function allowedMinutes(input: AllowedMinutesInput): number {
  let mins: number;
  if (input.savedRemainingSeconds != null) {
    mins = Math.floor(Math.max(input.savedRemainingSeconds, 0) / 60);
  } else {
    mins = input.timeLimitMins + additionalMinutesFromAllowance(input.additionalTimeAllowance);
  }
  if (input.dueDate) {
    const nowMs = input.now.getTime();
    const dueMs = input.dueDate.getTime();
    if (nowMs + mins * MS_PER_MINUTE > dueMs) {
      // Never past the due date: what is left of it, in whole minutes, at least 0.
      mins = Math.max(Math.trunc((dueMs - nowMs) / MS_PER_MINUTE), 0);
    }
  }
  return mins;
}

/** What of an attempt decides the time a learner is shown. */
export interface ShownTimeAttempt {
  status: string;
  startedAt: Date | null;
  allowedTimeLimitMins: number | null;
  timeRemainingSeconds: number | null;
}

/**
 * An attempt waiting to be resumed (§6): its own clock stopped at the error, and what the learner
 * has left is what the next start will grant from the saved seconds, not its original limit.
 * `resumed` as the latest attempt means its successor could not be created; the same holds.
 */
function awaitsResume(status: string): boolean {
  return status === "ready_to_resume" || status === "resumed";
}

/**
 * The minutes a learner is shown as their total time (§12.1 `total_time`): the attempt's frozen
 * limit once started, else exactly what starting now would grant (allowedMinutes, with the saved
 * seconds of a resume), so a page or API answer never promises more or less than the timer gives.
 */
export function shownTotalMinutes(
  input: Omit<AllowedMinutesInput, "savedRemainingSeconds"> & { attempt: ShownTimeAttempt | null },
): number {
  const { attempt, ...rest } = input;
  const frozen = frozenTotalMinutes(attempt);
  if (frozen !== null) return frozen;
  return allowedMinutes({ ...rest, savedRemainingSeconds: attempt?.timeRemainingSeconds ?? null });
}

/**
 * The attempt's frozen limit when that is what the learner is shown, else null (the total must be
 * computed, see shownTotalMinutes). Lets a caller skip loading allowance and due date.
 */
export function frozenTotalMinutes(attempt: ShownTimeAttempt | null): number | null {
  if (!attempt || attempt.allowedTimeLimitMins == null || awaitsResume(attempt.status)) return null;
  return attempt.allowedTimeLimitMins;
}

/**
 * The remaining seconds an answer shows for an attempt: the live value while its clock runs
 * (§5.5), else the whole total it will get when started or resumed.
 */
export function shownRemainingSeconds(attempt: ShownTimeAttempt, totalMins: number, now: Date): number {
  if (!attempt.startedAt || awaitsResume(attempt.status)) return totalMins * 60;
  return remainingSeconds(attempt, now);
}

// ---------------------------------------------------------------------------------------------
// Expiry and remaining time (§5.5, §5.6)

export function expiryInstant(startedAt: Date, allowedMins: number): Date {
  return new Date(startedAt.getTime() + allowedMins * MS_PER_MINUTE);
}

export interface TimedAttempt {
  startedAt: Date | null;
  allowedTimeLimitMins: number | null;
}

/** Live remaining seconds (float): 0 before the start, never negative (§5.5). */
export function remainingSeconds(attempt: TimedAttempt, now: Date): number {
  if (!attempt.startedAt) return 0;
  const expiry = expiryInstant(attempt.startedAt, attempt.allowedTimeLimitMins ?? 0);
  return Math.max((expiry.getTime() - now.getTime()) / 1000, 0);
}

/**
 * The lazy (and, for us, swept) expiry rule (§5.6, what-we-build decision 2): a running attempt — `started`
 * or `ready_to_submit` — whose expiry instant is strictly before `now`.
 */
export function isExpired(attempt: TimedAttempt & { status: string }, now: Date): boolean {
  if (!attempt.startedAt || !isInProgress(attempt.status)) return false;
  return now.getTime() > expiryInstant(attempt.startedAt, attempt.allowedTimeLimitMins ?? 0).getTime();
}

/**
 * `does_time_remain` (§5.6): started, still incomplete, and `now` strictly before expiry. Controls
 * the "No, I'd like to continue working" button.
 */
export function doesTimeRemain(attempt: TimedAttempt & { status: string }, now: Date): boolean {
  if (!attempt.startedAt || !isIncomplete(attempt.status)) return false;
  return now.getTime() < expiryInstant(attempt.startedAt, attempt.allowedTimeLimitMins ?? 0).getTime();
}

// ---------------------------------------------------------------------------------------------
// Timer endpoint (§5.7)

export const DEFAULT_LOW_THRESHOLD_PCT = 0.2;
export const DEFAULT_CRITICALLY_LOW_THRESHOLD_PCT = 0.05;

/** `int(pct × allowed_mins × 60)`, multiplied in 3.8.1's order so float results truncate the same way. */
export function timerThresholds(
  allowedMins: number | null,
  options: { lowPct?: number; criticalPct?: number } = {},
): { lowThresholdSec: number; criticallyLowThresholdSec: number } {
  const mins = allowedMins ?? 0;
  const lowPct = options.lowPct ?? DEFAULT_LOW_THRESHOLD_PCT;
  const criticalPct = options.criticalPct ?? DEFAULT_CRITICALLY_LOW_THRESHOLD_PCT;
  return {
    lowThresholdSec: Math.trunc(lowPct * mins * 60),
    criticallyLowThresholdSec: Math.trunc(criticalPct * mins * 60),
  };
}

/**
 * `humanized_time` (§5.7, §21.2): "0 minutes", "1 minute", "1 hour and 2 minutes", "2 hours" ...;
 * "error" for a negative value (the spec's rule; 3.8.1's code only caught values of -60 and below).
 * Fractions of a minute are dropped.
 */
export function humanizeMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) return "error";
  const total = Math.trunc(minutes);
  const hours = Math.trunc(total / 60);
  const mins = total % 60;
  const minutePart = `${mins} ${mins === 1 ? "minute" : "minutes"}`;
  if (hours === 0) return minutePart;
  const hourPart = `${hours} ${hours === 1 ? "hour" : "hours"}`;
  return mins === 0 ? hourPart : `${hourPart} and ${minutePart}`;
}

/**
 * The screen-reader string (§5.7, §8.6): "you have <humanized(round(remaining / 60))> remaining".
 * The single-attempt GET passes `lessThanMinute: true` to say "less than a minute" under 60 s;
 * the timer endpoint does not.
 */
export function accessibilityTimeString(
  remainingSecs: number,
  options: { lessThanMinute: boolean } = { lessThanMinute: false },
): string {
  if (options.lessThanMinute && remainingSecs < 60) return "you have less than a minute remaining";
  return `you have ${humanizeMinutes(roundHalfEven(remainingSecs / 60))} remaining`;
}

// ---------------------------------------------------------------------------------------------
// Allowance values (§2.5, §20)

export type ValueCheck<T> = { ok: true; value: T } | { ok: false; detail: string };

/**
 * Upper bound of an additional-time allowance. 3.8.1 has none; ours keeps `allowed_time_limit_mins`
 * (a 32-bit integer column) from overflowing at start, which would be a 500. A million minutes is
 * almost two years.
 */
export const MAX_ADDITIONAL_MINUTES = 1_000_000;

/**
 * `additional_time_granted` must be decimal digits only (§2.5, §15.4) — no sign, no decimals, no
 * spaces. JSON numbers are accepted as their decimal text (§17.3: non-strings were a 500 in 3.8.1).
 */
export function validateAdditionalTimeValue(v: unknown): ValueCheck<number> {
  const text = typeof v === "number" ? String(v) : v;
  if (typeof text !== "string" || !DIGITS.test(text)) {
    return { ok: false, detail: `allowance_value "${String(v ?? "")}" should be non-negative integer value.` };
  }
  const minutes = Number.parseInt(text, 10);
  if (minutes > MAX_ADDITIONAL_MINUTES) {
    return {
      ok: false,
      detail: `allowance_value "${text}" should be at most ${MAX_ADDITIONAL_MINUTES} minutes.`,
    };
  }
  return { ok: true, value: minutes };
}

// Python's float() syntax, minus inf/nan (which would break the conversion below).
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The bulk `time_multiplier` allowance (§20, 3.15.0): parsed as a float; below 1 is refused with
 * upstream's message. Exactly 1 is accepted (it grants 0 minutes), as upstream's `m - 1 < 0` test does.
 */
export function validateTimeMultiplierValue(v: unknown): ValueCheck<number> {
  const detail = `allowance_value "${String(v ?? "")}" should be a float value greater than 1.`;
  const text = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : null;
  if (text === null || !FLOAT.test(text)) return { ok: false, detail };
  const multiplier = Number(text);
  if (!Number.isFinite(multiplier) || multiplier - 1 < 0) return { ok: false, detail };
  return { ok: true, value: multiplier };
}

/**
 * A multiplier becomes an `additional_time_granted` of round(time_limit × (m − 1)) minutes, computed
 * per exam (§20). Python's round (half to even) and the same operation order as upstream.
 */
export function timeMultiplierToAdditionalMinutes(timeLimitMins: number, multiplier: number): number {
  return Math.max(roundHalfEven(timeLimitMins * (multiplier - 1)), 0);
}
