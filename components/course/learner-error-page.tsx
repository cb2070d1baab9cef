"use client";

import Link from "next/link";
import { Fragment, useEffect, useRef, type ReactNode } from "react";
import { useLearnerPageContext } from "./course-contact";

export interface LearnerErrorPageProps {
  /** What failed: an exam page (answers and timer are mentioned) or another course page. */
  variant: "exam" | "course" | "site";
  error: unknown;
  retry: () => void;
  /** Where "Back to …" leads; the course page when known. */
  backHref: string;
}

const BUTTON =
  "inline-flex min-h-11 items-center justify-center rounded-md bg-blue-700 px-4 py-2 text-base font-medium text-white hover:bg-blue-800";
const LINK = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900";

/**
 * Our page for an unexpected error under the learner routes (Next's error.tsx convention): what
 * happened in plain words, that typed answers are kept in this browser (the autosave queue keeps
 * them in localStorage until the server confirms them), a retry, the way back, and the course's
 * one contact (else the site's). No error message or stack reaches the page, only the digest that
 * matches the server's log line.
 */
export function LearnerErrorPage({ variant, error, retry, backHref }: LearnerErrorPageProps) {
  const page = useLearnerPageContext();
  const messages = page?.messages ?? {};
  // These messages have no plurals: a plain placeholder fill keeps the page's script small.
  const t = (key: string, values: Record<string, string> = {}) =>
    (messages[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  const contact = page?.contact ?? null;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  let who: ReactNode = t("common.page_error.unknown_contact");
  if (contact?.kind === "course_team" && contact.email) {
    who = richText(t("common.page_error.course_team"), { email: <MailTo email={contact.email} /> });
  } else if (contact?.kind === "platform_support") {
    const platform = contact.url ? (
      <a href={contact.url} className={LINK}>
        {contact.name}
      </a>
    ) : (
      contact.name
    );
    who = contact.email
      ? richText(t("common.page_error.platform_email"), { platform, email: <MailTo email={contact.email} /> })
      : richText(t("common.page_error.platform"), { platform });
  }

  return (
    <section aria-labelledby="learner-error-title" className="mx-auto max-w-2xl rounded-lg border-2 border-red-700 bg-white p-6 text-slate-800" data-testid="learner-error">
      <h1 id="learner-error-title" ref={heading} tabIndex={-1} className="text-2xl font-semibold text-slate-900">
        {t(variant === "exam" ? "common.page_error.exam_title" : "common.page_error.title")}
      </h1>
      <div className="mt-3 space-y-3 leading-relaxed">
        <p>{t("common.page_error.text")}</p>
        {variant === "exam" ? (
          <>
            <p className="font-medium text-slate-900">{t("common.page_error.exam_answers")}</p>
            <p>{t("common.page_error.exam_timer")}</p>
          </>
        ) : null}
        <p>{richText(t("common.page_error.next"), { who })}</p>
      </div>
      <div className="mt-5 flex flex-wrap items-center gap-4">
        <button type="button" className={BUTTON} onClick={() => retry()}>
          {t("common.page_error.retry")}
        </button>
        <Link href={backHref} className={LINK}>
          {t(variant === "site" ? "common.page_error.back_to_courses" : "common.page_error.back_to_course")}
        </Link>
      </div>
      {digest ? <p className="mt-5 text-sm text-slate-700">{t("common.page_error.reference", { digest })}</p> : null}
    </section>
  );
}

/** `{name}` placeholders of a formatted message replaced by nodes (links). */
function richText(text: string, nodes: Record<string, ReactNode>): ReactNode {
  return text.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 0 ? part : <Fragment key={i}>{nodes[part] ?? `{${part}}`}</Fragment>));
}

function MailTo({ email }: { email: string }) {
  return (
    <a href={`mailto:${email}`} className={LINK}>
      {email}
    </a>
  );
}
