"use client";

import { SiteErrorPage } from "@/components/course/site-error-page";

/** An unexpected error anywhere without its own error page: ours, never Next's default. */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SiteErrorPage error={error} retry={retry} />;
}
