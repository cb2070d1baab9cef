import { describe, expect, it } from "vitest";
import { attemptRowActions, attemptTypeLabel, needsAttention, resetEndsRunningAttempt, resetLossSummary, statusLabel, type AttemptRowAction } from "./row-actions";
import { timelineActionLabel, timelineActorLabel, timelineSourceLabel } from "./timeline-labels";

describe("attemptRowActions (§6.6 point 10)", () => {
  it.each<[string | null, boolean, AttemptRowAction[]]>([
    // newest status, practice exam, actions
    ["error", false, ["resume", "reset"]],
    ["error", true, ["reset"]],
    ["submitted", false, ["reset"]],
    ["verified", false, ["reset"]],
    ["ready_to_resume", false, ["reset"]],
    ["resumed", false, ["reset"]],
    ["started", false, ["reset"]],
    ["created", true, ["reset"]],
    ["onboarding_failed", true, ["reset"]],
    ["ERROR", false, ["reset"]],
    [null, false, []],
    ["", false, []],
  ])("status %j, practice %s → %j", (status, isPracticeExam, expected) => {
    expect(attemptRowActions({ latest: { status }, exam: { isPracticeExam } })).toEqual(expected);
  });

  it("offers nothing for a row without an attempt", () => {
    expect(attemptRowActions({ latest: null, exam: { isPracticeExam: false } })).toEqual([]);
  });

  it("marks rows in error for attention", () => {
    expect(needsAttention({ latest: { status: "error" }, exam: { isPracticeExam: true } })).toBe(true);
    expect(needsAttention({ latest: { status: "submitted" }, exam: { isPracticeExam: false } })).toBe(false);
  });
});

describe("resetEndsRunningAttempt", () => {
  it.each([
    ["started", true],
    ["ready_to_submit", true],
    ["ready_to_start", false],
    ["error", false],
    ["submitted", false],
    ["ready_to_resume", false],
  ])("%s → %s", (status, running) => {
    expect(resetEndsRunningAttempt({ latest: { status }, exam: { isPracticeExam: false } })).toBe(running);
  });
  it("a row without an attempt is not running", () => {
    expect(resetEndsRunningAttempt({ latest: null, exam: { isPracticeExam: false } })).toBe(false);
  });
});

describe("labels", () => {
  it.each([
    ["download_software_clicked", "Download Software Clicked"],
    ["ready_to_resume", "Ready to resume"],
    ["second_review_required", "Second Review Required"],
    ["onboarding_expired", "Onboarding Expired"],
    ["timed_out", "Timed out"],
    ["something_new", "something_new"],
    ["toString", "toString"],
    [null, "N/A"],
  ])("status %j → %j", (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });

  it.each([
    ["timed", "Timed"],
    ["proctored", "Proctored"],
    ["practice", "Practice"],
    ["onboarding", "Onboarding"],
  ] as const)("an attempt of kind %s is labelled %s", (kind, label) => {
    expect(attemptTypeLabel({ kind })).toBe(label);
  });

  it("summarises what a reset removes", () => {
    expect(resetLossSummary(["error", "resumed", "error"])).toEqual({
      count: 3,
      byStatus: [
        { label: "Error", count: 2 },
        { label: "Resumed", count: 1 },
      ],
      text: "3 attempts: 2 Error, 1 Resumed",
    });
    expect(resetLossSummary(["submitted"]).text).toBe("1 attempt: 1 Submitted");
  });

  it("names timeline actions, sources and actors", () => {
    expect(timelineActionLabel("attempt.mark_ready_to_resume")).toBe("Staff allowed the learner to resume");
    expect(timelineActionLabel("attempt.decline_prerequisite")).toBe("Declined: a credit prerequisite was declined");
    expect(timelineActionLabel("attempt.some_new_verb")).toBe("Attempt: some new verb");
    expect(timelineActionLabel(null)).toBe("Status recorded");
    expect(timelineSourceLabel("vendor")).toBe("Proctoring service");
    expect(timelineSourceLabel(null)).toBe("Not recorded");
    expect(timelineSourceLabel("api")).toBe("REST API");
    expect(timelineSourceLabel("dashboard")).toBe("dashboard");
    expect(timelineSourceLabel("dashboard", { byLearner: true })).toBe("Learner's exam page");
    expect(timelineActorLabel({ kind: "user", userId: 3, username: "ann", tokenId: null })).toBe("ann");
    expect(timelineActorLabel({ kind: "user", userId: 3, username: null, tokenId: null })).toBe("User 3 (removed)");
    expect(timelineActorLabel({ kind: "service", userId: null, username: null, tokenId: 4 })).toBe("API token 4");
    expect(timelineActorLabel({ kind: "system", userId: null, username: null, tokenId: null })).toBe("System");
    expect(timelineSourceLabel("system")).toBe("System");
    // A change made on our pages: the dashboard unless the learner made it on their exam page.
    expect(timelineSourceLabel("web")).toBe("dashboard");
    expect(timelineSourceLabel("web", { byLearner: true })).toBe("Learner's exam page");
    expect(timelineActorLabel(null)).toBe("Not recorded");
  });
});
