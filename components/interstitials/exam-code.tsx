"use client";

import { useId, useRef, useState } from "react";
import { BUTTON_STYLES } from "./button-styles";

/**
 * The RPNow exam code (§12.3): a read-only field the learner can select, and "Copy Exam Code",
 * which puts it on the clipboard and says "Copied" in a live region. Where the clipboard is not
 * available (an insecure origin, a refused permission) the field's text is selected instead, so
 * the learner can copy it with the keyboard.
 */
export function ExamCode({
  code,
  label,
  copyLabel,
  copiedLabel,
  copyFailedLabel,
}: {
  code: string;
  label: string;
  copyLabel: string;
  copiedLabel: string;
  copyFailedLabel: string;
}) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setState("copied");
    } catch {
      field.current?.focus();
      field.current?.select();
      setState("failed");
    }
  }

  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block font-medium text-slate-900">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <input
          ref={field}
          id={id}
          type="text"
          readOnly
          value={code}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full max-w-md rounded-md border border-slate-500 bg-slate-50 px-2 py-2 font-mono text-xs text-slate-900 sm:px-3 sm:text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        />
        <button type="button" className={BUTTON_STYLES.secondary} onClick={copy}>
          {copyLabel}
        </button>
      </div>
      <p role="status" className="min-h-6 text-sm text-slate-900">
        {state === "copied" ? copiedLabel : state === "failed" ? copyFailedLabel : ""}
      </p>
    </div>
  );
}
