/**
 * Decisions around attempts that are not a single status transition: creating one (§4.6, §8.5),
 * resetting a practice attempt (§4.9), the dashboard's Resume (§6.10) and the `error` action (§5.8).
 * Each returns what to do; lib/services does it.
 */
import { isCompleted, isIncomplete, isResumeStatus, type AttemptStatus } from "./statuses";
import type { AttemptRef } from "./transitions";

const ref = (r: Partial<AttemptRef>) => ({
  examId: r.examId ?? "?",
  userId: r.userId ?? "?",
  courseKey: r.courseKey ?? "?",
});

// ---------------------------------------------------------------------------------------------
// Creating an attempt (§4.6 step 2, §4.6 step 5, §8.5)

export interface CreateAttemptInput extends Partial<AttemptRef> {
  /** The learner's current attempt (newest `created`) for the exam, or null. */
  current: {
    id?: number;
    status: AttemptStatus;
    isSampleAttempt: boolean;
    timeRemainingSeconds: number | null;
  } | null;
  exam: { isPracticeExam: boolean };
  /** The learner's effective due date has passed (§5.3). Default false. */
  dueDatePassed?: boolean;
  /** `attempt_proctored` of the request. Default false. */
  takingAsProctored?: boolean;
}

export type CreateAttemptDecision =
  /**
   * Create a new attempt. With `resumeFrom`, first mark the current attempt `resumed` and copy its
   * saved remaining time into the new row (§6 step 4).
   */
  | { kind: "new"; resumeFrom?: { timeRemainingSeconds: number | null } }
  /** Our §17.21 decision: hand back the practice attempt that is still in progress. */
  | { kind: "existing"; attemptId?: number }
  | {
      kind: "error";
      /**
       * already_exists and past_due_proctored: 400 (3.8.1's exceptions). expired_exam: 403, the REST
       * create view's check for non-practice exams (§8.5).
       */
      code: "already_exists" | "past_due_proctored" | "expired_exam";
      detail: string;
    };

/**
 * Whether POST create makes a new attempt (§4.6, §8.5). Checks run in this order:
 * 1. §8.5: a non-practice exam whose due date has passed is refused (403);
 * 2. §4.6 step 5: a proctored attempt on a past-due exam is refused (400) — checked before the
 *    resume marking here, so unlike 3.8.1 a refused request no longer leaves the old attempt
 *    `resumed` without a successor;
 * 3. §4.6 step 2: a current attempt in a resume status is superseded (resumeFrom); any other current
 *    non-sample attempt means "already exists".
 *
 * Our decision on §17.21: 3.8.1 always created another practice attempt, even while the previous
 * one was in progress (a double click on "Continue" registered two vendor sessions). While the
 * current practice attempt is incomplete we return it instead; once it is completed (or reset) a
 * new one is created as before.
 */
export function decideCreateAttempt(input: CreateAttemptInput): CreateAttemptDecision {
  const ids = ref(input);
  const dueDatePassed = input.dueDatePassed ?? false;
  if (dueDatePassed && !input.exam.isPracticeExam) {
    return {
      kind: "error",
      code: "expired_exam",
      detail:
        `user_id=${ids.userId} attempted to create an attempt for expired exam ` +
        `with exam_id=${ids.examId} in course_id=${ids.courseKey}`,
    };
  }
  if (dueDatePassed && input.takingAsProctored) {
    return {
      kind: "error",
      code: "past_due_proctored",
      detail:
        `user_id=${ids.userId} trying to create exam attempt for past due proctored ` +
        `exam_id=${ids.examId} in course_id=${ids.courseKey}. Do not register an exam attempt!`,
    };
  }

  const current = input.current;
  if (!current) return { kind: "new" };
  if (isResumeStatus(current.status)) {
    return { kind: "new", resumeFrom: { timeRemainingSeconds: current.timeRemainingSeconds } };
  }
  // 3.8.1 decides on the attempt's own flag (copied from the exam at creation), not the exam's.
  if (!current.isSampleAttempt) {
    return {
      kind: "error",
      code: "already_exists",
      detail:
        `Cannot create new exam attempt for exam_id=${ids.examId} and user_id=${ids.userId} ` +
        `in course_id=${ids.courseKey} because it already exists!`,
    };
  }
  if (isIncomplete(current.status)) {
    return current.id === undefined ? { kind: "existing" } : { kind: "existing", attemptId: current.id };
  }
  return { kind: "new" };
}

// ---------------------------------------------------------------------------------------------
// Practice reset (§4.9)

export type PracticeResetDecision =
  /** The attempt was submitted and never reviewed: remove it entirely (§4.10), then create anew. */
  | { kind: "remove" }
  /** Write `onboarding_reset` directly (history row, no workflow), then create anew. */
  | { kind: "mark_onboarding_reset" }
  /** not_found: 400 (3.8.1's StudentExamAttemptDoesNotExists); illegal_transition: 400. */
  | { kind: "error"; code: "not_found" | "illegal_transition"; detail: string };

/**
 * `reset_practice_exam` (learner "Retry my exam"), in 3.8.1's order: attempt exists, exam is a
 * practice exam, attempt is neither in progress nor verified.
 */
export function decidePracticeReset(
  input: Partial<AttemptRef> & { status: AttemptStatus | null; isPracticeExam: boolean },
): PracticeResetDecision {
  const ids = ref(input);
  if (input.status === null) {
    return {
      kind: "error",
      code: "not_found",
      detail: `Tried to reset attempt in exam_id=${ids.examId} for user_id=${ids.userId}, but this attempt does not exist.`,
    };
  }
  const prefix = `Failed to reset attempt status on exam_id=${ids.examId} for user_id=${ids.userId}. `;
  if (!input.isPracticeExam) {
    return {
      kind: "error",
      code: "illegal_transition",
      detail: `${prefix}Only practice exams may be reset! (course_id=${ids.courseKey})`,
    };
  }
  if (isIncomplete(input.status) || input.status === "verified") {
    return {
      kind: "error",
      code: "illegal_transition",
      detail: `${prefix}Attempt with status=${input.status} cannot be reset! (course_id=${ids.courseKey})`,
    };
  }
  return input.status === "submitted" ? { kind: "remove" } : { kind: "mark_onboarding_reset" };
}

// ---------------------------------------------------------------------------------------------
// Instructor dashboard (§6.10)

/**
 * The "Resume" entry of the Special Exam Attempts panel: only when the newest attempt is exactly
 * `error` and the exam is not a practice exam (practice and onboarding exams retry instead).
 */
export function canResumeInDashboard(input: { latestStatus: AttemptStatus | null; isPracticeExam: boolean }): boolean {
  return input.latestStatus === "error" && !input.isPracticeExam;
}

// ---------------------------------------------------------------------------------------------
// The `error` action after a failed ping (§5.8)

export type ErrorActionDecision =
  /** Respond `{"exam_attempt_id": false}`; the browser does not reload. */
  | { kind: "no_change"; reason: "passthrough" | "already_submitted" | "already_completed" }
  /**
   * Save `time_remaining_seconds` (int of the live remaining time, §5.5), then transition to `error`
   * (credit failed, vendor mark_erroneous_exam_attempt). Respond with the attempt id.
   */
  | { kind: "error"; saveTimeRemainingSeconds: number | null };

export interface ErrorActionInput {
  status: AttemptStatus;
  /** The exam has a backend and its ping-failure passthrough switch is on. */
  passthrough: boolean;
  /**
   * The live remaining seconds (remainingSeconds(...)); truncated to an integer as 3.8.1's integer
   * column did. Omit to let the caller compute it.
   */
  remainingSeconds?: number;
}

/**
 * §5.8, in 3.8.1's order: passthrough switch, then an already submitted attempt. Our addition: any
 * other completed status (verified, rejected, error ...) is left alone too — 3.8.1 would let a stale
 * tab's failed ping overwrite a review result and fail the credit requirement.
 */
export function errorActionDecision(input: ErrorActionInput): ErrorActionDecision {
  if (input.passthrough) return { kind: "no_change", reason: "passthrough" };
  if (input.status === "submitted") return { kind: "no_change", reason: "already_submitted" };
  if (isCompleted(input.status)) return { kind: "no_change", reason: "already_completed" };
  return {
    kind: "error",
    saveTimeRemainingSeconds: input.remainingSeconds === undefined ? null : Math.trunc(input.remainingSeconds),
  };
}
