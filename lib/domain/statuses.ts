/**
 * Attempt statuses and their groupings: the exact strings and memberships of edx-proctoring 3.8.1
 * (§3.1, §3.2). Everything here is data plus set lookups; no I/O.
 */

/** Attempt statuses, exact strings of edx-proctoring 3.8.1 (§3.1). The REST API exposes them as is. */
export const ATTEMPT_STATUSES = [
  "eligible",
  "created",
  "download_software_clicked",
  "ready_to_start",
  "started",
  "ready_to_submit",
  "declined",
  "timed_out",
  "submitted",
  "second_review_required",
  "verified",
  "rejected",
  "error",
  "expired",
  "ready_to_resume",
  "resumed",
  "onboarding_reset",
  "onboarding_missing",
  "onboarding_pending",
  "onboarding_failed",
  "onboarding_expired",
] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

const statusSet = (...statuses: AttemptStatus[]): ReadonlySet<AttemptStatus> => new Set(statuses);

/** Cannot go back to an incomplete status (§3.2, §4.2 rule 1). */
export const COMPLETED_STATUSES = statusSet(
  "declined",
  "timed_out",
  "submitted",
  "second_review_required",
  "verified",
  "rejected",
  "error",
  "ready_to_resume",
  "resumed",
  "onboarding_missing",
  "onboarding_pending",
  "onboarding_failed",
  "onboarding_expired",
);

export const INCOMPLETE_STATUSES = statusSet(
  "eligible",
  "created",
  "download_software_clicked",
  "ready_to_start",
  "started",
  "ready_to_submit",
);

/**
 * completed ∪ incomplete. `expired` and `onboarding_reset` are deliberately outside it (§3.2), which
 * is why a move from or to them is always legal (§4.2).
 */
export const VALID_STATUSES = statusSet(...COMPLETED_STATUSES, ...INCOMPLETE_STATUSES);

export const PRE_STARTED_STATUSES = statusSet("created", "download_software_clicked", "ready_to_start");

/** The clock is running. Also the "active" statuses of the timer endpoint (§3.2, §8.4). */
export const IN_PROGRESS_STATUSES = statusSet("started", "ready_to_submit");

export const RESUME_STATUSES = statusSet("ready_to_resume", "resumed");

/** Vendor answers to registration that block a proctored exam until onboarding is done (§7.1). */
export const ONBOARDING_ERROR_STATUSES = statusSet(
  "onboarding_missing",
  "onboarding_pending",
  "onboarding_failed",
  "onboarding_expired",
);

/** Target statuses that change the host's credit requirement (§4.3-6a). */
export const CREDIT_UPDATE_STATUSES = statusSet("verified", "rejected", "declined", "submitted", "error");

/** Target statuses that zero the subsection grade when the course asks for it (§4.3-6c). */
export const GRADE_OVERRIDE_STATUSES = statusSet("rejected");

/** Target statuses that decline the learner's other proctored exams: only `declined` (§4.3-6b). */
export const CASCADABLE_STATUSES = statusSet("declined");

// The sets are typed on AttemptStatus; callers often hold a plain string (a request body, a row read
// without its $type), so the predicates accept any string and answer false for unknown ones.
const has = (set: ReadonlySet<AttemptStatus>, s: string | null | undefined): boolean =>
  s != null && set.has(s as AttemptStatus);

export const isCompleted = (s: string | null | undefined): boolean => has(COMPLETED_STATUSES, s);
export const isIncomplete = (s: string | null | undefined): boolean => has(INCOMPLETE_STATUSES, s);
export const isPreStarted = (s: string | null | undefined): boolean => has(PRE_STARTED_STATUSES, s);
export const isInProgress = (s: string | null | undefined): boolean => has(IN_PROGRESS_STATUSES, s);
export const isResumeStatus = (s: string | null | undefined): boolean => has(RESUME_STATUSES, s);
export const isOnboardingError = (s: string | null | undefined): boolean => has(ONBOARDING_ERROR_STATUSES, s);

const ALL_STATUSES: ReadonlySet<string> = new Set(ATTEMPT_STATUSES);

export function isAttemptStatus(x: unknown): x is AttemptStatus {
  return typeof x === "string" && ALL_STATUSES.has(x);
}

/** Values of the host's credit requirement status written by proctoring (§4.3-6a). */
export type CreditRequirementStatus = "satisfied" | "submitted" | "declined" | "failed";

/** The credit requirement status a transition to `to` writes, or null when it writes none. */
export function creditStatusFor(to: AttemptStatus): CreditRequirementStatus | null {
  switch (to) {
    case "verified":
      return "satisfied";
    case "submitted":
      return "submitted";
    case "declined":
      return "declined";
    case "rejected":
    case "error":
      return "failed";
    default:
      return null;
  }
}
