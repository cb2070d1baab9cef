import { describe, expect, it } from "vitest";
import { ATTEMPT_STATUSES as SCHEMA_ATTEMPT_STATUSES } from "@/db/schema";
import {
  ATTEMPT_STATUSES,
  CASCADABLE_STATUSES,
  COMPLETED_STATUSES,
  CREDIT_UPDATE_STATUSES,
  GRADE_OVERRIDE_STATUSES,
  INCOMPLETE_STATUSES,
  IN_PROGRESS_STATUSES,
  ONBOARDING_ERROR_STATUSES,
  PRE_STARTED_STATUSES,
  RESUME_STATUSES,
  VALID_STATUSES,
  creditStatusFor,
  isAttemptStatus,
  isCompleted,
  isIncomplete,
  isInProgress,
  isOnboardingError,
  isPreStarted,
  isResumeStatus,
  type AttemptStatus,
} from "./statuses";

const sorted = (s: Iterable<string>) => [...s].sort();

describe("ATTEMPT_STATUSES (§3.1)", () => {
  it("has the 21 exact strings of 3.8.1", () => {
    expect(ATTEMPT_STATUSES).toEqual([
      "eligible",
      "created",
      "download_software_clicked",
      "ready_to_start",
      "started",
      "ready_to_submit",
      "declined",
      "timed_out",
      "submitted",
      "second_review_required",
      "verified",
      "rejected",
      "error",
      "expired",
      "ready_to_resume",
      "resumed",
      "onboarding_reset",
      "onboarding_missing",
      "onboarding_pending",
      "onboarding_failed",
      "onboarding_expired",
    ]);
  });

  it("is the same tuple the db schema re-exports", () => {
    expect(SCHEMA_ATTEMPT_STATUSES).toBe(ATTEMPT_STATUSES);
  });
});

describe("groupings (§3.2)", () => {
  it.each([
    [
      "completed",
      COMPLETED_STATUSES,
      [
        "declined",
        "timed_out",
        "submitted",
        "second_review_required",
        "verified",
        "rejected",
        "error",
        "ready_to_resume",
        "resumed",
        "onboarding_missing",
        "onboarding_pending",
        "onboarding_failed",
        "onboarding_expired",
      ],
    ],
    [
      "incomplete",
      INCOMPLETE_STATUSES,
      ["eligible", "created", "download_software_clicked", "ready_to_start", "started", "ready_to_submit"],
    ],
    ["pre-started", PRE_STARTED_STATUSES, ["created", "download_software_clicked", "ready_to_start"]],
    ["in-progress", IN_PROGRESS_STATUSES, ["started", "ready_to_submit"]],
    ["resume", RESUME_STATUSES, ["ready_to_resume", "resumed"]],
    [
      "onboarding errors",
      ONBOARDING_ERROR_STATUSES,
      ["onboarding_missing", "onboarding_pending", "onboarding_failed", "onboarding_expired"],
    ],
    ["credit update", CREDIT_UPDATE_STATUSES, ["verified", "rejected", "declined", "submitted", "error"]],
    ["grade override", GRADE_OVERRIDE_STATUSES, ["rejected"]],
    ["cascadable", CASCADABLE_STATUSES, ["declined"]],
  ])("%s has exactly its members", (_name, set, members) => {
    expect(sorted(set)).toEqual(sorted(members));
  });

  it("valid = completed ∪ incomplete, without expired and onboarding_reset", () => {
    expect(VALID_STATUSES.size).toBe(19);
    expect(VALID_STATUSES.has("expired")).toBe(false);
    expect(VALID_STATUSES.has("onboarding_reset")).toBe(false);
  });

  it("completed and incomplete are disjoint", () => {
    expect([...COMPLETED_STATUSES].filter((s) => INCOMPLETE_STATUSES.has(s))).toEqual([]);
  });
});

describe("predicates", () => {
  type Row = [AttemptStatus, boolean, boolean, boolean, boolean, boolean, boolean];
  // status, completed, incomplete, preStarted, inProgress, resume, onboardingError
  it.each<Row>([
    ["eligible", false, true, false, false, false, false],
    ["created", false, true, true, false, false, false],
    ["download_software_clicked", false, true, true, false, false, false],
    ["ready_to_start", false, true, true, false, false, false],
    ["started", false, true, false, true, false, false],
    ["ready_to_submit", false, true, false, true, false, false],
    ["declined", true, false, false, false, false, false],
    ["timed_out", true, false, false, false, false, false],
    ["submitted", true, false, false, false, false, false],
    ["second_review_required", true, false, false, false, false, false],
    ["verified", true, false, false, false, false, false],
    ["rejected", true, false, false, false, false, false],
    ["error", true, false, false, false, false, false],
    ["expired", false, false, false, false, false, false],
    ["ready_to_resume", true, false, false, false, true, false],
    ["resumed", true, false, false, false, true, false],
    ["onboarding_reset", false, false, false, false, false, false],
    ["onboarding_missing", true, false, false, false, false, true],
    ["onboarding_pending", true, false, false, false, false, true],
    ["onboarding_failed", true, false, false, false, false, true],
    ["onboarding_expired", true, false, false, false, false, true],
  ])("%s", (status, completed, incomplete, preStarted, inProgress, resume, onboardingError) => {
    expect(isCompleted(status)).toBe(completed);
    expect(isIncomplete(status)).toBe(incomplete);
    expect(isPreStarted(status)).toBe(preStarted);
    expect(isInProgress(status)).toBe(inProgress);
    expect(isResumeStatus(status)).toBe(resume);
    expect(isOnboardingError(status)).toBe(onboardingError);
    expect(isAttemptStatus(status)).toBe(true);
  });

  it.each([["Started"], ["unknown"], [""], [null], [undefined], [3]])("isAttemptStatus(%j) is false", (x) => {
    expect(isAttemptStatus(x)).toBe(false);
  });

  it("predicates answer false for strings outside the vocabulary", () => {
    expect(isCompleted("VERIFIED")).toBe(false);
    expect(isIncomplete(null)).toBe(false);
    expect(isInProgress(undefined)).toBe(false);
  });
});

describe("creditStatusFor (§4.3-6a)", () => {
  it.each<[AttemptStatus, string | null]>([
    ["verified", "satisfied"],
    ["submitted", "submitted"],
    ["declined", "declined"],
    ["rejected", "failed"],
    ["error", "failed"],
    ["second_review_required", null],
    ["started", null],
    ["timed_out", null],
    ["ready_to_resume", null],
    ["resumed", null],
    ["onboarding_missing", null],
  ])("%s -> %s", (to, expected) => {
    expect(creditStatusFor(to)).toBe(expected);
  });

  it("writes a credit status exactly for the credit-update statuses", () => {
    for (const s of ATTEMPT_STATUSES) {
      expect(creditStatusFor(s) !== null).toBe(CREDIT_UPDATE_STATUSES.has(s));
    }
  });
});
