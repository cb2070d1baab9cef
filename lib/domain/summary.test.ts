import { describe, expect, it } from "vitest";
import type { AttemptStatus } from "./statuses";
import { attemptStatusSummary, type AttemptStatusSummaryInput } from "./summary";

const proctored = (status: AttemptStatus | null, courseEndPassed = false): AttemptStatusSummaryInput => ({
  examKind: "proctored",
  status,
  courseEndPassed,
});

describe("attemptStatusSummary (§3.6)", () => {
  it.each([
    [null, false],
    ["started", false],
    ["verified", true],
  ] as const)("timed exam (status %s, course ended %s): no status key", (status, courseEndPassed) => {
    expect(attemptStatusSummary({ examKind: "timed", status, courseEndPassed })).toEqual({
      short_description: "Timed Exam",
      suggested_icon: "fa-clock-o",
      in_completed_state: false,
    });
  });

  it.each<[string, AttemptStatusSummaryInput, AttemptStatus, string, string, boolean]>([
    ["no attempt", proctored(null), "eligible", "Proctored Option Available", "fa-pencil-square-o", false],
    ["no attempt, course ended", proctored(null, true), "expired", "Proctored Option No Longer Available", "fa-times-circle", false],
    ["created (default entry)", proctored("created"), "created", "Taking As Proctored Exam", "fa-pencil-square-o", false],
    ["started (default entry)", proctored("started"), "started", "Taking As Proctored Exam", "fa-pencil-square-o", false],
    ["declined", proctored("declined"), "declined", "Taking As Open Exam", "fa-pencil-square-o", false],
    ["submitted", proctored("submitted"), "submitted", "Pending Session Review", "fa-spinner fa-spin", true],
    ["second_review_required", proctored("second_review_required"), "second_review_required", "Pending Session Review", "fa-spinner fa-spin", true],
    ["verified", proctored("verified"), "verified", "Passed Proctoring", "fa-check", true],
    ["rejected", proctored("rejected"), "rejected", "Failed Proctoring", "fa-exclamation-triangle", true],
    ["error", proctored("error"), "error", "Failed Proctoring", "fa-exclamation-triangle", true],
    ["an attempt wins over course end", proctored("verified", true), "verified", "Passed Proctoring", "fa-check", true],
    ["onboarding_missing (default entry)", proctored("onboarding_missing"), "onboarding_missing", "Taking As Proctored Exam", "fa-pencil-square-o", false],
    // practice and onboarding exams use the practice map; course end never makes them expired
    ["practice, no attempt", { examKind: "practice", status: null, courseEndPassed: true }, "eligible", "Ungraded Practice Exam", "", false],
    ["practice, started", { examKind: "practice", status: "started", courseEndPassed: false }, "started", "Ungraded Practice Exam", "", false],
    ["practice, submitted", { examKind: "practice", status: "submitted", courseEndPassed: false }, "submitted", "Practice Exam Completed", "fa-check", true],
    ["practice, error", { examKind: "practice", status: "error", courseEndPassed: false }, "error", "Practice Exam Failed", "fa-exclamation-triangle", true],
    ["practice, verified (default entry)", { examKind: "practice", status: "verified", courseEndPassed: false }, "verified", "Ungraded Practice Exam", "", false],
    ["onboarding, submitted", { examKind: "onboarding", status: "submitted", courseEndPassed: false }, "submitted", "Practice Exam Completed", "fa-check", true],
    ["onboarding, no attempt", { examKind: "onboarding", status: null, courseEndPassed: false }, "eligible", "Ungraded Practice Exam", "", false],
  ])("%s", (_name, input, status, shortDescription, icon, completed) => {
    expect(attemptStatusSummary(input)).toEqual({
      status,
      short_description: shortDescription,
      suggested_icon: icon,
      in_completed_state: completed,
    });
  });

  it("a learner who may not take the proctored exam gets null", () => {
    expect(attemptStatusSummary({ ...proctored("verified"), canTakeProctored: false })).toBeNull();
  });

  it("the permission is not consulted for practice exams", () => {
    expect(attemptStatusSummary({ examKind: "practice", status: null, courseEndPassed: false, canTakeProctored: false })).not.toBeNull();
  });
});
