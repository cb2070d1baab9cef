"use client";

import { useActionState, useId } from "react";
import type { SiteSettingInputKind } from "@/lib/domain/site-settings";

export type SettingActionResult = { ok: boolean; message: string };

export interface SettingFormProps {
  settingKey: string;
  label: string;
  help?: string;
  kind: SiteSettingInputKind;
  /** The effective value, as the field shows it. */
  value: string;
  /** The default, as the page shows it. */
  defaultText: string;
  isDefault: boolean;
  choices?: readonly string[];
  action: (previous: SettingActionResult | null, form: FormData) => Promise<SettingActionResult>;
}

/**
 * One site setting: its field, its default, Save and Reset to default. A refused value leaves the
 * field as typed with the reason next to it; the stored setting is unchanged.
 */
export function SettingForm({ settingKey, label, help, kind, value, defaultText, isDefault, choices, action }: SettingFormProps) {
  const [result, formAction, pending] = useActionState(action, null);
  const id = useId();
  const fieldId = `${id}-field`;
  const messageId = `${id}-message`;
  const helpId = `${id}-help`;
  const invalid = result !== null && !result.ok;
  const describedBy = [help ? helpId : null, `${id}-default`, result ? messageId : null].filter(Boolean).join(" ");
  const common = {
    id: fieldId,
    name: "value",
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy,
    className: "mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm",
  } as const;
  return (
    <form action={formAction} className="border-b border-slate-100 py-3" data-testid={`setting-${settingKey}`}>
      <input type="hidden" name="key" value={settingKey} />
      <label htmlFor={fieldId} className="block text-sm font-medium">
        {label} <code className="text-xs font-normal text-slate-600">{settingKey}</code>
      </label>
      {help ? (
        <p id={helpId} className="text-xs text-slate-600">
          {help}
        </p>
      ) : null}
      {kind === "boolean" || kind === "locale" ? (
        <select {...common} key={value} defaultValue={value}>
          {(kind === "boolean" ? ["true", "false"] : (choices ?? [])).map((c) => (
            <option key={c} value={c}>
              {kind === "boolean" ? (c === "true" ? "Yes" : "No") : c}
            </option>
          ))}
        </select>
      ) : kind === "json" ? (
        <textarea {...common} key={value} defaultValue={value} rows={4} spellCheck={false} />
      ) : (
        <input {...common} key={value} type="text" inputMode={kind === "number" ? "decimal" : undefined} defaultValue={value} />
      )}
      <p id={`${id}-default`} className="mt-1 break-words text-xs text-slate-600">
        Default: <code>{defaultText}</code>
        {isDefault ? " (in use)" : ""}
      </p>
      {result ? (
        <p id={messageId} role={result.ok ? "status" : "alert"} className={`mt-1 text-sm ${result.ok ? "text-green-800" : "text-red-700"}`}>
          {result.message}
        </p>
      ) : null}
      <div className="mt-2 flex gap-2">
        <button type="submit" name="intent" value="save" disabled={pending} className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-60">
          Save
        </button>
        <button type="submit" name="intent" value="reset" disabled={pending || isDefault} className="rounded border border-slate-400 px-3 py-1 text-sm disabled:opacity-60">
          Reset to default
        </button>
      </div>
    </form>
  );
}
