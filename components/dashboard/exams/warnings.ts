/**
 * Why an exam in the course's list needs attention, as sentences that say what to do (the list
 * shows them as text beside the warning mark, not as an icon alone). Pure, so it is tested
 * without a browser.
 */
import type { ExamKind } from "@/lib/domain/exam-kind";

export interface ExamWarningFacts {
  kind: ExamKind;
  isActive: boolean;
  questionCount: number;
  contentUrl: string | null;
}

export function examWarnings(exam: ExamWarningFacts): string[] {
  const out: string[] = [];
  if (exam.isActive && exam.questionCount === 0 && !exam.contentUrl) {
    out.push("Learners can start it, but it has no questions and no external page: add questions or a content page, or make it inactive.");
  }
  if (exam.kind === "unsupported") {
    out.push("Marked as a practice exam but not proctored, which is not a special exam: choose a kind in its settings.");
  }
  return out;
}
