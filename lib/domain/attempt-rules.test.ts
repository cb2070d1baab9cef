import { describe, expect, it } from "vitest";
import {
  canResumeInDashboard,
  decideCreateAttempt,
  decidePracticeReset,
  errorActionDecision,
  type CreateAttemptDecision,
  type CreateAttemptInput,
} from "./attempt-rules";
import type { AttemptStatus } from "./statuses";

const ids = { examId: 3, userId: 42, courseKey: "course-v1:edX+Proc+2024" };
const current = (status: AttemptStatus, isSampleAttempt: boolean, timeRemainingSeconds: number | null = null, id = 17) => ({
  id,
  status,
  isSampleAttempt,
  timeRemainingSeconds,
});
const ALREADY_EXISTS =
  "Cannot create new exam attempt for exam_id=3 and user_id=42 in course_id=course-v1:edX+Proc+2024 because it already exists!";

describe("decideCreateAttempt (§4.6, §8.5, §17.21)", () => {
  const proctoredExam = { isPracticeExam: false };
  const practiceExam = { isPracticeExam: true };

  it.each<[string, Omit<CreateAttemptInput, keyof typeof ids>, CreateAttemptDecision]>([
    ["no attempt yet", { current: null, exam: proctoredExam }, { kind: "new" }],
    [
      "current ready_to_resume: supersede it with the saved time",
      { current: current("ready_to_resume", false, 754), exam: proctoredExam },
      { kind: "new", resumeFrom: { timeRemainingSeconds: 754 } },
    ],
    [
      "current resumed (registration failed after marking): again",
      { current: current("resumed", false, 120), exam: proctoredExam },
      { kind: "new", resumeFrom: { timeRemainingSeconds: 120 } },
    ],
    [
      "resume without saved time (errored by a review)",
      { current: current("ready_to_resume", false, null), exam: proctoredExam },
      { kind: "new", resumeFrom: { timeRemainingSeconds: null } },
    ],
    [
      "resume of a practice attempt",
      { current: current("ready_to_resume", true, 30), exam: practiceExam },
      { kind: "new", resumeFrom: { timeRemainingSeconds: 30 } },
    ],
    ["a proctored attempt exists", { current: current("created", false), exam: proctoredExam }, { kind: "error", code: "already_exists", detail: ALREADY_EXISTS }],
    ["a completed proctored attempt exists", { current: current("verified", false), exam: proctoredExam }, { kind: "error", code: "already_exists", detail: ALREADY_EXISTS }],
    ["an errored attempt not yet resumed by staff", { current: current("error", false), exam: proctoredExam }, { kind: "error", code: "already_exists", detail: ALREADY_EXISTS }],
    ["a timed attempt exists", { current: current("submitted", false), exam: proctoredExam }, { kind: "error", code: "already_exists", detail: ALREADY_EXISTS }],
    // §17.21, ours: an in-progress practice attempt is returned, not duplicated
    ["practice attempt created: return it", { current: current("created", true), exam: practiceExam }, { kind: "existing", attemptId: 17 }],
    ["practice attempt started: return it", { current: current("started", true), exam: practiceExam }, { kind: "existing", attemptId: 17 }],
    ["practice attempt ready_to_submit: return it", { current: current("ready_to_submit", true), exam: practiceExam }, { kind: "existing", attemptId: 17 }],
    ["practice attempt completed: a new one", { current: current("rejected", true), exam: practiceExam }, { kind: "new" }],
    ["practice attempt submitted: a new one", { current: current("submitted", true), exam: practiceExam }, { kind: "new" }],
    ["practice attempt onboarding_reset: a new one", { current: current("onboarding_reset", true), exam: practiceExam }, { kind: "new" }],
    // due dates
    [
      "§8.5: non-practice exam past due -> 403",
      { current: null, exam: proctoredExam, dueDatePassed: true },
      {
        kind: "error",
        code: "expired_exam",
        detail: "user_id=42 attempted to create an attempt for expired exam with exam_id=3 in course_id=course-v1:edX+Proc+2024",
      },
    ],
    [
      "§8.5 check comes before the resume marking",
      { current: current("ready_to_resume", false, 60), exam: proctoredExam, dueDatePassed: true },
      {
        kind: "error",
        code: "expired_exam",
        detail: "user_id=42 attempted to create an attempt for expired exam with exam_id=3 in course_id=course-v1:edX+Proc+2024",
      },
    ],
    [
      "§4.6 step 5: proctored attempt on a past-due practice exam -> 400",
      { current: null, exam: practiceExam, dueDatePassed: true, takingAsProctored: true },
      {
        kind: "error",
        code: "past_due_proctored",
        detail:
          "user_id=42 trying to create exam attempt for past due proctored exam_id=3 in course_id=course-v1:edX+Proc+2024. " +
          "Do not register an exam attempt!",
      },
    ],
    ["practice exams may be attempted after the due date without proctoring", { current: null, exam: practiceExam, dueDatePassed: true, takingAsProctored: false }, { kind: "new" }],
    ["due date not passed: proctored attempt allowed", { current: null, exam: proctoredExam, dueDatePassed: false, takingAsProctored: true }, { kind: "new" }],
  ])("%s", (_name, input, expected) => {
    expect(decideCreateAttempt({ ...ids, ...input })).toEqual(expected);
  });

  it("an existing practice attempt without a known id", () => {
    expect(
      decideCreateAttempt({ current: { status: "created", isSampleAttempt: true, timeRemainingSeconds: null }, exam: practiceExam }),
    ).toEqual({ kind: "existing" });
  });

  it("the attempt's own sample flag decides, not the exam's current flag (3.8.1)", () => {
    expect(decideCreateAttempt({ ...ids, current: current("rejected", true), exam: proctoredExam })).toEqual({ kind: "new" });
  });
});

describe("decidePracticeReset (§4.9)", () => {
  const prefix = "Failed to reset attempt status on exam_id=3 for user_id=42. ";
  it.each<[AttemptStatus | null, boolean, object]>([
    ["submitted", true, { kind: "remove" }],
    ["rejected", true, { kind: "mark_onboarding_reset" }],
    ["error", true, { kind: "mark_onboarding_reset" }],
    ["second_review_required", true, { kind: "mark_onboarding_reset" }],
    ["declined", true, { kind: "mark_onboarding_reset" }],
    ["onboarding_reset", true, { kind: "mark_onboarding_reset" }],
    [
      null,
      true,
      { kind: "error", code: "not_found", detail: "Tried to reset attempt in exam_id=3 for user_id=42, but this attempt does not exist." },
    ],
    [
      "rejected",
      false,
      { kind: "error", code: "illegal_transition", detail: `${prefix}Only practice exams may be reset! (course_id=course-v1:edX+Proc+2024)` },
    ],
    [
      "verified",
      true,
      {
        kind: "error",
        code: "illegal_transition",
        detail: `${prefix}Attempt with status=verified cannot be reset! (course_id=course-v1:edX+Proc+2024)`,
      },
    ],
    [
      "started",
      true,
      {
        kind: "error",
        code: "illegal_transition",
        detail: `${prefix}Attempt with status=started cannot be reset! (course_id=course-v1:edX+Proc+2024)`,
      },
    ],
    [
      "created",
      true,
      {
        kind: "error",
        code: "illegal_transition",
        detail: `${prefix}Attempt with status=created cannot be reset! (course_id=course-v1:edX+Proc+2024)`,
      },
    ],
  ])("%s (practice=%s)", (status, isPracticeExam, expected) => {
    expect(decidePracticeReset({ ...ids, status, isPracticeExam })).toEqual(expected);
  });
});

describe("canResumeInDashboard (§6.10)", () => {
  it.each<[AttemptStatus | null, boolean, boolean]>([
    ["error", false, true],
    ["error", true, false],
    ["ready_to_resume", false, false],
    ["rejected", false, false],
    ["submitted", false, false],
    [null, false, false],
  ])("latest %s, practice=%s -> %s", (latestStatus, isPracticeExam, expected) => {
    expect(canResumeInDashboard({ latestStatus, isPracticeExam })).toBe(expected);
  });
});

describe("errorActionDecision (§5.8)", () => {
  it.each<[string, AttemptStatus, boolean, number | undefined, object]>([
    ["passthrough switch on", "started", true, 600, { kind: "no_change", reason: "passthrough" }],
    ["already submitted", "submitted", false, 0, { kind: "no_change", reason: "already_submitted" }],
    ["started: save int(remaining) and error", "started", false, 754.9, { kind: "error", saveTimeRemainingSeconds: 754 }],
    ["ready_to_submit: save and error", "ready_to_submit", false, 30, { kind: "error", saveTimeRemainingSeconds: 30 }],
    ["remaining not given: the caller computes it", "started", false, undefined, { kind: "error", saveTimeRemainingSeconds: null }],
    ["created (setup page): error without time", "created", false, 0, { kind: "error", saveTimeRemainingSeconds: 0 }],
    // ours: a stale tab cannot overwrite a completed result
    ["verified stays verified", "verified", false, 0, { kind: "no_change", reason: "already_completed" }],
    ["error stays error (time saved once)", "error", false, 0, { kind: "no_change", reason: "already_completed" }],
    ["passthrough wins over status", "submitted", true, 0, { kind: "no_change", reason: "passthrough" }],
  ])("%s", (_name, status, passthrough, remainingSeconds, expected) => {
    expect(errorActionDecision({ status, passthrough, remainingSeconds })).toEqual(expected);
  });
});
