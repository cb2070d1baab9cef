"use client";

import { useEffect, useId, useState, useSyncExternalStore } from "react";
import { useClientTranslate } from "@/components/i18n/client-translate";
import type { Translate } from "@/lib/i18n/format";
import {
  MAX_SHORT_ANSWER_CHARS,
  type AnswerValue,
  type FailureReason,
  type OverallSyncState,
  type QuestionSyncState,
  type SavedAnswer,
} from "./answer-queue";
import { AnswerSync, type SyncSnapshot } from "./answer-sync";
import { questionAnchorId, takeJump } from "./jump-to-question";

/** A question as the learner's page gets it: never with the right answer (loadQuestionSet). */
export interface ExamBodyQuestion {
  id: number;
  kind: "multiple_choice" | "short_answer";
  prompt: string;
  choices: string[];
  points: number;
}

export interface QuestionSetProps {
  attemptId: number;
  questions: readonly ExamBodyQuestion[];
  /** The server's answers by question id (answersByQuestion of lib/services/answers/save.ts). */
  initialAnswers: Readonly<Record<number, SavedAnswer>>;
  /**
   * Show the answers without letting them change. Autosave starts only if the set was editable
   * when it mounted; a set that turns read-only later (time is up) keeps sending what is pending.
   */
  readOnly: boolean;
}

/** The counter appears when this few characters are left. */
const COUNTER_FROM = 1_000;

/** The `exam_body` namespace comes from the page's ClientMessages. */
type T = Translate;

/**
 * The built-in question set: radio groups for multiple choice, a textarea for
 * short answers, each answer autosaved about 800 ms after the learner stops typing, with its save
 * state beside it and for the whole set. Remount it (key={attemptId}) for another attempt.
 */
export function QuestionSet({ attemptId, questions, initialAnswers, readOnly }: QuestionSetProps) {
  const t = useClientTranslate();
  const [sync] = useState(() => new AnswerSync({ attemptId, initialAnswers }));
  const [editableAtMount] = useState(!readOnly);
  useEffect(() => (editableAtMount ? sync.start() : undefined), [sync, editableAtMount]);
  // Back from the submit confirmation's "Question N" link: land on that question.
  useEffect(() => {
    if (!editableAtMount) return;
    const target = takeJump(attemptId);
    if (target === null) return;
    const item = document.getElementById(questionAnchorId(target));
    item?.scrollIntoView({ block: "start" });
    item?.focus({ preventScroll: true });
  }, [attemptId, editableAtMount]);
  const snapshot = useSyncExternalStore(sync.subscribe, sync.getSnapshot, sync.getSnapshot);

  // Screen readers hear about problems and the recovery from them, not every "Saving…".
  const [spoken, setSpoken] = useState({ overall: snapshot.overall, problem: false, text: "" });
  if (spoken.overall !== snapshot.overall) {
    const now = snapshot.overall;
    if (now === "failed") setSpoken({ overall: now, problem: true, text: t("exam_body.announce.failed") });
    else if (now === "retrying" && !spoken.problem) setSpoken({ overall: now, problem: true, text: t("exam_body.announce.problem") });
    else if (now === "saved" && spoken.problem) setSpoken({ overall: now, problem: false, text: t("exam_body.announce.recovered") });
    else setSpoken({ ...spoken, overall: now });
  }

  const headingId = useId();
  const total = questions.length;

  return (
    <section aria-labelledby={headingId} className="grid gap-6" data-testid="question-set">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={headingId} className="text-xl font-semibold text-slate-900">
          {t("exam_body.questions.label")}
        </h2>
        {readOnly ? null : <OverallStatus snapshot={snapshot} t={t} />}
      </div>
      <div className="sr-only" aria-live="polite" aria-atomic="true">
        {spoken.text}
      </div>
      {readOnly ? <p className="text-slate-700">{t("exam_body.questions.read_only")}</p> : null}
      {total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">{t("exam_body.questions.empty")}</p>
      ) : (
        <ol className="grid gap-6">
          {questions.map((question, index) => {
            const q = snapshot.questions[question.id];
            const props: ItemProps = {
              attemptId,
              question,
              number: index + 1,
              total,
              answer: q?.answer ?? null,
              state: q?.state ?? "idle",
              reason: q?.reason ?? null,
              readOnly,
              onAnswer: (answer) => sync.edit(question.id, answer),
              t,
            };
            return (
              <li
                key={question.id}
                id={questionAnchorId(question.id)}
                tabIndex={-1}
                className="scroll-mt-24 rounded-lg border border-slate-200 bg-white p-5 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-700"
              >
                {question.kind === "multiple_choice" ? <MultipleChoice {...props} /> : <ShortAnswer {...props} />}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

interface ItemProps {
  attemptId: number;
  question: ExamBodyQuestion;
  number: number;
  total: number;
  answer: AnswerValue | null;
  state: QuestionSyncState;
  reason: FailureReason | null;
  readOnly: boolean;
  onAnswer: (answer: AnswerValue) => void;
  t: T;
}

function QuestionMeta({ number, total, points, t, id }: { number: number; total: number; points: number; t: T; id?: string }) {
  return (
    <span id={id} className="block text-sm font-medium text-slate-700">
      {t("exam_body.question.heading", { number, total })}
      <span aria-hidden="true"> · </span>
      <span className="sr-only">, </span>
      {t("exam_body.question.points", { count: points })}
    </span>
  );
}

function MultipleChoice({ attemptId, question, number, total, answer, state, reason, readOnly, onAnswer, t }: ItemProps) {
  const statusId = useId();
  const chosen = answer && "choice" in answer ? answer.choice : null;
  return (
    <fieldset disabled={readOnly} aria-describedby={readOnly ? undefined : statusId} className="grid gap-3">
      <legend className="mb-3 grid gap-1">
        <QuestionMeta number={number} total={total} points={question.points} t={t} />
        <span className="block whitespace-pre-wrap text-base font-medium text-slate-900">{question.prompt}</span>
      </legend>
      <div className="grid gap-2">
        {question.choices.map((choice, index) => (
          <label
            key={index}
            className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-300 p-3 text-slate-900 hover:bg-slate-50 has-[:checked]:border-blue-700 has-[:checked]:bg-blue-50 has-[:disabled]:cursor-default has-[:disabled]:hover:bg-transparent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-700"
          >
            <input
              type="radio"
              name={`attempt-${attemptId}-question-${question.id}`}
              value={index}
              checked={chosen === index}
              onChange={() => onAnswer({ choice: index })}
              className="mt-1 h-4 w-4 shrink-0 accent-blue-700 focus-visible:outline-none"
            />
            <span className="whitespace-pre-wrap">{choice}</span>
          </label>
        ))}
      </div>
      {readOnly ? (
        chosen === null ? <p className="text-sm italic text-slate-700">{t("exam_body.question.not_answered")}</p> : null
      ) : (
        <QuestionStatus id={statusId} state={state} reason={reason} t={t} />
      )}
    </fieldset>
  );
}

function ShortAnswer({ question, number, total, answer, state, reason, readOnly, onAnswer, t }: ItemProps) {
  const metaId = useId();
  const promptId = useId();
  const labelId = useId();
  const fieldId = useId();
  const statusId = useId();
  const counterId = useId();
  const text = answer && "text" in answer ? answer.text : "";
  const left = MAX_SHORT_ANSWER_CHARS - text.length;
  const showCounter = !readOnly && left <= COUNTER_FROM;
  const describedBy = [promptId, readOnly ? null : statusId, showCounter ? counterId : null].filter(Boolean).join(" ");
  return (
    <div role="group" aria-labelledby={metaId} className="grid gap-3">
      <div className="grid gap-1">
        <QuestionMeta id={metaId} number={number} total={total} points={question.points} t={t} />
        <p id={promptId} className="whitespace-pre-wrap text-base font-medium text-slate-900">
          {question.prompt}
        </p>
      </div>
      <label id={labelId} htmlFor={fieldId} className="text-sm font-medium text-slate-800">
        {t("exam_body.question.answer_label")}
      </label>
      <textarea
        id={fieldId}
        aria-labelledby={`${metaId} ${labelId}`}
        aria-describedby={describedBy}
        value={text}
        onChange={(event) => onAnswer({ text: event.target.value })}
        readOnly={readOnly}
        aria-readonly={readOnly || undefined}
        maxLength={MAX_SHORT_ANSWER_CHARS}
        rows={6}
        spellCheck
        className="w-full rounded-md border border-slate-400 bg-white p-3 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 read-only:bg-slate-50"
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        {readOnly ? (
          text === "" ? <p className="text-sm italic text-slate-700">{t("exam_body.question.not_answered")}</p> : null
        ) : (
          <QuestionStatus id={statusId} state={state} reason={reason} t={t} />
        )}
        {showCounter ? (
          <p id={counterId} className="text-sm text-slate-700">
            {t("exam_body.question.characters_left", { count: left })}
          </p>
        ) : null}
      </div>
    </div>
  );
}

const STATE_STYLES: Record<QuestionSyncState, string> = {
  idle: "text-slate-700",
  pending: "text-slate-700",
  saving: "text-slate-700",
  saved: "text-green-800",
  retrying: "text-amber-900",
  failed: "text-red-800",
};

function questionStatusText(state: QuestionSyncState, reason: FailureReason | null, t: T): string {
  switch (state) {
    case "idle":
      return "";
    case "pending":
    case "saving":
      return t("exam_body.status.saving");
    case "saved":
      return t("exam_body.status.saved");
    case "retrying":
      return t("exam_body.status.retrying");
    case "failed":
      return reason === "closed" ? t("exam_body.status.failed_closed") : t("exam_body.status.failed");
  }
}

/** Not a live region: it changes with every pause in typing. The section's live region speaks. */
function QuestionStatus({ id, state, reason, t }: { id: string; state: QuestionSyncState; reason: FailureReason | null; t: T }) {
  const text = questionStatusText(state, reason, t);
  return (
    <p id={id} className={`flex min-h-5 items-center gap-1.5 text-sm ${STATE_STYLES[state]}`} data-state={state}>
      {text ? <StatusIcon state={state === "pending" ? "saving" : state} /> : null}
      {text}
    </p>
  );
}

const OVERALL_STYLES: Record<OverallSyncState, string> = {
  saved: "border-green-700 bg-green-50 text-green-900",
  saving: "border-slate-400 bg-white text-slate-800",
  retrying: "border-amber-700 bg-amber-50 text-amber-950",
  failed: "border-red-700 bg-red-50 text-red-950",
};

function OverallStatus({ snapshot, t }: { snapshot: SyncSnapshot; t: T }) {
  const { overall, online } = snapshot;
  let text: string;
  if (!online && overall !== "saved" && overall !== "failed") text = t("exam_body.overall.offline");
  else text = t(`exam_body.overall.${overall}`);
  return (
    <p className={`flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm font-medium ${OVERALL_STYLES[overall]}`} data-state={overall}>
      <StatusIcon state={overall} />
      {text}
    </p>
  );
}

function StatusIcon({ state }: { state: QuestionSyncState | OverallSyncState }) {
  const common = {
    "aria-hidden": true,
    focusable: false,
    width: 16,
    height: 16,
    viewBox: "0 0 24 24",
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 2,
    strokeLinecap: "round",
    strokeLinejoin: "round",
  } as const;
  if (state === "saved") {
    return (
      <svg {...common}>
        <path d="M20 6 9 17l-5-5" />
      </svg>
    );
  }
  if (state === "retrying") {
    return (
      <svg {...common}>
        <path d="M21 12a9 9 0 1 1-3-6.7L21 8" />
        <path d="M21 3v5h-5" />
      </svg>
    );
  }
  if (state === "failed") {
    return (
      <svg {...common}>
        <circle cx="12" cy="12" r="9" />
        <path d="M12 8v4M12 16h.01" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </svg>
  );
}
