"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { siteErrorWords } from "@/lib/i18n/messages/en/common";

const BUTTON =
  "inline-flex min-h-11 items-center justify-center rounded-md bg-blue-700 px-4 py-2 text-base font-medium text-white hover:bg-blue-800";
const LINK = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900";

/**
 * The site's own error page (app/error.tsx): an error no nearer error page caught. It sits above
 * every layout that reads the request's locale or a course's contact, so its words are English and
 * it names the course team. It looks like the learner error page (learner-error-page.tsx) but
 * shares no module with it: every page loads the root error page, and a module shared with the
 * course's error page would be shipped twice on learner pages (docs/decisions/033-page-weight.md).
 * No error message or stack reaches the page, only the digest that matches the server's log line.
 */
export function SiteErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <section aria-labelledby="learner-error-title" className="mx-auto max-w-2xl rounded-lg border-2 border-red-700 bg-white p-6 text-slate-800" data-testid="learner-error">
      <h1 id="learner-error-title" ref={heading} tabIndex={-1} className="text-2xl font-semibold text-slate-900">
        {siteErrorWords["common.page_error.title"]}
      </h1>
      <div className="mt-3 space-y-3 leading-relaxed">
        <p>{siteErrorWords["common.page_error.text"]}</p>
        <p>{siteErrorWords["common.page_error.next"].replace("{who}", siteErrorWords["common.page_error.unknown_contact"])}</p>
      </div>
      <div className="mt-5 flex flex-wrap items-center gap-4">
        <button type="button" className={BUTTON} onClick={() => retry()}>
          {siteErrorWords["common.page_error.retry"]}
        </button>
        <Link href="/" className={LINK}>
          {siteErrorWords["common.page_error.back_to_courses"]}
        </Link>
      </div>
      {digest ? <p className="mt-5 text-sm text-slate-700">{siteErrorWords["common.page_error.reference"].replace("{digest}", digest)}</p> : null}
    </section>
  );
}
