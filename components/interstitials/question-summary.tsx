"use client";

import { useActionState } from "react";
import { rememberJump } from "@/components/exam-body/jump-to-question";
import { INITIAL_EXAM_ACTION_STATE, type ExamFormAction } from "@/lib/actions/exam-types";

export interface SummaryQuestion {
  id: number;
  /** 1-based position in the set. */
  number: number;
  answered: boolean;
}

export interface QuestionSummaryProps {
  questions: SummaryQuestion[];
  action: ExamFormAction;
  examId: number;
  attemptId: number;
  /** The exam can still be changed: each question links back to it ("continue" then a jump). */
  canGoBack: boolean;
  disabled?: boolean;
  text: {
    /** "Question {number}" already formatted per question, by question id. */
    question: Record<number, string>;
    answered: string;
    notAnswered: string;
    /** "Go to question N" for each question id (the link's accessible name). */
    goTo: Record<number, string>;
  };
}

/**
 * The answered / unanswered list of the submit confirmation. With `canGoBack`, every question is a
 * button that returns to the running exam (the `continue` intent, the same verb as "No, I want to
 * continue working") and then lands on that question (jump-to-question.ts).
 */
export function QuestionSummary({ questions, action, examId, attemptId, canGoBack, disabled = false, text }: QuestionSummaryProps) {
  const [state, formAction, isPending] = useActionState(action, INITIAL_EXAM_ACTION_STATE);
  return (
    <div className="space-y-2">
      <ol className="grid gap-1.5 sm:grid-cols-2" data-testid="answer-summary">
        {questions.map((q) => {
          const status = (
            <span className={q.answered ? "text-green-800" : "font-semibold text-amber-900"}>
              {q.answered ? text.answered : text.notAnswered}
            </span>
          );
          return (
            <li key={q.id} data-answered={q.answered} className="flex items-center gap-2">
              <span aria-hidden="true" className={q.answered ? "text-green-800" : "text-amber-900"}>
                {q.answered ? "✓" : "○"}
              </span>
              {canGoBack ? (
                <form action={formAction} onSubmit={() => rememberJump(attemptId, q.id)}>
                  <input type="hidden" name="intent" value="continue" />
                  <input type="hidden" name="examId" value={String(examId)} />
                  <input type="hidden" name="attemptId" value={String(attemptId)} />
                  <button
                    type="submit"
                    aria-label={`${text.goTo[q.id]}: ${q.answered ? text.answered : text.notAnswered}`}
                    disabled={disabled || isPending}
                    className="min-h-6 font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 disabled:cursor-not-allowed disabled:text-slate-700"
                  >
                    {text.question[q.id]}
                  </button>
                </form>
              ) : (
                <span className="font-medium text-slate-900">{text.question[q.id]}</span>
              )}
              <span aria-hidden={canGoBack ? true : undefined}>— {status}</span>
            </li>
          );
        })}
      </ol>
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-700 bg-red-50 px-3 py-2 text-red-900">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
