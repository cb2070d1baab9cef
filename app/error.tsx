"use client";

import { LearnerErrorPage } from "@/components/course/learner-error-page";
import { pageErrorWords } from "@/lib/i18n/messages/en/common";

/** An unexpected error anywhere without its own error page: ours, never Next's default. */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return <LearnerErrorPage variant="site" error={error} retry={retry} fallbackMessages={pageErrorWords} backHref="/" />;
}
