"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { BUTTON_STYLES } from "./button-styles";

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
  // "Keep waiting" starts a new wait in this page (until `restart.until`, a performance.now() time);
  // until then the server's elapsed time counts, and each refresh brings a new one. `overFor`
  // remembers which wait ran out.
  const [restart, setRestart] = useState<{ count: number; until: number } | null>(null);
  const [overFor, setOverFor] = useState<string | null>(null);
  const waitKey = restart ? `restart-${restart.count}` : `server-${elapsedMs}`;
  const over = (!restart && elapsedMs >= timeoutMs) || overFor === waitKey;

  useEffect(() => {
    if (disabled || over) return;
    const remaining = restart ? restart.until - performance.now() : timeoutMs - elapsedMs;
    const timeout = window.setTimeout(() => setOverFor(waitKey), Math.max(remaining, 0));
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
  }, [router, waitKey, restart, elapsedMs, timeoutMs, refreshMs, disabled, over]);

  const keepWaiting = () => setRestart((r) => ({ count: (r?.count ?? 0) + 1, until: performance.now() + timeoutMs }));
  return (
    <KeepWaitingContext.Provider value={keepWaiting}>{over && !disabled ? timedOut : waiting}</KeepWaitingContext.Provider>
  );
}

const KeepWaitingContext = createContext<() => void>(() => {});

/** "Keep waiting": the timed-out page goes back to waiting (and refreshing) for another full time-out. */
export function KeepWaitingButton({ label, variant }: { label: string; variant: keyof typeof BUTTON_STYLES }) {
  const keepWaiting = useContext(KeepWaitingContext);
  return (
    <button type="button" className={BUTTON_STYLES[variant]} onClick={keepWaiting}>
      {label}
    </button>
  );
}

/** "Check again": one more look at the server, for the timed-out page. */
export function CheckAgainButton({ label, variant }: { label: string; variant: keyof typeof BUTTON_STYLES }) {
  const router = useRouter();
  return (
    <button type="button" className={BUTTON_STYLES[variant]} onClick={() => router.refresh()}>
      {label}
    </button>
  );
}
