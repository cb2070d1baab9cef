"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { LocalTime } from "@/components/local-time/local-time";
import { BackendFormSchema, type BackendFormValues, type BackendSaveResult, type SecretState } from "@/lib/domain/backend-admin";

const inputClass =
  "mt-1 block w-full rounded border border-slate-400 px-2 py-1 text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700";
const buttonClass =
  "rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 disabled:opacity-60 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2";

export interface BackendKindChoice {
  kind: string;
  label: string;
  secretNames: readonly string[];
  /** An example of the kind's settings, shown as the box's help. */
  example: string;
}

export interface BackendFormProps {
  mode: "create" | "update";
  kinds: readonly BackendKindChoice[];
  initial: { name: string; kind: string; verboseName: string; enabled: boolean; settingsJson: string };
  /** The stored secrets' state (update); never their values. */
  secrets: readonly SecretState[];
  locale: string;
  saveAction: (values: unknown, mode: unknown) => Promise<BackendSaveResult>;
}

function secretRows(kind: string, kinds: readonly BackendKindChoice[], states: readonly SecretState[]) {
  const names = kinds.find((k) => k.kind === kind)?.secretNames ?? [];
  return names.map((name) => {
    const state = states.find((s) => s.name === name);
    return { name, action: state?.set ? ("keep" as const) : ("replace" as const), value: "" };
  });
}

/**
 * Adds or edits a proctoring backend. Secrets are write-only: the form shows whether each is set and
 * since when, and offers to keep, replace or clear it; a stored value never reaches the browser.
 */
export function BackendForm({ mode, kinds, initial, secrets, locale, saveAction }: BackendFormProps) {
  const id = useId();
  const router = useRouter();
  const [detail, setDetail] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<BackendFormValues>({
    resolver: zodResolver(BackendFormSchema),
    defaultValues: { ...initial, secrets: secretRows(initial.kind, kinds, secrets) },
  });
  const { errors, isSubmitting } = form.formState;
  const { fields, replace } = useFieldArray({ control: form.control, name: "secrets" });
  const kind = useWatch({ control: form.control, name: "kind" });
  const actions = useWatch({ control: form.control, name: "secrets" });
  const kindChoice = kinds.find((k) => k.kind === kind);

  // A new backend's secret fields follow the chosen kind; an edited one's follow the stored state,
  // which the page sends again after each save (a typed secret is never kept in the form).
  const secretsKey = JSON.stringify(secrets);
  useEffect(() => {
    if (mode === "create") replace(secretRows(kind, kinds, []));
  }, [mode, kind, kinds, replace]);
  useEffect(() => {
    if (mode === "update") replace(secretRows(initial.kind, kinds, JSON.parse(secretsKey) as SecretState[]));
  }, [mode, initial.kind, kinds, replace, secretsKey]);

  async function onSubmit(values: BackendFormValues) {
    setDetail(null);
    setSaved(null);
    const result = await saveAction(values, mode);
    if (result.ok) {
      if (mode === "create") {
        router.push(`/admin/backends/${encodeURIComponent(result.name)}`);
        return;
      }
      setSaved("Saved. The change is in effect for the next learner.");
      return;
    }
    setDetail(result.detail);
    for (const [field, message] of Object.entries(result.fieldErrors)) {
      if (field === "name" || field === "kind" || field === "verboseName" || field === "settingsJson" || field === "enabled") form.setError(field, { message });
      else if (field === "secrets") form.setError("root.secrets", { message });
      else if (/^secrets\.\d+\.value$/.test(field)) form.setError(field as `secrets.${number}.value`, { message });
    }
  }

  const err = (name: string, message?: string) =>
    message ? (
      <p id={`${id}-${name}-error`} className="mt-1 text-sm text-red-800">
        {message}
      </p>
    ) : null;
  const described = (name: string, message?: string, help?: boolean) =>
    [message ? `${id}-${name}-error` : null, help ? `${id}-${name}-help` : null].filter(Boolean).join(" ") || undefined;

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-4" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-lg font-medium">
        {mode === "create" ? "New backend" : "Configuration"}
      </h2>
      {detail ? (
        <p role="alert" className="text-sm text-red-800">
          {detail}
        </p>
      ) : null}
      <p role="status" className="text-sm text-green-800">
        {saved}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            Name (what exams refer to)
          </label>
          <input
            id={`${id}-name`}
            {...form.register("name")}
            readOnly={mode === "update"}
            className={`${inputClass} ${mode === "update" ? "bg-slate-100" : ""}`}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={described("name", errors.name?.message)}
            autoComplete="off"
          />
          {err("name", errors.name?.message)}
        </div>
        <div>
          <label htmlFor={`${id}-kind`} className="block text-sm font-medium">
            Kind
          </label>
          <select
            id={`${id}-kind`}
            {...form.register("kind")}
            disabled={mode === "update"}
            className={inputClass}
            aria-invalid={errors.kind ? true : undefined}
            aria-describedby={described("kind", errors.kind?.message)}
          >
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
          {mode === "update" ? <input type="hidden" {...form.register("kind")} /> : null}
          {err("kind", errors.kind?.message)}
        </div>
        <div>
          <label htmlFor={`${id}-verbose`} className="block text-sm font-medium">
            Display name
          </label>
          <input
            id={`${id}-verbose`}
            {...form.register("verboseName")}
            className={inputClass}
            aria-invalid={errors.verboseName ? true : undefined}
            aria-describedby={described("verbose", errors.verboseName?.message)}
          />
          {err("verbose", errors.verboseName?.message)}
        </div>
        <div className="flex items-end">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" {...form.register("enabled")} />
            Enabled (exams may use it)
          </label>
        </div>
      </div>
      <div>
        <label htmlFor={`${id}-settings`} className="block text-sm font-medium">
          Settings (JSON; no secrets here)
        </label>
        <p id={`${id}-settings-help`} className="text-sm text-slate-700">
          {kindChoice?.example ? (
            <>
              For example: <code className="break-all">{kindChoice.example}</code>
            </>
          ) : (
            "Any options of this kind, or {}."
          )}
        </p>
        <textarea
          id={`${id}-settings`}
          rows={8}
          spellCheck={false}
          {...form.register("settingsJson")}
          className={`${inputClass} font-mono`}
          aria-invalid={errors.settingsJson ? true : undefined}
          aria-describedby={described("settings", errors.settingsJson?.message, true)}
        />
        {err("settings", errors.settingsJson?.message)}
      </div>
      {fields.length > 0 ? (
        <fieldset className="space-y-3" aria-describedby={errors.root?.secrets ? `${id}-secrets-error` : `${id}-secrets-help`}>
          <legend className="text-sm font-medium">Secrets</legend>
          <p id={`${id}-secrets-help`} className="text-sm text-slate-700">
            Stored encrypted and never shown again, here or anywhere else. Keep a secret, replace it, or clear it.
          </p>
          {err("secrets", errors.root?.secrets?.message)}
          {fields.map((field, index) => {
            const state = secrets.find((s) => s.name === field.name);
            const action = actions?.[index]?.action ?? field.action;
            const valueError = errors.secrets?.[index]?.value?.message;
            return (
              <div key={field.id} className="rounded border border-slate-200 p-3" role="group" aria-labelledby={`${id}-secret-${index}-name`}>
                <p className="text-sm">
                  <code id={`${id}-secret-${index}-name`} className="font-medium">
                    {field.name}
                  </code>{" "}
                  <span data-testid={`secret-state-${field.name}`} className="text-slate-700">
                    {state?.set ? (
                      state.setAt ? (
                        <>
                          set on <LocalTime iso={state.setAt} locale={locale} />
                        </>
                      ) : (
                        "set"
                      )
                    ) : (
                      "not set"
                    )}
                  </span>
                </p>
                <input type="hidden" {...form.register(`secrets.${index}.name`)} />
                <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                  {state?.set ? (
                    <label className="flex items-center gap-1">
                      <input type="radio" value="keep" {...form.register(`secrets.${index}.action`)} /> Keep
                    </label>
                  ) : null}
                  <label className="flex items-center gap-1">
                    <input type="radio" value="replace" {...form.register(`secrets.${index}.action`)} /> {state?.set ? "Replace" : "Set"}
                  </label>
                  {state?.set ? (
                    <label className="flex items-center gap-1">
                      <input type="radio" value="clear" {...form.register(`secrets.${index}.action`)} /> Clear
                    </label>
                  ) : null}
                </div>
                {action === "replace" ? (
                  <div className="mt-2">
                    <label htmlFor={`${id}-secret-${index}-value`} className="block text-sm">
                      New value of {field.name}
                    </label>
                    <input
                      id={`${id}-secret-${index}-value`}
                      type="password"
                      autoComplete="new-password"
                      {...form.register(`secrets.${index}.value`)}
                      className={inputClass}
                      aria-invalid={valueError ? true : undefined}
                      aria-describedby={valueError ? `${id}-secret-${index}-error` : undefined}
                    />
                    {valueError ? (
                      <p id={`${id}-secret-${index}-error`} className="mt-1 text-sm text-red-800">
                        {valueError}
                      </p>
                    ) : null}
                  </div>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}
      <button type="submit" disabled={isSubmitting} className={buttonClass}>
        {isSubmitting ? "Saving…" : mode === "create" ? "Create backend" : "Save changes"}
      </button>
    </form>
  );
}
