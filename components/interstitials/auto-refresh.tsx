"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page from the server every few seconds while mounted, so the system-check page
 * moves on to "ready to start" by itself once the vendor reports the learner ready (§8.11). Also
 * refreshes as soon as the tab becomes visible again: the learner is usually in the vendor's
 * software while this runs, and background tabs throttle timers.
 */
export function AutoRefresh({ intervalMs = 3_000, disabled = false }: { intervalMs?: number; disabled?: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (disabled) return;
    const timer = window.setInterval(() => router.refresh(), intervalMs);
    const onVisible = () => {
      if (document.visibilityState === "visible") router.refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router, intervalMs, disabled]);
  return null;
}
