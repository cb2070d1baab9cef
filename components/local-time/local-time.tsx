"use client";

import { useSyncExternalStore } from "react";
import { formatDate, splitAtDate, type DateFormat } from "./format";

export type { DateFormat };

const noSubscription = () => () => {};

function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

export interface LocalTimeProps {
  /** ISO 8601 instant (a string: props of client components must be serialisable). */
  iso: string;
  locale: string;
  format?: DateFormat;
  /**
   * The zone of the server's rendering and of the first client render (default UTC): a stable
   * fallback that says its zone, before the browser's own zone replaces it.
   */
  serverTimeZone?: string;
}

/**
 * Every time a learner reads, in the learner's own time zone (docs/decisions/027). The server and
 * the hydrating render agree (getServerSnapshot gives no zone, so both print `serverTimeZone`):
 * no hydration mismatch. Right after, the browser's zone is used. The `<time>` element carries the
 * exact instant for machines and assistive technology.
 */
export function LocalTime({ iso, locale, format = "day_time", serverTimeZone = "UTC" }: LocalTimeProps) {
  const browserZone = useSyncExternalStore(noSubscription, browserTimeZone, () => null);
  return (
    <time dateTime={iso} data-zone={browserZone ? "browser" : "server"}>
      {formatDate(new Date(iso), locale, browserZone ?? serverTimeZone, format)}
    </time>
  );
}

/** A catalogue sentence with one `{date}` placeholder, the date a LocalTime. */
export function LocalTimeText({ template, ...props }: LocalTimeProps & { template: string }) {
  const [before, after] = splitAtDate(template);
  return (
    <>
      {before}
      <LocalTime {...props} />
      {after}
    </>
  );
}
