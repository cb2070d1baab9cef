"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

export interface TimedWaitProps {
  /** How long the page has waited already, by the server's clock when it rendered. */
  elapsedMs: number;
  /** When waiting turns into `timedOut`. */
  timeoutMs: number;
  /** Re-render from the server this often while waiting (the vendor may report in). */
  refreshMs?: number;
  /** Staff preview: no refreshing, the waiting page as is. */
  disabled?: boolean;
  waiting: ReactNode;
  timedOut: ReactNode;
}

/**
 * A waiting state that ends (docs/decisions/027): while waiting it re-renders the page from the
 * server every few seconds (and as soon as the tab is visible again: background tabs throttle
 * timers, and the learner is usually in the vendor's software meanwhile), so the page moves on by
 * itself when the wait is over. After `timeoutMs` it stops and shows `timedOut`, which says what to
 * do and offers a way back and a retry. The elapsed time comes from the server (the attempt's own
 * timestamp), so a reload of a timed-out page stays timed out.
 */
export function TimedWait({ elapsedMs, timeoutMs, refreshMs = 3_000, disabled = false, waiting, timedOut }: TimedWaitProps) {
  const router = useRouter();
  // The render's elapsed time keeps its own timer: a refresh brings a new `elapsedMs` and restarts it.
  const [expiredFor, setExpiredFor] = useState<number | null>(null);
  const over = elapsedMs >= timeoutMs || expiredFor === elapsedMs;

  useEffect(() => {
    if (disabled || over) return;
    const timeout = window.setTimeout(() => setExpiredFor(elapsedMs), Math.max(timeoutMs - elapsedMs, 0));
    const refresh = window.setInterval(() => router.refresh(), refreshMs);
    const onVisible = () => {
      if (document.visibilityState === "visible") router.refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearTimeout(timeout);
      window.clearInterval(refresh);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router, elapsedMs, timeoutMs, refreshMs, disabled, over]);

  return <>{over && !disabled ? timedOut : waiting}</>;
}

/** "Check again": one more look at the server, for the timed-out page. */
export function CheckAgainButton({ label, className }: { label: string; className: string }) {
  const router = useRouter();
  return (
    <button type="button" className={className} onClick={() => router.refresh()}>
      {label}
    </button>
  );
}
