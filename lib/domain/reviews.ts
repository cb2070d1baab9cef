/**
 * Review statuses (§3.3) and what a review does to its attempt (§10.2, §10.3).
 *
 * Two vocabularies: the standard one vendors send (`passed`, `violation`, ...) and SoftwareSecure's,
 * which is what the database stores (`Clean`, `Rules Violation`, ...).
 */
import type { AttemptStatus } from "./statuses";

export const STANDARD_REVIEW_STATUSES = ["passed", "violation", "suspicious", "not_reviewed"] as const;
export type StandardReviewStatus = (typeof STANDARD_REVIEW_STATUSES)[number];

export const STORED_REVIEW_STATUSES = ["Clean", "Rules Violation", "Suspicious", "Not Reviewed"] as const;
export type StoredReviewStatus = (typeof STORED_REVIEW_STATUSES)[number];

const TO_STORED: Record<StandardReviewStatus, StoredReviewStatus> = {
  passed: "Clean",
  violation: "Rules Violation",
  suspicious: "Suspicious",
  not_reviewed: "Not Reviewed",
};

const FROM_STORED: Record<StoredReviewStatus, StandardReviewStatus> = {
  Clean: "passed",
  "Rules Violation": "violation",
  Suspicious: "suspicious",
  "Not Reviewed": "not_reviewed",
};

export function isValidStandardStatus(x: unknown): x is StandardReviewStatus {
  return typeof x === "string" && Object.hasOwn(TO_STORED, x);
}

export function isValidStoredStatus(x: unknown): x is StoredReviewStatus {
  return typeof x === "string" && Object.hasOwn(FROM_STORED, x);
}

export function toStoredReviewStatus(status: StandardReviewStatus): StoredReviewStatus {
  return TO_STORED[status];
}

export function fromStoredReviewStatus(status: StoredReviewStatus): StandardReviewStatus {
  return FROM_STORED[status];
}

/** 3.8.1's *BadReviewStatus* detail for a status outside the vocabulary (§3.3); a 400. */
export function badReviewStatusMessage(received: unknown): string {
  return `Received unexpected reviewStatus field value from payload. Was ${String(received)}.`;
}

/** SoftwareSecure's (and the default backend's) passing statuses (§3.3). */
export const DEFAULT_PASSING_REVIEW_STATUSES: readonly StoredReviewStatus[] = ["Clean", "Rules Violation"];
/** REST backends pass only `Clean`: a `violation` needs a second look (§10.3). */
export const REST_PASSING_REVIEW_STATUSES: readonly StoredReviewStatus[] = ["Clean"];

export function isPassingReview(
  stored: StoredReviewStatus,
  passingStatuses: readonly StoredReviewStatus[] = DEFAULT_PASSING_REVIEW_STATUSES,
): boolean {
  return passingStatuses.includes(stored);
}

export type ReviewTargetStatus = Extract<AttemptStatus, "verified" | "error" | "rejected" | "second_review_required">;

export interface ReviewTargetInput {
  stored: StoredReviewStatus;
  passingStatuses?: readonly StoredReviewStatus[];
  /** The review carries a (human) reviewer. */
  reviewedBy: boolean;
  /** REQUIRE_FAILURE_SECOND_REVIEWS, default true (§14.1). */
  requireFailureSecondReviews: boolean;
  backendSupportsOnboarding: boolean;
  isSampleAttempt: boolean;
}

/**
 * `finish_review_workflow`'s target (§10.3 step 2). All four targets are completed statuses, so the
 * transition is always legal; the caller skips it for archived attempts (§10.5).
 */
export function reviewTargetStatus(input: ReviewTargetInput): ReviewTargetStatus {
  if (isPassingReview(input.stored, input.passingStatuses)) return "verified";
  if (input.stored === "Not Reviewed") return "error";
  if (input.reviewedBy || !input.requireFailureSecondReviews) return "rejected";
  // Onboarding attempts fail straight away: there is no credit at stake to confirm (§7.1).
  if (input.backendSupportsOnboarding && input.isSampleAttempt) return "rejected";
  return "second_review_required";
}

/** `should_notify`: a Suspicious review no human has looked at yet goes to support (§10.2-8). */
export function shouldNotifySupport(stored: StoredReviewStatus, reviewedBy: boolean): boolean {
  return stored === "Suspicious" && !reviewedBy;
}

// ---------------------------------------------------------------------------------------------
// Staff review on the dashboard (§10.3, §10.4)

/** What a staff member may decide about a review. */
export const STAFF_REVIEW_DECISIONS = ["verify", "reject"] as const;
export type StaffReviewDecisionName = (typeof STAFF_REVIEW_DECISIONS)[number];

/** Attempt statuses staff may decide from: a flagged review, or a session that errored (§10.3, §10.4). */
export const STAFF_REVIEWABLE_STATUSES = ["second_review_required", "error"] as const;
export type StaffReviewableStatus = (typeof STAFF_REVIEWABLE_STATUSES)[number];

/** The answer of a staff decision (POST /api/instructor/<course>/reviews/<attempt>). */
export interface StaffReviewResult {
  attempt_id: number;
  decision: StaffReviewDecisionName;
  /** The attempt's status now: verified or rejected. */
  status: AttemptStatus;
  /** False when the attempt already was in the decided status (a repeat): nothing was written. */
  changed: boolean;
}
