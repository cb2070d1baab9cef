/**
 * The effective state of an attempt (docs/reference/what-we-build.md, point 2, §5.6): what every read shows. An attempt
 * whose time ran out is, in effect, already handed in — `submitted` (or `timed_out` where the site
 * keeps that state), completed at the expiry instant — whether or not the sweeper or a verb has
 * stored that yet. Reads show this; only the verbs and the sweeper write it (decision 022).
 */
import type { AttemptStatus } from "./statuses";
import { rewriteTarget } from "./transitions";
import { expiryInstant, isExpired } from "./time";

/** What of an attempt the rule reads and may change. */
export interface ExpirableAttempt {
  status: AttemptStatus;
  startedAt: Date | null;
  allowedTimeLimitMins: number | null;
  completedAt: Date | null;
}

export interface EffectiveAttemptOptions {
  /** The site setting `allow_timed_out_state` (§14.1): the expired attempt shows as `timed_out`. */
  allowTimedOutState?: boolean;
}

/**
 * The attempt as it is in effect at `now`: the same object when nothing changes, else a copy with
 * the status the expiry transition would store (rewriteTarget of `timed_out`, as the verbs do) and
 * `completedAt` = the expiry instant. Its remaining time is then 0 (remainingSeconds never goes
 * below 0 past the expiry). Scores are not computed here: they are stored with the transition.
 */
export function effectiveAttempt<T extends ExpirableAttempt>(attempt: T, now: Date, options: EffectiveAttemptOptions = {}): T {
  if (!isExpired(attempt, now) || !attempt.startedAt || attempt.allowedTimeLimitMins === null) return attempt;
  const { to } = rewriteTarget(attempt.status, "timed_out", { allowTimedOutState: options.allowTimedOutState });
  return { ...attempt, status: to, completedAt: expiryInstant(attempt.startedAt, attempt.allowedTimeLimitMins) };
}

/** True when the stored attempt differs from its effective state (its expiry is not stored yet). */
export function isExpiryPending(attempt: ExpirableAttempt, now: Date): boolean {
  return effectiveAttempt(attempt, now) !== attempt;
}
