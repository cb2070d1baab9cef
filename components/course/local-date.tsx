"use client";

import { useSyncExternalStore } from "react";
import { formatDate, splitAtDate, type DateFormat } from "./format-date";

const noSubscription = () => () => {};

function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

export interface LocalDateTextProps {
  /** A catalogue message with a `{date}` placeholder, e.g. "Onboarding Opens {date}". */
  template: string;
  /** ISO 8601 instant (a string: props of client components must be serialisable). */
  iso: string;
  locale: string;
  /**
   * The time zone the server renders in (the learner's if known, else UTC). In the browser the
   * browser's own time zone replaces it after hydration: that is where the learner is.
   */
  timeZone: string;
  format?: DateFormat;
}

/**
 * A sentence with a date in the learner's time zone. The server's rendering and the first client
 * render agree (getServerSnapshot), so hydration never mismatches; the browser's zone follows.
 */
export function LocalDateText({ template, iso, locale, timeZone, format = "day" }: LocalDateTextProps) {
  const browserZone = useSyncExternalStore(noSubscription, browserTimeZone, () => null);
  const [before, after] = splitAtDate(template);
  return (
    <>
      {before}
      <time dateTime={iso}>{formatDate(new Date(iso), locale, browserZone ?? timeZone, format)}</time>
      {after}
    </>
  );
}
