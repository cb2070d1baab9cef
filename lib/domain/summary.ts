/**
 * `get_attempt_status_summary` (§3.6): the small status object the LMS shows in progress and credit
 * widgets. Keys are the JSON contract's (snake_case).
 */
import type { SpecialExamKind } from "./exam-kind";
import type { AttemptStatus } from "./statuses";

export interface AttemptStatusSummary {
  /** Absent for timed exams, as in 3.8.1. */
  status?: AttemptStatus;
  short_description: string;
  suggested_icon: string;
  in_completed_state: boolean;
}

type SummaryEntry = Omit<AttemptStatusSummary, "status">;
const entry = (short_description: string, suggested_icon: string, in_completed_state: boolean): SummaryEntry => ({
  short_description,
  suggested_icon,
  in_completed_state,
});

const TIMED_SUMMARY = entry("Timed Exam", "fa-clock-o", false);

const PROCTORED_DEFAULT = entry("Taking As Proctored Exam", "fa-pencil-square-o", false);
const PROCTORED_MAP: Partial<Record<AttemptStatus, SummaryEntry>> = {
  eligible: entry("Proctored Option Available", "fa-pencil-square-o", false),
  declined: entry("Taking As Open Exam", "fa-pencil-square-o", false),
  submitted: entry("Pending Session Review", "fa-spinner fa-spin", true),
  second_review_required: entry("Pending Session Review", "fa-spinner fa-spin", true),
  verified: entry("Passed Proctoring", "fa-check", true),
  rejected: entry("Failed Proctoring", "fa-exclamation-triangle", true),
  error: entry("Failed Proctoring", "fa-exclamation-triangle", true),
  expired: entry("Proctored Option No Longer Available", "fa-times-circle", false),
};

const PRACTICE_DEFAULT = entry("Ungraded Practice Exam", "", false);
const PRACTICE_MAP: Partial<Record<AttemptStatus, SummaryEntry>> = {
  submitted: entry("Practice Exam Completed", "fa-check", true),
  error: entry("Practice Exam Failed", "fa-exclamation-triangle", true),
};

export interface AttemptStatusSummaryInput {
  examKind: SpecialExamKind;
  /** The learner's current attempt status, or null without attempt. */
  status: AttemptStatus | null;
  /** The credit state's `course_end_date` has passed. */
  courseEndPassed: boolean;
  /**
   * The learner may take this proctored exam (host permission `can_take_proctored_exam`). 3.8.1
   * returns null otherwise — checked for non-practice proctored exams only. Default true.
   */
  canTakeProctored?: boolean;
}

/**
 * The summary of §3.6. Null only where 3.8.1 gives null for these inputs: a proctored exam the
 * learner may not take. (An unknown exam, also null in 3.8.1, is the caller's lookup.)
 */
export function attemptStatusSummary(input: AttemptStatusSummaryInput): AttemptStatusSummary | null {
  if (input.examKind === "timed") return { ...TIMED_SUMMARY };

  const practice = input.examKind === "practice" || input.examKind === "onboarding";
  if (!practice && input.canTakeProctored === false) return null;

  // Without an attempt: `expired` once the course has ended (non-practice only), else `eligible`.
  const status: AttemptStatus = input.status ?? (!practice && input.courseEndPassed ? "expired" : "eligible");
  const found = practice ? PRACTICE_MAP[status] : PROCTORED_MAP[status];
  const fallback = practice ? PRACTICE_DEFAULT : PROCTORED_DEFAULT;
  return { status, ...(found ?? fallback) };
}
