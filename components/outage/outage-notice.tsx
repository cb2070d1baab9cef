"use client";

import { useEffect, useRef, useState } from "react";

/**
 * The outage page inside the site's frame (decision 048): the root layout shows it instead of the
 * page when it could not reach the database. The same words and behaviour as the proxy's plain
 * 503 page (lib/http/outage-page.ts): the heading takes the focus, a Try again button, and a full
 * reload by itself after `retrySeconds` (a reload, not a refresh of the router: the whole page,
 * header included, was rendered without the database).
 */
export function OutageNotice({
  words,
  retrySeconds,
}: {
  words: { title: string; text: string; next: string; retry: string; retrying: string };
  retrySeconds: number;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [retrying, setRetrying] = useState(false);
  useEffect(() => {
    heading.current?.focus();
    const timer = setTimeout(() => {
      setRetrying(true);
      window.location.reload();
    }, retrySeconds * 1000);
    return () => clearTimeout(timer);
  }, [retrySeconds]);

  return (
    <section aria-labelledby="outage-title" className="mx-auto max-w-2xl rounded-lg border-2 border-blue-700 bg-white p-6 text-slate-800" data-testid="outage-page">
      <h1 id="outage-title" ref={heading} tabIndex={-1} className="text-2xl font-semibold text-slate-900 focus:outline-none">
        {words.title}
      </h1>
      <div className="mt-3 space-y-3 leading-relaxed">
        <p>{words.text}</p>
        <p>{words.next}</p>
      </div>
      <button
        type="button"
        disabled={retrying}
        onClick={() => {
          setRetrying(true);
          window.location.reload();
        }}
        className="mt-5 inline-flex min-h-11 items-center justify-center rounded-md bg-blue-700 px-4 py-2 text-base font-medium text-white hover:bg-blue-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:bg-slate-600"
      >
        {retrying ? words.retrying : words.retry}
      </button>
    </section>
  );
}
