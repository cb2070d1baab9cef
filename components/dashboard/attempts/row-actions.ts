import { isInProgress } from "@/lib/domain/statuses";

/**
 * The Attempts panel's rules, pure so they are tested without a browser: status labels (§13.2),
 * the attempt type, and which actions a row offers (§6.6 point 10).
 */

/** Status labels of the edx-proctoring panel (§13.2), plus the statuses it printed raw. */
const STATUS_LABELS: Record<string, string> = {
  eligible: "Eligible",
  created: "Created",
  download_software_clicked: "Download Software Clicked",
  ready_to_start: "Ready to start",
  started: "Started",
  ready_to_submit: "Ready to submit",
  declined: "Declined",
  timed_out: "Timed out",
  submitted: "Submitted",
  second_review_required: "Second Review Required",
  verified: "Verified",
  rejected: "Rejected",
  error: "Error",
  expired: "Expired",
  ready_to_resume: "Ready to resume",
  resumed: "Resumed",
  onboarding_reset: "Onboarding Reset",
  onboarding_missing: "Onboarding Missing",
  onboarding_pending: "Onboarding Pending",
  onboarding_failed: "Onboarding Failed",
  onboarding_expired: "Onboarding Expired",
};

/** A status as people read it; an unknown one as is, a missing one "N/A" (§13.2). */
export function statusLabel(status: string | null | undefined): string {
  if (!status) return "N/A";
  return Object.hasOwn(STATUS_LABELS, status) ? STATUS_LABELS[status]! : status;
}

/** "Timed" when not taken as proctored, else "Practice" or "Proctored" (§13.2 Type column). */
export function attemptTypeLabel(attempt: { takingAsProctored: boolean; isSampleAttempt: boolean }): string {
  if (!attempt.takingAsProctored) return "Timed";
  return attempt.isSampleAttempt ? "Practice" : "Proctored";
}

export type AttemptRowAction = "resume" | "reset";

/** What a row needs for the rule: its newest attempt's status and whether the exam is a practice exam. */
export interface AttemptRowFacts {
  latest: { status: string | null } | null;
  exam: { isPracticeExam: boolean };
}

/**
 * The actions of a row (§6.6 point 10): Resume only when the newest attempt is exactly `error` and
 * the exam is not a practice exam (so onboarding and practice exams never offer it); Reset
 * whenever the row has a status; nothing otherwise.
 */
export function attemptRowActions(row: AttemptRowFacts): AttemptRowAction[] {
  const status = row.latest?.status ?? null;
  if (!status) return [];
  if (status === "error" && !row.exam.isPracticeExam) return ["resume", "reset"];
  return ["reset"];
}

/**
 * A reset of this row ends an attempt that is running now (the learner has the exam open, its
 * clock ticking): the confirmation must say so before anything is removed.
 */
export function resetEndsRunningAttempt(row: AttemptRowFacts): boolean {
  return isInProgress(row.latest?.status);
}

/** The row needs a look: its newest attempt is in error. Marked by text and an icon, not colour alone. */
export function needsAttention(row: AttemptRowFacts): boolean {
  return row.latest?.status === "error";
}

/**
 * What a reset will remove, for the confirmation dialog: how many attempts, and how many of each
 * status, in the order first seen (newest first), e.g. "3 attempts: 1 Error, 2 Submitted".
 */
export function resetLossSummary(statuses: readonly string[]): { count: number; byStatus: { label: string; count: number }[]; text: string } {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(statusLabel(s), (counts.get(statusLabel(s)) ?? 0) + 1);
  const byStatus = [...counts].map(([label, count]) => ({ label, count }));
  const count = statuses.length;
  const noun = count === 1 ? "attempt" : "attempts";
  const text = `${count} ${noun}: ${byStatus.map((b) => `${b.count} ${b.label}`).join(", ")}`;
  return { count, byStatus, text };
}
