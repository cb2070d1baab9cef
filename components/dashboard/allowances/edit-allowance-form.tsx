"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { dashboardFetchJson } from "@/components/dashboard/list/fetcher";
import type { AllowanceGroup, DashboardAllowance } from "@/lib/domain/dashboard-views";
import { AddAllowanceInput } from "@/lib/domain/allowance-input";
import { serverFieldErrors, valueFieldText } from "./helpers";
import { buttonClass, FieldError, inputClass } from "./ui";

/**
 * Changing one allowance's value in place: PUT …/proctored_exam/allowance (§8.14) with the same
 * schema the server parses (AddAllowanceInput); the exam, learner and key are fixed, so only the
 * value is a field. The server's value checks (whole minutes …) come back under the field.
 */

type FormInput = z.input<typeof AddAllowanceInput>;
type FormOutput = z.output<typeof AddAllowanceInput>;

export interface EditAllowanceFormProps {
  user: AllowanceGroup["user"];
  allowance: DashboardAllowance;
  onSaved: () => void;
  onCancel: () => void;
}

export function EditAllowanceForm({ user, allowance, onSaved, onCancel }: EditAllowanceFormProps) {
  const id = useId();
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(AddAllowanceInput),
    defaultValues: { exam_id: allowance.exam_id, user_info: user.apiId, key: allowance.key, value: allowance.value },
  });
  useEffect(() => setFocus("value", { shouldSelect: true }), [setFocus]);

  const onSubmit = async (data: FormOutput) => {
    try {
      await dashboardFetchJson("/api/edx_proctoring/v1/proctored_exam/allowance", { method: "PUT", body: data });
      onSaved();
    } catch (error) {
      const mapped = serverFieldErrors(error, (field) => (field === "value" ? "value" : null));
      if (mapped.fields.value) setError("value", { type: "server", message: mapped.fields.value }, { shouldFocus: true });
      if (mapped.root) setError("root.server", { type: "server", message: mapped.root });
    }
  };

  const text = valueFieldText(allowance.key);
  const valueId = `${id}-value`;
  const describedBy = [errors.value ? `${valueId}-error` : null, errors.root?.server ? `${id}-root` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form
      onSubmit={handleSubmit(onSubmit)}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !isSubmitting) {
          e.stopPropagation();
          onCancel();
        }
      }}
      noValidate
      className="mt-1 flex flex-wrap items-start gap-2"
    >
      <div className="flex min-w-48 flex-col gap-1">
        <label htmlFor={valueId} className="sr-only">
          {`${allowance.type_label} of ${user.username} on ${allowance.exam_name}`}
        </label>
        <input
          id={valueId}
          type="text"
          inputMode={text.inputMode}
          autoComplete="off"
          aria-invalid={errors.value ? true : undefined}
          aria-describedby={describedBy}
          className={`${inputClass} py-1`}
          {...register("value")}
        />
        <FieldError id={`${valueId}-error`} message={errors.value?.message} />
        {errors.root?.server ? (
          <p id={`${id}-root`} role="alert" className="text-sm text-red-800">
            {errors.root.server.message}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={isSubmitting} className={`${buttonClass.small} border-blue-800 bg-blue-800 text-white hover:bg-blue-900`}>
        {isSubmitting ? "Saving…" : "Save"}
      </button>
      <button type="button" disabled={isSubmitting} onClick={onCancel} className={`${buttonClass.small} border-slate-400 bg-white text-slate-900 hover:bg-slate-100`}>
        Cancel
      </button>
    </form>
  );
}
