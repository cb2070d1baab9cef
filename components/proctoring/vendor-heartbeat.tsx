"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { AttemptCallAction } from "@/lib/actions/exam-types";

export interface VendorHeartbeatProps {
  attemptId: number;
  workerUrl: string;
  /** The backend's ping interval in seconds; each ping must be answered within it (§5.8). */
  intervalSeconds: number;
  /** The `error` action: saves the time left and moves the attempt to `error`. */
  reportError: AttemptCallAction;
}

/**
 * The vendor heartbeat while a proctored attempt runs (§5.8): a ping half an interval after the
 * page opens and then every interval; a ping unanswered within the interval sends `error` and the
 * page re-renders (the error interstitial). Mounted only on the in-progress page, so there are no
 * pings in ready_to_submit or after submission.
 */
export function VendorHeartbeat({ attemptId, workerUrl, intervalSeconds, reportError }: VendorHeartbeatProps) {
  const router = useRouter();
  const reported = useRef(false);

  useEffect(() => {
    const intervalMs = Math.max(intervalSeconds, 1) * 1000;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const ping = async () => {
      if (stopped || reported.current) return;
      try {
        // The worker bridge loads with the first ping, half an interval after the page opens.
        const { runVendorHandshake } = await import("./vendor-worker");
        await runVendorHandshake(workerUrl, "ping", { timeoutMs: intervalMs });
      } catch {
        if (stopped || reported.current) return;
        reported.current = true;
        await reportError(attemptId).catch(() => undefined);
        router.refresh();
        return;
      }
      if (!stopped) timer = setTimeout(ping, intervalMs);
    };
    timer = setTimeout(ping, intervalMs / 2);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [attemptId, workerUrl, intervalSeconds, reportError, router]);

  return null;
}
