import { useTranslations } from "next-intl";
import { ContentFrame } from "@/components/exam-body/content-frame";
import { QuestionSet } from "@/components/exam-body/question-set";
import type { StudentView } from "@/lib/domain/student-view";
import type { AnswerValue, LearnerQuestion } from "@/lib/domain/answers";

export interface ExamBodySectionProps {
  view: StudentView;
  attemptId: number | null;
  examName: string;
  contentUrl: string | null;
  questions: LearnerQuestion[];
  savedAnswers: Record<number, { answer: AnswerValue; revision: number }>;
}

/**
 * The exam material under the interstitial: editable while the attempt runs; read-only where the
 * dispatcher shows content (a result after the due date, a declined or ended course) and in a
 * staff preview; hidden on every other interstitial, as 3.8.1 hides the exam behind them.
 */
export function ExamBodySection({ view, attemptId, examName, contentUrl, questions, savedAnswers }: ExamBodySectionProps) {
  const t = useTranslations();
  const mode = bodyMode(view);
  if (mode === "hidden") return null;
  const readOnly = mode === "read_only";
  if (questions.length > 0) {
    return (
      <QuestionSet
        attemptId={attemptId ?? 0}
        questions={questions}
        initialAnswers={attemptId ? savedAnswers : {}}
        readOnly={readOnly || attemptId === null}
      />
    );
  }
  if (contentUrl) return <ContentFrame url={contentUrl} examName={examName} />;
  // A running exam without questions or content never shows an empty page: it says what to do.
  if (!readOnly) {
    return (
      <p className="rounded-lg border border-slate-300 bg-white p-5 text-slate-800" data-testid="exam-no-content">
        {t("exam_body.no_content")}
      </p>
    );
  }
  return null;
}

function bodyMode(view: StudentView): "editable" | "read_only" | "hidden" {
  switch (view.kind) {
    case "in_progress":
      return "editable";
    // Nothing is open to hand answers in to on a content page: it shows what was saved.
    case "content":
    case "staff_preview":
      return "read_only";
    default:
      return "hidden";
  }
}
