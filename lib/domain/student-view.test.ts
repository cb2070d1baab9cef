import { describe, expect, it } from "vitest";
import { ENROLLMENT_MODES as SCHEMA_ENROLLMENT_MODES } from "@/db/schema/courses";
import type { AttemptStatus } from "./statuses";
import type { LearnerEligibility } from "./credit";
import { ENROLLMENT_MODES, mayTakeProctoredExams, PROCTORING_ELIGIBLE_MODES, type EnrollmentMode } from "./enrollment-modes";
import {
  declinesForPrerequisite,
  decideStudentView,
  FULLY_ELIGIBLE,
  graceWaitDeadline,
  STUDENT_VIEW_KINDS,
  timeExpiredMessageApplies,
  type SpecialExamKind,
  type StudentView,
  type StudentViewAttempt,
  type StudentViewInput,
} from "./student-view";

const NOW = new Date("2025-03-10T12:00:00.000Z");
/** NOW shifted by `m` minutes. */
const at = (m: number) => new Date(NOW.getTime() + m * 60_000);
const WEEK = 7 * 24 * 60;
const PAST = at(-60);
const FUTURE = at(WEEK);
const ESCALATION = "exams@course.example";

const course = { kind: "course_team", email: ESCALATION } as const;
const platform = { kind: "platform_support" } as const;

// ---------------------------------------------------------------------------------------------
// Builders

type Overrides = Partial<Omit<StudentViewInput, "exam" | "learner" | "course" | "attempt" | "eligibility">> & {
  exam?: Partial<StudentViewInput["exam"]>;
  eligibility?: Partial<LearnerEligibility>;
  learner?: Partial<StudentViewInput["learner"]>;
  course?: Partial<StudentViewInput["course"]>;
  attempt?: StudentViewAttempt | null;
};

function input(kind: SpecialExamKind, o: Overrides = {}): StudentViewInput {
  const { exam, learner, course: c, eligibility, ...rest } = o;
  const backend =
    kind === "timed"
      ? null
      : { blocksExamMaterial: false, supportsOnboarding: kind === "onboarding" };
  return {
    exam: { kind, isActive: true, timeLimitMins: 60, dueDate: null, hideAfterDue: false, ...exam },
    attempt: null,
    learner: { enrollmentMode: "verified", isCourseStaff: false, ...learner },
    eligibility: { ...FULLY_ELIGIBLE, ...eligibility },
    course: { endDate: null, allowProctoringOptOut: false, escalationEmail: ESCALATION, ...c },
    backend,
    now: NOW,
    ...rest,
  };
}

/** An attempt in `status`; running statuses started 10 minutes ago with 60 minutes allowed. */
function attempt(status: AttemptStatus, kind: SpecialExamKind, o: Partial<StudentViewAttempt> = {}): StudentViewAttempt {
  const ran = ["started", "ready_to_submit", "submitted", "second_review_required", "verified", "rejected", "error", "timed_out", "declined"].includes(status);
  return {
    status,
    startedAt: ran && status !== "declined" ? at(-10) : null,
    allowedTimeLimitMins: ran && status !== "declined" ? 60 : null,
    completedAt: ["submitted", "second_review_required", "verified", "rejected", "timed_out"].includes(status) ? at(-5) : null,
    isStatusAcknowledged: false,
    takingAsProctored: kind !== "timed",
    timeRemainingSeconds: null,
    ...o,
  };
}

const withAttempt = (kind: SpecialExamKind, status: AttemptStatus, a: Partial<StudentViewAttempt> = {}, o: Overrides = {}) =>
  input(kind, { ...o, attempt: attempt(status, kind, a) });

const duePassed: Overrides = { exam: { dueDate: PAST } };
/** An RPNow attempt: the learner enters its code in the vendor's software (§12.3). */
const CODE = "5F1C2D3E-0A4B-4C6D-8E9F-0123456789AB";
const rpnow: Overrides = { backend: { blocksExamMaterial: true, supportsOnboarding: false, showsExamCode: true } };
const dueFuture: Overrides = { exam: { dueDate: FUTURE } };
const hour = { minutes: 60, humanized: "1 hour" };
const timerOf60 = {
  startedAt: at(-10),
  deadline: at(50),
  serverNow: NOW,
  remainingSeconds: 3000,
  allowedMinutes: 60,
  lowThresholdSec: 720,
  criticallyLowThresholdSec: 180,
};

type Row = [name: string, input: StudentViewInput, expected: Partial<StudentView> & Record<string, unknown>];

function check(view: StudentView, expected: Row[2]) {
  expect(view).toMatchObject(expected);
}

// ---------------------------------------------------------------------------------------------
// §12.2 timed

describe("decideStudentView: timed exams (§12.2)", () => {
  it.each<Row>([
    ["no attempt → entrance", input("timed"), {
      kind: "entrance", examKind: "timed", totalTime: hour, optOutAllowed: false, existingAttempt: false, additionalTimeNote: true, contact: course,
    }],
    ["no attempt, allowance added to the total time (§5.2)", input("timed", { additionalTimeAllowance: "30" }), {
      kind: "entrance", totalTime: { minutes: 90, humanized: "1 hour and 30 minutes" },
    }],
    ["no attempt, due in 20 minutes: total time capped by the due date (§5.2)", input("timed", { exam: { dueDate: at(20) } }), {
      kind: "entrance", totalTime: { minutes: 20, humanized: "20 minutes" }, dueDate: at(20),
    }],
    ["no attempt, limit over 20 hours: no extra-time footer (WCAG)", input("timed", { exam: { timeLimitMins: 1201 } }), {
      kind: "entrance", additionalTimeNote: false,
    }],
    ["no attempt, due passed → due_date_passed", input("timed", duePassed), {
      kind: "due_date_passed", autoSubmitAt: null, dueDate: PAST, contact: course,
    }],
    ["created, never started → entrance that starts the existing attempt (ours)", withAttempt("timed", "created"), {
      kind: "entrance", existingAttempt: true, totalTime: hour,
    }],
    ["created, due passed → due_date_passed", withAttempt("timed", "created", {}, duePassed), { kind: "due_date_passed" }],
    ["started → in_progress with the timer", withAttempt("timed", "started"), {
      kind: "in_progress", timer: timerOf60, takingAsProctored: false, vendorWorker: false, warnBeforeLeaving: false,
    }],
    ["started, due date moved before now → due_date_passed, auto-submitted at expiry", withAttempt("timed", "started", {}, duePassed), {
      kind: "due_date_passed", autoSubmitAt: at(50),
    }],
    ["started past its expiry (sweeper race) → submitted, time expired", withAttempt("timed", "started", { startedAt: at(-61) }), {
      kind: "submitted", timeExpired: true,
    }],
    ["ready_to_submit with time left → can continue", withAttempt("timed", "ready_to_submit"), {
      kind: "ready_to_submit", canContinue: true, vendorWorker: false, timer: timerOf60,
    }],
    ["ready_to_submit at the expiry instant → cannot continue", withAttempt("timed", "ready_to_submit", { startedAt: at(-60) }), {
      kind: "ready_to_submit", canContinue: false,
    }],
    ["submitted, no due date", withAttempt("timed", "submitted"), {
      kind: "submitted", timeExpired: false, willBeRevealed: false, waitDeadline: null, viewMyExam: false, retryAllowed: false,
    }],
    ["timed_out is read as submitted", withAttempt("timed", "timed_out"), { kind: "submitted" }],
    ["submitted by the clock 30 s ago → time expired message (§5.6)", withAttempt("timed", "submitted", { startedAt: at(-60.5), completedAt: at(-0.5) }), {
      kind: "submitted", timeExpired: true,
    }],
    ["submitted by the clock 2 min ago → plain submitted message", withAttempt("timed", "submitted", { startedAt: at(-62), completedAt: at(-2) }), {
      kind: "submitted", timeExpired: false,
    }],
    ["the caller's timeExpiredMessage wins", input("timed", { attempt: attempt("submitted", "timed"), timeExpiredMessage: true }), {
      kind: "submitted", timeExpired: true,
    }],
    ["submitted, due ahead, not hide_after_due → will be revealed", withAttempt("timed", "submitted", {}, dueFuture), {
      kind: "submitted", willBeRevealed: true, waitDeadline: null,
    }],
    ["submitted, due passed, not hide_after_due → read-only content", withAttempt("timed", "submitted", {}, duePassed), {
      kind: "content", reason: "review_after_due", readOnly: true,
    }],
    ["submitted, due passed, hide_after_due → submitted page", withAttempt("timed", "submitted", {}, { exam: { dueDate: PAST, hideAfterDue: true } }), {
      kind: "submitted", willBeRevealed: false,
    }],
    ["submitted, due passed, grace period running → submitted with wait banner", withAttempt("timed", "submitted", {}, { ...duePassed, waitDeadline: at(30) }), {
      kind: "submitted", willBeRevealed: true, waitDeadline: at(30),
    }],
    ["submitted, grace deadline already over → content", withAttempt("timed", "submitted", {}, { ...duePassed, waitDeadline: at(-1) }), {
      kind: "content", reason: "review_after_due",
    }],
    ["submitted, hide_after_due: no wait banner", withAttempt("timed", "submitted", {}, { exam: { dueDate: FUTURE, hideAfterDue: true }, waitDeadline: at(WEEK + 30) }), {
      kind: "submitted", willBeRevealed: false, waitDeadline: null,
    }],
    ["a review status on a timed attempt → submitted page", withAttempt("timed", "verified"), { kind: "submitted" }],
    ["error → error page with the escalation email (ours; 3.8.1 shows the content)", withAttempt("timed", "error", { timeRemainingSeconds: 754 }), {
      kind: "error", cause: "attempt_error", timeSaved: { minutes: 12, humanized: "12 minutes" }, retryAllowed: false, contact: course,
    }],
    ["ready_to_resume → ready_to_resume", withAttempt("timed", "ready_to_resume", { timeRemainingSeconds: 754 }), {
      kind: "ready_to_resume", remainingTime: { minutes: 12, humanized: "12 minutes" }, canResume: true, optOutAllowed: false,
    }],
    ["declined → content", withAttempt("timed", "declined"), { kind: "content", reason: "declined", readOnly: false }],
    ["audit learner may take a timed exam", input("timed", { learner: { enrollmentMode: "audit" } }), { kind: "entrance" }],
    ["inactive account: no check for timed exams (§12.2)", input("timed", { eligibility: { accountActive: false } }), { kind: "entrance" }],
    ["course ended: timed exams unaffected (§5.4)", input("timed", { course: { endDate: PAST } }), { kind: "entrance" }],
  ])("%s", (_name, i, expected) => check(decideStudentView(i), expected));
});

// ---------------------------------------------------------------------------------------------
// §12.3 proctored

describe("decideStudentView: proctored exams (§12.3)", () => {
  const optOut: Overrides = { course: { allowProctoringOptOut: true } };
  const blocking = { backend: { blocksExamMaterial: true, supportsOnboarding: false } };
  const noEscalation: Overrides = { course: { escalationEmail: null } };

  it.each<Row>([
    ["no attempt → entrance", input("proctored"), {
      kind: "entrance", examKind: "proctored", totalTime: hour, optOutAllowed: false, existingAttempt: false, additionalTimeNote: false,
    }],
    ["no attempt, course allows opt-out → entrance with opt-out", input("proctored", optOut), { kind: "entrance", optOutAllowed: true }],
    ["no attempt, due passed → due_date_passed", input("proctored", duePassed), { kind: "due_date_passed", autoSubmitAt: null }],
    ["exam due passed, personal extension ahead → entrance (§5.3)", input("proctored", { ...duePassed, personalDueDate: FUTURE }), {
      kind: "entrance", dueDate: FUTURE,
    }],
    ["exam due ahead, personal due date passed → due_date_passed", input("proctored", { ...dueFuture, personalDueDate: PAST }), {
      kind: "due_date_passed", dueDate: PAST,
    }],
    ["no exam due date, its section's passed → due_date_passed (decision 11)", input("proctored", { sectionDueDate: PAST }), {
      kind: "due_date_passed", dueDate: PAST,
    }],
    ["section due passed, exam's own due date ahead → entrance", input("proctored", { ...dueFuture, sectionDueDate: PAST }), {
      kind: "entrance", dueDate: FUTURE,
    }],
    ["section due passed, personal extension ahead → entrance", input("proctored", { sectionDueDate: PAST, personalDueDate: FUTURE }), {
      kind: "entrance", dueDate: FUTURE,
    }],
    ["created → instructions (setup), the course's one contact", withAttempt("proctored", "created", { attemptCode: CODE }), {
      kind: "instructions", stage: "setup", optOutAllowed: false, contact: course, examCode: null,
    }],
    ["created on RPNow → instructions with the exam code (§12.3)", withAttempt("proctored", "created", { attemptCode: CODE }, rpnow), {
      kind: "instructions", stage: "setup", examCode: CODE,
    }],
    ["download_software_clicked on RPNow → the exam code stays on the page", withAttempt("proctored", "download_software_clicked", { attemptCode: CODE }, rpnow), {
      kind: "instructions", stage: "system_check_started", examCode: CODE,
    }],
    ["created on RPNow, attempt code unknown → no exam code field", withAttempt("proctored", "created", {}, rpnow), {
      kind: "instructions", examCode: null,
    }],
    ["created, opt-out allowed → instructions with opt-out", withAttempt("proctored", "created", {}, optOut), {
      kind: "instructions", optOutAllowed: true,
    }],
    ["download_software_clicked → instructions (system check started)", withAttempt("proctored", "download_software_clicked", {}, optOut), {
      kind: "instructions", stage: "system_check_started", optOutAllowed: true,
    }],
    ["created, due passed → due_date_passed", withAttempt("proctored", "created", {}, duePassed), { kind: "due_date_passed" }],
    ["ready_to_start → ready_to_start", withAttempt("proctored", "ready_to_start"), {
      kind: "ready_to_start", totalTime: hour, vendorWorker: true,
    }],
    ["ready_to_start of a resumed attempt: the saved time (§6 step 4)", withAttempt("proctored", "ready_to_start", { timeRemainingSeconds: 754 }), {
      kind: "ready_to_start", totalTime: { minutes: 12, humanized: "12 minutes" },
    }],
    ["started → in_progress with heartbeat and leave warning", withAttempt("proctored", "started"), {
      kind: "in_progress", timer: timerOf60, takingAsProctored: true, vendorWorker: true, warnBeforeLeaving: true,
    }],
    ["started, backend blocks material → wrong_browser", input("proctored", { ...blocking, attempt: attempt("started", "proctored") }), {
      kind: "wrong_browser", canEnd: true,
    }],
    ["started without a start time (broken row) → error", withAttempt("proctored", "started", { startedAt: null }), {
      kind: "error", cause: "unexpected_status",
    }],
    ["started, due date moved before now → due_date_passed, auto-submit at expiry", withAttempt("proctored", "started", {}, duePassed), {
      kind: "due_date_passed", autoSubmitAt: at(50),
    }],
    ["ready_to_submit → can continue", withAttempt("proctored", "ready_to_submit"), {
      kind: "ready_to_submit", canContinue: true, vendorWorker: true,
    }],
    ["ready_to_submit, backend blocks material → cannot continue", input("proctored", { ...blocking, attempt: attempt("ready_to_submit", "proctored") }), {
      kind: "ready_to_submit", canContinue: false,
    }],
    ["submitted → submitted", withAttempt("proctored", "submitted"), {
      kind: "submitted", secondReview: false, viewMyExam: false, waitDeadline: null, retryAllowed: false, contact: course,
    }],
    ["second_review_required → submitted (second review)", withAttempt("proctored", "second_review_required"), {
      kind: "submitted", secondReview: true,
    }],
    ["submitted, due passed → View my exam", withAttempt("proctored", "submitted", {}, duePassed), { kind: "submitted", viewMyExam: true }],
    ["submitted, acknowledged, due passed → content", withAttempt("proctored", "submitted", { isStatusAcknowledged: true }, duePassed), {
      kind: "content", reason: "result_acknowledged", readOnly: true,
    }],
    ["submitted, acknowledged, due ahead → submitted", withAttempt("proctored", "submitted", { isStatusAcknowledged: true }, dueFuture), {
      kind: "submitted", viewMyExam: false,
    }],
    ["submitted, acknowledged, hide_after_due → page stays, no View my exam (ours)",
      withAttempt("proctored", "submitted", { isStatusAcknowledged: true }, { exam: { dueDate: PAST, hideAfterDue: true } }),
      { kind: "submitted", viewMyExam: false }],
    ["submitted, acknowledged, grace period running → page with wait banner (ours)",
      withAttempt("proctored", "submitted", { isStatusAcknowledged: true }, { ...duePassed, waitDeadline: at(30) }),
      { kind: "submitted", viewMyExam: false, waitDeadline: at(30) }],
    ["verified → verified", withAttempt("proctored", "verified"), {
      kind: "verified", viewMyExam: false, waitDeadline: null, retryAllowed: false,
    }],
    ["verified, due passed → View my exam", withAttempt("proctored", "verified", {}, duePassed), { kind: "verified", viewMyExam: true }],
    ["verified, acknowledged, due passed → content", withAttempt("proctored", "verified", { isStatusAcknowledged: true }, duePassed), {
      kind: "content", reason: "result_acknowledged",
    }],
    ["verified, acknowledged, grace period running → verified with wait banner (§5.3)",
      withAttempt("proctored", "verified", { isStatusAcknowledged: true }, { ...duePassed, waitDeadline: at(30) }),
      { kind: "verified", viewMyExam: false, waitDeadline: at(30) }],
    ["verified before the due date, grace period set → wait banner", withAttempt("proctored", "verified", {}, { ...dueFuture, waitDeadline: at(WEEK + 30) }), {
      kind: "verified", viewMyExam: false, waitDeadline: at(WEEK + 30),
    }],
    ["rejected → rejected", withAttempt("proctored", "rejected"), { kind: "rejected", viewMyExam: false, retryAllowed: false, contact: course }],
    ["rejected, acknowledged, due passed → content", withAttempt("proctored", "rejected", { isStatusAcknowledged: true }, duePassed), {
      kind: "content", reason: "result_acknowledged",
    }],
    ["rejected, acknowledged, grace period running → rejected (ours)",
      withAttempt("proctored", "rejected", { isStatusAcknowledged: true }, { ...duePassed, waitDeadline: at(30) }),
      { kind: "rejected", waitDeadline: at(30), viewMyExam: false }],
    ["error → error with the escalation email and the saved time", withAttempt("proctored", "error", { timeRemainingSeconds: 754 }), {
      kind: "error", cause: "attempt_error", contact: course, timeSaved: { minutes: 12, humanized: "12 minutes" }, retryAllowed: false,
    }],
    ["error, no escalation email → platform support; nothing saved", withAttempt("proctored", "error", {}, noEscalation), {
      kind: "error", contact: platform, timeSaved: null,
    }],
    ["error, blank escalation email → platform support", withAttempt("proctored", "error", {}, { course: { escalationEmail: "  " } }), {
      kind: "error", contact: platform,
    }],
    ["error, due passed → still the error page (completed status)", withAttempt("proctored", "error", {}, duePassed), { kind: "error" }],
    ["onboarding_missing → complete onboarding", withAttempt("proctored", "onboarding_missing"), {
      kind: "onboarding_error", status: "missing", nextStep: "complete_onboarding", canTryAgain: true, contact: course,
    }],
    ["onboarding_pending → wait for the review", withAttempt("proctored", "onboarding_pending"), {
      kind: "onboarding_error", status: "pending", nextStep: "wait_for_review", canTryAgain: true,
    }],
    ["onboarding_failed → complete onboarding", withAttempt("proctored", "onboarding_failed"), {
      kind: "onboarding_error", status: "failed", nextStep: "complete_onboarding",
    }],
    ["onboarding_expired → complete onboarding", withAttempt("proctored", "onboarding_expired"), {
      kind: "onboarding_error", status: "expired", nextStep: "complete_onboarding",
    }],
    ["onboarding_missing, due passed → due_date_passed (ours)", withAttempt("proctored", "onboarding_missing", {}, duePassed), {
      kind: "due_date_passed",
    }],
    ["ready_to_resume → remaining floor(saved/60), opt-out as on the entrance (§6 step 3)",
      withAttempt("proctored", "ready_to_resume", { timeRemainingSeconds: 754 }, optOut),
      { kind: "ready_to_resume", remainingTime: { minutes: 12, humanized: "12 minutes" }, canResume: true, blockedBy: null, optOutAllowed: true }],
    ["ready_to_resume without saved time → full time with allowance",
      input("proctored", { attempt: attempt("ready_to_resume", "proctored"), additionalTimeAllowance: "15" }),
      { kind: "ready_to_resume", remainingTime: { minutes: 75, humanized: "1 hour and 15 minutes" }, canResume: true }],
    ["ready_to_resume, saved time capped by the due date", withAttempt("proctored", "ready_to_resume", { timeRemainingSeconds: 3600 }, { exam: { dueDate: at(25) } }), {
      kind: "ready_to_resume", remainingTime: { minutes: 25, humanized: "25 minutes" },
    }],
    ["ready_to_resume with 0 s saved → cannot resume, no time left (ours)", withAttempt("proctored", "ready_to_resume", { timeRemainingSeconds: 0 }, optOut), {
      kind: "ready_to_resume", canResume: false, blockedBy: "no_time_left", optOutAllowed: false, contact: course,
    }],
    ["ready_to_resume, due passed → cannot resume (ours)", withAttempt("proctored", "ready_to_resume", { timeRemainingSeconds: 754 }, duePassed), {
      kind: "ready_to_resume", canResume: false, blockedBy: "due_date_passed",
    }],
    ["resumed as latest (successor not created) → ready_to_resume again", withAttempt("proctored", "resumed", { timeRemainingSeconds: 754 }), {
      kind: "ready_to_resume", canResume: true,
    }],
    ["declined → content", withAttempt("proctored", "declined"), { kind: "content", reason: "declined", readOnly: false }],
    ["declined, due passed → read-only content", withAttempt("proctored", "declined", {}, duePassed), {
      kind: "content", reason: "declined", readOnly: true,
    }],
    ["declined, inactive account → content (the declined check comes first)", withAttempt("proctored", "declined", {}, { eligibility: { accountActive: false } }), {
      kind: "content", reason: "declined",
    }],
    ["inactive account → inactive_account, platform support", input("proctored", { eligibility: { accountActive: false } }), {
      kind: "inactive_account", contact: platform,
    }],
    ["a stored `eligible` pseudo-status → error (ours)", withAttempt("proctored", "eligible"), { kind: "error", cause: "unexpected_status" }],
    ["a stored `expired` pseudo-status → error (ours)", withAttempt("proctored", "expired"), { kind: "error", cause: "unexpected_status" }],
    ["onboarding_reset on a proctored exam → error (ours)", withAttempt("proctored", "onboarding_reset"), { kind: "error", cause: "unexpected_status" }],
  ])("%s", (_name, i, expected) => check(decideStudentView(i), expected));
});

// ---------------------------------------------------------------------------------------------
// §12.4 onboarding, §7.5

describe("decideStudentView: onboarding exams (§12.4, §7.5)", () => {
  it.each<Row>([
    ["no attempt → entrance, the course's one contact", input("onboarding"), {
      kind: "entrance", examKind: "onboarding", optOutAllowed: false, contact: course,
    }],
    ["no attempt, course allows opt-out: never on onboarding", input("onboarding", { course: { allowProctoringOptOut: true } }), {
      kind: "entrance", optOutAllowed: false,
    }],
    ["no attempt, due passed → due_date_passed", input("onboarding", duePassed), { kind: "due_date_passed", contact: course }],
    ["created → instructions", withAttempt("onboarding", "created"), { kind: "instructions", stage: "setup", optOutAllowed: false }],
    ["download_software_clicked → instructions", withAttempt("onboarding", "download_software_clicked"), {
      kind: "instructions", stage: "system_check_started",
    }],
    ["created, due passed → due_date_passed (ours)", withAttempt("onboarding", "created", {}, duePassed), { kind: "due_date_passed" }],
    ["ready_to_start → ready_to_start", withAttempt("onboarding", "ready_to_start"), { kind: "ready_to_start", vendorWorker: true }],
    ["started → in_progress", withAttempt("onboarding", "started"), { kind: "in_progress", vendorWorker: true, warnBeforeLeaving: true }],
    ["ready_to_submit → ready_to_submit", withAttempt("onboarding", "ready_to_submit"), { kind: "ready_to_submit", canContinue: true }],
    ["error → error with retry", withAttempt("onboarding", "error", { timeRemainingSeconds: 300 }), {
      kind: "error", cause: "attempt_error", retryAllowed: true, timeSaved: null, contact: course,
    }],
    ["submitted → submitted, retry after confirmation", withAttempt("onboarding", "submitted"), {
      kind: "submitted", retryAllowed: true, retryNeedsConfirmation: true, viewMyExam: false, waitDeadline: null,
    }],
    ["second_review_required → submitted (second review), retry", withAttempt("onboarding", "second_review_required"), {
      kind: "submitted", secondReview: true, retryAllowed: true,
    }],
    ["verified → verified, no retry", withAttempt("onboarding", "verified"), { kind: "verified", retryAllowed: false, viewMyExam: false }],
    ["rejected → rejected with retry (ours: always)", withAttempt("onboarding", "rejected"), { kind: "rejected", retryAllowed: true }],
    ["rejected, due passed → no retry (the new attempt would be refused)", withAttempt("onboarding", "rejected", {}, duePassed), {
      kind: "rejected", retryAllowed: false,
    }],
    ["rejected, acknowledged, due passed → still the page (no acknowledgement for onboarding)",
      withAttempt("onboarding", "rejected", { isStatusAcknowledged: true }, duePassed), { kind: "rejected" }],
    ["ready_to_resume → ready_to_resume", withAttempt("onboarding", "ready_to_resume", { timeRemainingSeconds: 600 }), {
      kind: "ready_to_resume", remainingTime: { minutes: 10, humanized: "10 minutes" }, optOutAllowed: false,
    }],
    ["onboarding_reset (retry's new attempt missing) → entrance", withAttempt("onboarding", "onboarding_reset"), { kind: "entrance" }],
    ["inactive account → inactive_account", input("onboarding", { eligibility: { accountActive: false } }), { kind: "inactive_account" }],
    ["exam.kind practice, backend supports onboarding → onboarding (§12.1 step 3)",
      { ...input("practice"), backend: { blocksExamMaterial: false, supportsOnboarding: true } }, { kind: "entrance", examKind: "onboarding" }],
  ])("%s", (_name, i, expected) => check(decideStudentView(i), expected));
});

// ---------------------------------------------------------------------------------------------
// §12.5 practice

describe("decideStudentView: practice exams (§12.5)", () => {
  const blocking = { backend: { blocksExamMaterial: true, supportsOnboarding: false } };

  it.each<Row>([
    ["no attempt → entrance", input("practice"), { kind: "entrance", examKind: "practice", optOutAllowed: false, contact: course }],
    ["no attempt, due passed → due_date_passed (ours)", input("practice", duePassed), { kind: "due_date_passed" }],
    ["created → instructions, no opt-out on practice exams", withAttempt("practice", "created", {}, { course: { allowProctoringOptOut: true } }), {
      kind: "instructions", optOutAllowed: false, contact: course,
    }],
    ["download_software_clicked → instructions", withAttempt("practice", "download_software_clicked"), { kind: "instructions" }],
    ["ready_to_start → ready_to_start", withAttempt("practice", "ready_to_start"), { kind: "ready_to_start" }],
    ["started → in_progress", withAttempt("practice", "started"), { kind: "in_progress", timer: timerOf60 }],
    ["started, backend blocks material → wrong_browser", input("practice", { ...blocking, attempt: attempt("started", "practice") }), {
      kind: "wrong_browser",
    }],
    ["ready_to_submit → ready_to_submit", withAttempt("practice", "ready_to_submit"), { kind: "ready_to_submit" }],
    ["error → error with retry", withAttempt("practice", "error"), { kind: "error", cause: "attempt_error", retryAllowed: true }],
    ["submitted → submitted with retry, no confirmation", withAttempt("practice", "submitted"), {
      kind: "submitted", retryAllowed: true, retryNeedsConfirmation: false,
    }],
    ["verified → verified, no retry (ours; 3.8.1 shows the content)", withAttempt("practice", "verified"), { kind: "verified", retryAllowed: false }],
    ["rejected → rejected with retry (ours; 3.8.1 shows the content)", withAttempt("practice", "rejected"), { kind: "rejected", retryAllowed: true }],
    ["ready_to_resume → ready_to_resume", withAttempt("practice", "ready_to_resume", { timeRemainingSeconds: 600 }), { kind: "ready_to_resume" }],
    ["onboarding_reset → entrance", withAttempt("practice", "onboarding_reset"), { kind: "entrance" }],
    ["declined → content", withAttempt("practice", "declined"), { kind: "content", reason: "declined" }],
    ["an onboarding status on a practice exam → error with retry", withAttempt("practice", "onboarding_missing"), {
      kind: "error", cause: "unexpected_status", retryAllowed: true,
    }],
    ["inactive account → inactive_account", input("practice", { eligibility: { accountActive: false } }), { kind: "inactive_account" }],
    ["exam.kind onboarding, backend without onboarding → practice (§12.1 step 3)",
      { ...input("onboarding"), backend: { blocksExamMaterial: false, supportsOnboarding: false } }, { kind: "entrance", examKind: "practice" }],
  ])("%s", (_name, i, expected) => check(decideStudentView(i), expected));
});

// ---------------------------------------------------------------------------------------------
// §12.6 and the gates

describe("decideStudentView: eligibility (§12.6, what-we-build decision 4)", () => {
  const ineligible: EnrollmentMode[] = ["audit", "honor"];
  const proctoring: SpecialExamKind[] = ["proctored", "practice", "onboarding"];

  it.each(proctoring.flatMap((kind) => ineligible.map((mode) => [kind, mode] as const)))(
    "%s exam, %s learner → not_eligible, naming the eligible modes",
    (kind, mode) => {
      expect(decideStudentView(input(kind, { learner: { enrollmentMode: mode } }))).toEqual({
        kind: "not_eligible",
        examKind: kind,
        dueDate: null,
        contact: course,
        reason: "enrollment_mode",
        enrollmentMode: mode,
        eligibleModes: PROCTORING_ELIGIBLE_MODES,
      });
    },
  );

  it.each(PROCTORING_ELIGIBLE_MODES)("proctored exam, %s learner → entrance", (mode) => {
    expect(decideStudentView(input("proctored", { learner: { enrollmentMode: mode } })).kind).toBe("entrance");
  });

  it.each<SpecialExamKind>(["timed", "proctored", "practice", "onboarding"])("%s exam, not enrolled → not_eligible (not_enrolled)", (kind) => {
    expect(decideStudentView(input(kind, { learner: { enrollmentMode: null } }))).toMatchObject({
      kind: "not_eligible", reason: "not_enrolled", enrollmentMode: null,
    });
  });

  it.each<Row>([
    ["not eligible wins over an inactive account", input("proctored", { learner: { enrollmentMode: "audit" }, eligibility: { accountActive: false } }), {
      kind: "not_eligible",
    }],
    ["no escalation email → platform support", input("proctored", { learner: { enrollmentMode: "audit" }, course: { escalationEmail: null } }), {
      kind: "not_eligible", contact: platform,
    }],
    ["enrollment changed to audit mid-exam: the running attempt continues (ours)",
      input("proctored", { learner: { enrollmentMode: "audit" }, attempt: attempt("started", "proctored") }), { kind: "in_progress" }],
    ["audit with a verified result → not_eligible", input("proctored", { learner: { enrollmentMode: "audit" }, attempt: attempt("verified", "proctored") }), {
      kind: "not_eligible",
    }],
  ])("%s", (_name, i, expected) => check(decideStudentView(i), expected));
});

describe("decideStudentView: inactive exam, course ended (§12.1, §5.4)", () => {
  it.each<Row>([
    ["inactive timed exam → read-only content", input("timed", { exam: { isActive: false } }), { kind: "content", reason: "exam_inactive", readOnly: true }],
    ["inactive proctored exam → read-only content", input("proctored", { exam: { isActive: false } }), { kind: "content", reason: "exam_inactive" }],
    ["inactive exam, attempt running → keeps its timer (ours)", input("proctored", { exam: { isActive: false }, attempt: attempt("started", "proctored") }), {
      kind: "in_progress",
    }],
    ["course ended, proctored, no attempt → read-only content", input("proctored", { course: { endDate: PAST } }), {
      kind: "content", reason: "course_ended", readOnly: true,
    }],
    ["course ended, proctored, verified → content", input("proctored", { course: { endDate: PAST }, attempt: attempt("verified", "proctored") }), {
      kind: "content", reason: "course_ended",
    }],
    ["course ended, practice → content", input("practice", { course: { endDate: PAST } }), { kind: "content", reason: "course_ended" }],
    ["course ended, onboarding → content", input("onboarding", { course: { endDate: PAST } }), { kind: "content", reason: "course_ended" }],
    ["course ended, attempt running → keeps its timer (ours)", input("proctored", { course: { endDate: PAST }, attempt: attempt("ready_to_submit", "proctored") }), {
      kind: "ready_to_submit",
    }],
    ["course ends later → normal view", input("proctored", { course: { endDate: FUTURE } }), { kind: "entrance" }],
    ["course ended wins over not eligible", input("proctored", { course: { endDate: PAST }, learner: { enrollmentMode: "audit" } }), {
      kind: "content", reason: "course_ended",
    }],
  ])("%s", (_name, i, expected) => check(decideStudentView(i), expected));
});

describe("decideStudentView: course staff (ours, §12.1 step 1)", () => {
  const staff: Overrides = { learner: { isCourseStaff: true } };

  it.each<[string, StudentViewInput, StudentView["kind"]]>([
    ["proctored exam: preview of the entrance", input("proctored", staff), "entrance"],
    ["timed exam: preview of the entrance", input("timed", staff), "entrance"],
    ["onboarding exam: preview of the entrance", input("onboarding", staff), "entrance"],
    ["staff's own attempt is ignored", input("proctored", { ...staff, attempt: attempt("verified", "proctored") }), "entrance"],
    ["staff in audit mode, inactive account: previews an eligible learner's page",
      input("proctored", { learner: { isCourseStaff: true, enrollmentMode: "audit" }, eligibility: { accountActive: false } }), "entrance"],
    ["staff not enrolled at all: same preview", input("proctored", { learner: { isCourseStaff: true, enrollmentMode: null } }), "entrance"],
    ["due passed: preview of due_date_passed", input("proctored", { ...staff, ...duePassed }), "due_date_passed"],
    ["course ended: preview of the content", input("proctored", { ...staff, course: { endDate: PAST } }), "content"],
  ])("%s", (_name, i, learnerKind) => {
    const v = decideStudentView(i);
    expect(v.kind).toBe("staff_preview");
    if (v.kind !== "staff_preview") return;
    expect(v.examKind).toBe(i.exam.kind);
    expect(v.learnerView.kind).toBe(learnerKind);
  });
});

// ---------------------------------------------------------------------------------------------
// Helpers and invariants

describe("timeExpiredMessageApplies (§5.6)", () => {
  const a = (startedMinAgo: number, completedMinAgo: number | null, allowed: number | null = 60) => ({
    startedAt: at(-startedMinAgo),
    completedAt: completedMinAgo === null ? null : at(-completedMinAgo),
    allowedTimeLimitMins: allowed,
  });
  it.each<[string, ReturnType<typeof a> | null, boolean]>([
    ["ran the full time, completed 30 s ago", a(60.5, 0.5), true],
    ["ran the full time, completed exactly 60 s ago", a(61, 1), false],
    ["ran longer than allowed (completed at expiry)", a(61, 0.5), true],
    ["submitted early", a(30, 0.5), false],
    ["not completed", a(60, null), false],
    ["no allowed time", a(60.5, 0.5, null), false],
    ["no attempt", null, false],
  ])("%s → %s", (_name, attemptTimes, expected) => {
    expect(timeExpiredMessageApplies(attemptTimes, NOW)).toBe(expected);
  });
});

describe("graceWaitDeadline (§5.3)", () => {
  const hourMs = 3_600_000;
  it.each<[string, Date | null, number | null, Date | null]>([
    ["due passed 30 min ago, 1 h grace → due + grace", at(-30), hourMs, at(30)],
    ["due ahead, 1 h grace → due + grace", at(60), hourMs, at(120)],
    ["grace over", at(-120), hourMs, null],
    ["grace ends exactly now → over", at(-60), hourMs, null],
    ["no grace period", at(-30), null, null],
    ["zero grace period", at(-30), 0, null],
    ["no due date", null, hourMs, null],
  ])("%s", (_name, dueDate, gracePeriodMs, expected) => {
    expect(graceWaitDeadline({ dueDate, gracePeriodMs, now: NOW })).toEqual(expected);
  });
});

describe("enrollment modes", () => {
  it("match the database's list (db/schema/courses.ts)", () => {
    expect([...ENROLLMENT_MODES]).toEqual([...SCHEMA_ENROLLMENT_MODES]);
  });
  it.each(ENROLLMENT_MODES)("%s", (mode) => {
    expect(mayTakeProctoredExams(mode)).toBe(!["audit", "honor"].includes(mode));
  });
  it("no mode → no", () => {
    expect(mayTakeProctoredExams(null)).toBe(false);
  });
});

describe("decideStudentView invariants", () => {
  const kinds: SpecialExamKind[] = ["timed", "proctored", "practice", "onboarding"];
  const statuses: (AttemptStatus | null)[] = [
    null, "eligible", "created", "download_software_clicked", "ready_to_start", "started", "ready_to_submit", "declined",
    "timed_out", "submitted", "second_review_required", "verified", "rejected", "error", "expired", "ready_to_resume",
    "resumed", "onboarding_reset", "onboarding_missing", "onboarding_pending", "onboarding_failed", "onboarding_expired",
  ];
  const variants: [string, Overrides][] = [
    ["plain", {}],
    ["due passed", duePassed],
    ["due ahead, grace", { ...dueFuture, waitDeadline: at(WEEK + 60) }],
    ["no escalation email", { course: { escalationEmail: null } }],
  ];
  const cases = kinds.flatMap((kind) =>
    statuses.flatMap((status) => variants.map(([variant, o]) => [kind, status ?? "no attempt", variant, o, status] as const)),
  );

  it.each(cases)("%s / %s / %s: a known view with a contact", (kind, _label, _variant, o, status) => {
    const v = decideStudentView(input(kind, { ...o, attempt: status ? attempt(status, kind) : null }));
    expect(STUDENT_VIEW_KINDS).toContain(v.kind);
    if (v.kind === "staff_preview") throw new Error("not staff");
    expect(v.examKind).toBe(kind);
    // One contact per course on every page (decision 027): the escalation email here; only the
    // account-activation page names platform support.
    const courseContact = o.course?.escalationEmail === null ? platform : course;
    expect(v.contact).toEqual(v.kind === "inactive_account" || v.kind === "id_verification" ? platform : courseContact);
    // A page without an action must at least say what happens next: the only such pages are
    // results, content, due_date_passed, inactive_account, not_eligible and a pending onboarding,
    // all of which carry a contact (checked above).
  });

  it("never shows a timer after the due date (§5.3)", () => {
    for (const kind of kinds) {
      for (const status of ["started", "ready_to_submit"] as const) {
        const v = decideStudentView(input(kind, { ...duePassed, attempt: attempt(status, kind) }));
        expect(v.kind).toBe("due_date_passed");
      }
    }
  });

  it("STUDENT_VIEW_KINDS has no duplicates", () => {
    expect(new Set(STUDENT_VIEW_KINDS).size).toBe(STUDENT_VIEW_KINDS.length);
  });
});

// ---------------------------------------------------------------------------------------------
// §12.3 credit eligibility: prerequisites and identity verification

describe("decideStudentView: credit prerequisites and identity verification (§12.3)", () => {
  type Status = "satisfied" | "failed" | "declined" | "pending";
  const req = (name: string, status: Status, namespace = "proctored_exam") => ({
    namespace,
    name,
    displayName: `Exam ${name}`,
    order: 0,
    status,
    jumpable: namespace === "proctored_exam" || namespace === "reverification",
  });
  /** The gate's answer for prerequisites of the given statuses (as checkPrerequisites sorts them). */
  function prerequisites(...list: ReturnType<typeof req>[]): Overrides {
    const by = (s: Status) => list.filter((r) => r.status === s);
    const failed = by("failed");
    const pending = by("pending");
    const declined = by("declined");
    return {
      eligibility: {
        prerequisites: { ok: failed.length + pending.length + declined.length === 0, satisfied: by("satisfied"), failed, pending, declined },
      },
    };
  }
  const verification = (status: "approved" | "pending" | "must_reverify" | "expired" | "none", o: { required?: boolean; reverifyUrl?: string | null } = {}): Overrides => ({
    eligibility: { verification: { required: o.required ?? true, status, reverifyUrl: o.reverifyUrl === undefined ? "https://lms.example/verify" : o.reverifyUrl } },
  });
  const optOut: Overrides = { course: { allowProctoringOptOut: true } };

  it.each<Row>([
    ["all satisfied → entrance", input("proctored", prerequisites(req("a", "satisfied"))), { kind: "entrance" }],
    ["failed → failed_prerequisites, only the failed listed, course team", input("proctored", prerequisites(req("a", "satisfied"), req("b", "failed"))), {
      kind: "failed_prerequisites", prerequisites: [req("b", "failed")], optOutAllowed: false, contact: course,
    }],
    ["failed, the course allows opting out → the opt-out variant", input("proctored", { ...prerequisites(req("b", "failed")), ...optOut }), {
      kind: "failed_prerequisites", optOutAllowed: true,
    }],
    ["pending → pending_prerequisites", input("proctored", prerequisites(req("r", "pending", "reverification"))), {
      kind: "pending_prerequisites", prerequisites: [req("r", "pending", "reverification")], optOutAllowed: false,
    }],
    ["pending, opt-out allowed → the button", input("proctored", { ...prerequisites(req("r", "pending")), ...optOut }), {
      kind: "pending_prerequisites", optOutAllowed: true,
    }],
    ["failed wins over pending (3.8.1's order)", input("proctored", prerequisites(req("p", "pending"), req("f", "failed"))), {
      kind: "failed_prerequisites", prerequisites: [req("f", "failed")],
    }],
    ["declined wins over failed and pending → content, the page declines the exam", input("proctored", prerequisites(req("f", "failed"), req("d", "declined"), req("p", "pending"))), {
      kind: "content", reason: "prerequisite_declined", readOnly: false,
    }],
    ["the exam declined with its prerequisite → content saying why", withAttempt("proctored", "declined", {}, prerequisites(req("d", "declined"))), {
      kind: "content", reason: "prerequisite_declined", readOnly: false,
    }],
    ["due passed wins over prerequisites → due_date_passed", input("proctored", { ...prerequisites(req("f", "failed")), ...duePassed }), {
      kind: "due_date_passed",
    }],
    ["inactive account wins over prerequisites", input("proctored", { eligibility: { accountActive: false, prerequisites: prerequisites(req("f", "failed")).eligibility!.prerequisites! } }), {
      kind: "inactive_account",
    }],
    ["prerequisites are not checked once an attempt exists", withAttempt("proctored", "ready_to_start", {}, prerequisites(req("f", "failed"))), {
      kind: "ready_to_start",
    }],
    ["practice exams have no prerequisite gate", input("practice", prerequisites(req("f", "failed"))), { kind: "entrance" }],
    ["timed exams have no prerequisite gate", input("timed", prerequisites(req("f", "failed"))), { kind: "entrance" }],
    ["created, verification pending → id_verification, platform support", withAttempt("proctored", "created", {}, verification("pending")), {
      kind: "id_verification", status: "pending", reverifyUrl: "https://lms.example/verify", contact: platform,
    }],
    ["download_software_clicked, must_reverify → id_verification", withAttempt("proctored", "download_software_clicked", {}, verification("must_reverify")), {
      kind: "id_verification", status: "must_reverify",
    }],
    ["created, expired → id_verification expired", withAttempt("proctored", "created", {}, verification("expired")), {
      kind: "id_verification", status: "expired",
    }],
    ["created, no verification, no reverify URL → id_verification default, no link", withAttempt("proctored", "created", {}, verification("none", { reverifyUrl: null })), {
      kind: "id_verification", status: "none", reverifyUrl: null,
    }],
    ["created, approved → instructions", withAttempt("proctored", "created", {}, verification("approved")), { kind: "instructions" }],
    ["created, not approved but the site does not require it → instructions", withAttempt("proctored", "created", {}, verification("expired", { required: false })), {
      kind: "instructions",
    }],
    ["ready_to_start, not approved → ready_to_start (3.8.1 checks created / download_software_clicked only)", withAttempt("proctored", "ready_to_start", {}, verification("expired")), {
      kind: "ready_to_start",
    }],
    ["no attempt, not approved → entrance (the check comes with the attempt)", input("proctored", verification("expired")), { kind: "entrance" }],
    ["practice created, not approved → instructions (proctored exams only)", withAttempt("practice", "created", {}, verification("expired")), {
      kind: "instructions",
    }],
  ])("%s", (_name, i, expected) => check(decideStudentView(i), expected));

  it("staff see the preview of an eligible learner whatever their own eligibility", () => {
    const v = decideStudentView(input("proctored", { learner: { isCourseStaff: true }, ...prerequisites(req("f", "failed")) }));
    expect(v).toMatchObject({ kind: "staff_preview", learnerView: { kind: "entrance" } });
  });

  it("declinesForPrerequisite: only without an attempt, only for the declined-prerequisite content", () => {
    const declinedPrereq = prerequisites(req("d", "declined"));
    expect(declinesForPrerequisite(decideStudentView(input("proctored", declinedPrereq)), false)).toBe(true);
    expect(declinesForPrerequisite(decideStudentView(withAttempt("proctored", "declined", {}, declinedPrereq)), true)).toBe(false);
    expect(declinesForPrerequisite(decideStudentView(input("proctored", prerequisites(req("f", "failed")))), false)).toBe(false);
    expect(declinesForPrerequisite(decideStudentView(withAttempt("proctored", "declined")), false)).toBe(false);
  });
});
