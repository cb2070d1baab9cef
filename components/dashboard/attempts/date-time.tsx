"use client";

import { LocalTime } from "@/components/local-time/local-time";

/** The dashboard is in English (its texts are not translated yet); its dates read the same way. */
const DASHBOARD_LOCALE = "en-US";

/**
 * An instant in a dashboard table, in the browser's time zone through the one `<LocalTime>` every
 * page uses ("May 1, 2026, 2:05 PM UTC" until the browser's zone is known), or "---" when there
 * is none (§13.2).
 */
export function DateTime({ iso }: { iso: string | null }) {
  if (!iso) {
    return (
      <span>
        <span aria-hidden="true">---</span>
        <span className="sr-only">none</span>
      </span>
    );
  }
  return <LocalTime iso={iso} locale={DASHBOARD_LOCALE} format="short_day_time" />;
}
