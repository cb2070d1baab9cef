"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";
import { isInProgress } from "@/lib/domain/statuses";
import {
  applySync,
  GRACE_SECONDS,
  initialAnnouncer,
  msUntilNextTick,
  needsResync,
  parseClockResponse,
  remainingMsAt,
  RESYNC_INTERVAL_MS,
  stepAnnouncer,
  timerView,
  type Announcement,
  type AnnouncerState,
  type ClockReading,
  type ClockState,
  type SyncSample,
  type TimerView,
} from "@/lib/domain/timer-clock";

/** Our clock endpoint for an attempt (app/api/attempts/[attemptId]/clock). */
export function clockUrlFor(attemptId: number): string {
  return `/api/attempts/${attemptId}/clock`;
}

let anchor: number | null = null;

/**
 * Client time: the monotonic clock, anchored once to the wall clock so values read like epoch ms.
 * Never `Date.now()` itself, which moves when the computer's clock is changed (see
 * lib/domain/timer-clock.ts); the anchor's own error is absorbed by the offset. Anchored on first
 * use rather than through `performance.timeOrigin`, which fake clocks (Playwright's) may change
 * after the page has loaded.
 */
function clientNow(): number {
  anchor ??= Date.now() - performance.now();
  return anchor + performance.now();
}

export interface UseExamClockOptions {
  clockUrl: string;
  /** Resync cadence while running (default 60 s). */
  resyncIntervalMs?: number;
  graceSeconds?: number;
  /**
   * The hold at 00:00 is over: submit. Called once per clock from a timer callback (not during
   * render); keep your own guard too if you also submit elsewhere.
   */
  onExpire?: () => void;
  /**
   * A sync found the attempt no longer running (`submitted`, `error` …), or the server refused to
   * say (null: signed out, not the owner, gone). Called once per distinct value.
   */
  onStatusChange?: (status: string | null) => void;
  /** For tests and storybooks. */
  fetcher?: typeof fetch;
}

export interface ExamClock {
  /** What to show now; null until the first successful sync (or when the clock never started). */
  view: TimerView | null;
  /** The attempt's status from the last sync. */
  status: string | null;
  /** The last sync failed (network, server error); the clock keeps counting on its last sync. */
  syncProblem: boolean;
  /** The newest announcement for the aria-live region, or null. */
  announcement: Announcement | null;
  /** Sync now, even after 00:00 (e.g. right after submitting, to pick up the new status). */
  resync: () => void;
}

interface State {
  clock: ClockState | null;
  status: string | null;
  /** Client time of the last tick or sync: what `view` is computed for. */
  now: number | null;
  announcer: AnnouncerState;
  announcement: Announcement | null;
  syncProblem: boolean;
  graceSeconds: number;
}

type Action =
  | { type: "synced"; sample: SyncSample; reading: ClockReading; status: string }
  | { type: "tick"; now: number }
  | { type: "failed" };

function withAnnouncement(state: State): State {
  if (!state.clock || state.now === null) return state;
  const step = stepAnnouncer(state.announcer, timerView(state.clock, state.now, state.graceSeconds), state.now, state.graceSeconds);
  return { ...state, announcer: step.state, announcement: step.announcement ?? state.announcement };
}

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case "synced":
      return withAnnouncement({
        ...state,
        clock: applySync(state.clock, action.sample, action.reading),
        status: action.status,
        now: action.sample.receivedAt,
        syncProblem: false,
      });
    case "tick":
      return withAnnouncement({ ...state, now: action.now });
    case "failed":
      return state.syncProblem ? state : { ...state, syncProblem: true };
  }
}

/** Retry delays after failed syncs: 5, 10, 20, 40 s, then the regular interval. */
function retryDelay(failures: number, intervalMs: number): number {
  return Math.min(5_000 * 2 ** Math.max(failures - 1, 0), intervalMs);
}

/** 4xx answers other than "slow down" mean the server will not give this learner this clock. */
function isRefusal(httpStatus: number): boolean {
  return httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429;
}

/**
 * The exam clock: syncs with the server at mount, every 60 s, when the page becomes visible again,
 * when the network returns and when the computer's clocks jumped (sleep, a changed clock); ticks
 * on each change of the displayed second from the monotonic clock; computes the screen-reader
 * announcements. Automatic syncs stop at 00:00 so the hold and the submission are not raced by a
 * reload; `resync()` still works.
 */
export function useExamClock(options: UseExamClockOptions): ExamClock {
  const { clockUrl, resyncIntervalMs = RESYNC_INTERVAL_MS, graceSeconds = GRACE_SECONDS, fetcher } = options;
  const [state, dispatch] = useReducer(reducer, graceSeconds, (g): State => ({
    clock: null,
    status: null,
    now: null,
    announcer: initialAnnouncer(),
    announcement: null,
    syncProblem: false,
    graceSeconds: g,
  }));

  // Latest callbacks and values for timer and event callbacks (written after render, read later).
  const onExpireRef = useRef(options.onExpire);
  const onStatusChangeRef = useRef(options.onStatusChange);
  const clockRef = useRef<ClockState | null>(null);
  const statusRef = useRef<string | null>(null);
  useEffect(() => {
    onExpireRef.current = options.onExpire;
    onStatusChangeRef.current = options.onStatusChange;
  });
  useEffect(() => {
    clockRef.current = state.clock;
    statusRef.current = state.status;
  }, [state.clock, state.status]);

  const inFlight = useRef(false);
  const failures = useRef(0);
  const nextSyncAt = useRef(0);
  const reportedStatus = useRef<string | null | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);

  const reportStatus = useCallback((status: string | null) => {
    if (reportedStatus.current === status) return;
    reportedStatus.current = status;
    onStatusChangeRef.current?.(status);
  }, []);

  const sync = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    const controller = new AbortController();
    abort.current = controller;
    const sentAt = clientNow();
    const failed = () => {
      failures.current += 1;
      nextSyncAt.current = clientNow() + retryDelay(failures.current, resyncIntervalMs);
      dispatch({ type: "failed" });
    };
    try {
      const res = await (fetcher ?? fetch)(clockUrl, {
        cache: "no-store",
        credentials: "same-origin",
        headers: { accept: "application/json" },
        signal: controller.signal,
      });
      // Taken when the headers arrive: reading the body is not part of the round trip.
      const receivedAt = clientNow();
      if (!res.ok) {
        if (isRefusal(res.status)) {
          nextSyncAt.current = Number.POSITIVE_INFINITY;
          reportStatus(null);
          return;
        }
        failed();
        return;
      }
      const parsed = parseClockResponse(await res.json().catch(() => null));
      if (!parsed) {
        failed();
        return;
      }
      failures.current = 0;
      nextSyncAt.current = receivedAt + resyncIntervalMs;
      dispatch({ type: "synced", sample: { sentAt, receivedAt, serverNow: parsed.serverNow }, reading: parsed, status: parsed.status });
      if (!isInProgress(parsed.status)) reportStatus(parsed.status);
    } catch {
      // An unmount aborts the request: nothing to report.
      if (!controller.signal.aborted) failed();
    } finally {
      inFlight.current = false;
    }
  }, [clockUrl, fetcher, resyncIntervalMs, reportStatus]);

  /** Syncs the timer asks for itself: not after the attempt ended, not from 00:00 on. */
  const autoSync = useCallback(() => {
    const status = statusRef.current;
    if (status !== null && !isInProgress(status)) return;
    const clock = clockRef.current;
    const remaining = clock ? remainingMsAt(clock, clientNow()) : null;
    if (remaining !== null && remaining <= 0) return;
    void sync();
  }, [sync]);

  // Sync at mount and on schedule; resync on return to the page, on reconnect, and when the wall
  // and monotonic clocks disagree (the computer slept, or its clock was changed).
  useEffect(() => {
    let prev = { wall: Date.now(), mono: clientNow() };
    const scheduler = setInterval(() => {
      const next = { wall: Date.now(), mono: clientNow() };
      const jumped = needsResync(prev, next, 1000);
      prev = next;
      if (jumped || next.mono >= nextSyncAt.current) autoSync();
    }, 1000);
    const onVisibility = () => {
      if (document.visibilityState === "visible") autoSync();
    };
    const onOnline = () => autoSync();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("online", onOnline);
    const first = setTimeout(autoSync, 0);
    return () => {
      clearInterval(scheduler);
      clearTimeout(first);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", onOnline);
      abort.current?.abort();
    };
  }, [autoSync]);

  // The display tick: just after each change of the displayed second.
  const expireFired = useRef(false);
  useEffect(() => {
    const clock = state.clock;
    if (!clock || clock.deadlineMs === null) return;
    let timer: ReturnType<typeof setTimeout>;
    const run = () => {
      const now = clientNow();
      dispatch({ type: "tick", now });
      const remaining = remainingMsAt(clock, now) ?? 0;
      if (remaining <= -graceSeconds * 1000 && !expireFired.current) {
        expireFired.current = true;
        onExpireRef.current?.();
      }
      timer = setTimeout(run, msUntilNextTick(remaining));
    };
    timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }, [state.clock, graceSeconds]);

  const resync = useCallback(() => {
    void sync();
  }, [sync]);

  const view = state.clock && state.now !== null ? timerView(state.clock, state.now, graceSeconds) : null;
  return { view, status: state.status, syncProblem: state.syncProblem, announcement: state.announcement, resync };
}
