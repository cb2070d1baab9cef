/**
 * The Onboarding panel's words (§13.3), pure so they are tested without a browser: status and
 * enrollment-mode labels, the filter's choices in the panel's order, and the empty-state text.
 */
import { INSTRUCTOR_ONBOARDING_STATUSES, type InstructorOnboardingStatus } from "@/lib/domain/onboarding";

/** Status labels of 3.8.1's panel; "Approved in Another Course" for a verification elsewhere. */
export const ONBOARDING_STATUS_LABELS: Record<InstructorOnboardingStatus, string> = {
  not_started: "Not Started",
  setup_started: "Setup Started",
  onboarding_started: "Onboarding Started",
  other_course_approved: "Approved in Another Course",
  submitted: "Submitted",
  verified: "Verified",
  rejected: "Rejected",
  error: "Error",
};

/** The filter's choices, in the order of 3.8.1's checkboxes (§13.3). */
export const ONBOARDING_FILTER_ORDER: readonly InstructorOnboardingStatus[] = [
  "not_started",
  "setup_started",
  "onboarding_started",
  "other_course_approved",
  "submitted",
  "verified",
  "rejected",
  "error",
];

/** A dashboard status as people read it; null (an unmapped attempt status, §3.5) as "Other". */
export function onboardingStatusLabel(status: string | null): string {
  if (status === null) return "Other (e.g. second review)";
  return Object.hasOwn(ONBOARDING_STATUS_LABELS, status) ? ONBOARDING_STATUS_LABELS[status as InstructorOnboardingStatus] : status;
}

export function isOnboardingStatus(value: string): value is InstructorOnboardingStatus {
  return (INSTRUCTOR_ONBOARDING_STATUSES as readonly string[]).includes(value);
}

const MODE_LABELS: Record<string, string> = {
  audit: "Audit",
  honor: "Honor",
  verified: "Verified",
  professional: "Professional",
  "no-id-professional": "No ID Professional",
  credit: "Credit",
  masters: "Master's",
  "executive-education": "Executive Education",
};

/** Enrollment mode labels of §13.3; an unknown mode as stored. */
export function enrollmentModeLabel(mode: string): string {
  return Object.hasOwn(MODE_LABELS, mode) ? MODE_LABELS[mode]! : mode;
}

/** §13.3's empty states: one when searching or filtering, another for a course with nobody to list. */
export function onboardingEmptyText(filtered: boolean): string {
  return filtered ? "There are no learners who fit this criteria." : "There are no learners in this course who require onboarding exams.";
}

/** Marks statuses that need the staff's attention (text and icon in the table, not colour alone). */
export function onboardingNeedsAttention(status: string | null): boolean {
  return status === "rejected" || status === "error";
}
