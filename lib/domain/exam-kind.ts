/** Exam kinds of §1.2, from the two booleans plus whether the backend supports onboarding. */
export type ExamKind = "timed" | "proctored" | "practice" | "onboarding" | "unsupported";

export function examKind(
  exam: { isProctored: boolean; isPracticeExam: boolean },
  backendSupportsOnboarding: boolean,
): ExamKind {
  if (!exam.isProctored) return exam.isPracticeExam ? "unsupported" : "timed";
  if (!exam.isPracticeExam) return "proctored";
  return backendSupportsOnboarding ? "onboarding" : "practice";
}

export const EXAM_KIND_LABELS: Record<ExamKind, string> = {
  timed: "Timed exam",
  proctored: "Proctored exam",
  practice: "Practice proctored exam",
  onboarding: "Onboarding exam",
  unsupported: "Not a special exam",
};

/** Which backend kinds have onboarding exams (§9.1; our mock supports it, docs/reference/what-we-build.md, point 8). */
export function backendKindSupportsOnboarding(kind: string | null | undefined): boolean {
  return kind === "rest" || kind === "mock";
}

/**
 * The kind of an attempt, from what it stored at creation (`taking_as_proctored`,
 * `is_sample_attempt`): a proctored exam taken timed (opted out) is a timed attempt.
 */
export function attemptKind(
  attempt: { takingAsProctored: boolean; isSampleAttempt: boolean },
  backendSupportsOnboarding: boolean,
): Exclude<ExamKind, "unsupported"> {
  if (!attempt.takingAsProctored) return "timed";
  if (!attempt.isSampleAttempt) return "proctored";
  return backendSupportsOnboarding ? "onboarding" : "practice";
}

/** The kinds an exam or attempt can be, in the order the pages list them. */
export const SPECIAL_EXAM_KINDS = ["timed", "proctored", "practice", "onboarding"] as const satisfies readonly ExamKind[];
export type SpecialExamKind = (typeof SPECIAL_EXAM_KINDS)[number];

/** Short labels of the kinds (a table's Type column, §13.2). */
export const SPECIAL_EXAM_KIND_SHORT_LABELS: Record<SpecialExamKind, string> = {
  timed: "Timed",
  proctored: "Proctored",
  practice: "Practice",
  onboarding: "Onboarding",
};

/** The Type column of an attempt: "Timed", "Proctored", "Practice" or "Onboarding". */
export function attemptKindLabel(attempt: { takingAsProctored: boolean; isSampleAttempt: boolean }, backendSupportsOnboarding: boolean): string {
  return SPECIAL_EXAM_KIND_SHORT_LABELS[attemptKind(attempt, backendSupportsOnboarding)];
}

/** "a timed exam" / "a proctored exam" / "an onboarding exam" / "a practice exam": 3.8.1's `exam_type` of an attempt (§8.4). */
export function attemptTypeLabel(attempt: { takingAsProctored: boolean; isSampleAttempt: boolean }, backendSupportsOnboarding: boolean): string {
  return EXAM_TYPE_PHRASES[attemptKind(attempt, backendSupportsOnboarding)];
}

const EXAM_TYPE_PHRASES: Record<Exclude<ExamKind, "unsupported">, string> = {
  timed: "a timed exam",
  proctored: "a proctored exam",
  onboarding: "an onboarding exam",
  practice: "a practice exam",
};
