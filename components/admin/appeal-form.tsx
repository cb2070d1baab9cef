"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { APPEAL_STATUS_LABELS, APPEAL_TARGET_STATUSES, AppealForm as AppealFormSchema, type AppealTargetStatus } from "@/lib/domain/appeal-input";

type Result = { ok: true; status: string; changed: boolean } | { ok: false; detail: string; fieldErrors: Partial<Record<"status" | "reason", string>> };

const inputClass =
  "mt-1 block w-full max-w-xl rounded border border-slate-400 px-2 py-1 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700";

/**
 * The admin's status change on appeal: the new status and a required reason (kept in the audit
 * log for good). The status the page showed goes with it, so a change made meanwhile by someone
 * else is refused instead of overwritten.
 */
export function AppealForm({
  attemptId,
  currentStatus,
  changeAction,
}: {
  attemptId: number;
  currentStatus: string;
  changeAction: (attemptId: unknown, expectedStatus: unknown, values: unknown) => Promise<Result>;
}) {
  const id = useId();
  const [detail, setDetail] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const initial = APPEAL_TARGET_STATUSES.find((s) => s !== currentStatus) ?? "verified";
  const form = useForm<{ status: AppealTargetStatus; reason: string }>({
    resolver: zodResolver(AppealFormSchema),
    defaultValues: { status: initial, reason: "" },
  });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: { status: AppealTargetStatus; reason: string }) {
    setDetail(null);
    setDone(null);
    const result = await changeAction(attemptId, currentStatus, values);
    if (result.ok) {
      setDone(result.changed ? `Status changed to ${APPEAL_STATUS_LABELS[values.status]}.` : "The attempt already had that status; nothing changed.");
      form.reset({ status: values.status, reason: "" });
      return;
    }
    setDetail(result.detail);
    for (const [field, message] of Object.entries(result.fieldErrors)) {
      if (field === "status" || field === "reason") form.setError(field, { message });
    }
  }

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate aria-labelledby={`${id}-heading`} className="space-y-4">
      <h2 id={`${id}-heading`} className="text-lg font-medium">
        Change the status on appeal
      </h2>
      <p className="text-sm text-slate-700">
        The learner’s credit requirement, grade override and e-mail follow the new status as if a reviewer had set it. The reason is kept in the audit log with your name.
      </p>
      {detail ? (
        <p role="alert" className="text-sm text-red-800">
          {detail}
        </p>
      ) : null}
      <p role="status" className="text-sm font-medium text-green-800">
        {done ?? ""}
      </p>
      <div>
        <label htmlFor={`${id}-status`} className="block text-sm font-medium">
          New status
        </label>
        <select
          id={`${id}-status`}
          {...form.register("status")}
          className={inputClass}
          aria-invalid={errors.status ? true : undefined}
          aria-describedby={errors.status ? `${id}-status-error` : undefined}
        >
          {APPEAL_TARGET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {APPEAL_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        {errors.status ? (
          <p id={`${id}-status-error`} className="mt-1 text-sm text-red-800">
            {errors.status.message}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
          Reason
        </label>
        <textarea
          id={`${id}-reason`}
          rows={3}
          {...form.register("reason")}
          className={inputClass}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? `${id}-reason-error` : undefined}
        />
        {errors.reason ? (
          <p id={`${id}-reason-error`} className="mt-1 text-sm text-red-800">
            {errors.reason.message}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        disabled={isSubmitting}
        className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
      >
        {isSubmitting ? "Changing…" : "Change status"}
      </button>
    </form>
  );
}
