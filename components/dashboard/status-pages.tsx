import Link from "next/link";
import type { ReactNode } from "react";

/**
 * The dashboard's own pages for the moments in between (app/instructor and app/admin's
 * error.tsx, loading.tsx and not-found.tsx): the same card, headings and links as the panels, and
 * each says what to do next.
 */
function StatusCard({ title, children, role }: { title: string; children: ReactNode; role?: "alert" }) {
  return (
    <section aria-labelledby="dashboard-status-title" role={role} className="mx-auto mt-6 max-w-2xl rounded-lg border border-slate-300 bg-white p-6">
      <h2 id="dashboard-status-title" className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-3 space-y-3 text-slate-800">{children}</div>
    </section>
  );
}

const linkClass = "font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900";

export function DashboardNotFound({ home, homeLabel }: { home: string; homeLabel: string }) {
  return (
    <StatusCard title="Not found">
      <p>There is no course, exam or attempt at this address, or it was removed. Check the link, or start again from the list.</p>
      <p>
        <Link href={home} className={linkClass}>
          {homeLabel}
        </Link>
      </p>
    </StatusCard>
  );
}

export function DashboardLoading({ what }: { what: string }) {
  return (
    <div role="status" aria-live="polite" className="mt-6 space-y-3" data-testid="dashboard-loading">
      <p className="text-sm text-slate-700">Loading {what}…</p>
      <div aria-hidden="true" className="h-9 w-full max-w-sm animate-pulse rounded-md bg-slate-200" />
      <div aria-hidden="true" className="h-48 w-full animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}

export function DashboardError({ digest, onRetry, home, homeLabel }: { digest?: string; onRetry: () => void; home: string; homeLabel: string }) {
  return (
    <StatusCard title="This page could not be shown" role="alert">
      <p>Something went wrong while loading it: the database or another service may be briefly unavailable. Nothing you entered was lost.</p>
      <p>Try again in a moment. If it keeps happening, tell your site administrator{digest ? " and give them the reference below" : ""}.</p>
      <div className="flex flex-wrap items-center gap-4">
        <button
          type="button"
          onClick={onRetry}
          className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        >
          Try again
        </button>
        <Link href={home} className={linkClass}>
          {homeLabel}
        </Link>
      </div>
      {digest ? (
        <p className="text-sm text-slate-700">
          Reference: <code>{digest}</code>
        </p>
      ) : null}
    </StatusCard>
  );
}
