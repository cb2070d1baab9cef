"use client";

import type { ReactNode } from "react";

/**
 * The states every dashboard list shows the same way (useDashboardList): a first load that failed
 * (an alert that says what to do, with Try again, and no table, so no "no results" beside it), a
 * refresh that failed (the last page stays, a line under it), and the count line, which is
 * replaced by "Searching…" while another search, filter or page is loading.
 */
export function ListLoadError({ text, onRetry }: { text: string; onRetry: () => void }) {
  return (
    <div role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="list-load-error">
      <p>{text}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-2 rounded-md border border-red-800 bg-white px-2.5 py-1 font-medium text-red-900 hover:bg-red-100 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
      >
        Try again
      </button>
    </div>
  );
}

export function ListRefreshError({ text }: { text: string }) {
  return (
    <p role="alert" className="mt-2 text-sm text-red-900">
      The list below may be out of date. {text}
    </p>
  );
}

/** "12 learners matching “ada”", or "Searching…" while the rows shown are of the previous state. */
export function ListCount({ stale, children, className = "text-sm text-slate-700" }: { stale: boolean; children: ReactNode; className?: string }) {
  return (
    <p className={className} aria-live="polite" data-testid="list-count">
      {stale ? "Searching…" : children}
    </p>
  );
}
