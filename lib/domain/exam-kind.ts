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

/** Which backend kinds have onboarding exams (§9.1; our mock supports it, spec README point 8). */
export function backendKindSupportsOnboarding(kind: string | null | undefined): boolean {
  return kind === "rest" || kind === "mock";
}
