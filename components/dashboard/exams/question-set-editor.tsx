"use client";

import { useId, useState } from "react";
import {
  get,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldErrors,
  type Path,
  type UseFormRegister,
  type UseFormSetValue,
} from "react-hook-form";
import { MAX_CHOICES, MAX_QUESTIONS } from "@/lib/domain/exam-limits";
import { Field, FieldError, FormMessage, inputClass, primaryButtonClass, secondaryButtonClass } from "./field";
import type { QuestionSetFormInput } from "./schemas";
import type { EditorQuestion } from "@/lib/domain/dashboard-views";
import type { ExamActionResult } from "./types";

/** The form holds exactly what the service's schema takes (points may be left to its default). */
type QuestionSetValues = QuestionSetFormInput;

export interface QuestionSetEditorProps {
  initial: EditorQuestion[];
  /** Learners have answered the set: it is shown, not edited. */
  locked: boolean;
  /** The server action, bound to the course and exam by the page. */
  save: (values: unknown) => Promise<ExamActionResult>;
}

const newQuestion = (kind: EditorQuestion["kind"]): EditorQuestion =>
  kind === "multiple_choice" ? { kind, prompt: "", choices: ["", ""], correct_choice: 0, points: 1 } : { kind, prompt: "", points: 1 };

/** Parses `points` as a number; the schema says what is wrong with anything else. */
const asNumber = (v: unknown) => (v === "" || v === null || v === undefined ? Number.NaN : Number(v));

/**
 * The exam's built-in question set: add, remove and reorder multiple-choice and
 * short-answer questions, their choices, the correct choice and points, then save the whole set
 * (PUT …/questions semantics). Once learners have answered, the service refuses (409) and the
 * editor says so and turns read-only.
 */
export function QuestionSetEditor({ initial, locked: initiallyLocked, save }: QuestionSetEditorProps) {
  const uid = useId();
  const [locked, setLocked] = useState(initiallyLocked);
  const [outcome, setOutcome] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const form = useForm<QuestionSetValues>({
    // Validated with the service's schema as typed (raw): the server parses the same values again.
    // The schema (zod) and the resolver load on the first validation, not with the page.
    resolver: async (values, context, options) => {
      const [{ zodResolver }, { QuestionSetForm }] = await Promise.all([import("@hookform/resolvers/zod"), import("./schemas")]);
      return zodResolver(QuestionSetForm, undefined, { raw: true })(values, context, options);
    },
    defaultValues: { questions: initial },
  });
  const { control, register, setValue, handleSubmit, setError, formState, reset } = form;
  const { errors, isSubmitting, isDirty } = formState;
  const { fields, append, remove, move, update } = useFieldArray({ control, name: "questions" });

  // By id, not a ref: the submit handler is made during render.
  const focusAlert = () => requestAnimationFrame(() => document.getElementById(`${uid}-outcome`)?.focus());

  const onSubmit = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await save(values);
    if (result.ok) {
      setOutcome({ kind: "success", text: result.message });
      reset(values);
      return;
    }
    if (result.status === 409) {
      setLocked(true);
      setOutcome({ kind: "error", text: `${result.detail} Your changes were not saved.` });
      focusAlert();
      return;
    }
    let focused = false;
    for (const [field, message] of Object.entries(result.fieldErrors)) {
      if (!field.startsWith("questions")) continue;
      setError(field as Path<QuestionSetValues>, { type: "server", message }, { shouldFocus: !focused });
      focused = true;
    }
    setOutcome({ kind: "error", text: result.detail });
    if (!focused) focusAlert();
  });

  const moveQuestion = (from: number, to: number) => {
    move(from, to);
    setAnnouncement(`Question ${from + 1} moved to position ${to + 1}.`);
    // Keep focus on the same button of the moved question.
    const which = to < from ? "up" : "down";
    requestAnimationFrame(() => document.getElementById(`${uid}-q${to}-${which}`)?.focus() ?? document.getElementById(`${uid}-q${to}-prompt`)?.focus());
  };

  const removeQuestion = (index: number) => {
    remove(index);
    setAnnouncement(`Question ${index + 1} removed.`);
    requestAnimationFrame(() => document.getElementById(`${uid}-add`)?.focus());
  };

  const arrayError = (errors.questions as { message?: string; root?: { message?: string } } | undefined)?.root?.message ?? errors.questions?.message;

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${uid}-title`} className="space-y-4">
      <h2 id={`${uid}-title`} className="text-lg font-medium text-slate-900">
        Question set
      </h2>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {locked ? (
        <FormMessage kind="error">
          Learners have already answered this question set, so it can no longer be changed: replacing it would delete their answers. To ask different
          questions, create a new exam.
        </FormMessage>
      ) : (
        <p className="text-sm text-slate-700">
          Multiple-choice questions are scored when the learner submits; short answers are kept for you to read. The set can be changed until the first
          learner answers it. Changes are saved together with “Save question set”.
        </p>
      )}
      {outcome ? (
        <FormMessage id={`${uid}-outcome`} kind={outcome.kind}>
          {outcome.text}
        </FormMessage>
      ) : null}

      <fieldset disabled={locked || isSubmitting} className="space-y-4">
        <legend className="sr-only">Questions</legend>
        {fields.length === 0 ? <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">No questions yet.</p> : null}
        <ol className="space-y-4">
          {fields.map((field, index) => (
            <li key={field.id}>
              <QuestionFields
                uid={uid}
                index={index}
                count={fields.length}
                control={control}
                register={register}
                setValue={setValue}
                errors={errors}
                onMove={moveQuestion}
                onRemove={removeQuestion}
                onKindChange={(kind) => {
                  const current = form.getValues(`questions.${index}`);
                  update(index, { ...newQuestion(kind), prompt: current.prompt, points: current.points });
                }}
              />
            </li>
          ))}
        </ol>
        <FieldError id={`${uid}-questions-error`} message={arrayError} />
        <div className="flex flex-wrap gap-2">
          <button
            id={`${uid}-add`}
            type="button"
            disabled={fields.length >= MAX_QUESTIONS}
            onClick={() => {
              append(newQuestion("multiple_choice"), { shouldFocus: false });
              setAnnouncement(`Question ${fields.length + 1} added.`);
              requestAnimationFrame(() => document.getElementById(`${uid}-q${fields.length}-prompt`)?.focus());
            }}
            className={secondaryButtonClass}
          >
            Add a question
          </button>
        </div>
      </fieldset>

      {!locked ? (
        <button type="submit" disabled={isSubmitting} className={primaryButtonClass}>
          {isSubmitting ? "Saving…" : isDirty ? "Save question set" : "Save question set (no changes)"}
        </button>
      ) : null}
    </form>
  );
}

function QuestionFields({
  uid,
  index,
  count,
  control,
  register,
  setValue,
  errors,
  onMove,
  onRemove,
  onKindChange,
}: {
  uid: string;
  index: number;
  count: number;
  control: Control<QuestionSetValues>;
  register: UseFormRegister<QuestionSetValues>;
  setValue: UseFormSetValue<QuestionSetValues>;
  errors: FieldErrors<QuestionSetValues>;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
  onKindChange: (kind: EditorQuestion["kind"]) => void;
}) {
  const base = `questions.${index}` as const;
  const question = useWatch({ control, name: base });
  const id = (name: string) => `${uid}-q${index}-${name}`;
  const error = (path: string): string | undefined => (get(errors, `${base}.${path}`) as { message?: string } | undefined)?.message;
  const number = index + 1;

  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <legend className="px-1 text-sm font-semibold text-slate-900">Question {number}</legend>
      <div className="grid gap-3 md:grid-cols-[1fr_12rem_8rem]">
        <Field id={id("prompt")} label="Question" error={error("prompt")}>
          {(aria) => <textarea {...aria} rows={2} className={inputClass} {...register(`${base}.prompt`)} />}
        </Field>
        <Field id={id("kind")} label="Kind" error={error("kind")}>
          {(aria) => (
            <select {...aria} className={inputClass} value={question?.kind ?? "multiple_choice"} onChange={(e) => onKindChange(e.target.value as EditorQuestion["kind"])}>
              <option value="multiple_choice">Multiple choice</option>
              <option value="short_answer">Short answer</option>
            </select>
          )}
        </Field>
        <Field id={id("points")} label="Points" error={error("points")}>
          {(aria) => <input {...aria} type="number" min={0} step={1} inputMode="numeric" className={inputClass} {...register(`${base}.points`, { setValueAs: asNumber })} />}
        </Field>
      </div>

      {question?.kind === "multiple_choice" ? (
        <ChoicesFields uid={uid} index={index} choices={question.choices} correct={question.correct_choice} register={register} setValue={setValue} error={error} />
      ) : null}

      <div className="flex flex-wrap gap-2">
        <button id={id("up")} type="button" disabled={index === 0} onClick={() => onMove(index, index - 1)} className={secondaryButtonClass} aria-label={`Move up: question ${number}`}>
          Move up
        </button>
        <button
          id={id("down")}
          type="button"
          disabled={index === count - 1}
          onClick={() => onMove(index, index + 1)}
          className={secondaryButtonClass}
          aria-label={`Move down: question ${number}`}
        >
          Move down
        </button>
        <button type="button" onClick={() => onRemove(index)} className={`${secondaryButtonClass} text-red-800`} aria-label={`Remove: question ${number}`}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}

function ChoicesFields({
  uid,
  index,
  choices,
  correct,
  register,
  setValue,
  error,
}: {
  uid: string;
  index: number;
  choices: string[];
  correct: number;
  register: UseFormRegister<QuestionSetValues>;
  setValue: UseFormSetValue<QuestionSetValues>;
  error: (path: string) => string | undefined;
}) {
  const base = `questions.${index}` as const;
  const list = choices ?? [];
  const set = (next: string[], nextCorrect: number) => {
    setValue(`${base}.choices`, next, { shouldDirty: true });
    setValue(`${base}.correct_choice`, nextCorrect, { shouldDirty: true });
  };
  const removeChoice = (j: number) => {
    const next = list.filter((_, k) => k !== j);
    // The correct answer stays the same choice; removing it makes the first one correct.
    set(next, j < correct ? correct - 1 : j === correct ? 0 : correct);
    requestAnimationFrame(() => document.getElementById(`${uid}-q${index}-choice${Math.max(0, j - 1)}`)?.focus());
  };
  const listError = error("choices");
  return (
    <fieldset className="space-y-2" aria-describedby={listError ? `${uid}-q${index}-choices-error` : undefined}>
      <legend className="text-sm font-medium text-slate-900">Choices (select the correct one)</legend>
      <ul className="space-y-2">
        {list.map((_, j) => {
          const choiceId = `${uid}-q${index}-choice${j}`;
          const choiceError = error(`choices.${j}`);
          return (
            <li key={j} className="flex flex-wrap items-start gap-2">
              <input
                type="radio"
                name={`${uid}-q${index}-correct`}
                checked={correct === j}
                onChange={() => setValue(`${base}.correct_choice`, j, { shouldDirty: true })}
                aria-label={`Choice ${j + 1} is the correct answer`}
                className="mt-2.5 h-4 w-4 accent-blue-700"
              />
              <div className="min-w-48 flex-1">
                <label htmlFor={choiceId} className="sr-only">
                  Choice {j + 1}
                </label>
                <input
                  id={choiceId}
                  type="text"
                  autoComplete="off"
                  placeholder={`Choice ${j + 1}`}
                  aria-invalid={Boolean(choiceError)}
                  aria-describedby={choiceError ? `${choiceId}-error` : undefined}
                  className={inputClass}
                  {...register(`${base}.choices.${j}` as Path<QuestionSetValues>)}
                />
                <FieldError id={`${choiceId}-error`} message={choiceError} />
              </div>
              <button type="button" disabled={list.length <= 2} onClick={() => removeChoice(j)} className={secondaryButtonClass} aria-label={`Remove choice ${j + 1}`}>
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <FieldError id={`${uid}-q${index}-choices-error`} message={listError ?? error("correct_choice")} />
      <button
        type="button"
        disabled={list.length >= MAX_CHOICES}
        onClick={() => {
          set([...list, ""], correct);
          requestAnimationFrame(() => document.getElementById(`${uid}-q${index}-choice${list.length}`)?.focus());
        }}
        className={secondaryButtonClass}
      >
        Add a choice
      </button>
    </fieldset>
  );
}
