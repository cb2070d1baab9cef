/**
 * The contract between the learner exam pages and their server actions (lib/actions/exam.ts).
 * A form posts `intent` plus `examId` and, once there is one, `attemptId`; the action calls the
 * service verb, and on success the page is rendered again with the next interstitial.
 */

/** What a learner can ask for on an exam page; each maps to one service verb. */
export const EXAM_INTENTS = [
  /** Timed (and practice/onboarding) entrance: create the attempt with the clock started, or start the created one. */
  "start_timed",
  /** Proctored entrance "Continue to Exam": create the attempt taken as proctored (status created). */
  "begin_proctored",
  /** Take a proctored exam without proctoring (opt-out): create declined, or decline the existing attempt. */
  "decline",
  /** "Start System Check": click_download_software. */
  "system_check",
  /** ready_to_start → started (after the vendor worker's startExamAttempt handshake, if any). */
  "start",
  /** "End My Exam": started → ready_to_submit. */
  "stop",
  /** "No, I'd like to continue working": ready_to_submit → started. */
  "continue",
  /** "Yes, submit my exam". */
  "submit",
  /** Practice / onboarding "Retry my exam": reset_attempt. */
  "retry",
  /** "View my exam" after a result (§8.10, §12.7). */
  "acknowledge",
  /** Onboarding required page "Try again": create a new attempt once onboarding is fixed. */
  "try_again",
] as const;
export type ExamIntent = (typeof EXAM_INTENTS)[number];

export interface ExamActionState {
  /** A learner-readable sentence when the action was refused; null otherwise. */
  error: string | null;
}

export const INITIAL_EXAM_ACTION_STATE: ExamActionState = { error: null };

/** The form action: `useActionState(examAction, INITIAL_EXAM_ACTION_STATE)`. */
export type ExamFormAction = (state: ExamActionState, formData: FormData) => Promise<ExamActionState>;

/** Direct calls from client components (the timer, the vendor heartbeat). */
export type AttemptCallAction = (attemptId: number) => Promise<ExamActionState>;
