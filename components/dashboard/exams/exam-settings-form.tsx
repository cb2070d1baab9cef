"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore } from "react";
import { Controller, useForm, useWatch, type Path, type Resolver } from "react-hook-form";
import { EXAM_KIND_LABELS } from "@/lib/domain/exam-kind";
import type { BackendChoice, ExamSettingsSummary } from "@/lib/domain/dashboard-views";
import { MAX_REVIEW_POLICY_CHARS, MIN_TIME_LIMIT_MINS } from "@/lib/domain/exam-limits";
import { Field, FieldError, FormMessage, inputClass, primaryButtonClass } from "./field";
import { kindAvailable, kindFlags, kindOf, SETTABLE_KINDS, type SettableKind } from "./kinds";
import type { ExamActionResult } from "./types";

export interface ExamSettingsFormProps {
  /** `/instructor/<encoded course key>`. */
  basePath: string;
  backends: BackendChoice[];
  /** The exam to edit; absent to create one. */
  exam?: ExamSettingsSummary;
  reviewPolicy?: string;
  /** Create: a usage key for the new exam's sequence, editable. */
  suggestedContentId?: string;
  /** The server action that creates or saves the exam, bound to the course (and exam) by the page. */
  save: (values: unknown) => Promise<ExamActionResult>;
  /** Edit: the exam's attempts (every status) and how many are running now, to warn before saving. */
  affectedAttempts?: { total: number; running: number };
}

/** What the inputs hold; the services' schemas accept exactly these (and coerce the strings). */
interface ExamFormValues {
  exam_name: string;
  content_id: string;
  time_limit_mins: string;
  is_proctored: boolean;
  is_practice_exam: boolean;
  is_active: boolean;
  hide_after_due: boolean;
  /** ISO 8601 instant, or null for no due date. */
  due_date: string | null;
  /** "" = the site default (create) or unchanged (edit). */
  backend: string;
  content_url: string;
  external_id: string | null;
  review_policy: string;
}

const KIND_HINTS: Record<SettableKind, string> = {
  timed: "A countdown only: no proctoring backend.",
  proctored: "Proctored by the backend, reviewed, counts for credit.",
  practice: "Proctored practice, no grade impact (with a backend that has no onboarding).",
  onboarding: "Sets up the learner's proctoring profile (needs a backend with onboarding).",
};

const noSubscription = () => () => {};
/** False on the server and in the first client render, true after: dates need the browser's zone. */
function useIsClient(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** ISO instant → the value of a datetime-local input in this browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (this browser's zone) → ISO instant; "" → null. */
function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/**
 * The form validates with the services' own schemas (raw: the values are sent as typed, and the
 * server parses them with the same schema). Those schemas take `unknown` for the fields they
 * coerce, so the form's concrete value type is given here.
 */
function resolverFor(create: boolean): Resolver<ExamFormValues> {
  // The schemas (zod) and the resolver load on the first validation, not with the page.
  return async (values, context, options) => {
    const [{ zodResolver }, { CreateExamForm, UpdateExamForm }] = await Promise.all([import("@hookform/resolvers/zod"), import("./schemas")]);
    const resolve = zodResolver(create ? CreateExamForm : UpdateExamForm, undefined, { raw: true }) as unknown as Resolver<ExamFormValues>;
    return resolve(values, context, options);
  };
}

/**
 * Create or edit an exam's settings: name, kind, time limit, due date, hide after due,
 * backend, active, where the exam's body comes from, and the review policy of a proctored exam.
 */
export function ExamSettingsForm({
  basePath,
  backends,
  exam,
  reviewPolicy = "",
  suggestedContentId = "",
  save,
  affectedAttempts,
}: ExamSettingsFormProps) {
  const create = exam === undefined;
  const router = useRouter();
  const isClient = useIsClient();
  const uid = useId();
  const [outcome, setOutcome] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [bodySource, setBodySource] = useState<"questions" | "url">(exam?.contentUrl ? "url" : "questions");

  const defaultBackend = backends.find((b) => b.isDefault);
  const form = useForm<ExamFormValues>({
    resolver: resolverFor(create),
    defaultValues: {
      exam_name: exam?.examName ?? "",
      content_id: exam?.contentId ?? suggestedContentId,
      time_limit_mins: String(exam?.timeLimitMins ?? 60),
      is_proctored: exam?.isProctored ?? false,
      // Practice without proctoring is no kind at all (§1.2): it is shown, and saved, as timed.
      is_practice_exam: exam ? exam.isProctored && exam.isPracticeExam : false,
      is_active: exam?.isActive ?? true,
      hide_after_due: exam?.hideAfterDue ?? false,
      due_date: exam?.dueDate ?? null,
      backend: exam?.backend ?? "",
      content_url: exam?.contentUrl ?? "",
      external_id: null,
      review_policy: reviewPolicy,
    },
  });
  const { register, control, setValue, setError, handleSubmit, formState } = form;
  const { errors, isSubmitting } = formState;
  const [isProctored, isPractice, backendName] = useWatch({ control, name: ["is_proctored", "is_practice_exam", "backend"] });
  const backend = backends.find((b) => b.name === backendName) ?? defaultBackend;
  const supportsOnboarding = backend?.supportsOnboarding ?? false;
  const kind = kindOf({ is_proctored: isProctored, is_practice_exam: isPractice }, supportsOnboarding);
  const id = (name: string) => `${uid}-${name}`;

  const chooseKind = (next: SettableKind) => {
    const flags = kindFlags(next);
    setValue("is_proctored", flags.is_proctored, { shouldDirty: true });
    setValue("is_practice_exam", flags.is_practice_exam, { shouldDirty: true });
  };

  const onSubmit = handleSubmit(async (values) => {
    setOutcome(null);
    if (bodySource === "url" && values.content_url.trim() === "") {
      setError("content_url", { type: "required", message: "Enter the address of the page that holds the exam, or choose the built-in question set." }, { shouldFocus: true });
      return;
    }
    const common = {
      exam_name: values.exam_name,
      time_limit_mins: values.time_limit_mins,
      is_proctored: values.is_proctored,
      is_practice_exam: values.is_practice_exam,
      is_active: values.is_active,
      hide_after_due: values.hide_after_due,
      due_date: values.due_date,
      backend: values.backend,
      content_url: bodySource === "url" ? values.content_url : null,
      review_policy: values.review_policy,
    };
    const result = await save(create ? { ...common, content_id: values.content_id, external_id: null } : common);
    if (result.ok) {
      if (create) {
        router.push(`${basePath}/exams/${result.examId}?created=1`);
        return;
      }
      setOutcome({ kind: "success", text: result.message });
      form.reset(values);
      return;
    }
    // Field errors go on their fields (the first one takes focus); the detail, which lists them
    // all, goes in the alert above the form.
    const known = new Set<string>(Object.keys(common).concat(create ? ["content_id"] : []));
    let focused = false;
    for (const [field, message] of Object.entries(result.fieldErrors)) {
      if (!known.has(field)) continue;
      setError(field as Path<ExamFormValues>, { type: "server", message }, { shouldFocus: !focused });
      focused = true;
    }
    setOutcome({ kind: "error", text: result.detail });
    // By id, not a ref: the submit handler is made during render.
    if (!focused) requestAnimationFrame(() => document.getElementById(`${uid}-outcome`)?.focus());
  });

  const backendHint = kind === "timed" ? "Timed exams use no backend; the choice is kept for when the exam becomes proctored." : undefined;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`} className="text-lg font-medium text-slate-900">
        {create ? "New exam" : "Settings"}
      </h2>
      {outcome ? (
        <FormMessage id={`${uid}-outcome`} kind={outcome.kind}>
          {outcome.text}
        </FormMessage>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2">
        <Field id={id("name")} label="Exam name" error={errors.exam_name?.message}>
          {(aria) => <input {...aria} type="text" autoComplete="off" className={inputClass} {...register("exam_name")} />}
        </Field>
        {create ? (
          <Field
            id={id("content")}
            label="Usage key of the sequence"
            hint="Identifies the exam in the course (and in an LMS). It cannot be changed later."
            error={errors.content_id?.message}
          >
            {(aria) => <input {...aria} type="text" autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} {...register("content_id")} />}
          </Field>
        ) : (
          <div className="flex flex-col gap-1">
            <span className="text-sm font-medium text-slate-900">Usage key of the sequence</span>
            <span className="break-all font-mono text-sm text-slate-800">{exam.contentId}</span>
          </div>
        )}
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-900">Kind</legend>
        <div className="grid gap-2 md:grid-cols-2">
          {SETTABLE_KINDS.map((k) => {
            const available = kindAvailable(k, supportsOnboarding);
            return (
              <label
                key={k}
                className={`flex gap-3 rounded-md border p-3 text-sm ${kind === k ? "border-blue-700 bg-blue-50" : "border-slate-300 bg-white"} ${available ? "" : "opacity-60"}`}
              >
                <input
                  type="radio"
                  name={`${uid}-kind`}
                  value={k}
                  checked={kind === k}
                  disabled={!available}
                  onChange={() => chooseKind(k)}
                  aria-describedby={`${uid}-kind-${k}-hint`}
                  className="mt-0.5 h-4 w-4 accent-blue-700"
                />
                <span>
                  <span className="font-medium text-slate-900">{EXAM_KIND_LABELS[k]}</span>
                  <span id={`${uid}-kind-${k}-hint`} className="block text-xs text-slate-700">
                    {KIND_HINTS[k]}
                    {available ? "" : ` Not with the backend “${backend?.label ?? "default"}”.`}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        <FieldError id={`${uid}-kind-error`} message={errors.is_proctored?.message ?? errors.is_practice_exam?.message} />
      </fieldset>

      <div className="grid gap-4 md:grid-cols-3">
        <Field id={id("limit")} label="Time limit (minutes)" error={errors.time_limit_mins?.message}>
          {(aria) => <input {...aria} type="number" inputMode="numeric" min={MIN_TIME_LIMIT_MINS} step={1} className={inputClass} {...register("time_limit_mins")} />}
        </Field>
        <Controller
          control={control}
          name="due_date"
          render={({ field, fieldState }) => (
            <Field
              id={id("due")}
              label="Due date (optional)"
              hint={isClient ? `In your time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone}).` : "In your time zone."}
              error={fieldState.error?.message}
            >
              {(aria) => (
                <input
                  {...aria}
                  type="datetime-local"
                  ref={field.ref}
                  name={field.name}
                  // The server renders no value: it cannot know the browser's time zone.
                  value={isClient ? toLocalInput(field.value) : ""}
                  disabled={!isClient}
                  onBlur={field.onBlur}
                  onChange={(e) => field.onChange(fromLocalInput(e.target.value))}
                  className={inputClass}
                />
              )}
            </Field>
          )}
        />
        <Field id={id("backend")} label="Proctoring backend" hint={backendHint} error={errors.backend?.message}>
          {(aria) => (
            <select {...aria} className={inputClass} {...register("backend")}>
              {create || exam.backend === null ? <option value="">{`Site default (${defaultBackend?.label ?? "none"})`}</option> : null}
              {backends.map((b) => (
                <option key={b.name} value={b.name}>
                  {b.supportsOnboarding ? `${b.label} (onboarding)` : b.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <div className="flex flex-col gap-2">
        <label className="inline-flex items-center gap-2 text-sm text-slate-900">
          <input type="checkbox" className="h-4 w-4 accent-blue-700" {...register("is_active")} />
          Active: learners see the exam
        </label>
        <label className="inline-flex items-center gap-2 text-sm text-slate-900">
          <input type="checkbox" className="h-4 w-4 accent-blue-700" {...register("hide_after_due")} />
          Hide the exam&apos;s content after the due date
        </label>
        <FieldError id={`${uid}-flags-error`} message={errors.is_active?.message ?? errors.hide_after_due?.message} />
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-900">What learners answer</legend>
        <label className="flex items-center gap-2 text-sm text-slate-900">
          <input
            type="radio"
            name={`${uid}-body`}
            checked={bodySource === "questions"}
            onChange={() => setBodySource("questions")}
            className="h-4 w-4 accent-blue-700"
          />
          The built-in question set {create ? "(written after the exam is created)" : "(edited below)"}
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-900">
          <input type="radio" name={`${uid}-body`} checked={bodySource === "url"} onChange={() => setBodySource("url")} className="h-4 w-4 accent-blue-700" />
          A page elsewhere (external content URL)
        </label>
        {bodySource === "url" ? (
          <Field
            id={id("url")}
            label="Content URL"
            hint={
              !create && exam.questionCount > 0
                ? "While the exam has a question set, learners see the questions instead: remove them below to show this page."
                : "An https address, or a path on this site starting with /. It is shown in a frame during the exam."
            }
            error={errors.content_url?.message}
          >
            {(aria) => <input {...aria} type="url" inputMode="url" autoComplete="off" spellCheck={false} className={inputClass} {...register("content_url")} />}
          </Field>
        ) : null}
      </fieldset>

      {kind !== "timed" ? (
        <Field
          id={id("policy")}
          label="Review policy (optional)"
          hint={`Rules given to reviewers of the proctoring session. Leave empty for none. At most ${MAX_REVIEW_POLICY_CHARS.toLocaleString("en-US")} characters.`}
          error={errors.review_policy?.message}
        >
          {(aria) => <textarea {...aria} rows={4} className={inputClass} {...register("review_policy")} />}
        </Field>
      ) : null}

      {!create && affectedAttempts && affectedAttempts.total > 0 ? (
        <p id={`${uid}-affected`} className="rounded-md border border-amber-700 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="affected-attempts">
          <strong>
            {affectedAttempts.total.toLocaleString("en-US")} {affectedAttempts.total === 1 ? "attempt has" : "attempts have"} been made at this exam
            {affectedAttempts.running > 0 ? `, ${affectedAttempts.running.toLocaleString("en-US")} of them running now` : ""}.
          </strong>{" "}
          Saving changes the exam for every learner: a new time limit applies to attempts started from now on (an attempt already started keeps its time), and a
          change of kind or backend applies to their next attempt.
        </p>
      ) : null}

      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={isSubmitting}
          className={primaryButtonClass}
          aria-describedby={!create && affectedAttempts && affectedAttempts.total > 0 ? `${uid}-affected` : undefined}
        >
          {isSubmitting ? (create ? "Creating…" : "Saving…") : create ? "Create exam" : "Save settings"}
        </button>
      </div>
    </form>
  );
}
