import { describe, expect, it } from "vitest";
import {
  EXPIRING_SOON_MS,
  INSTRUCTOR_ONBOARDING_STATUSES,
  ONBOARDING_VALIDITY_DAYS_DEFAULT,
  instructorOnboardingRow,
  instructorOnboardingStatus,
  isExpiringSoon,
  isOnboardingLinkAvailable,
  isOnboardingPastDue,
  isOtherCourseVerificationValid,
  learnerOnboardingStatus,
  onboardingExpirationDate,
  onboardingPanelState,
  relevantOnboardingAttempt,
  type OnboardingPanelInput,
} from "./onboarding";
import type { AttemptStatus } from "./statuses";

const NOW = new Date("2024-03-01T12:00:00.000Z");
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const daysAhead = (n: number) => new Date(NOW.getTime() + n * DAY);
const attempt = (status: AttemptStatus, modifiedDaysAgo: number) => ({ status, modified: daysAgo(modifiedDaysAgo) });

describe("constants (§7.1)", () => {
  it("730 days of validity, a 28-day expiring-soon window", () => {
    expect(ONBOARDING_VALIDITY_DAYS_DEFAULT).toBe(730);
    expect(EXPIRING_SOON_MS).toBe(2_419_200_000);
  });

  it("expiration = modified + validity days", () => {
    expect(onboardingExpirationDate(daysAgo(10))).toEqual(daysAhead(720));
    expect(onboardingExpirationDate(daysAgo(10), 365)).toEqual(daysAhead(355));
  });

  it.each([
    [729, true],
    [730, true],
    [731, false],
  ])("verified %d days ago is valid elsewhere: %s", (days, expected) => {
    expect(isOtherCourseVerificationValid(daysAgo(days), NOW)).toBe(expected);
  });
});

describe("relevantOnboardingAttempt (§7.2 step 6)", () => {
  it.each<[string, { status: AttemptStatus; modified: Date }[], { status: AttemptStatus; modified: Date } | null]>([
    ["none", [], null],
    ["the most recent when none verified", [attempt("rejected", 5), attempt("error", 1), attempt("created", 3)], attempt("error", 1)],
    ["a verified one over newer ones", [attempt("created", 1), attempt("verified", 20), attempt("rejected", 2)], attempt("verified", 20)],
    ["the newest of several verified", [attempt("verified", 40), attempt("verified", 10)], attempt("verified", 10)],
  ])("%s", (_name, attempts, expected) => {
    expect(relevantOnboardingAttempt(attempts)).toEqual(expected);
  });
});

describe("learnerOnboardingStatus (§7.2 steps 6-9)", () => {
  it.each<[string, { status: AttemptStatus; modified: Date }[], { modified: Date } | null, string | null, Date | null]>([
    ["no attempt anywhere", [], null, null, null],
    ["a local attempt: its raw status", [attempt("download_software_clicked", 1)], null, "download_software_clicked", null],
    ["raw statuses are not translated", [attempt("second_review_required", 1)], null, "second_review_required", null],
    ["local verified, whatever its age", [attempt("verified", 2000)], null, "verified", null],
    ["verified elsewhere, nothing here", [], { modified: daysAgo(100) }, "other_course_approved", daysAhead(630)],
    ["verified elsewhere wins over a local non-verified status (3.7.9)", [attempt("rejected", 1)], { modified: daysAgo(100) }, "other_course_approved", daysAhead(630)],
    ["local verified wins over elsewhere", [attempt("verified", 1)], { modified: daysAgo(100) }, "verified", null],
    ["verified elsewhere too long ago", [attempt("error", 1)], { modified: daysAgo(731) }, "error", null],
    ["onboarding_reset is reported as is", [attempt("onboarding_reset", 1)], null, "onboarding_reset", null],
  ])("%s", (_name, localAttempts, latestOtherVerified, status, expiration) => {
    expect(learnerOnboardingStatus({ localAttempts, latestOtherVerified, now: NOW })).toEqual({
      onboardingStatus: status,
      expirationDate: expiration,
    });
  });

  it("uses the configured validity", () => {
    expect(
      learnerOnboardingStatus({ localAttempts: [], latestOtherVerified: { modified: daysAgo(400) }, validityDays: 365, now: NOW }),
    ).toEqual({ onboardingStatus: null, expirationDate: null });
  });
});

describe("instructor vocabulary (§3.5)", () => {
  it("lists the eight dashboard statuses", () => {
    expect(INSTRUCTOR_ONBOARDING_STATUSES).toEqual([
      "not_started",
      "setup_started",
      "onboarding_started",
      "submitted",
      "rejected",
      "verified",
      "error",
      "other_course_approved",
    ]);
  });

  it.each<[AttemptStatus | null, string | null]>([
    [null, "not_started"],
    ["created", "setup_started"],
    ["download_software_clicked", "setup_started"],
    ["ready_to_start", "setup_started"],
    ["started", "onboarding_started"],
    ["ready_to_submit", "onboarding_started"],
    ["submitted", "submitted"],
    ["rejected", "rejected"],
    ["verified", "verified"],
    ["error", "error"],
    ["second_review_required", null],
    ["onboarding_reset", null],
    ["resumed", null],
    ["ready_to_resume", null],
    ["declined", null],
    ["onboarding_missing", null],
  ])("%s -> %s", (status, expected) => {
    expect(instructorOnboardingStatus(status)).toBe(expected);
  });
});

describe("instructorOnboardingRow (§7.4 step 6)", () => {
  const who = { username: "ada", enrollmentMode: "verified" };
  it.each<[string, { status: AttemptStatus; modified: Date }[], { modified: Date } | null, string | null, Date | null]>([
    ["no attempt", [], null, "not_started", null],
    ["local attempt mapped", [attempt("started", 2)], null, "onboarding_started", daysAgo(2)],
    ["unmapped local status -> null", [attempt("second_review_required", 2)], null, null, daysAgo(2)],
    ["verified elsewhere, no local attempt", [], { modified: daysAgo(50) }, "other_course_approved", daysAgo(50)],
    ["verified elsewhere beats local non-verified", [attempt("rejected", 1)], { modified: daysAgo(50) }, "other_course_approved", daysAgo(50)],
    ["local verified stays verified", [attempt("verified", 3)], { modified: daysAgo(3) }, "verified", daysAgo(3)],
    ["expired elsewhere is ignored", [], { modified: daysAgo(800) }, "not_started", null],
  ])("%s", (_name, localAttempts, latestVerified, status, modified) => {
    expect(instructorOnboardingRow({ ...who, localAttempts, latestVerified, now: NOW })).toEqual({
      username: "ada",
      enrollment_mode: "verified",
      status,
      modified,
    });
  });
});

describe("learner panel helpers (§7.3, §20)", () => {
  it.each([
    ["in 29 days", daysAhead(29), false],
    ["in exactly 28 days", daysAhead(28), false],
    ["in 27 days", daysAhead(27), true],
    ["already past", daysAgo(1), true],
  ])("isExpiringSoon: %s -> %s", (_name, expiration, expected) => {
    expect(isExpiringSoon(expiration, NOW)).toBe(expected);
  });

  it.each<[string, (Date | null)[], boolean]>([
    ["no onboarding exam", [], false],
    ["the only one past due", [daysAgo(1)], true],
    ["due exactly now", [NOW], true],
    ["one of two still open", [daysAgo(1), daysAhead(1)], false],
    ["all past due", [daysAgo(1), daysAgo(3)], true],
    ["one without due date", [daysAgo(1), null], false],
  ])("isOnboardingPastDue: %s -> %s", (_name, dueDates, expected) => {
    expect(isOnboardingPastDue(dueDates, NOW)).toBe(expected);
  });

  it.each<[string, Date | null, boolean, boolean]>([
    ["released, not past due", daysAgo(1), false, true],
    ["no release date", null, false, true],
    ["not released yet", daysAhead(1), false, false],
    ["past due", daysAgo(10), true, false],
  ])("isOnboardingLinkAvailable: %s -> %s", (_name, releaseDate, pastDue, expected) => {
    expect(isOnboardingLinkAvailable({ releaseDate, pastDue, now: NOW })).toBe(expected);
  });
});

describe("onboardingPanelState (§7.3)", () => {
  const input = (over: Partial<OnboardingPanelInput>): OnboardingPanelInput => ({
    onboardingStatus: null,
    expirationDate: null,
    releaseDate: daysAgo(7),
    pastDue: false,
    now: NOW,
    ...over,
  });
  const MUST = "You must have a verified onboarding profile prior to taking any proctored exam.";
  const SUBMITTED_REMINDER = "You have successfully submitted your onboarding profile for review.";
  const complete = { kind: "link", text: "Complete Onboarding", disabled: false };

  it.each<[string | null, string, string, string, boolean, string | null, object | null]>([
    // status, label, message, colour, reminder shown, reminder title, button
    [null, "Not Started", "", "red", true, MUST, complete],
    ["created", "Not Started", "You have not started your onboarding exam.", "red", true, MUST, complete],
    ["download_software_clicked", "Not Started", "You have not started your onboarding exam.", "red", true, MUST, complete],
    ["ready_to_start", "Not Started", "You have not started your onboarding exam.", "red", true, MUST, complete],
    ["started", "Started", "You have started your onboarding exam.", "red", true, MUST, complete],
    ["ready_to_submit", "Started", "You have started your onboarding exam.", "red", true, MUST, complete],
    ["submitted", "Submitted", "You have submitted your onboarding exam.", "blue", true, SUBMITTED_REMINDER, null],
    ["second_review_required", "Submitted", "You have submitted your onboarding exam.", "blue", true, SUBMITTED_REMINDER, null],
    ["verified", "Verified", "You can now take proctored exams in this course.", "green", false, null, null],
    ["rejected", "Rejected", "Your onboarding exam has been rejected. Please retry onboarding.", "red", true, MUST, complete],
    ["error", "Error", "An error has occurred during your onboarding exam. Please retry onboarding.", "red", true, MUST, complete],
    [
      "other_course_approved",
      "Approved in Another Course",
      "You are eligible to take proctored exams in this course.",
      "green",
      false,
      null,
      { kind: "link", text: "View Onboarding Exam", disabled: false },
    ],
    ["onboarding_reset", "onboarding_reset", "", "red", true, MUST, complete],
  ])("%s", (status, label, message, colour, showReminder, reminderTitle, button) => {
    const state = onboardingPanelState(input({ onboardingStatus: status }));
    expect(state).toMatchObject({ statusLabel: label, message, colour, showReminder, reminderTitle, button });
    expect(state.reminderCopy).toBe(showReminder ? "Onboarding profile review can take 2+ business days." : null);
    expect(state.infoLinkText).toBe("Review instructions and system requirements for proctored exams");
  });

  it("approved in another course carries the device-change detail", () => {
    expect(onboardingPanelState(input({ onboardingStatus: "other_course_approved", expirationDate: daysAhead(300) })).detail).toBe(
      "If your device has changed, we recommend that you complete this course's onboarding exam in order to ensure " +
        "that your setup still meets the requirements for proctoring.",
    );
  });

  it("expiring soon: blue, its own text, but reminder and button follow the raw status", () => {
    const state = onboardingPanelState(input({ onboardingStatus: "other_course_approved", expirationDate: daysAhead(10) }));
    expect(state).toMatchObject({
      displayStatus: "expiring_soon",
      statusLabel: "Expiring Soon",
      colour: "blue",
      showReminder: false,
      button: { kind: "link", text: "View Onboarding Exam", disabled: false },
    });
    expect(state.message).toContain("However, your onboarding status is expiring soon.");
  });

  it("not released yet: disabled 'Onboarding Opens <date>'", () => {
    const releaseDate = daysAhead(3);
    expect(onboardingPanelState(input({ onboardingStatus: null, releaseDate })).button).toEqual({
      kind: "not_open",
      text: "Onboarding Opens 2024-03-04",
      disabled: true,
      releaseDate,
    });
    expect(
      onboardingPanelState(input({ onboardingStatus: "rejected", releaseDate, formatDate: () => "3/4/2024" })).button?.text,
    ).toBe("Onboarding Opens 3/4/2024");
  });

  it("past due (§20): disabled 'Onboarding Past Due', even before the release date", () => {
    const pastDue = { kind: "past_due", text: "Onboarding Past Due", disabled: true };
    expect(onboardingPanelState(input({ onboardingStatus: "created", pastDue: true })).button).toEqual(pastDue);
    expect(onboardingPanelState(input({ onboardingStatus: null, pastDue: true, releaseDate: daysAhead(2) })).button).toEqual(pastDue);
  });

  it("past due does not bring back a hidden button", () => {
    expect(onboardingPanelState(input({ onboardingStatus: "verified", pastDue: true })).button).toBeNull();
  });
});
