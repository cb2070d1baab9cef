import { describe, expect, it } from "vitest";
import { decideCreateAttempt, decidePracticeReset } from "./attempt-rules";
import { ATTEMPT_STATUSES, COMPLETED_STATUSES, INCOMPLETE_STATUSES, isOnboardingError, type AttemptStatus } from "./statuses";
import {
  ATTEMPT_ACTIONS,
  SELF_RESUME_DETAIL,
  authorizeAttemptAction,
  canUpdateCreditGradesAndEmail,
  illegalTransitionMessage,
  isAttemptAction,
  isTransitionLegal,
  planCascadeDecline,
  rewriteTarget,
  shouldMarkReadyToStart,
  startGuard,
  targetStatusOfAction,
  transitionEffects,
  unknownActionMessage,
  type AttemptAction,
  type TransitionEffect,
  type TransitionEffectsInput,
} from "./transitions";

const CONTENT_ID = "block-v1:edX+Proc+2024+type@sequential+block@final";
const STARTED_AT = new Date("2024-03-01T10:00:00Z");

// ---------------------------------------------------------------------------------------------
// Rewrites and legality (§4.2)

describe("rewriteTarget (§4.2)", () => {
  it.each<[AttemptStatus, AttemptStatus, boolean, AttemptStatus, boolean]>([
    // timeout-as-submit
    ["started", "timed_out", false, "submitted", true],
    ["ready_to_submit", "timed_out", false, "submitted", true],
    ["started", "timed_out", true, "timed_out", false],
    // re-attempt-as-submit: in progress -> pre-started
    ["started", "created", false, "submitted", false],
    ["started", "download_software_clicked", false, "submitted", false],
    ["started", "ready_to_start", false, "submitted", false],
    ["ready_to_submit", "ready_to_start", false, "submitted", false],
    // no rewrite
    ["created", "ready_to_start", false, "ready_to_start", false],
    ["ready_to_submit", "started", false, "started", false],
    ["started", "submitted", false, "submitted", false],
    ["submitted", "created", false, "created", false],
    ["started", "eligible", false, "eligible", false],
  ])("%s -> %s (allowTimedOutState=%s) becomes %s, timedOutRewrite=%s", (from, to, allow, expectedTo, rewrite) => {
    expect(rewriteTarget(from, to, { allowTimedOutState: allow })).toEqual({ to: expectedTo, timedOutRewrite: rewrite });
  });

  it("defaults to ALLOW_TIMED_OUT_STATE = false", () => {
    expect(rewriteTarget("started", "timed_out")).toEqual({ to: "submitted", timedOutRewrite: true });
  });
});

describe("isTransitionLegal (§4.2)", () => {
  it.each<[AttemptStatus, AttemptStatus, boolean]>([
    // rule 1: completed -> incomplete
    ["verified", "created", false],
    ["submitted", "started", false],
    ["declined", "ready_to_start", false],
    ["error", "started", false],
    ["resumed", "created", false],
    ["onboarding_missing", "created", false],
    ["timed_out", "ready_to_submit", false],
    ["rejected", "eligible", false],
    // rule 2: ready_to_resume only from error
    ["error", "ready_to_resume", true],
    ["started", "ready_to_resume", false],
    ["submitted", "ready_to_resume", false],
    ["ready_to_resume", "ready_to_resume", false],
    // rule 3: resumed only from a resume status
    ["ready_to_resume", "resumed", true],
    ["resumed", "resumed", true],
    ["error", "resumed", false],
    ["created", "resumed", false],
    // everything else is legal
    ["created", "verified", true],
    ["created", "started", true],
    ["verified", "rejected", true],
    ["rejected", "verified", true],
    ["error", "submitted", true],
    ["resumed", "verified", true],
    ["started", "started", true],
    ["expired", "created", true],
    ["onboarding_reset", "started", true],
    ["started", "onboarding_reset", true],
    ["created", "expired", true],
    ["started", "error", true],
    ["second_review_required", "verified", true],
  ])("%s -> %s: %s", (from, to, legal) => {
    expect(isTransitionLegal(from, to)).toBe(legal);
  });

  it("refuses every completed -> incomplete pair and nothing else among ordinary targets", () => {
    for (const from of ATTEMPT_STATUSES) {
      for (const to of ATTEMPT_STATUSES) {
        if (to === "ready_to_resume" || to === "resumed") continue;
        expect(isTransitionLegal(from, to)).toBe(!(COMPLETED_STATUSES.has(from) && INCOMPLETE_STATUSES.has(to)));
      }
    }
  });

  it("illegalTransitionMessage is 3.8.1's detail", () => {
    expect(
      illegalTransitionMessage({ from: "verified", to: "started", examId: 7, userId: 42, courseKey: "course-v1:edX+Proc+2024" }),
    ).toBe(
      'A status transition from "verified" to "started" was attempted on exam_id=7 for user_id=42. ' +
        "This is not allowed! (course_id=course-v1:edX+Proc+2024)",
    );
  });

  it.each<[AttemptStatus, boolean]>([
    ["created", true],
    ["download_software_clicked", true],
    ["ready_to_start", false],
    ["started", false],
    ["submitted", false],
    ["error", false],
  ])("vendor ready signal applies to %s: %s (§4.4)", (status, applies) => {
    expect(shouldMarkReadyToStart(status)).toBe(applies);
  });
});

// ---------------------------------------------------------------------------------------------
// Multi-attempt gate (§4.5)

describe("canUpdateCreditGradesAndEmail (§4.5)", () => {
  it.each<[string, AttemptStatus[], AttemptStatus, boolean]>([
    ["one attempt: always", ["second_review_required"], "second_review_required", true],
    ["one attempt, verified", ["verified"], "verified", true],
    ["declined with several", ["declined", "resumed"], "declined", true],
    ["error with several", ["error", "resumed"], "error", true],
    ["submitted, no rejection", ["submitted", "resumed"], "submitted", true],
    ["submitted, an older attempt rejected", ["submitted", "rejected"], "submitted", false],
    ["verified, all verified", ["verified", "verified"], "verified", true],
    ["verified, older one still resumed", ["verified", "resumed"], "verified", false],
    ["rejected, first rejection", ["rejected", "verified"], "rejected", true],
    ["rejected, second rejection", ["rejected", "rejected"], "rejected", false],
    ["rejected, a declined attempt in the group", ["rejected", "declined"], "rejected", false],
    ["other target with several", ["second_review_required", "resumed"], "second_review_required", false],
    ["resumed with several", ["created", "resumed"], "resumed", false],
  ])("%s -> %s", (_name, statuses, to, expected) => {
    expect(canUpdateCreditGradesAndEmail(statuses, to)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// The §4.4 table, row by row: rewrite, legality, then effects.

const proctoredAttempt = { startedAt: null, takingAsProctored: true, isSampleAttempt: false, externalId: "EXT-1" };
const startedProctored = { ...proctoredAttempt, startedAt: STARTED_AT };
const timedAttempt = { startedAt: null, takingAsProctored: false, isSampleAttempt: false, externalId: null };
const onboardingAttempt = { ...startedProctored, isSampleAttempt: true };
const proctoredExam = { isPracticeExam: false, contentId: CONTENT_ID };
const practiceExam = { isPracticeExam: true, contentId: CONTENT_ID };
const rpnow = { present: true, supportsOnboarding: false, verboseName: "RPNow" };
const restVendor = { present: true, supportsOnboarding: true, verboseName: "Proctortrack" };

type Scenario = Partial<Omit<TransitionEffectsInput, "to" | "timedOutRewrite">> & { allowTimedOutState?: boolean };

/** rewrite -> legality -> effects, as lib/services runs update_attempt_status. */
function run(from: AttemptStatus, requested: AttemptStatus, scenario: Scenario = {}) {
  const { allowTimedOutState, ...rest } = scenario;
  const { to, timedOutRewrite } = rewriteTarget(from, requested, { allowTimedOutState });
  const legal = isTransitionLegal(from, to);
  const effects = legal
    ? transitionEffects({
        from,
        to,
        timedOutRewrite,
        attempt: proctoredAttempt,
        exam: proctoredExam,
        gateOpen: true,
        backend: rpnow,
        overrideGradeOnRejected: true,
        cascade: true,
        ...rest,
      })
    : null;
  return { to, legal, effects };
}

const credit = (status: "satisfied" | "submitted" | "declined" | "failed"): TransitionEffect => ({
  type: "credit",
  status,
  contentId: CONTENT_ID,
});
const vendor = (call: "start_exam_attempt" | "stop_exam_attempt" | "mark_erroneous_exam_attempt"): TransitionEffect => ({
  type: "vendor",
  call,
});
const email = (template: "submitted" | "verified" | "rejected"): TransitionEffect => ({ type: "email", template });
const completedNow: TransitionEffect = { type: "set_completed_at", at: "now" };
const completedAtExpiry: TransitionEffect = { type: "set_completed_at", at: "expiry" };
const gradeOverride = (comment: string): TransitionEffect => ({
  type: "grade_override",
  contentId: CONTENT_ID,
  earnedAll: 0,
  earnedGraded: 0,
  comment,
});
const clearOnboarding: TransitionEffect = { type: "clear_onboarding_errors", scope: "course" };

describe("§4.4 transition table", () => {
  it.each<[string, AttemptStatus, AttemptStatus, Scenario, AttemptStatus, TransitionEffect[]]>([
    // declined
    [
      "declined ← created: learner opt-out; credit declined, opt-out fields cleared, cascade",
      "created",
      "declined",
      {},
      "declined",
      [credit("declined"), { type: "clear_proctoring" }, { type: "cascade_decline" }],
    ],
    [
      "declined ← created by the cascade itself (cascade_effects=false): credit only",
      "created",
      "declined",
      { cascade: false },
      "declined",
      [credit("declined")],
    ],
    // download_software_clicked
    ["download_software_clicked ← created: no side effects", "created", "download_software_clicked", {}, "download_software_clicked", []],
    // ready_to_start
    ["ready_to_start ← created (vendor ready)", "created", "ready_to_start", {}, "ready_to_start", []],
    ["ready_to_start ← download_software_clicked (vendor ready)", "download_software_clicked", "ready_to_start", {}, "ready_to_start", []],
    // started
    [
      "started ← ready_to_start, first time: started_at + allowed minutes, vendor start",
      "ready_to_start",
      "started",
      {},
      "started",
      [{ type: "set_started" }, vendor("start_exam_attempt")],
    ],
    [
      "started ← created for a timed exam: started_at, no backend",
      "created",
      "started",
      { attempt: timedAttempt, backend: null },
      "started",
      [{ type: "set_started" }],
    ],
    [
      "started ← ready_to_submit ('continue working'): no new started_at, no vendor start (README 3)",
      "ready_to_submit",
      "started",
      { attempt: startedProctored },
      "started",
      [],
    ],
    // ready_to_submit
    ["ready_to_submit ← started: learner 'End My Exam'", "started", "ready_to_submit", { attempt: startedProctored }, "ready_to_submit", []],
    // submitted
    [
      "submitted ← started: completed_at now, credit, 'Review In Progress' email, vendor stop",
      "started",
      "submitted",
      { attempt: startedProctored },
      "submitted",
      [completedNow, credit("submitted"), email("submitted"), vendor("stop_exam_attempt")],
    ],
    [
      "submitted ← ready_to_submit, an older attempt rejected (gate closed): no credit, no email",
      "ready_to_submit",
      "submitted",
      { attempt: startedProctored, gateOpen: false },
      "submitted",
      [completedNow, vendor("stop_exam_attempt")],
    ],
    [
      "submitted ← started by re-attempt rewrite (launch callback hit again)",
      "started",
      "ready_to_start",
      { attempt: startedProctored },
      "submitted",
      [completedNow, credit("submitted"), email("submitted"), vendor("stop_exam_attempt")],
    ],
    [
      "submitted ← started on an onboarding exam: no email (sample), onboarding-error cleanup",
      "started",
      "submitted",
      { attempt: onboardingAttempt, exam: practiceExam, backend: restVendor },
      "submitted",
      [completedNow, credit("submitted"), clearOnboarding, vendor("stop_exam_attempt")],
    ],
    [
      "submitted ← started on a timed exam: no email, no vendor",
      "started",
      "submitted",
      { attempt: { ...timedAttempt, startedAt: STARTED_AT }, backend: null },
      "submitted",
      [completedNow, credit("submitted")],
    ],
    [
      "submitted ← error (completed -> completed, admin)",
      "error",
      "submitted",
      { attempt: startedProctored },
      "submitted",
      [completedNow, credit("submitted"), email("submitted"), vendor("stop_exam_attempt")],
    ],
    // timed_out
    [
      "timed_out ← started, default settings: rewritten to submitted, completed_at = expiry",
      "started",
      "timed_out",
      { attempt: startedProctored },
      "submitted",
      [completedAtExpiry, credit("submitted"), email("submitted"), vendor("stop_exam_attempt")],
    ],
    [
      "timed_out ← ready_to_submit with ALLOW_TIMED_OUT_STATE: kept, completed_at = expiry",
      "ready_to_submit",
      "timed_out",
      { attempt: startedProctored, allowTimedOutState: true },
      "timed_out",
      [completedAtExpiry],
    ],
    // error
    [
      "error ← started: credit failed, vendor mark_erroneous, no email",
      "started",
      "error",
      { attempt: startedProctored },
      "error",
      [credit("failed"), vendor("mark_erroneous_exam_attempt")],
    ],
    [
      "error ← submitted (review Not Reviewed): credit failed, vendor mark_erroneous",
      "submitted",
      "error",
      { attempt: startedProctored },
      "error",
      [credit("failed"), vendor("mark_erroneous_exam_attempt")],
    ],
    // second_review_required
    ["second_review_required ← submitted: no credit, no email", "submitted", "second_review_required", { attempt: startedProctored }, "second_review_required", []],
    // verified
    [
      "verified ← submitted: credit satisfied, results email",
      "submitted",
      "verified",
      { attempt: startedProctored },
      "verified",
      [credit("satisfied"), email("verified")],
    ],
    [
      "verified ← second_review_required: credit satisfied, results email",
      "second_review_required",
      "verified",
      { attempt: startedProctored },
      "verified",
      [credit("satisfied"), email("verified")],
    ],
    [
      "verified ← rejected: undo the grade override",
      "rejected",
      "verified",
      { attempt: startedProctored },
      "verified",
      [credit("satisfied"), { type: "undo_grade_override", contentId: CONTENT_ID }, email("verified")],
    ],
    [
      "verified ← submitted, an older attempt not verified yet (gate closed): nothing",
      "submitted",
      "verified",
      { attempt: startedProctored, gateOpen: false },
      "verified",
      [],
    ],
    [
      "verified ← submitted on an onboarding exam: onboarding-error cleanup, no email",
      "submitted",
      "verified",
      { attempt: onboardingAttempt, exam: practiceExam, backend: restVendor },
      "verified",
      [credit("satisfied"), clearOnboarding],
    ],
    // rejected
    [
      "rejected ← submitted: credit failed, grade 0/0, certificate invalidated, email; no cascade",
      "submitted",
      "rejected",
      { attempt: startedProctored },
      "rejected",
      [credit("failed"), gradeOverride("Failed RPNow proctoring"), { type: "certificate_invalidate" }, email("rejected")],
    ],
    [
      "rejected ← second_review_required, course does not override grades",
      "second_review_required",
      "rejected",
      { attempt: startedProctored, overrideGradeOnRejected: false },
      "rejected",
      [credit("failed"), email("rejected")],
    ],
    [
      "rejected ← submitted without a backend: comment 'Failed Proctoring'",
      "submitted",
      "rejected",
      { attempt: startedProctored, backend: null },
      "rejected",
      [credit("failed"), gradeOverride("Failed Proctoring"), { type: "certificate_invalidate" }, email("rejected")],
    ],
    [
      "rejected ← submitted on an onboarding exam: no email, cleanup",
      "submitted",
      "rejected",
      { attempt: onboardingAttempt, exam: practiceExam, backend: restVendor, overrideGradeOnRejected: false },
      "rejected",
      [credit("failed"), clearOnboarding],
    ],
    // ready_to_resume / resumed
    ["ready_to_resume ← error (staff Resume): no credit, no email, no vendor", "error", "ready_to_resume", { attempt: startedProctored }, "ready_to_resume", []],
    [
      "resumed ← ready_to_resume (inside create): no side effects",
      "ready_to_resume",
      "resumed",
      { attempt: startedProctored, gateOpen: false },
      "resumed",
      [],
    ],
    ["resumed ← resumed (a second create): no side effects", "resumed", "resumed", { attempt: startedProctored }, "resumed", []],
  ])("%s", (_name, from, requested, scenario, expectedTo, expectedEffects) => {
    const result = run(from, requested, scenario);
    expect(result.to).toBe(expectedTo);
    expect(result.legal).toBe(true);
    expect(result.effects).toEqual(expectedEffects);
  });

  it.each<[string, AttemptStatus, AttemptStatus]>([
    ["ready_to_resume only from error", "started", "ready_to_resume"],
    ["ready_to_resume not from submitted", "submitted", "ready_to_resume"],
    ["resumed not from error", "error", "resumed"],
    ["no way back to started after submission", "submitted", "started"],
    ["declined cannot be undone into created", "declined", "created"],
  ])("illegal: %s", (_name, from, to) => {
    expect(run(from, to).legal).toBe(false);
  });

  it("created (new row): a learner with no attempt gets a new one, which starts pre-started", () => {
    expect(decideCreateAttempt({ current: null, exam: { isPracticeExam: false } })).toEqual({ kind: "new" });
    expect(isTransitionLegal("created", "started")).toBe(true);
  });

  it("onboarding_* (new row): a completed status the learner cannot leave by creating again", () => {
    for (const s of ["onboarding_missing", "onboarding_pending", "onboarding_failed", "onboarding_expired"] as const) {
      expect(isOnboardingError(s)).toBe(true);
      expect(isTransitionLegal(s, "created")).toBe(false);
      expect(
        decideCreateAttempt({
          current: { status: s, isSampleAttempt: false, timeRemainingSeconds: null },
          exam: { isPracticeExam: false },
        }).kind,
      ).toBe("error");
    }
  });

  it("onboarding_reset: a completed practice attempt (not verified, not submitted) is marked directly", () => {
    expect(decidePracticeReset({ status: "rejected", isPracticeExam: true })).toEqual({ kind: "mark_onboarding_reset" });
    expect(decidePracticeReset({ status: "error", isPracticeExam: true })).toEqual({ kind: "mark_onboarding_reset" });
  });

  it("(deleted): a submitted practice attempt is removed on Retry", () => {
    expect(decidePracticeReset({ status: "submitted", isPracticeExam: true })).toEqual({ kind: "remove" });
  });

  it("vendor hooks are skipped when the attempt has no vendor session (external_id null)", () => {
    expect(run("started", "submitted", { attempt: { ...startedProctored, externalId: null } }).effects).toEqual([
      completedNow,
      credit("submitted"),
      email("submitted"),
    ]);
  });

  it("onboarding cleanup can be widened to every course (3.8.1's behaviour)", () => {
    const { effects } = run("submitted", "verified", {
      attempt: onboardingAttempt,
      exam: practiceExam,
      backend: restVendor,
      onboardingCleanupScope: "all",
    });
    expect(effects).toContainEqual({ type: "clear_onboarding_errors", scope: "all" });
  });

  it("no onboarding cleanup on backends without onboarding, nor for incomplete targets", () => {
    expect(run("submitted", "verified", { attempt: onboardingAttempt, exam: practiceExam }).effects).toEqual([
      credit("satisfied"),
    ]);
    expect(
      run("ready_to_start", "started", { attempt: onboardingAttempt, exam: practiceExam, backend: restVendor }).effects,
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Cascade (§4.3-6b)

describe("planCascadeDecline (§4.3-6b)", () => {
  const exam = (examId: number, over: Partial<Parameters<typeof planCascadeDecline>[1][number]> = {}) => ({
    examId,
    contentId: `block-${examId}`,
    isActive: true,
    isProctored: true,
    isPracticeExam: false,
    currentStatus: null,
    ...over,
  });

  it("declines other active proctored exams, creating attempts where none exist", () => {
    expect(
      planCascadeDecline("block-1", [
        exam(1),
        exam(2),
        exam(3, { currentStatus: "created" }),
        exam(4, { currentStatus: "started" }),
        exam(5, { currentStatus: "verified" }),
        exam(6, { currentStatus: "declined" }),
        exam(7, { isPracticeExam: true }),
        exam(8, { isProctored: false }),
        exam(9, { isActive: false }),
        exam(10, { currentStatus: "onboarding_reset" }),
      ]),
    ).toEqual([
      { examId: 2, action: "create_and_decline" },
      { examId: 3, action: "decline" },
      { examId: 4, action: "decline" },
      { examId: 10, action: "decline" },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Actions and authorization (§8.7, §17.7)

describe("actions (§8.7)", () => {
  it.each<[AttemptAction, AttemptStatus | null]>([
    ["start", "started"],
    ["stop", "ready_to_submit"],
    ["submit", "submitted"],
    ["click_download_software", "download_software_clicked"],
    ["decline", "declined"],
    ["mark_ready_to_resume", "ready_to_resume"],
    ["error", null],
    ["reset_attempt", null],
  ])("%s -> %s", (action, status) => {
    expect(targetStatusOfAction(action)).toBe(status);
  });

  it("lists the eight actions of 3.8.1", () => {
    expect(ATTEMPT_ACTIONS).toEqual([
      "start",
      "stop",
      "submit",
      "click_download_software",
      "decline",
      "error",
      "reset_attempt",
      "mark_ready_to_resume",
    ]);
  });

  it.each([
    ["submit", true],
    ["pause", false],
    ["", false],
    [undefined, false],
  ])("isAttemptAction(%j) = %s", (x, expected) => {
    expect(isAttemptAction(x)).toBe(expected);
  });

  it("unknown actions get a readable 400 detail", () => {
    expect(unknownActionMessage("pause")).toBe(
      'Unknown action "pause". Expected one of: start, stop, submit, click_download_software, decline, error, reset_attempt, mark_ready_to_resume.',
    );
  });
});

describe("authorizeAttemptAction (§8.7, our §17.7 decision)", () => {
  const ids = { requesterId: 5, attemptId: 9, courseKey: "course-v1:edX+Proc+2024" };
  const denied = (action: string) =>
    `user_id=5 attempted to update attempt_id=9 in course_id=course-v1:edX+Proc+2024 but does not have access to it. (action=${action})`;

  it.each<[string, AttemptAction, boolean, boolean, boolean, true | string]>([
    // action, owner, course staff, user_id given
    ["owner submits", "submit", true, false, false, true],
    ["owner starts", "start", true, false, false, true],
    ["owner errors", "error", true, false, false, true],
    ["owner resets practice", "reset_attempt", true, false, false, true],
    ["learner cannot act on someone else's attempt", "submit", false, false, false, denied("submit")],
    ["staff cannot act on someone else's attempt without user_id", "submit", false, true, false, denied("submit")],
    ["staff resumes with user_id naming the owner", "mark_ready_to_resume", true, true, true, true],
    ["staff resumes with user_id of another learner", "mark_ready_to_resume", false, true, true, denied("mark_ready_to_resume")],
    ["staff may pass user_id only with mark_ready_to_resume", "submit", true, true, true, denied("submit")],
    ["a learner passing user_id is refused", "mark_ready_to_resume", true, false, true, denied("mark_ready_to_resume")],
    ["ours: the learner cannot self-resume", "mark_ready_to_resume", true, false, false, SELF_RESUME_DETAIL],
    ["a staff member resuming their own attempt", "mark_ready_to_resume", true, true, false, true],
  ])("%s", (_name, action, actorIsOwner, actorIsCourseStaff, userIdGiven, expected) => {
    const result = authorizeAttemptAction({ action, actorIsOwner, actorIsCourseStaff, userIdGiven, ...ids });
    expect(result).toEqual(expected === true ? { ok: true } : { ok: false, detail: expected });
  });
});

// ---------------------------------------------------------------------------------------------
// Start guard (§4.7, our §17.7 decision)

describe("startGuard (§4.7)", () => {
  const ids = { examId: 3, userId: 42, courseKey: "course-v1:edX+Proc+2024" };
  type Row = [string, AttemptStatus, Date | null, boolean, boolean, "ok" | "already_started" | "illegal_transition" | "not_ready"];
  it.each<Row>([
    // status, startedAt, takingAsProctored, isTimedExam, expected
    ["proctored from ready_to_start", "ready_to_start", null, true, false, "ok"],
    ["proctored 'continue working' from ready_to_submit", "ready_to_submit", STARTED_AT, true, false, "ok"],
    ["ours: proctored from created is refused (setup skipped)", "created", null, true, false, "not_ready"],
    ["ours: proctored from download_software_clicked is refused", "download_software_clicked", null, true, false, "not_ready"],
    ["timed from created", "created", null, false, true, "ok"],
    ["timed 'continue working' from ready_to_submit", "ready_to_submit", STARTED_AT, false, true, "ok"],
    ["timed from ready_to_start is not a timed state", "ready_to_start", null, false, true, "not_ready"],
    ["already started", "started", STARTED_AT, true, false, "already_started"],
    ["timed already started", "started", STARTED_AT, false, true, "already_started"],
    ["completed: submitted", "submitted", STARTED_AT, true, false, "illegal_transition"],
    ["completed: verified", "verified", STARTED_AT, false, true, "illegal_transition"],
    ["completed: declined", "declined", null, false, false, "illegal_transition"],
    ["completed: error", "error", STARTED_AT, true, false, "illegal_transition"],
    ["onboarding_reset is not startable", "onboarding_reset", null, true, false, "not_ready"],
  ])("%s", (_name, status, startedAt, takingAsProctored, isTimedExam, expected) => {
    const result = startGuard({ status, startedAt, takingAsProctored, isTimedExam, ...ids });
    expect(result.ok ? "ok" : result.code).toBe(expected);
  });

  it("already started carries 3.8.1's detail", () => {
    expect(startGuard({ status: "started", startedAt: STARTED_AT, takingAsProctored: true, isTimedExam: false, ...ids })).toEqual({
      ok: false,
      code: "already_started",
      detail: "Cannot start exam attempt for exam_id=3 and user_id=42 because it has already started!",
    });
  });

  it("a completed attempt carries the illegal-transition detail", () => {
    expect(startGuard({ status: "submitted", startedAt: STARTED_AT, takingAsProctored: true, isTimedExam: false, ...ids })).toEqual({
      ok: false,
      code: "illegal_transition",
      detail: illegalTransitionMessage({ from: "submitted", to: "started", ...ids }),
    });
  });

  it("a proctored attempt before its setup says what is missing", () => {
    const result = startGuard({ status: "created", startedAt: null, takingAsProctored: true, isTimedExam: false, ...ids });
    expect(result).toEqual({
      ok: false,
      code: "not_ready",
      detail:
        "Cannot start exam attempt for exam_id=3 and user_id=42 because the proctoring setup is not complete " +
        "(status=created). Complete the system check first.",
    });
  });
});
