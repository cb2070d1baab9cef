"use client";

import { DashboardError } from "@/components/dashboard/status-pages";

/** A failure while rendering a page here: our page, with Try again and a way back (never Next's default). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <DashboardError digest={error.digest} onRetry={reset} home="/admin" homeLabel="Back to site administration" />;
}
