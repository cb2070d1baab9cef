/**
 * The attempt state machine of §4: target rewrites, legality, the multi-attempt gate, PUT actions and
 * who may perform them, the start guard, and the side effects of `update_attempt_status` as data.
 *
 * lib/services runs a transition as: rewriteTarget → isTransitionLegal → conditional UPDATE of the
 * status (WHERE status = from) → transitionEffects(...) executed in order. The status write itself is
 * the caller's; the effects are everything else.
 */
import {
  creditStatusFor,
  isCompleted,
  isIncomplete,
  isInProgress,
  isPreStarted,
  type AttemptStatus,
  type CreditRequirementStatus,
} from "./statuses";

// ---------------------------------------------------------------------------------------------
// Rewrites and legality (§4.2)

export interface RewriteResult {
  to: AttemptStatus;
  /**
   * The timeout-as-submit rewrite happened: `completed_at` is then the expiry instant, not now
   * (§4.3 step 4).
   */
  timedOutRewrite: boolean;
}

/**
 * The two rewrites applied before the legality check (§4.2):
 * - timeout-as-submit: `timed_out` becomes `submitted` unless ALLOW_TIMED_OUT_STATE;
 * - re-attempt-as-submit: a running attempt (started, ready_to_submit) sent back to a pre-started
 *   status is submitted instead (e.g. the SoftwareSecure launch callback hit again).
 */
export function rewriteTarget(
  from: AttemptStatus,
  to: AttemptStatus,
  options: { allowTimedOutState?: boolean } = {},
): RewriteResult {
  if (to === "timed_out" && !options.allowTimedOutState) return { to: "submitted", timedOutRewrite: true };
  if (isInProgress(from) && isPreStarted(to)) return { to: "submitted", timedOutRewrite: false };
  return { to, timedOutRewrite: false };
}

/**
 * `is_state_transition_legal` (§4.2). Illegal iff completed → incomplete, or `ready_to_resume` not
 * from `error`, or `resumed` not from a resume status. Everything else is legal, same-status included.
 */
export function isTransitionLegal(from: AttemptStatus, to: AttemptStatus): boolean {
  if (isCompleted(from) && isIncomplete(to)) return false;
  if (to === "ready_to_resume" && from !== "error") return false;
  if (to === "resumed" && from !== "ready_to_resume" && from !== "resumed") return false;
  return true;
}

export interface AttemptRef {
  examId: number | string;
  userId: number | string;
  courseKey: string;
}

/** 3.8.1's `ProctoredExamIllegalStatusTransition` detail, word for word (§4.2). */
export function illegalTransitionMessage(input: AttemptRef & { from: string; to: string }): string {
  return (
    `A status transition from "${input.from}" to "${input.to}" was attempted on exam_id=${input.examId} ` +
    `for user_id=${input.userId}. This is not allowed! (course_id=${input.courseKey})`
  );
}

/**
 * The vendor "ready" signal (launch callback, REST `ready`, mock timer) moves an attempt to
 * `ready_to_start` only from `created` or `download_software_clicked`; otherwise it is ignored (§4.4).
 */
export function shouldMarkReadyToStart(status: AttemptStatus): boolean {
  return status === "created" || status === "download_software_clicked";
}

// ---------------------------------------------------------------------------------------------
// Multi-attempt gate (§4.5)

/**
 * `can_update_credit_grades_and_email`: whether credit, grade override and email run, given the
 * statuses of ALL attempts of (user, exam) after the save.
 */
export function canUpdateCreditGradesAndEmail(allStatuses: readonly AttemptStatus[], to: AttemptStatus): boolean {
  if (allStatuses.length === 1) return true;
  // Only the newest attempt can be declined or errored.
  if (to === "declined" || to === "error") return true;
  if (to === "submitted") return !allStatuses.includes("rejected");
  if (to === "verified") return allStatuses.every((s) => s === "verified");
  if (to === "rejected") {
    const rejections = allStatuses.filter((s) => s === "rejected").length;
    return rejections <= 1 && !allStatuses.includes("declined");
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// PUT actions (§8.7)

export const ATTEMPT_ACTIONS = [
  "start",
  "stop",
  "submit",
  "click_download_software",
  "decline",
  "error",
  "reset_attempt",
  "mark_ready_to_resume",
] as const;
export type AttemptAction = (typeof ATTEMPT_ACTIONS)[number];

const ACTION_SET: ReadonlySet<string> = new Set(ATTEMPT_ACTIONS);
export function isAttemptAction(x: unknown): x is AttemptAction {
  return typeof x === "string" && ACTION_SET.has(x);
}

/** 400 detail for an unknown action (3.8.1 crashed with a 500, §17.3). */
export function unknownActionMessage(action: unknown): string {
  return `Unknown action "${String(action ?? "")}". Expected one of: ${ATTEMPT_ACTIONS.join(", ")}.`;
}

/**
 * The status an action moves the attempt to. `error` (§5.8, see errorActionDecision) and
 * `reset_attempt` (§4.9, see decidePracticeReset) are not plain transitions: null.
 */
export function targetStatusOfAction(action: AttemptAction): AttemptStatus | null {
  switch (action) {
    case "start":
      return "started";
    case "stop":
      return "ready_to_submit";
    case "submit":
      return "submitted";
    case "click_download_software":
      return "download_software_clicked";
    case "decline":
      return "declined";
    case "mark_ready_to_resume":
      return "ready_to_resume";
    case "error":
    case "reset_attempt":
      return null;
  }
}

export type Decision = { ok: true } | { ok: false; detail: string };

export interface AuthorizeAttemptActionInput {
  action: AttemptAction;
  /**
   * The acting identity owns the attempt: the requester, or the learner named by `user_id` when one
   * is given (3.8.1 switches identity to `user_id` before its owner check).
   */
  actorIsOwner: boolean;
  /** Course staff of the attempt's course, or an admin. */
  actorIsCourseStaff: boolean;
  /** The body carried a `user_id`. */
  userIdGiven: boolean;
  /** For 3.8.1's exact 403 detail; omitted parts print as "?". */
  requesterId?: number | string;
  attemptId?: number | string;
  courseKey?: string;
}

/** Our 403 detail when a learner tries to resume their own errored attempt (§17.7). */
export const SELF_RESUME_DETAIL =
  "Only course staff can mark an attempt ready to resume. Ask your course team to resume your exam.";

/**
 * Who may perform a PUT action (§8.7), with our decision on §17.7 (what-we-build decision 1):
 * - `user_id` in the body is allowed only for course staff or admins, and only with
 *   `mark_ready_to_resume` (as 3.8.1);
 * - every action needs the acting identity to own the attempt (as 3.8.1);
 * - `mark_ready_to_resume` additionally needs course staff or an admin: a learner can no longer
 *   self-approve a resume after an error (3.8.1 let the owner do it).
 */
export function authorizeAttemptAction(input: AuthorizeAttemptActionInput): Decision {
  const denied = (): Decision => ({
    ok: false,
    detail:
      `user_id=${input.requesterId ?? "?"} attempted to update attempt_id=${input.attemptId ?? "?"} in ` +
      `course_id=${input.courseKey ?? "?"} but does not have access to it. (action=${input.action})`,
  });
  if (input.userIdGiven && !(input.actorIsCourseStaff && input.action === "mark_ready_to_resume")) {
    return denied();
  }
  if (!input.actorIsOwner) return denied();
  if (input.action === "mark_ready_to_resume" && !input.actorIsCourseStaff) {
    return { ok: false, detail: SELF_RESUME_DETAIL };
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Start guard (§4.7)

export type StartGuardResult =
  | { ok: true }
  | { ok: false; code: "already_started" | "illegal_transition" | "not_ready"; detail: string };

export interface StartGuardInput extends Partial<AttemptRef> {
  status: AttemptStatus;
  startedAt: Date | null;
  takingAsProctored: boolean;
  /** The exam is a timed (not proctored) exam. */
  isTimedExam: boolean;
}

/**
 * `start_exam_attempt`'s checks (§4.7) plus our decision on §17.7: a proctored attempt
 * (taking_as_proctored on a proctored or practice exam) starts only from `ready_to_start` — the
 * vendor's setup must be complete — or from `ready_to_submit` ("continue working"); a timed attempt
 * (or an unproctored one) from `created` or `ready_to_submit`. Every failure is a 400.
 */
export function startGuard(input: StartGuardInput): StartGuardResult {
  const examId = input.examId ?? "?";
  const userId = input.userId ?? "?";
  if (input.status === "started" && input.startedAt) {
    return {
      ok: false,
      code: "already_started",
      detail: `Cannot start exam attempt for exam_id=${examId} and user_id=${userId} because it has already started!`,
    };
  }
  // Any other move out of a completed status is refused by the legality check, with its message.
  if (!isTransitionLegal(input.status, "started")) {
    return {
      ok: false,
      code: "illegal_transition",
      detail: illegalTransitionMessage({ from: input.status, to: "started", examId, userId, courseKey: input.courseKey ?? "?" }),
    };
  }
  const proctored = input.takingAsProctored && !input.isTimedExam;
  const allowed: readonly AttemptStatus[] = proctored ? ["ready_to_start", "ready_to_submit"] : ["created", "ready_to_submit"];
  if (!allowed.includes(input.status)) {
    return {
      ok: false,
      code: "not_ready",
      detail: proctored
        ? `Cannot start exam attempt for exam_id=${examId} and user_id=${userId} because the proctoring ` +
          `setup is not complete (status=${input.status}). Complete the system check first.`
        : `Cannot start exam attempt for exam_id=${examId} and user_id=${userId} from status=${input.status}.`,
    };
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Side effects of update_attempt_status (§4.3 steps 4–8)

export type EmailTemplate = "submitted" | "verified" | "rejected";
export type VendorCall = "start_exam_attempt" | "stop_exam_attempt" | "mark_erroneous_exam_attempt";

/** Constants of the rejected-exam grade override (§4.3-6c). */
export const REJECTED_GRADE_OVERRIDE_EARNED = 0;

/**
 * One effect of a transition, in execution order. Three kinds, by where they run:
 * - row effects (same UPDATE/transaction as the status): set_started, set_completed_at,
 *   clear_proctoring;
 * - host effects (our own tables standing in for the LMS services of §16, same transaction):
 *   credit, cascade_decline, grade_override, certificate_invalidate, undo_grade_override,
 *   clear_onboarding_errors;
 * - after-commit effects (outbox, retried, never failing the transition): email, vendor.
 */
export type TransitionEffect =
  /** First start: `started_at = now`, `allowed_time_limit_mins = allowedMinutes(...)` (§4.3-4, §5.2). */
  | { type: "set_started" }
  /**
   * `completed_at`: `now`, or the expiry instant after a timeout (the sweeper's/lazy check's
   * timestamp; when the caller has none, use now — §17.8).
   */
  | { type: "set_completed_at"; at: "now" | "expiry" }
  /** Opt-out: `taking_as_proctored = false`, `external_id = null` on this attempt (§4.3-6b). */
  | { type: "clear_proctoring" }
  /** Host credit requirement (namespace "proctored_exam", name = exam content id) (§4.3-6a). */
  | { type: "credit"; status: CreditRequirementStatus; contentId: string }
  /** Decline the learner's other active, proctored, non-practice exams of the course (planCascadeDecline). */
  | { type: "cascade_decline" }
  /** Subsection grade 0/0, attributed to the reviewer (§4.3-6c). */
  | { type: "grade_override"; contentId: string; earnedAll: 0; earnedGraded: 0; comment: string }
  | { type: "certificate_invalidate" }
  /** A rejected attempt turned verified: remove the override (§4.3-6d). */
  | { type: "undo_grade_override"; contentId: string }
  /** §11.1: proctored, non-sample attempts only, through the gate. */
  | { type: "email"; template: EmailTemplate }
  /**
   * Delete the learner's attempts in onboarding-error statuses so the proctored exam re-registers
   * (§4.3-8). Scope "course" is our decision on §17.11 (3.8.1 deleted them in every course).
   */
  | { type: "clear_onboarding_errors"; scope: OnboardingCleanupScope }
  /** Backend hook with (exam.external_id, attempt.external_id); its answer is ignored (§4.3-8). */
  | { type: "vendor"; call: VendorCall };

export type OnboardingCleanupScope = "course" | "all";

export interface TransitionEffectsInput {
  from: AttemptStatus;
  /** Target after rewriteTarget. */
  to: AttemptStatus;
  timedOutRewrite: boolean;
  /** The attempt as it was before this transition. */
  attempt: {
    startedAt: Date | null;
    takingAsProctored: boolean;
    isSampleAttempt: boolean;
    /** When explicitly null, vendor hooks are skipped: the vendor has no session to act on. */
    externalId?: string | null;
  };
  exam: { isPracticeExam: boolean; contentId: string };
  /** canUpdateCreditGradesAndEmail over all attempts of (user, exam) after the status save. */
  gateOpen: boolean;
  /** The exam's backend; null (or present: false) for timed exams. */
  backend: { present: boolean; supportsOnboarding: boolean; verboseName?: string | null } | null;
  /** Host grades service: `should_override_grade_on_rejected_exam(course)`. */
  overrideGradeOnRejected: boolean;
  /** `cascade_effects`: false for the declines the cascade itself makes. */
  cascade: boolean;
  onboardingCleanupScope?: OnboardingCleanupScope;
}

/**
 * The effects of `update_attempt_status(attempt, to)` after the rewrites and the legality check,
 * in 3.8.1's order (§4.3 steps 4–8). The analytics event (step 9) and the history row are the
 * caller's, on every transition.
 */
export function transitionEffects(input: TransitionEffectsInput): TransitionEffect[] {
  const { from, to, attempt, exam } = input;
  const effects: TransitionEffect[] = [];

  // Step 4: row fields. `started_at` is set once, on the first start only.
  const firstStart = to === "started" && attempt.startedAt == null;
  if (firstStart) {
    effects.push({ type: "set_started" });
  } else if (input.timedOutRewrite || to === "timed_out") {
    // §4.4: a timed-out attempt completes at its expiry instant, whether rewritten to submitted or
    // kept as timed_out (ALLOW_TIMED_OUT_STATE).
    effects.push({ type: "set_completed_at", at: "expiry" });
  } else if (to === "submitted") {
    effects.push({ type: "set_completed_at", at: "now" });
  }

  // Step 6: only when the multi-attempt gate is open (§4.5).
  if (input.gateOpen) {
    const credit = creditStatusFor(to);
    if (credit) effects.push({ type: "credit", status: credit, contentId: exam.contentId });

    if (input.cascade && to === "declined") {
      effects.push({ type: "clear_proctoring" }, { type: "cascade_decline" });
    }

    if (to === "rejected" && input.overrideGradeOnRejected) {
      const name = input.backend?.present ? input.backend.verboseName : null;
      effects.push(
        {
          type: "grade_override",
          contentId: exam.contentId,
          earnedAll: REJECTED_GRADE_OVERRIDE_EARNED,
          earnedGraded: REJECTED_GRADE_OVERRIDE_EARNED,
          comment: name ? `Failed ${name} proctoring` : "Failed Proctoring",
        },
        { type: "certificate_invalidate" },
      );
    }

    if (to === "verified" && from === "rejected" && input.overrideGradeOnRejected) {
      effects.push({ type: "undo_grade_override", contentId: exam.contentId });
    }

    const template = emailTemplateFor(to);
    // §11.1: no email for timed, declined (opted out), practice or onboarding attempts.
    if (template && attempt.takingAsProctored && !attempt.isSampleAttempt) {
      effects.push({ type: "email", template });
    }
  }

  // Step 8: backend hooks (timed exams have no backend).
  if (input.backend?.present) {
    if (exam.isPracticeExam && input.backend.supportsOnboarding && isCompleted(to)) {
      effects.push({ type: "clear_onboarding_errors", scope: input.onboardingCleanupScope ?? "course" });
    }
    const call = vendorCallFor(to, firstStart);
    if (call && attempt.externalId !== null) effects.push({ type: "vendor", call });
  }

  return effects;
}

function emailTemplateFor(to: AttemptStatus): EmailTemplate | null {
  if (to === "submitted" || to === "verified" || to === "rejected") return to;
  return null;
}

/**
 * Vendor hook of a transition. `start_exam_attempt` only on the first start: ready_to_submit →
 * started ("continue working") does not call it again (what-we-build decision 3, upstream 3.13.1).
 */
function vendorCallFor(to: AttemptStatus, firstStart: boolean): VendorCall | null {
  if (to === "started") return firstStart ? "start_exam_attempt" : null;
  if (to === "submitted") return "stop_exam_attempt";
  if (to === "error") return "mark_erroneous_exam_attempt";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Cascade of a decline (§4.3-6b)

export interface CascadeCandidate {
  examId: number;
  contentId: string;
  isActive: boolean;
  isProctored: boolean;
  isPracticeExam: boolean;
  /** Status of the learner's current attempt on that exam, or null when none. */
  currentStatus: AttemptStatus | null;
}

export type CascadeStep =
  /** No attempt yet: create one with taking_as_proctored=false, then decline it (cascade off). */
  | { examId: number; action: "create_and_decline" }
  /** An incomplete (or unclassified) attempt: decline it (cascade off). */
  | { examId: number; action: "decline" };

/**
 * Which of the course's other exams a decline cascades to: active, proctored, non-practice exams
 * with a different content id, skipping those whose current attempt is already completed.
 * Practice and timed exams are never touched.
 */
export function planCascadeDecline(sourceContentId: string, exams: readonly CascadeCandidate[]): CascadeStep[] {
  const steps: CascadeStep[] = [];
  for (const exam of exams) {
    if (!exam.isActive || !exam.isProctored || exam.isPracticeExam || exam.contentId === sourceContentId) continue;
    if (exam.currentStatus === null) steps.push({ examId: exam.examId, action: "create_and_decline" });
    else if (!isCompleted(exam.currentStatus)) steps.push({ examId: exam.examId, action: "decline" });
  }
  return steps;
}
