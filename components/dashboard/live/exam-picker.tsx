"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";

export interface LiveExamPickerProps {
  /** The live board's path; the choice goes in `?exam=`. */
  action: string;
  exams: { id: number; label: string }[];
  selected: number | null;
}

/**
 * The live board's exam filter: choosing an exam shows its board at once (no "Show" click). It
 * stays a GET form, so without script the button submits it; with script the button is hidden.
 */
export function LiveExamPicker({ action, exams, selected }: LiveExamPickerProps) {
  const router = useRouter();
  const [switching, startTransition] = useTransition();
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <div className="flex flex-col gap-1">
        <label htmlFor="live-exam" className="text-sm font-medium text-slate-900">
          Exam
        </label>
        <select
          id="live-exam"
          name="exam"
          defaultValue={selected === null ? "" : String(selected)}
          onChange={(e) => {
            const value = e.target.value;
            startTransition(() => router.replace(value ? `${action}?exam=${encodeURIComponent(value)}` : action, { scroll: false }));
          }}
          className="min-w-64 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        >
          <option value="">All exams of the course</option>
          {exams.map((e) => (
            <option key={e.id} value={String(e.id)}>
              {e.label}
            </option>
          ))}
        </select>
      </div>
      <noscript>
        <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white">
          Show
        </button>
      </noscript>
      <p role="status" className="text-sm text-slate-700">
        {switching ? "Switching exam…" : ""}
      </p>
    </form>
  );
}
