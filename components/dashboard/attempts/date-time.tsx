"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/** "May 1, 2026, 2:05 PM UTC" in a time zone; falls back to UTC when the zone is unknown. */
export function formatDashboardDate(iso: string, timeZone: string): string {
  const date = new Date(iso);
  for (const tz of [timeZone, "UTC"]) {
    try {
      return new Intl.DateTimeFormat("en-US", {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZone: tz,
        timeZoneName: "short",
      }).format(date);
    } catch {
      // next fallback
    }
  }
  return iso;
}

/**
 * An instant in the browser's time zone (UTC on the server and the first client render, so
 * hydration agrees), or "---" when there is none (§13.2).
 */
export function DateTime({ iso }: { iso: string | null }) {
  const zone = useSyncExternalStore(noSubscription, browserTimeZone, () => null);
  if (!iso) {
    return (
      <span>
        <span aria-hidden="true">---</span>
        <span className="sr-only">none</span>
      </span>
    );
  }
  return <time dateTime={iso}>{formatDashboardDate(iso, zone ?? "UTC")}</time>;
}
