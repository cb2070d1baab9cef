/**
 * Which interstitial a learner sees on Invigil's exam page (§12.1-12.6, with §5.3-5.6, §6 step 3,
 * §7.5): `decideStudentView(input)` is 3.8.1's `get_student_view` dispatcher as a pure function.
 * The page gathers plain data (exam, latest attempt, learner, course, backend, now), renders the
 * returned view and wires its actions to the service verbs. No wording here: views carry a `kind`,
 * the exam kind and flags; sentences live in the message catalogue.
 *
 * Where 3.8.1 answers "null" (show the raw content) the view is `content` with a `reason`, so the
 * page can say why there is no timer. Where we depart from 3.8.1 the comment says so and why; the
 * rule we apply to every ambiguous case is the one a learner under exam stress needs: the page
 * always names a next step (an action, or what will happen by itself) and whom to contact.
 */
import { decidePracticeReset } from "./attempt-rules";
import type { LearnerEligibility, Prerequisite, VerificationStatus } from "./credit";
import { PROCTORING_ELIGIBLE_MODES, mayTakeProctoredExams, type EnrollmentMode } from "./enrollment-modes";
import type { SpecialExamKind } from "./exam-kind";
import { isIncomplete, isInProgress, type AttemptStatus } from "./statuses";
import {
  doesTimeRemain,
  effectiveDueDate,
  expiryInstant,
  hasDueDatePassed,
  humanizeMinutes,
  isExpired,
  remainingSeconds,
  shownTotalMinutes,
  timerThresholds,
} from "./time";

// ---------------------------------------------------------------------------------------------
// Enrollment modes (docs/reference/what-we-build.md, point 4)


export type EnrollmentRefusal = "not_enrolled" | "enrollment_mode";

/**
 * Who may take an exam (docs/reference/what-we-build.md, points 4 and 12), the one rule for the pages and the API: a
 * learner needs an active enrollment in the course, and for a proctored, practice or onboarding
 * exam one in a mode eligible for proctoring; timed exams are open to any enrolled learner. Course
 * staff acting for a learner (a retry or reset on the learner's behalf) are not held to the
 * learner's enrollment. Returns why the learner is refused, or null.
 */
export function enrollmentRefusal(input: {
  /** Proctored, practice or onboarding (anything but a timed exam). */
  proctoring: boolean;
  /** The mode of the learner's active enrollment; null without one. */
  enrollmentMode: EnrollmentMode | null;
  staffActingForLearner: boolean;
}): EnrollmentRefusal | null {
  if (input.staffActingForLearner) return null;
  if (input.enrollmentMode === null) return "not_enrolled";
  if (input.proctoring && !mayTakeProctoredExams(input.enrollmentMode)) return "enrollment_mode";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Input

/** The four special-exam kinds of §1.2 (exam-kind.ts without "unsupported"). */
export type { SpecialExamKind } from "./exam-kind";

export interface StudentViewAttempt {
  /** Raw stored status; `timed_out` is read as `submitted` (§4.2 rewrite). */
  status: AttemptStatus;
  startedAt: Date | null;
  /** Fixed at start (§5.2); null before the start. */
  allowedTimeLimitMins: number | null;
  completedAt: Date | null;
  /** The learner clicked "View my exam" (§8.10, §12.7). */
  isStatusAcknowledged: boolean;
  takingAsProctored: boolean;
  /** Saved by the `error` action (§5.8) and copied into a resumed attempt (§6 step 4); else null. */
  timeRemainingSeconds: number | null;
  /** The attempt's unguessable code; RPNow learners type it into the vendor's software (§12.3). */
  attemptCode?: string | null;
}

export interface StudentViewInput {
  exam: {
    /**
     * From examKind(). For practice and onboarding exams the backend's `supportsOnboarding`, when a
     * backend is given, has the last word (§12.1 step 3).
     */
    kind: SpecialExamKind;
    isActive: boolean;
    timeLimitMins: number;
    /** The exam's own due date; a personal extension (below) wins over it (§5.3). */
    dueDate: Date | null;
    hideAfterDue: boolean;
  };
  /** The due date of the exam's section in the synced course outline; used when the exam has none. */
  sectionDueDate?: Date | null;
  /** The learner's personal due date (extension), or null (§5.3). */
  personalDueDate?: Date | null;
  /** The raw `additional_time_granted` allowance value, or null (§5.2). */
  additionalTimeAllowance?: string | null;
  /** The learner's latest attempt for this exam, or null. */
  attempt: StudentViewAttempt | null;
  learner: {
    /** The learner's active enrollment's mode; null when not (or no longer) enrolled. */
    enrollmentMode: EnrollmentMode | null;
    /** Course staff, instructor or admin for this course (actor.ts isCourseStaff). */
    isCourseStaff: boolean;
  };
  /**
   * The §12.3 gate (lib/domain/credit.ts, read by lib/queries/credit-eligibility.ts): whether the
   * account is activated, the course's credit prerequisites before this exam, and the learner's
   * identity verification.
   */
  eligibility: LearnerEligibility;
  course: {
    endDate: Date | null;
    allowProctoringOptOut: boolean;
    /** `proctoring_escalation_email` of the course, or null. */
    escalationEmail: string | null;
  };
  /** The exam's proctoring backend; null for timed exams. */
  backend: {
    blocksExamMaterial: boolean;
    supportsOnboarding: boolean;
    /** The learner enters the attempt code as an exam code in the vendor's software (RPNow, §12.3). */
    showsExamCode?: boolean;
  } | null;
  /**
   * Grace-period wait deadline (§5.3), from graceWaitDeadline(). A deadline at or before `now` is
   * ignored. Default null.
   */
  waitDeadline?: Date | null;
  /**
   * Whether the "time allotted has expired" message applies (§5.6 last paragraph). Default:
   * timeExpiredMessageApplies(attempt, now).
   */
  timeExpiredMessage?: boolean;
  /** Timer warning thresholds as fractions of the learner's allowed time (§5.7 defaults). */
  timerThresholds?: { lowPct?: number; criticalPct?: number };
  now: Date;
}

/** How long the timed "expired" message stays after an auto-submit (SHOW_EXPIRY_MESSAGE_DURATION, §5.6). */
export const TIME_EXPIRED_MESSAGE_MS = 60_000;

/**
 * §5.6 last paragraph: the attempt ran its full allowed time (`completed_at − started_at ≥ allowed
 * minutes`) and was completed less than 60 s ago.
 */
export function timeExpiredMessageApplies(
  attempt: Pick<StudentViewAttempt, "startedAt" | "completedAt" | "allowedTimeLimitMins"> | null,
  now: Date,
): boolean {
  if (!attempt?.startedAt || !attempt.completedAt || attempt.allowedTimeLimitMins == null) return false;
  const ran = attempt.completedAt.getTime() - attempt.startedAt.getTime();
  return ran >= attempt.allowedTimeLimitMins * 60_000 && now.getTime() - attempt.completedAt.getTime() < TIME_EXPIRED_MESSAGE_MS;
}

/**
 * §5.3 grace period: `due + grace` while it is still in the future, else null. Null without a due
 * date or a grace period (or a grace period of 0).
 */
export function graceWaitDeadline(input: { dueDate: Date | null; gracePeriodMs: number | null; now: Date }): Date | null {
  if (!input.dueDate || !input.gracePeriodMs || input.gracePeriodMs <= 0) return null;
  const deadline = new Date(input.dueDate.getTime() + input.gracePeriodMs);
  return deadline.getTime() > input.now.getTime() ? deadline : null;
}

// ---------------------------------------------------------------------------------------------
// Output

/** A duration the learner reads: whole minutes plus 3.8.1's `humanized_time` (time.ts). */
export interface Duration {
  minutes: number;
  /** "1 hour and 2 minutes"; the catalogue may format `minutes` itself instead. */
  humanized: string;
}

/**
 * Whom the page tells the learner to contact. The page resolves the non-email kinds from the
 * settings: platform support (LINK_URLS.contact_us / tech support email), the proctoring provider's
 * support email and phone (falling back to platform support).
 */
export type Contact =
  | { kind: "course_team"; email: string }
  | { kind: "platform_support" }
  | { kind: "proctoring_provider" };

/** What the clock needs: an absolute deadline and the server's own time. */
export interface TimerData {
  startedAt: Date;
  /** The expiry instant: `started_at + allowed minutes` (§5.5). */
  deadline: Date;
  serverNow: Date;
  /** Live remaining seconds (float, never negative). */
  remainingSeconds: number;
  /** The learner's real (allowance-adjusted) allowed minutes. */
  allowedMinutes: number;
  lowThresholdSec: number;
  criticallyLowThresholdSec: number;
}

interface ViewBase {
  examKind: SpecialExamKind;
  /** The learner's effective due date (personal extension wins), or null. */
  dueDate: Date | null;
  contact: Contact;
}

export type ContentReason =
  /** The exam is not (or no longer) a special exam (§12.1 step 2). */
  | "exam_inactive"
  /** The course has ended: no proctoring any more (§5.4, §12.6). */
  | "course_ended"
  /** The learner opted out of proctoring (§12.3 pre-check). */
  | "declined"
  /**
   * A credit prerequisite before this exam was declined (§12.3): the exam was declined with it
   * (declineForPrerequisite), or by the learner, whose decline §4.3's cascade spreads to every
   * proctored exam of the course (the two cannot be told apart afterwards, so the page's words fit
   * both). Taken without proctoring.
   */
  | "prerequisite_declined"
  /** A result page the learner acknowledged after the due date (§8.10, §12.7). */
  | "result_acknowledged"
  /** A submitted timed exam after its due date, without hide_after_due (§12.2, §5.3). */
  | "review_after_due";

export type StudentView =
  /**
   * Ours (§12.1 step 1 shows staff raw content): course staff see the content together with a
   * preview of the interstitial a learner (eligible mode, no attempt) would see first, its actions
   * disabled. Nothing a staff member does on the page creates an attempt.
   */
  | { kind: "staff_preview"; examKind: SpecialExamKind; learnerView: StudentView }
  | (ViewBase & {
      kind: "not_eligible";
      reason: "enrollment_mode" | "not_enrolled";
      enrollmentMode: EnrollmentMode | null;
      eligibleModes: readonly EnrollmentMode[];
    })
  | (ViewBase & { kind: "inactive_account" })
  | (ViewBase & {
      kind: "failed_prerequisites";
      /** The failed requirements before this exam, in the course's order (§12.3). */
      prerequisites: Prerequisite[];
      /** "Due to unsatisfied prerequisites, you can only take this exam without proctoring." + opt-out. */
      optOutAllowed: boolean;
      /** Where a `reverification` requirement links to (the LMS's verification page), or null. */
      reverifyUrl: string | null;
    })
  | (ViewBase & {
      kind: "pending_prerequisites";
      /** The requirements before this exam not completed yet, in the course's order (§12.3). */
      prerequisites: Prerequisite[];
      optOutAllowed: boolean;
      reverifyUrl: string | null;
    })
  | (ViewBase & {
      kind: "id_verification";
      /** The learner's identity verification (§12.3 variants: pending, must_reverify, expired, default). */
      status: Exclude<VerificationStatus, "approved">;
      /** The LMS's verification page; null when not configured (the page names support instead). */
      reverifyUrl: string | null;
    })
  | (ViewBase & {
      kind: "due_date_passed";
      /**
       * Set when an attempt is still running past the due date (the due date was moved after it
       * started): its saved answers are submitted at this instant without the learner doing anything.
       */
      autoSubmitAt: Date | null;
    })
  | (ViewBase & {
      kind: "entrance";
      totalTime: Duration;
      /** "Take this exam without proctoring." (proctored exams of a course that allows it). */
      optOutAllowed: boolean;
      /** A timed attempt was created but never started: the button starts it instead of creating one. */
      existingAttempt: boolean;
      /** Timed exams of at most 20 hours: "Can I request additional time?" footer (§12.2, WCAG). */
      additionalTimeNote: boolean;
    })
  | (ViewBase & {
      kind: "instructions";
      /** `created`: set up; `download_software_clicked`: the system check was launched, waiting for the vendor. */
      stage: "setup" | "system_check_started";
      optOutAllowed: boolean;
      /**
       * RPNow variant (§12.3): the exam code (the attempt code) the learner copies into the vendor's
       * software; null for every other backend.
       */
      examCode: string | null;
    })
  | (ViewBase & {
      kind: "ready_to_start";
      totalTime: Duration;
      /** Run the vendor worker's `startExamAttempt` handshake before PUT start (§5.9). */
      vendorWorker: boolean;
    })
  | (ViewBase & {
      kind: "in_progress";
      timer: TimerData;
      takingAsProctored: boolean;
      /** Run the vendor worker's ping / echo (§5.8). */
      vendorWorker: boolean;
      /** Warn before leaving the page (§5.7, a proctored attempt). */
      warnBeforeLeaving: boolean;
    })
  | (ViewBase & {
      kind: "ready_to_submit";
      timer: TimerData;
      /** "No, I'd like to continue working": time remains and the backend does not block material (§5.6). */
      canContinue: boolean;
      /** Run the vendor worker's `endExamAttempt` handshake after PUT submit (§5.9). No pings here. */
      vendorWorker: boolean;
    })
  | (ViewBase & {
      kind: "submitted";
      /** `second_review_required`: same page, the review takes longer (§12.3). */
      secondReview: boolean;
      /** The time allotted expired and the attempt was submitted automatically (§5.6). */
      timeExpired: boolean;
      /** Timed: the exam has a due date and not hide_after_due, answers can be reviewed after it (§5.3). */
      willBeRevealed: boolean;
      /** "The result will be visible after <date>" (§5.3 grace period). */
      waitDeadline: Date | null;
      /** The "View my exam" block (§12.7). */
      viewMyExam: boolean;
      /** "Retry my exam" (practice, onboarding). */
      retryAllowed: boolean;
      /** The retry asks for a confirmation first (onboarding: the submission will not be reviewed). */
      retryNeedsConfirmation: boolean;
    })
  | (ViewBase & { kind: "verified"; waitDeadline: Date | null; viewMyExam: boolean; retryAllowed: boolean })
  | (ViewBase & { kind: "rejected"; waitDeadline: Date | null; viewMyExam: boolean; retryAllowed: boolean })
  | (ViewBase & {
      kind: "error";
      /** `attempt_error`: the attempt is in `error`; `unexpected_status`: a state no page is made for. */
      cause: "attempt_error" | "unexpected_status";
      /** The remaining time saved by the `error` action, kept for a resume (§5.8, §6 step 1). */
      timeSaved: Duration | null;
      retryAllowed: boolean;
    })
  | (ViewBase & {
      kind: "ready_to_resume";
      /** floor(saved / 60) capped by the due date, or the full time when nothing was saved (§6 step 3). */
      remainingTime: Duration;
      optOutAllowed: boolean;
      canResume: boolean;
      blockedBy: "due_date_passed" | "no_time_left" | null;
    })
  | (ViewBase & {
      kind: "onboarding_error";
      status: "missing" | "pending" | "failed" | "expired";
      /** missing, failed, expired: go to the onboarding exam; pending: wait for its review (§12.3). */
      nextStep: "complete_onboarding" | "wait_for_review";
      /**
       * "Try again": the service replaces a refused attempt on the next create (decision 005), so once
       * onboarding is verified the learner is not stuck on this page.
       */
      canTryAgain: boolean;
    })
  | (ViewBase & {
      kind: "wrong_browser";
      /** "End My Exam" (PUT stop) is always offered (§12.3). */
      canEnd: true;
    })
  | (ViewBase & {
      kind: "content";
      reason: ContentReason;
      /** Answers cannot be changed (nothing open to hand them in to). */
      readOnly: boolean;
    });

export type StudentViewKind = StudentView["kind"];

/** Every view kind, e.g. for a screenshot of each interstitial. */
export const STUDENT_VIEW_KINDS = [
  "staff_preview",
  "not_eligible",
  "inactive_account",
  "failed_prerequisites",
  "pending_prerequisites",
  "id_verification",
  "due_date_passed",
  "entrance",
  "instructions",
  "ready_to_start",
  "in_progress",
  "ready_to_submit",
  "submitted",
  "verified",
  "rejected",
  "error",
  "ready_to_resume",
  "onboarding_error",
  "wrong_browser",
  "content",
] as const satisfies readonly StudentViewKind[];

// Compile-time check that the list above names every kind of the union.
type MissingKinds = Exclude<StudentViewKind, (typeof STUDENT_VIEW_KINDS)[number]>;
const _allKindsListed: MissingKinds extends never ? true : MissingKinds = true;
void _allKindsListed;

// ---------------------------------------------------------------------------------------------
// The dispatcher

/** Limit of the timed entrance's extra-time footer: 20 hours (§12.2, WCAG). */
const ADDITIONAL_TIME_NOTE_MAX_MINS = 20 * 60;

/** The learner used for a staff preview: an active, eligible learner without attempt. */
const PREVIEW_LEARNER: StudentViewInput["learner"] = {
  enrollmentMode: "verified",
  isCourseStaff: false,
};

/** A learner nothing in §12.3's gate holds back: activated, prerequisites met, identity verified. */
export const FULLY_ELIGIBLE: LearnerEligibility = {
  accountActive: true,
  prerequisites: { ok: true, satisfied: [], failed: [], pending: [], declined: [] },
  verification: { required: false, status: "approved", reverifyUrl: null },
};

/**
 * The page's write before its read (docs/decisions/025, 032): the view says a credit prerequisite
 * was declined and no attempt exists yet, so the page calls `declineForPrerequisite` and reads
 * again; the attempt is then `declined` and the view stays `content` (§12.3 "auto-create attempt
 * and decline it").
 */
export function declinesForPrerequisite(view: StudentView, hasAttempt: boolean): boolean {
  return !hasAttempt && view.kind === "content" && view.reason === "prerequisite_declined";
}

/**
 * The interstitial of §12 for this learner and exam. Order of the checks (first match wins):
 *
 * 1. course staff → staff_preview (ours, §12.1 step 1);
 * 2. gates that replace the whole exam — no enrollment, inactive exam, course ended, enrollment mode
 *    not eligible — unless an attempt is running (see below);
 * 3. proctored: a declined attempt → content (§12.3 pre-check); proctored, practice, onboarding: an
 *    inactive account → inactive_account (§12.3-12.5; timed exams have no such check in 3.8.1);
 * 4. no attempt → due_date_passed once the due date has passed; proctored: a declined credit
 *    prerequisite → content (the page declines the exam), failed → failed_prerequisites, pending →
 *    pending_prerequisites (§12.3); else entrance;
 * 5. an incomplete attempt after the due date → due_date_passed (§5.3);
 * 6. the attempt's status (§12.2-12.5); proctored created / download_software_clicked with an
 *    identity verification required and not approved → id_verification (§12.3).
 */
export function decideStudentView(input: StudentViewInput): StudentView {
  const examKind = resolveExamKind(input);
  if (input.learner.isCourseStaff) {
    return {
      kind: "staff_preview",
      examKind,
      learnerView: learnerView({ ...input, learner: PREVIEW_LEARNER, eligibility: FULLY_ELIGIBLE, attempt: null }, examKind),
    };
  }
  return learnerView(input, examKind);
}

/**
 * §12.1 step 3: a practice exam is an onboarding exam exactly when its backend supports onboarding.
 * Callers compute `exam.kind` with examKind(); a backend given alongside is trusted over it.
 */
function resolveExamKind(input: StudentViewInput): SpecialExamKind {
  const kind = input.exam.kind;
  if ((kind === "practice" || kind === "onboarding") && input.backend) {
    return input.backend.supportsOnboarding ? "onboarding" : "practice";
  }
  return kind;
}

/** What the dispatcher works from, computed once. */
interface Facts {
  input: StudentViewInput;
  examKind: SpecialExamKind;
  /** practice or onboarding: ungraded, retried instead of resumed. */
  sample: boolean;
  dueDate: Date | null;
  duePassed: boolean;
  /** Only a deadline still in the future counts. */
  waitDeadline: Date | null;
  attempt: StudentViewAttempt | null;
  /** The status the pages act on (see effectiveStatus). */
  status: AttemptStatus | null;
  /** A running attempt past its expiry that the server has not submitted yet. */
  expiredUnsubmitted: boolean;
  escalation: Contact;
}

/**
 * `timed_out` is rewritten to `submitted` (§4.2, ALLOW_TIMED_OUT_STATE off); a running attempt past
 * its expiry is shown as submitted. The server submits expired attempts before the page is built
 * (docs/reference/what-we-build.md, point 2), so the second case is only a race with the sweeper — handled defensively
 * rather than showing a timer at 00:00 (§5.6).
 */
function effectiveStatus(attempt: StudentViewAttempt | null, now: Date): { status: AttemptStatus | null; expiredUnsubmitted: boolean } {
  if (!attempt) return { status: null, expiredUnsubmitted: false };
  if (attempt.status === "timed_out") return { status: "submitted", expiredUnsubmitted: false };
  if (isExpired(attempt, now)) return { status: "submitted", expiredUnsubmitted: true };
  return { status: attempt.status, expiredUnsubmitted: false };
}

function learnerView(input: StudentViewInput, examKind: SpecialExamKind): StudentView {
  const dueDate = effectiveDueDate({
    examDueDate: input.exam.dueDate,
    sectionDueDate: input.sectionDueDate ?? null,
    personalDueDate: input.personalDueDate ?? null,
  });
  const wait = input.waitDeadline ?? null;
  const escalationEmail = input.course.escalationEmail?.trim();
  const { status, expiredUnsubmitted } = effectiveStatus(input.attempt, input.now);
  const f: Facts = {
    input,
    examKind,
    sample: examKind === "practice" || examKind === "onboarding",
    dueDate,
    duePassed: hasDueDatePassed(dueDate, input.now),
    waitDeadline: wait && wait.getTime() > input.now.getTime() ? wait : null,
    attempt: input.attempt,
    status,
    expiredUnsubmitted,
    // §12.3 error page: the course's escalation email, else platform support.
    escalation: escalationEmail ? { kind: "course_team", email: escalationEmail } : { kind: "platform_support" },
  };
  const proctoring = examKind !== "timed";

  // Ours: an attempt whose clock is running is never cut off by a change made around it (exam
  // deactivated, course ended, enrollment changed). 3.8.1 would show the raw content without a timer
  // (§12.1 step 2, §5.4, §12.6) while the expiry still submits the attempt; the learner keeps the
  // timer and the submit button instead. (The due date is the exception, step 5: it is the course's
  // deadline and 3.8.1 and the Open edX client both apply it to running attempts, §5.3.)
  const running = status !== null && isInProgress(status);
  const refusal = enrollmentRefusal({ proctoring, enrollmentMode: input.learner.enrollmentMode, staffActingForLearner: false });
  if (!running) {
    // Ours: a learner without an active enrollment gets a page that says so (the page layer should
    // already have refused them; this keeps the dispatcher total). Applies to timed exams too.
    if (refusal === "not_enrolled") return notEligible(f, "not_enrolled");
    // §12.1 step 2: 3.8.1 shows the content of an inactive exam as ordinary course content. Nothing
    // can be handed in without an attempt, so it is read-only here.
    if (!input.exam.isActive) return content(f, "exam_inactive", true);
    if (proctoring) {
      // §5.4, §12.6: no proctoring after the course end; timed exams are unaffected.
      if (hasDueDatePassed(input.course.endDate, input.now)) return content(f, "course_ended", true);
      // §12.6, what-we-build decision 4: 3.8.1 shows audit/honor learners the raw content (no proctoring, no
      // timer). Ours: a clear page saying why and whom to contact (the Open edX client does the
      // same: "no access with your current enrollment", client-contract §7.1 step 2).
      if (refusal === "enrollment_mode") return notEligible(f, "enrollment_mode");
    }
  }

  // §12.3 pre-check (proctored only): an opted-out learner takes the exam as ordinary content.
  // Read-only once the due date has passed (the exam is closed then, §5.3).
  // A learner whose exam was declined with a declined prerequisite is told so (§12.3).
  if (examKind === "proctored" && status === "declined") {
    return content(f, input.eligibility.prerequisites.declined.length > 0 ? "prerequisite_declined" : "declined", f.duePassed);
  }
  // §12.3-12.5: before anything else the vendor needs an activated account.
  if (proctoring && !input.eligibility.accountActive) return view(f, "inactive_account", {});

  // `eligible` is a summary pseudo-status (§3.1); `onboarding_reset` is left behind when the new
  // attempt of a practice retry could not be created (§4.9 step 6) — both mean "start afresh" where
  // starting afresh is possible.
  if (status === null || (f.sample && status === "onboarding_reset")) return noAttempt(f);

  // §5.3: an incomplete attempt after the due date → due_date_passed (3.8.1: timed and proctored).
  // Ours: for practice and onboarding exams too, because a start after the due date gets zero
  // minutes (allowed minutes are capped by the due date, §5.2) and a proctored create is refused
  // (§4.6 step 5): the page would offer a button that cannot work.
  if (isIncomplete(status) && f.duePassed) return dueDatePassed(f);

  switch (status) {
    case "started":
      return started(f);
    case "created":
    case "download_software_clicked":
    case "ready_to_start":
      return preStarted(f, status);
    case "ready_to_submit":
      return readyToSubmit(f);
    case "submitted":
    case "second_review_required":
      return result(f, "submitted");
    case "verified":
    case "rejected":
      // Timed attempts are never reviewed (§12.2 shows the content); should one carry a review
      // status it is still a submitted exam, so it gets the submitted page.
      return result(f, examKind === "timed" ? "submitted" : status);
    case "error":
      return errorView(f, "attempt_error");
    case "ready_to_resume":
    case "resumed":
      return readyToResume(f);
    case "declined":
      // Practice, onboarding, timed: 3.8.1's fall-through to the content (§12.2, §12.4, §12.5).
      return content(f, "declined", f.duePassed);
    case "onboarding_missing":
    case "onboarding_pending":
    case "onboarding_failed":
    case "onboarding_expired":
      if (examKind === "proctored") return onboardingError(f, status);
      return errorView(f, "unexpected_status");
    default:
      // `eligible`, `expired`, `onboarding_reset` on a graded exam, `timed_out` (already rewritten).
      // 3.8.1 shows the raw content — questions with no timer and nothing to hand them in to. Ours,
      // as the Open edX client does for statuses it does not know (client-contract §7.1 step 8):
      // the error page, which names whom to contact.
      return errorView(f, "unexpected_status");
  }
}

// ---------------------------------------------------------------------------------------------
// Builders

type ViewOf<K extends StudentViewKind> = Extract<StudentView, { kind: K }>;

/**
 * Whom each page names: one contact per course, the same on every page (docs/decisions/027) — the
 * course's escalation email, else platform support. The course team can extend a due date, resume
 * an attempt and answer about results and onboarding; the pages that concern the proctoring
 * provider name it separately ("Proctoring is provided by …"). Account activation is the
 * platform's, not the course's: platform support.
 */
function contactFor(f: Facts, kind: StudentViewKind): Contact {
  // Account activation and identity verification are the platform's, not the course's.
  return kind === "inactive_account" || kind === "id_verification" ? { kind: "platform_support" } : f.escalation;
}

function view<K extends Exclude<StudentViewKind, "staff_preview">>(
  f: Facts,
  kind: K,
  data: Omit<ViewOf<K>, "kind" | keyof ViewBase>,
): ViewOf<K> {
  return { kind, examKind: f.examKind, dueDate: f.dueDate, contact: contactFor(f, kind), ...data } as ViewOf<K>;
}

function duration(minutes: number): Duration {
  const whole = Math.max(Math.trunc(minutes), 0);
  return { minutes: whole, humanized: humanizeMinutes(whole) };
}

function content(f: Facts, reason: ContentReason, readOnly: boolean) {
  return view(f, "content", { reason, readOnly });
}

function notEligible(f: Facts, reason: "enrollment_mode" | "not_enrolled") {
  return view(f, "not_eligible", {
    reason,
    enrollmentMode: f.input.learner.enrollmentMode,
    eligibleModes: PROCTORING_ELIGIBLE_MODES,
  });
}

/**
 * The time the learner will have: the attempt's fixed limit once started, else the computed limit
 * (§5.2: time limit + allowance, or the saved remaining time of a resumed attempt, capped by the due
 * date) — 3.8.1's `total_time` (§12.1).
 */
function totalMinutes(f: Facts): number {
  return shownTotalMinutes({
    attempt: f.attempt,
    timeLimitMins: f.input.exam.timeLimitMins,
    additionalTimeAllowance: f.input.additionalTimeAllowance ?? null,
    dueDate: f.dueDate,
    now: f.input.now,
  });
}

/** Opt-out is offered on proctored exams only, when the course allows it (§12.3). */
function optOutAllowed(f: Facts): boolean {
  return f.examKind === "proctored" && f.input.course.allowProctoringOptOut;
}

/** The learner's browser talks to the vendor's worker (§5.8, §5.9). */
function usesVendorWorker(f: Facts): boolean {
  return f.input.backend !== null && (f.attempt?.takingAsProctored ?? false);
}

/** The backend keeps exam material out of an ordinary browser (§12.3 error_wrong_browser). */
function blocksMaterial(f: Facts): boolean {
  return (f.input.backend?.blocksExamMaterial ?? false) && (f.attempt?.takingAsProctored ?? false);
}

function noAttempt(f: Facts): StudentView {
  // §12.2-12.4: the due date has passed and there is no attempt. Ours: practice exams too (§12.5
  // shows its entrance), because "Continue to my practice exam" creates a proctored attempt, which
  // is refused after the due date (§4.6 step 5).
  if (f.duePassed) return dueDatePassed(f);
  // §12.3 credit prerequisites (`_are_prerequirements_satisfied`), proctored exams only, in 3.8.1's
  // order: declined, failed, pending.
  if (f.examKind === "proctored") {
    const p = f.input.eligibility.prerequisites;
    if (p.declined.length > 0) return content(f, "prerequisite_declined", false);
    const common = { optOutAllowed: optOutAllowed(f), reverifyUrl: f.input.eligibility.verification.reverifyUrl };
    if (p.failed.length > 0) return view(f, "failed_prerequisites", { prerequisites: p.failed, ...common });
    if (p.pending.length > 0) return view(f, "pending_prerequisites", { prerequisites: p.pending, ...common });
  }
  return entrance(f, false);
}

function entrance(f: Facts, existingAttempt: boolean) {
  return view(f, "entrance", {
    totalTime: duration(totalMinutes(f)),
    optOutAllowed: optOutAllowed(f),
    existingAttempt,
    additionalTimeNote: f.examKind === "timed" && f.input.exam.timeLimitMins <= ADDITIONAL_TIME_NOTE_MAX_MINS,
  });
}

function dueDatePassed(f: Facts) {
  const startedAt = f.status !== null && isInProgress(f.status) ? f.attempt?.startedAt : null;
  return view(f, "due_date_passed", {
    autoSubmitAt: startedAt ? expiryInstant(startedAt, f.attempt?.allowedTimeLimitMins ?? 0) : null,
  });
}

function timer(f: Facts): TimerData | null {
  const a = f.attempt;
  if (!a?.startedAt) return null;
  const allowed = a.allowedTimeLimitMins ?? 0;
  const thresholds = timerThresholds(allowed, f.input.timerThresholds ?? {});
  return {
    startedAt: a.startedAt,
    deadline: expiryInstant(a.startedAt, allowed),
    serverNow: f.input.now,
    remainingSeconds: remainingSeconds(a, f.input.now),
    allowedMinutes: allowed,
    lowThresholdSec: thresholds.lowThresholdSec,
    criticallyLowThresholdSec: thresholds.criticallyLowThresholdSec,
  };
}

function started(f: Facts): StudentView {
  // §12.3, §12.5: a backend that keeps material out of the browser. 3.8.1 skips this check for
  // onboarding exams (§12.4); it is applied to all here — only backends that block say yes.
  if (blocksMaterial(f)) return view(f, "wrong_browser", { canEnd: true });
  const t = timer(f);
  // A `started` attempt without a start time is broken data: no clock can be shown for it.
  if (!t) return errorView(f, "unexpected_status");
  const proctored = f.attempt?.takingAsProctored ?? false;
  return view(f, "in_progress", {
    timer: t,
    takingAsProctored: proctored,
    vendorWorker: usesVendorWorker(f),
    warnBeforeLeaving: proctored,
  });
}

function preStarted(f: Facts, status: "created" | "download_software_clicked" | "ready_to_start"): StudentView {
  // Ours: 3.8.1 shows a timed exam's content when its attempt exists but never started (§12.2 "any
  // other → content") — the questions with no clock running. The entrance is shown again instead,
  // its button starting the existing attempt.
  if (f.examKind === "timed") return entrance(f, true);
  if (status === "ready_to_start") {
    return view(f, "ready_to_start", { totalTime: duration(totalMinutes(f)), vendorWorker: usesVendorWorker(f) });
  }
  // §12.3 id_verification: a proctored exam (3.8.1's proctored view only) waits for an approved
  // identity verification before the set-up, when the site requires one (3.8.1 does; 4.10 dropped it).
  const verification = f.input.eligibility.verification;
  if (f.examKind === "proctored" && verification.required && verification.status !== "approved") {
    return view(f, "id_verification", { status: verification.status, reverifyUrl: verification.reverifyUrl });
  }
  // §12.3 instructions. 3.8.1's template offers the opt-out link in both stages (the Open edX client
  // hides it after "Start System Check"); kept in both: a learner whose system check keeps failing
  // needs that way out when the course allows it.
  return view(f, "instructions", {
    stage: status === "created" ? "setup" : "system_check_started",
    optOutAllowed: optOutAllowed(f),
    examCode: (f.input.backend?.showsExamCode && f.attempt?.attemptCode) || null,
  });
}

function readyToSubmit(f: Facts): StudentView {
  const t = timer(f);
  if (!t) return errorView(f, "unexpected_status");
  const a = f.attempt;
  return view(f, "ready_to_submit", {
    timer: t,
    // §5.6 does_time_remain; proctored: and the backend does not block material (§12.1 able_to_reenter_exam).
    canContinue: a !== null && doesTimeRemain(a, f.input.now) && !blocksMaterial(f),
    vendorWorker: usesVendorWorker(f),
  });
}

/**
 * "Retry my exam" (§4.9): practice and onboarding attempts that decidePracticeReset accepts (not
 * incomplete, not verified). Ours: not after the due date — the retry creates a new proctored
 * attempt, which is refused then (§4.6 step 5), and the reset would already have discarded the old
 * one.
 */
function retryAllowed(f: Facts): boolean {
  if (!f.sample || f.duePassed || f.status === null) return false;
  return decidePracticeReset({ status: f.status, isPracticeExam: true }).kind !== "error";
}

function timeExpired(f: Facts): boolean {
  if (f.expiredUnsubmitted) return true;
  return f.input.timeExpiredMessage ?? timeExpiredMessageApplies(f.attempt, f.input.now);
}

function result(f: Facts, kind: "submitted" | "verified" | "rejected"): StudentView {
  const a = f.attempt;
  const secondReview = a?.status === "second_review_required";

  if (f.examKind === "timed") {
    // §12.2, §5.3: without hide_after_due, after the due date the submitted exam is shown read-only —
    // unless the grace period still runs (then the page with the wait banner).
    const willBeRevealed = f.dueDate !== null && !f.input.exam.hideAfterDue;
    if (willBeRevealed && f.duePassed && !f.waitDeadline) return content(f, "review_after_due", true);
    return view(f, "submitted", {
      secondReview: false,
      timeExpired: timeExpired(f),
      willBeRevealed,
      // The wait banner only makes sense where the answers will be revealed.
      waitDeadline: willBeRevealed ? f.waitDeadline : null,
      viewMyExam: false,
      retryAllowed: false,
      retryNeedsConfirmation: false,
    });
  }

  if (f.sample) {
    // §12.4, §12.5: practice and onboarding result pages; no acknowledgement, no "View my exam", no
    // grace period (they are ungraded). 3.8.1's practice view shows the content for verified and
    // rejected practice attempts (§12.5 "other"); they get their page here, with the retry.
    // Onboarding rejected: 3.8.1 offers the retry only with experimental features; ours always —
    // a rejected onboarding blocks every proctored exam until it is retried (§7.1).
    const retry = retryAllowed(f);
    if (kind === "submitted") {
      return view(f, "submitted", {
        secondReview,
        timeExpired: timeExpired(f),
        willBeRevealed: false,
        waitDeadline: null,
        viewMyExam: false,
        retryAllowed: retry,
        // §12.4: retrying a submitted onboarding exam discards a submission that was never reviewed.
        retryNeedsConfirmation: retry && f.examKind === "onboarding",
      });
    }
    return view(f, kind, { waitDeadline: null, viewMyExam: false, retryAllowed: retry });
  }

  // Proctored (§12.3). After the due date the learner may acknowledge the result ("View my exam",
  // §12.7) and then sees the content. Two decisions of ours:
  // - 3.8.1 forces the page during the grace period for `verified` only; here for every result, so
  //   no answers are revealed while others may still hand in theirs (§5.3);
  // - hide_after_due (a timed-exam setting in 3.8.1) is honoured here too: "hide the content after
  //   the due date" means no "View my exam" either.
  const revealable = f.duePassed && !f.waitDeadline && !f.input.exam.hideAfterDue;
  if (revealable && a?.isStatusAcknowledged) return content(f, "result_acknowledged", true);
  if (kind === "submitted") {
    return view(f, "submitted", {
      secondReview,
      timeExpired: timeExpired(f),
      willBeRevealed: false,
      waitDeadline: f.waitDeadline,
      viewMyExam: revealable,
      retryAllowed: false,
      retryNeedsConfirmation: false,
    });
  }
  return view(f, kind, { waitDeadline: f.waitDeadline, viewMyExam: revealable, retryAllowed: false });
}

function errorView(f: Facts, cause: "attempt_error" | "unexpected_status") {
  const saved = f.attempt?.timeRemainingSeconds;
  return view(f, "error", {
    cause,
    // §5.8: the `error` action saved what was left; staff can resume with it (§6). Practice and
    // onboarding attempts are retried, not resumed (§6.10), so no time is promised there.
    timeSaved: cause === "attempt_error" && !f.sample && saved != null ? duration(Math.floor(Math.max(saved, 0) / 60)) : null,
    retryAllowed: retryAllowed(f),
  });
}

function readyToResume(f: Facts): StudentView {
  // §6 step 3: floor(saved / 60) capped by the due date; the full time (with allowance) when nothing
  // was saved (an error from a review or by staff, §6 step 1). `resumed` as the latest attempt
  // means the successor could not be created (§6 step 5): the same page, so the learner can try again.
  const minutes = totalMinutes(f);
  // Ours: 3.8.1 offers "Continue" even when it cannot work — after the due date the create is refused
  // (§4.6 step 5, §8.5), and with 0 minutes left the resumed attempt would expire at once. The page
  // says so and names the course team (who can extend the due date or grant time) instead.
  const blockedBy = f.duePassed ? "due_date_passed" : minutes <= 0 ? "no_time_left" : null;
  return view(f, "ready_to_resume", {
    remainingTime: duration(minutes),
    optOutAllowed: optOutAllowed(f) && blockedBy === null,
    canResume: blockedBy === null,
    blockedBy,
  });
}

function onboardingError(
  f: Facts,
  status: "onboarding_missing" | "onboarding_pending" | "onboarding_failed" | "onboarding_expired",
): StudentView {
  // Ours: after the due date the proctored exam cannot be started any more (§4.6 step 5), so sending
  // the learner to onboarding for it would be a false next step.
  if (f.duePassed) return dueDatePassed(f);
  const short = status.slice("onboarding_".length) as "missing" | "pending" | "failed" | "expired";
  return view(f, "onboarding_error", {
    status: short,
    nextStep: short === "pending" ? "wait_for_review" : "complete_onboarding",
    canTryAgain: true,
  });
}
