/**
 * The Reviews panel's words, pure so they are tested without a browser: the vendor's verdicts,
 * times into a recording, what a decision will do, and what happened after it.
 */
import type { StaffReviewDecisionName } from "@/lib/domain/reviews";

const REVIEW_STATUS_LABELS: Record<string, string> = {
  Clean: "Clean (passed)",
  "Rules Violation": "Rules violation",
  Suspicious: "Suspicious",
  "Not Reviewed": "Not reviewed (could not be reviewed)",
};

/** The vendor's verdict (stored vocabulary, §3.3) as people read it; unknown values as sent. */
export function reviewStatusLabel(status: string): string {
  return Object.hasOwn(REVIEW_STATUS_LABELS, status) ? REVIEW_STATUS_LABELS[status]! : status;
}

/** Seconds into a recording as m:ss or h:mm:ss. */
export function formatOffset(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

/** The attempt's queue status as people read it. */
export function queueStatusLabel(status: string): string {
  if (status === "second_review_required") return "Second review required";
  if (status === "error") return "Error";
  return status;
}

export interface DecisionSubject {
  username: string;
  examName: string;
  /** Proctored and not a practice/onboarding attempt: the learner gets an e-mail (§11.1). */
  emailsLearner: boolean;
}

/** What a decision will do, for the confirmation (§4.3-6, §4.4, §11.1). */
export function decisionConsequences(decision: StaffReviewDecisionName, subject: DecisionSubject): string[] {
  const email = subject.emailsLearner
    ? `${subject.username} gets an e-mail with the result (“Proctoring Results”).`
    : "No e-mail is sent: this is a practice or onboarding attempt.";
  if (decision === "verify") {
    return [
      `${subject.username}'s attempt at ${subject.examName} becomes Verified (passed proctoring).`,
      "The exam's proctoring requirement counts as met once every attempt of it is verified; a grade set to 0 by an earlier rejection is restored.",
      email,
    ];
  }
  return [
    `${subject.username}'s attempt at ${subject.examName} becomes Rejected (failed proctoring).`,
    "The exam's proctoring requirement fails. If the course zeroes the grade of rejected exams, this exam's grade is set to 0 and the certificate is invalidated.",
    email,
  ];
}

/** The notice after a decision. */
export function decisionDoneText(decision: StaffReviewDecisionName, subject: DecisionSubject, changed: boolean): string {
  const outcome = decision === "verify" ? "verified" : "rejected";
  if (!changed) return `${subject.username}'s attempt at ${subject.examName} was already ${outcome}; nothing changed.`;
  return `${subject.username}'s attempt at ${subject.examName} was ${outcome}.${subject.emailsLearner ? " The learner will get an e-mail." : ""}`;
}

/**
 * An attempt in error can be resumed instead of decided (§6.6 point 10, as in the Attempts
 * panel): only at a proctored or timed exam, never a practice or onboarding one.
 */
export function reviewOffersResume(row: { status: string; exam: { kind: string } }): boolean {
  return row.status === "error" && (row.exam.kind === "proctored" || row.exam.kind === "timed");
}
