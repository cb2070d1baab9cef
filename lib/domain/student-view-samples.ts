/**
 * One realistic input per learner interstitial (and its main variants), for the admin's "learner
 * pages" preview, which course teams and translators use to read every page a learner can meet,
 * and which the e2e suite screenshots and checks with axe. Inputs, not views: each goes through
 * decideStudentView, so a preview can never show a page the dispatcher would not.
 */
import type { LearnerEligibility, Prerequisite, RequirementStatus, VerificationStatus } from "./credit";
import { FULLY_ELIGIBLE, type StudentViewAttempt, type StudentViewInput } from "./student-view";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export interface StudentViewSample {
  id: string;
  title: string;
  input: (now: Date) => StudentViewInput;
}

type Kind = StudentViewInput["exam"]["kind"];

function base(now: Date, kind: Kind, attempt: Partial<StudentViewAttempt> | null, over: Partial<StudentViewInput> = {}): StudentViewInput {
  return {
    exam: { kind, isActive: true, timeLimitMins: 90, dueDate: new Date(now.getTime() + 7 * DAY), hideAfterDue: false },
    attempt: attempt && {
      status: "created",
      startedAt: null,
      allowedTimeLimitMins: null,
      completedAt: null,
      isStatusAcknowledged: false,
      takingAsProctored: kind !== "timed",
      timeRemainingSeconds: null,
      ...attempt,
    },
    learner: { enrollmentMode: "verified", isCourseStaff: false },
    eligibility: FULLY_ELIGIBLE,
    course: { endDate: null, allowProctoringOptOut: true, escalationEmail: "exam-help@example.com" },
    backend: kind === "timed" ? null : { blocksExamMaterial: false, supportsOnboarding: kind === "onboarding" },
    now,
    ...over,
  };
}

const started = (now: Date, minsAgo: number, allowed = 90): Partial<StudentViewAttempt> => ({
  status: "started",
  startedAt: new Date(now.getTime() - minsAgo * MIN),
  allowedTimeLimitMins: allowed,
});
const finished = (now: Date, status: StudentViewAttempt["status"]): Partial<StudentViewAttempt> => ({
  status,
  startedAt: new Date(now.getTime() - 80 * MIN),
  allowedTimeLimitMins: 90,
  completedAt: new Date(now.getTime() - 20 * MIN),
});

/** A course's credit requirement with a learner's status, as the gate reports it. */
function prerequisite(namespace: string, name: string, displayName: string, order: number, status: RequirementStatus): Prerequisite {
  return { namespace, name, displayName, order, status, jumpable: namespace === "proctored_exam" || namespace === "reverification" };
}

function withPrerequisites(list: Prerequisite[]): Pick<StudentViewInput, "eligibility"> {
  const by = (s: RequirementStatus) => list.filter((p) => p.status === s);
  const prerequisites = { ok: list.every((p) => p.status === "satisfied"), satisfied: by("satisfied"), failed: by("failed"), pending: by("pending"), declined: by("declined") };
  return { eligibility: { ...FULLY_ELIGIBLE, prerequisites, verification: { ...FULLY_ELIGIBLE.verification, reverifyUrl: REVERIFY_URL } } };
}

function withVerification(status: VerificationStatus, reverifyUrl: string | null = REVERIFY_URL): Pick<StudentViewInput, "eligibility"> {
  const eligibility: LearnerEligibility = { ...FULLY_ELIGIBLE, verification: { required: true, status, reverifyUrl } };
  return { eligibility };
}

const REVERIFY_URL = "https://lms.example.com/verify_student/reverify";

const CREDIT_SAMPLES: StudentViewSample[] = [
  {
    id: "failed-prerequisites",
    title: "Credit: a failed prerequisite (opting out allowed)",
    input: (n) =>
      base(n, "proctored", null, withPrerequisites([
        prerequisite("proctored_exam", "block-v1:demo+midterm", "Midterm exam", 1, "failed"),
        prerequisite("reverification", "block-v1:demo+reverify", "Identity check", 2, "satisfied"),
      ])),
  },
  {
    id: "failed-prerequisites-no-opt-out",
    title: "Credit: a failed prerequisite (no opting out)",
    input: (n) =>
      base(n, "proctored", null, {
        ...withPrerequisites([prerequisite("proctored_exam", "block-v1:demo+midterm", "Midterm exam", 1, "failed")]),
        course: { endDate: null, allowProctoringOptOut: false, escalationEmail: "exam-help@example.com" },
      }),
  },
  {
    id: "pending-prerequisites",
    title: "Credit: prerequisites not completed yet",
    input: (n) =>
      base(n, "proctored", null, withPrerequisites([
        prerequisite("proctored_exam", "block-v1:demo+midterm", "Midterm exam", 1, "pending"),
        prerequisite("reverification", "block-v1:demo+reverify", "Identity check", 2, "pending"),
      ])),
  },
  {
    id: "prerequisite-declined",
    title: "Credit: exam declined with a declined prerequisite",
    input: (n) =>
      base(n, "proctored", { status: "declined", takingAsProctored: false }, withPrerequisites([
        prerequisite("proctored_exam", "block-v1:demo+midterm", "Midterm exam", 1, "declined"),
      ])),
  },
  { id: "id-verification-none", title: "Identity verification: not verified yet", input: (n) => base(n, "proctored", { status: "created" }, withVerification("none")) },
  { id: "id-verification-pending", title: "Identity verification: pending", input: (n) => base(n, "proctored", { status: "created" }, withVerification("pending")) },
  {
    id: "id-verification-must-reverify",
    title: "Identity verification: failed, retry",
    input: (n) => base(n, "proctored", { status: "created" }, withVerification("must_reverify")),
  },
  { id: "id-verification-expired", title: "Identity verification: expired", input: (n) => base(n, "proctored", { status: "created" }, withVerification("expired")) },
  {
    id: "id-verification-no-link",
    title: "Identity verification: expired, no verification page configured",
    input: (n) => base(n, "proctored", { status: "download_software_clicked" }, withVerification("expired", null)),
  },
];

export const STUDENT_VIEW_SAMPLES: readonly StudentViewSample[] = [
  { id: "timed-entrance", title: "Timed exam: entrance", input: (n) => base(n, "timed", null) },
  { id: "proctored-entrance", title: "Proctored exam: entrance (opting out allowed)", input: (n) => base(n, "proctored", null) },
  { id: "practice-entrance", title: "Practice exam: entrance", input: (n) => base(n, "practice", null) },
  { id: "onboarding-entrance", title: "Onboarding exam: entrance", input: (n) => base(n, "onboarding", null) },
  { id: "instructions", title: "Proctored: instructions and system check", input: (n) => base(n, "proctored", { status: "created" }) },
  { id: "system-check", title: "Proctored: waiting for the system check", input: (n) => base(n, "proctored", { status: "download_software_clicked" }) },
  { id: "ready-to-start", title: "Proctored: ready to start", input: (n) => base(n, "proctored", { status: "ready_to_start" }) },
  { id: "in-progress", title: "Exam in progress", input: (n) => base(n, "proctored", started(n, 30)) },
  { id: "ready-to-submit", title: "Ready to submit", input: (n) => base(n, "proctored", { ...started(n, 30), status: "ready_to_submit" }) },
  {
    id: "timed-time-expired",
    title: "Timed: submitted automatically when time ran out",
    input: (n) =>
      base(n, "timed", { status: "submitted", startedAt: new Date(n.getTime() - 90 * MIN - 10_000), allowedTimeLimitMins: 90, completedAt: new Date(n.getTime() - 10_000) }),
  },
  { id: "timed-submitted", title: "Timed: submitted", input: (n) => base(n, "timed", finished(n, "submitted")) },
  { id: "proctored-submitted", title: "Proctored: submitted, review pending", input: (n) => base(n, "proctored", finished(n, "submitted")) },
  { id: "second-review", title: "Proctored: second review pending", input: (n) => base(n, "proctored", finished(n, "second_review_required")) },
  { id: "verified", title: "Proctored: verified", input: (n) => base(n, "proctored", finished(n, "verified")) },
  { id: "rejected", title: "Proctored: rejected", input: (n) => base(n, "proctored", finished(n, "rejected")) },
  { id: "practice-submitted", title: "Practice: submitted (retry offered)", input: (n) => base(n, "practice", finished(n, "submitted")) },
  { id: "onboarding-rejected", title: "Onboarding: rejected", input: (n) => base(n, "onboarding", finished(n, "rejected")) },
  { id: "error", title: "Proctored: error, with the course's escalation email", input: (n) => base(n, "proctored", { ...finished(n, "error"), timeRemainingSeconds: 3_540 }) },
  { id: "ready-to-resume", title: "Proctored: ready to resume", input: (n) => base(n, "proctored", { ...finished(n, "ready_to_resume"), timeRemainingSeconds: 3_540 }) },
  { id: "declined", title: "Proctored: taken without proctoring", input: (n) => base(n, "proctored", { status: "declined", takingAsProctored: false }) },
  { id: "onboarding-missing", title: "Proctored: onboarding missing", input: (n) => base(n, "proctored", { status: "onboarding_missing" }) },
  { id: "onboarding-pending", title: "Proctored: onboarding pending", input: (n) => base(n, "proctored", { status: "onboarding_pending" }) },
  { id: "onboarding-failed", title: "Proctored: onboarding failed", input: (n) => base(n, "proctored", { status: "onboarding_failed" }) },
  { id: "onboarding-expired", title: "Proctored: onboarding expired", input: (n) => base(n, "proctored", { status: "onboarding_expired" }) },
  {
    id: "due-date-passed",
    title: "Due date passed",
    input: (n) => base(n, "proctored", null, { exam: { kind: "proctored", isActive: true, timeLimitMins: 90, dueDate: new Date(n.getTime() - DAY), hideAfterDue: false } }),
  },
  {
    id: "not-eligible",
    title: "Not eligible with an audit enrollment",
    input: (n) => base(n, "proctored", null, { learner: { enrollmentMode: "audit", isCourseStaff: false } }),
  },
  {
    id: "not-enrolled",
    title: "No longer enrolled",
    input: (n) => base(n, "proctored", null, { learner: { enrollmentMode: null, isCourseStaff: false } }),
  },
  {
    id: "inactive-account",
    title: "Account not activated",
    input: (n) => base(n, "proctored", null, { learner: { enrollmentMode: "verified", isCourseStaff: false }, eligibility: { ...FULLY_ELIGIBLE, accountActive: false } }),
  },
  {
    id: "course-ended",
    title: "Course ended",
    input: (n) => base(n, "proctored", null, { course: { endDate: new Date(n.getTime() - DAY), allowProctoringOptOut: false, escalationEmail: null } }),
  },
  {
    id: "staff-preview",
    title: "Course staff opening the exam",
    input: (n) => base(n, "proctored", null, { learner: { enrollmentMode: null, isCourseStaff: true } }),
  },
  ...CREDIT_SAMPLES,
];

export function findStudentViewSample(id: string): StudentViewSample | undefined {
  return STUDENT_VIEW_SAMPLES.find((s) => s.id === id);
}
