"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useRef } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { fetchParsed } from "@/components/dashboard/list/fetcher";
import { answerSchemas } from "@/components/dashboard/list/list-schemas";
import type { BulkAllowanceSaved } from "@/lib/domain/dashboard-answers";
import type { AllowanceFormExam } from "@/lib/domain/dashboard-views";
import { BULK_ALLOWANCE_TYPES, BulkAllowanceInput, MAX_BULK_EXAMS, MAX_BULK_USERS } from "@/lib/domain/allowance-input";
import { ALLOWANCE_LABELS } from "@/lib/domain/allowances";
import { ADDITIONAL_TIME, bulkFormField, bulkSummary, firstErrorMessage, minutesText, serverFieldErrors, splitLearners, valueFieldText } from "./helpers";
import { buttonClass, FieldError, inputClass, labelClass } from "./ui";

/**
 * "Add allowances": one type and value for many learners on many exams at once (§20's bulk
 * allowance). The form validates with the very schema the server parses with (BulkAllowanceInput),
 * then posts to the bulk allowance endpoint, which is all or nothing; the server's problems come
 * back onto the fields they are about.
 */

type FormInput = z.input<typeof BulkAllowanceInput>;
type FormOutput = z.output<typeof BulkAllowanceInput>;


export interface BulkAllowanceFormProps {
  courseKey: string;
  exams: AllowanceFormExam[];
  /** Learners to start with (the "Add allowance" button of a learner's row). */
  initialLearners?: string[];
  onSaved: (saved: BulkAllowanceSaved) => void;
  onCancel: () => void;
}

const TYPE_TEXT: Record<string, string> = {
  additional_time_granted: ALLOWANCE_LABELS.additional_time_granted!,
  time_multiplier: ALLOWANCE_LABELS.time_multiplier!,
  review_policy_exception: ALLOWANCE_LABELS.review_policy_exception!,
};

export function BulkAllowanceForm({ courseKey, exams, initialLearners = [], onSaved, onCancel }: BulkAllowanceFormProps) {
  const id = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  // Opened from a learner's row far down the table: bring the form into view and focus to it.
  useEffect(() => {
    titleRef.current?.scrollIntoView({ block: "nearest" });
    titleRef.current?.focus();
  }, []);
  const activeExams = exams.filter((e) => e.is_active);
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(BulkAllowanceInput),
    defaultValues: { user_ids: initialLearners, exam_ids: activeExams.length === 1 ? [activeExams[0]!.id] : [], allowance_type: ADDITIONAL_TIME, value: "" },
  });
  const type = useWatch({ control, name: "allowance_type" });
  const learners = useWatch({ control, name: "user_ids" });
  const chosen = useWatch({ control, name: "exam_ids" });
  const learnerCount = splitLearners(learners).length;
  const examCount = Array.isArray(chosen) ? chosen.length : 0;
  const valueText = valueFieldText(typeof type === "string" ? type : ADDITIONAL_TIME);

  const onSubmit = async (data: FormOutput) => {
    try {
      const saved = await fetchParsed(answerSchemas.bulkAllowance, `/api/edx_proctoring/v1/proctored_exam/${encodeURIComponent(courseKey)}/bulk_allowance`, {
        method: "POST",
        body: data,
      });
      onSaved(saved);
    } catch (error) {
      const mapped = serverFieldErrors(error, bulkFormField);
      Object.entries(mapped.fields).forEach(([field, message], index) => {
        setError(field as "user_ids" | "exam_ids" | "allowance_type" | "value", { type: "server", message }, { shouldFocus: index === 0 });
      });
      if (mapped.root) setError("root.server", { type: "server", message: mapped.root });
    }
  };

  const ids = { learners: `${id}-learners`, exams: `${id}-exams`, type: `${id}-type`, value: `${id}-value` };
  const learnerError = firstErrorMessage(errors.user_ids);
  const examError = firstErrorMessage(errors.exam_ids);

  if (activeExams.length === 0) {
    return (
      <div className="rounded-md border border-slate-300 bg-slate-50 p-4 text-sm text-slate-800">
        <p>This course has no active exam: allowances can only be added to active exams.</p>
        <button type="button" onClick={onCancel} className={`${buttonClass.secondary} mt-3`}>
          Close
        </button>
      </div>
    );
  }

  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-300 bg-white p-5">
      <h3 id={`${id}-title`} ref={titleRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus-visible:outline-3 focus-visible:outline-blue-700">
        Add allowances
      </h3>
      <p className="mt-1 text-sm text-slate-700">One type and value for every learner on every exam you choose. Nothing is saved unless every learner and exam is valid.</p>

      {errors.root?.server ? (
        <p role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {errors.root.server.message}
        </p>
      ) : null}

      <div className="mt-4 grid gap-5 md:grid-cols-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.learners} className={labelClass}>
            Learners
          </label>
          <p id={`${ids.learners}-hint`} className="text-xs text-slate-700">
            Usernames or e-mail addresses, separated by commas or new lines (at most {MAX_BULK_USERS.toLocaleString("en-US")}).
          </p>
          <textarea
            id={ids.learners}
            rows={6}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={learnerError ? true : undefined}
            aria-describedby={`${ids.learners}-hint${learnerError ? ` ${ids.learners}-error` : ""}`}
            className={`${inputClass} font-mono`}
            {...register("user_ids", { setValueAs: splitLearners })}
          />
          <FieldError id={`${ids.learners}-error`} message={learnerError} />
        </div>

        <fieldset className="flex flex-col gap-1" aria-describedby={examError ? `${ids.exams}-error` : undefined}>
          <legend className={labelClass}>Exams</legend>
          <p className="text-xs text-slate-700">Active exams of the course (at most {MAX_BULK_EXAMS}).</p>
          <Controller
            control={control}
            name="exam_ids"
            render={({ field }) => {
              const selected = new Set<number>(Array.isArray(field.value) ? (field.value as unknown[]).map(Number) : []);
              const toggle = (examId: number, on: boolean) => {
                const next = new Set(selected);
                if (on) next.add(examId);
                else next.delete(examId);
                field.onChange(activeExams.map((e) => e.id).filter((x) => next.has(x)));
              };
              return (
                <div className="flex flex-col gap-1">
                  <ul className="max-h-56 overflow-y-auto rounded-md border border-slate-300 p-2">
                    {activeExams.map((exam, index) => (
                      <li key={exam.id}>
                        <label className="flex items-start gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
                          <input
                            type="checkbox"
                            ref={index === 0 ? field.ref : undefined}
                            checked={selected.has(exam.id)}
                            onChange={(e) => toggle(exam.id, e.target.checked)}
                            onBlur={field.onBlur}
                            aria-invalid={examError ? true : undefined}
                            className="mt-0.5 h-4 w-4 accent-blue-800"
                          />
                          <span>
                            {exam.name}{" "}
                            <span className="text-slate-700">
                              ({exam.type}, {minutesText(exam.time_limit_mins)})
                            </span>
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                  {activeExams.length > 1 ? (
                    <div className="flex gap-3 text-sm">
                      <button type="button" className="font-medium text-blue-800 underline underline-offset-2" onClick={() => field.onChange(activeExams.map((e) => e.id))}>
                        Select all
                      </button>
                      <button type="button" className="font-medium text-blue-800 underline underline-offset-2" onClick={() => field.onChange([])}>
                        Clear
                      </button>
                    </div>
                  ) : null}
                </div>
              );
            }}
          />
          <FieldError id={`${ids.exams}-error`} message={examError} />
        </fieldset>

        <div className="flex flex-col gap-1">
          <label htmlFor={ids.type} className={labelClass}>
            Allowance type
          </label>
          <select
            id={ids.type}
            aria-invalid={errors.allowance_type ? true : undefined}
            aria-describedby={errors.allowance_type ? `${ids.type}-error` : undefined}
            className={inputClass}
            {...register("allowance_type")}
          >
            {BULK_ALLOWANCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_TEXT[t] ?? t}
              </option>
            ))}
          </select>
          <FieldError id={`${ids.type}-error`} message={errors.allowance_type?.message} />
        </div>

        <div className="flex flex-col gap-1">
          <label htmlFor={ids.value} className={labelClass}>
            {valueText.label}
          </label>
          <p id={`${ids.value}-hint`} className="text-xs text-slate-700">
            {valueText.hint}
          </p>
          <input
            id={ids.value}
            type="text"
            inputMode={valueText.inputMode}
            autoComplete="off"
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={`${ids.value}-hint${errors.value ? ` ${ids.value}-error` : ""}`}
            className={inputClass}
            {...register("value")}
          />
          <FieldError id={`${ids.value}-error`} message={errors.value?.message} />
        </div>
      </div>

      <div className="mt-5 flex flex-wrap items-center gap-3">
        <button type="submit" disabled={isSubmitting} aria-disabled={isSubmitting || undefined} className={buttonClass.primary}>
          {isSubmitting ? "Saving…" : "Add allowances"}
        </button>
        <button type="button" onClick={onCancel} disabled={isSubmitting} className={buttonClass.secondary}>
          Cancel
        </button>
        <p className="text-sm text-slate-700" aria-live="polite">
          {learnerCount > 0 && examCount > 0 ? bulkSummary(learnerCount, examCount) : null}
        </p>
      </div>
    </form>
  );
}
