"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { AdminCourseFormSchema, type AdminActionResult, type AdminCourseFormValues } from "@/lib/domain/admin-people";

const inputClass = "mt-1 block w-full max-w-md rounded border border-slate-400 px-2 py-1 text-sm";

/** A course's proctoring settings: escalation e-mail, backend, opt-out, learning host override. */
export function CourseSettingsForm({
  courseKey,
  initial,
  backends,
  saveAction,
}: {
  courseKey: string;
  initial: AdminCourseFormValues;
  backends: readonly string[];
  saveAction: (courseKey: unknown, values: unknown) => Promise<AdminActionResult>;
}) {
  const id = useId();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<AdminCourseFormValues>({ resolver: zodResolver(AdminCourseFormSchema), defaultValues: initial });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: AdminCourseFormValues) {
    setStatus(null);
    setError(null);
    const result = await saveAction(courseKey, values);
    if (result.ok) return setStatus(result.message ?? "Saved.");
    setError(result.detail);
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (field === "proctoringEscalationEmail" || field === "proctoringBackend" || field === "learningMicrofrontendUrl") form.setError(field, { message });
    }
  }

  const field = (name: "proctoringEscalationEmail" | "learningMicrofrontendUrl", label: string, help: string) => (
    <div>
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <p id={`${id}-${name}-help`} className="text-sm text-slate-700">
        {help}
      </p>
      <input
        id={`${id}-${name}`}
        {...form.register(name)}
        className={inputClass}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={`${id}-${name}-help${errors[name] ? ` ${id}-${name}-error` : ""}`}
      />
      {errors[name] ? (
        <p id={`${id}-${name}-error`} className="mt-1 text-sm text-red-800">
          {errors[name]?.message}
        </p>
      ) : null}
    </div>
  );

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-4" aria-label="Course settings">
      <p role="status" className="text-sm text-green-800">
        {status}
      </p>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {field("proctoringEscalationEmail", "Proctoring escalation e-mail", "Learners are told to write here when proctoring fails. Empty: the site's support contact.")}
      <div>
        <label htmlFor={`${id}-backend`} className="block text-sm font-medium">
          Proctoring backend
        </label>
        <select id={`${id}-backend`} {...form.register("proctoringBackend")} className={inputClass}>
          <option value="">The site default</option>
          {backends.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...form.register("allowProctoringOptOut")} /> Learners may take proctored exams without proctoring (opt out)
      </label>
      {field("learningMicrofrontendUrl", "Learning host override", "This course's learning pages, if not the site's (an http(s) address).")}
      <button
        type="submit"
        disabled={isSubmitting}
        className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
      >
        {isSubmitting ? "Saving…" : "Save course settings"}
      </button>
    </form>
  );
}
