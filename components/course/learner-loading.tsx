"use client";

import { useLearnerPageContext } from "./course-contact";

/**
 * The loading state of the learner routes (Next's loading.tsx): a short status line that ends when
 * the page arrives or its error page replaces it. The live region tells screen-reader users that
 * something is on its way.
 */
export function LearnerLoading() {
  const label = useLearnerPageContext()?.messages["common.loading"] ?? "Loading…";
  return (
    <div role="status" className="grid gap-4" data-testid="learner-loading">
      <p className="text-slate-700">{label}</p>
      <div aria-hidden="true" className="h-8 w-2/3 animate-pulse rounded bg-slate-200 motion-reduce:animate-none" />
      <div aria-hidden="true" className="h-32 animate-pulse rounded-lg bg-slate-200 motion-reduce:animate-none" />
    </div>
  );
}
