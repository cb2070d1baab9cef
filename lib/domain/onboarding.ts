/**
 * Onboarding rules of §7: which attempt counts, the learner's and the instructor's status, cross-course
 * validity, and what the learner's proctoring info panel shows (§7.3, with §20's "past due").
 */
import type { AttemptStatus } from "./statuses";

/** Days a verified onboarding attempt counts in other courses (§7.1; a setting, what-we-build decision 7). */
export const ONBOARDING_VALIDITY_DAYS_DEFAULT = 730;

const MS_PER_DAY = 86_400_000;
/** "Expiring Soon" window of the learner panel: 28 days = 2,419,200,000 ms (§7.1). */
export const EXPIRING_SOON_MS = 28 * MS_PER_DAY;

export interface OnboardingAttemptLike {
  status: AttemptStatus;
  modified: Date;
}

/**
 * The attempt that speaks for the learner (§7.2 step 6, §21.2): the most recently modified
 * `verified` one, else the most recently modified one, else null. Input order does not matter.
 */
export function relevantOnboardingAttempt<T extends OnboardingAttemptLike>(attempts: readonly T[]): T | null {
  const byModifiedDesc = [...attempts].sort((a, b) => b.modified.getTime() - a.modified.getTime());
  return byModifiedDesc.find((a) => a.status === "verified") ?? byModifiedDesc[0] ?? null;
}

/** Expiration of a verified onboarding attempt elsewhere: modified + validity days (§7.1). */
export function onboardingExpirationDate(modified: Date, validityDays = ONBOARDING_VALIDITY_DAYS_DEFAULT): Date {
  return new Date(modified.getTime() + validityDays * MS_PER_DAY);
}

/** A verified attempt from another course counts while `now - modified <= validity` (§7.1). */
export function isOtherCourseVerificationValid(
  modified: Date,
  now: Date,
  validityDays = ONBOARDING_VALIDITY_DAYS_DEFAULT,
): boolean {
  return onboardingExpirationDate(modified, validityDays).getTime() >= now.getTime();
}

export interface LearnerOnboardingStatusInput {
  /** The learner's onboarding (practice, proctored) attempts in this course, any order. */
  localAttempts: readonly OnboardingAttemptLike[];
  /** Most recent verified onboarding attempt for the same backend, any course, or null. */
  latestOtherVerified: { modified: Date } | null;
  validityDays?: number;
  now: Date;
}

/** Raw attempt status, "other_course_approved", or null (§7.2). */
export type LearnerOnboardingStatus = AttemptStatus | "other_course_approved";

/**
 * `onboarding_status` and `expiration_date` of the learner endpoint (§7.2 steps 6–9). A valid
 * verification elsewhere takes precedence over a non-verified local status (3.7.9); within the
 * course a verified attempt counts regardless of age.
 */
export function learnerOnboardingStatus(input: LearnerOnboardingStatusInput): {
  onboardingStatus: LearnerOnboardingStatus | null;
  expirationDate: Date | null;
} {
  const validityDays = input.validityDays ?? ONBOARDING_VALIDITY_DAYS_DEFAULT;
  const relevant = relevantOnboardingAttempt(input.localAttempts);
  const other = input.latestOtherVerified;
  if (
    relevant?.status !== "verified" &&
    other &&
    isOtherCourseVerificationValid(other.modified, input.now, validityDays)
  ) {
    return {
      onboardingStatus: "other_course_approved",
      expirationDate: onboardingExpirationDate(other.modified, validityDays),
    };
  }
  return { onboardingStatus: relevant?.status ?? null, expirationDate: null };
}

// ---------------------------------------------------------------------------------------------
// Instructor dashboard (§3.5, §7.4)

export const INSTRUCTOR_ONBOARDING_STATUSES = [
  "not_started",
  "setup_started",
  "onboarding_started",
  "submitted",
  "rejected",
  "verified",
  "error",
  "other_course_approved",
] as const;
export type InstructorOnboardingStatus = (typeof INSTRUCTOR_ONBOARDING_STATUSES)[number];

const INSTRUCTOR_MAP: Partial<Record<AttemptStatus, InstructorOnboardingStatus>> = {
  created: "setup_started",
  download_software_clicked: "setup_started",
  ready_to_start: "setup_started",
  started: "onboarding_started",
  ready_to_submit: "onboarding_started",
  submitted: "submitted",
  rejected: "rejected",
  verified: "verified",
  error: "error",
};

/**
 * Dashboard vocabulary of an attempt status (§3.5): `not_started` without attempt, null for
 * statuses 3.8.1 leaves unmapped (second_review_required, onboarding_reset, resumed, declined ...).
 */
export function instructorOnboardingStatus(status: AttemptStatus | null): InstructorOnboardingStatus | null {
  if (status === null) return "not_started";
  return INSTRUCTOR_MAP[status] ?? null;
}

export interface InstructorOnboardingRowInput {
  username: string;
  enrollmentMode: string;
  localAttempts: readonly OnboardingAttemptLike[];
  /** The learner's most recent verified onboarding attempt for this backend, any course, or null. */
  latestVerified: { modified: Date } | null;
  validityDays?: number;
  now: Date;
}

export interface InstructorOnboardingRow {
  username: string;
  enrollment_mode: string;
  status: InstructorOnboardingStatus | null;
  modified: Date | null;
}

/** One row of the instructor onboarding panel (§7.4 step 6); JSON keys as the endpoint's. */
export function instructorOnboardingRow(input: InstructorOnboardingRowInput): InstructorOnboardingRow {
  const validityDays = input.validityDays ?? ONBOARDING_VALIDITY_DAYS_DEFAULT;
  const relevant = relevantOnboardingAttempt(input.localAttempts);
  const verified = input.latestVerified;
  const base = { username: input.username, enrollment_mode: input.enrollmentMode };
  if (
    verified &&
    isOtherCourseVerificationValid(verified.modified, input.now, validityDays) &&
    relevant?.status !== "verified"
  ) {
    return { ...base, status: "other_course_approved", modified: verified.modified };
  }
  return { ...base, status: instructorOnboardingStatus(relevant?.status ?? null), modified: relevant?.modified ?? null };
}

// ---------------------------------------------------------------------------------------------
// Learner proctoring info panel (§7.3, §20)

/** "Expiring Soon": less than 28 days before the expiration date (or already past it) (§7.1). */
export function isExpiringSoon(expirationDate: Date, now: Date): boolean {
  return now.getTime() > expirationDate.getTime() - EXPIRING_SOON_MS;
}

/**
 * §20 (3.11.0): onboarding is past due when the only onboarding exam, or every one of them, has a
 * due date that has passed. Exams without a due date never are.
 */
export function isOnboardingPastDue(dueDates: readonly (Date | null)[], now: Date): boolean {
  return dueDates.length > 0 && dueDates.every((d) => d != null && d.getTime() <= now.getTime());
}

/**
 * §20 (3.11.0): the endpoint returns no `onboarding_link` while the exam is not released yet or is
 * past due, so the panel cannot send the learner to an exam they cannot open.
 */
export function isOnboardingLinkAvailable(input: { releaseDate: Date | null; pastDue: boolean; now: Date }): boolean {
  if (input.pastDue) return false;
  return !(input.releaseDate && input.releaseDate.getTime() > input.now.getTime());
}

export type PanelColour = "red" | "blue" | "green";

export type PanelButton =
  | { kind: "not_open"; text: string; disabled: true; releaseDate: Date }
  | { kind: "past_due"; text: "Onboarding Past Due"; disabled: true }
  | { kind: "link"; text: "Complete Onboarding" | "View Onboarding Exam"; disabled: false };

export interface OnboardingPanelState {
  /** "expiring_soon" or the endpoint's status; drives the label and colour. */
  displayStatus: string | null;
  statusLabel: string;
  message: string;
  detail: string | null;
  colour: PanelColour;
  showReminder: boolean;
  reminderTitle: string | null;
  reminderCopy: string | null;
  /** Null when the status hides the button (submitted, second_review_required, verified). */
  button: PanelButton | null;
  /** Always shown: the instructions and system requirements link. */
  infoLinkText: string;
}

interface StatusText {
  label: string;
  message: string;
  detail?: string;
}

const NOT_STARTED: StatusText = { label: "Not Started", message: "You have not started your onboarding exam." };
const STARTED: StatusText = { label: "Started", message: "You have started your onboarding exam." };
const SUBMITTED: StatusText = { label: "Submitted", message: "You have submitted your onboarding exam." };

const PANEL_TEXT: Record<string, StatusText> = {
  created: NOT_STARTED,
  download_software_clicked: NOT_STARTED,
  ready_to_start: NOT_STARTED,
  started: STARTED,
  ready_to_submit: STARTED,
  submitted: SUBMITTED,
  second_review_required: SUBMITTED,
  verified: { label: "Verified", message: "You can now take proctored exams in this course." },
  rejected: { label: "Rejected", message: "Your onboarding exam has been rejected. Please retry onboarding." },
  error: {
    label: "Error",
    message: "An error has occurred during your onboarding exam. Please retry onboarding.",
  },
  other_course_approved: {
    label: "Approved in Another Course",
    message: "You are eligible to take proctored exams in this course.",
    detail:
      "If your device has changed, we recommend that you complete this course's onboarding exam in order " +
      "to ensure that your setup still meets the requirements for proctoring.",
  },
  expiring_soon: {
    label: "Expiring Soon",
    message:
      "Your onboarding profile has been approved in another course. However, your onboarding status is " +
      "expiring soon. Please complete onboarding again to ensure that you will be able to continue taking " +
      "proctored exams.",
  },
};

const GREEN = new Set(["verified", "other_course_approved"]);
const BLUE = new Set(["submitted", "second_review_required", "expiring_soon"]);
const NO_REMINDER = new Set(["verified", "other_course_approved"]);
const NO_BUTTON = new Set(["submitted", "second_review_required", "verified"]);

export interface OnboardingPanelInput {
  /** `onboarding_status` of the learner endpoint. */
  onboardingStatus: string | null;
  expirationDate: Date | null;
  /** `onboarding_release_date` (the sequence's start), or null when unknown. */
  releaseDate: Date | null;
  /** `onboarding_past_due` (§20). */
  pastDue: boolean;
  now: Date;
  /** How "Onboarding Opens <date>" prints its date; ISO calendar date by default (no locale here). */
  formatDate?: (d: Date) => string;
}

/**
 * What the learner panel shows (§7.3, 3.8.1's `proctored_exam_info.js`, plus §20's past-due state).
 * Status texts follow the displayed status (so "Expiring Soon" wins over the raw one); the reminder
 * and the button follow the raw status, as the 3.8.1 script does.
 */
export function onboardingPanelState(input: OnboardingPanelInput): OnboardingPanelState {
  const raw = input.onboardingStatus;
  const displayStatus =
    input.expirationDate && isExpiringSoon(input.expirationDate, input.now) ? "expiring_soon" : raw;
  const text: StatusText = (displayStatus && PANEL_TEXT[displayStatus]) || {
    label: displayStatus || "Not Started",
    message: "",
  };
  const colour: PanelColour = displayStatus && GREEN.has(displayStatus)
    ? "green"
    : displayStatus && BLUE.has(displayStatus)
      ? "blue"
      : "red";

  const showButton = !(raw && NO_BUTTON.has(raw));
  const showReminder = !(raw && NO_REMINDER.has(raw));
  const formatDate = input.formatDate ?? ((d: Date) => d.toISOString().slice(0, 10));

  let button: PanelButton | null = null;
  if (showButton) {
    if (input.pastDue) {
      button = { kind: "past_due", text: "Onboarding Past Due", disabled: true };
    } else if (input.releaseDate && input.releaseDate.getTime() > input.now.getTime()) {
      button = {
        kind: "not_open",
        text: `Onboarding Opens ${formatDate(input.releaseDate)}`,
        disabled: true,
        releaseDate: input.releaseDate,
      };
    } else {
      button = {
        kind: "link",
        text: raw === "other_course_approved" ? "View Onboarding Exam" : "Complete Onboarding",
        disabled: false,
      };
    }
  }

  return {
    displayStatus,
    statusLabel: text.label,
    message: text.message,
    detail: text.detail ?? null,
    colour,
    showReminder,
    reminderTitle: showReminder
      ? showButton
        ? "You must have a verified onboarding profile prior to taking any proctored exam."
        : "You have successfully submitted your onboarding profile for review."
      : null,
    reminderCopy: showReminder ? "Onboarding profile review can take 2+ business days." : null,
    button,
    infoLinkText: "Review instructions and system requirements for proctored exams",
  };
}
