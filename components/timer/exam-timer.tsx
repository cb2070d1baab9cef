"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useClientTranslate } from "@/components/i18n/client-translate";
import { isInProgress } from "@/lib/domain/statuses";
import type { TimerMessageKey, TimerPhase } from "@/lib/domain/timer-clock";
import { formatMessage, type TranslateValues } from "@/lib/i18n/format";
import { clockUrlFor, useExamClock } from "./use-exam-clock";

export interface ExamTimerProps {
  attemptId: number;
  /** Defaults to our clock endpoint, `/api/attempts/<id>/clock`. */
  clockUrl?: string;
  /**
   * Submits the exam (the page's server action). Called once when the 5-second hold at 00:00
   * ends; again only if it failed and the learner presses "Submit now" or the network returns.
   */
  onTimeUp: () => Promise<void>;
  /**
   * "End My Exam" (usually the `stop` action, which leads to the confirmation page). Without it
   * the button is not shown (e.g. the course page's timer).
   */
  onEndExam?: () => void;
  /**
   * The attempt is no longer running (its status), or the server refused the clock (null).
   * Defaults to reloading the page, which then renders the right interstitial.
   */
  onStatusChange?: (status: string | null) => void;
  /** Ask before leaving the page while the attempt runs (proctored attempts). */
  warnBeforeLeaving?: boolean;
  /** Show "End My Exam" (default true; never shown in ready_to_submit or after 00:00). */
  showEndExam?: boolean;
  className?: string;
}

type SubmitState = "idle" | "submitting" | "failed" | "done";

const PHASE_STYLES: Record<TimerPhase, string> = {
  // Dark text on light tints: well above 7:1 in every state; the border, icon and words carry the
  // state too, so colour is never the only signal.
  normal: "border-slate-300 bg-white text-slate-900",
  low: "border-amber-700 bg-amber-50 text-amber-950",
  critical: "border-red-700 bg-red-50 text-red-950",
  grace: "border-red-700 bg-red-50 text-red-950",
  expired: "border-red-700 bg-red-50 text-red-950",
};

/** How long a deliberate navigation (End My Exam, a status change) may take without the leave prompt. */
const LEAVING_WINDOW_MS = 3_000;

/**
 * The exam timer bar: the countdown from the server's absolute deadline, warnings
 * at the learner's low and critical thresholds, quiet screen-reader announcements, hide/show,
 * "End My Exam", and automatic submission after the hold at 00:00.
 */
export function ExamTimer({
  attemptId,
  clockUrl,
  onTimeUp,
  onEndExam,
  onStatusChange,
  warnBeforeLeaving = false,
  showEndExam = true,
  className = "",
}: ExamTimerProps) {
  // The `timer` namespace comes from the page's ClientMessages (TIMER_MESSAGE_KEYS).
  const translate = useClientTranslate();
  const t = (key: TimerMessageKey, values?: TranslateValues) => translate(key, values);

  const [hidden, setHidden] = useState(false);
  const [submitState, setSubmitState] = useState<SubmitState>("idle");
  const submitting = useRef(false);
  const leavingUntil = useRef(0);
  const onTimeUpRef = useRef(onTimeUp);
  const onStatusChangeRef = useRef(onStatusChange);
  useEffect(() => {
    onTimeUpRef.current = onTimeUp;
    onStatusChangeRef.current = onStatusChange;
  });

  const allowLeaving = useCallback(() => {
    leavingUntil.current = performance.now() + LEAVING_WINDOW_MS;
  }, []);

  const handleStatusChange = useCallback((status: string | null) => {
    allowLeaving();
    if (onStatusChangeRef.current) onStatusChangeRef.current(status);
    else window.location.reload();
  }, [allowLeaving]);

  const resyncRef = useRef<() => void>(() => {});
  const submit = useCallback(async () => {
    if (submitting.current) return; // one submission at a time, whatever calls it
    submitting.current = true;
    setSubmitState("submitting");
    try {
      await onTimeUpRef.current();
      setSubmitState("done");
      // Pick up the new status (submitted), which hands over to onStatusChange.
      resyncRef.current();
    } catch {
      submitting.current = false;
      setSubmitState("failed");
    }
  }, []);

  const clock = useExamClock({
    clockUrl: clockUrl ?? clockUrlFor(attemptId),
    onExpire: () => void submit(),
    onStatusChange: handleStatusChange,
  });
  useEffect(() => {
    resyncRef.current = clock.resync;
  }, [clock.resync]);

  // A failed automatic submission is retried when the network returns.
  useEffect(() => {
    if (submitState !== "failed") return;
    const retry = () => void submit();
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [submitState, submit]);

  // Ask before leaving while the attempt runs (3.8.1's legacy timer did this for proctored exams).
  const armed = warnBeforeLeaving && isInProgress(clock.status) && submitState === "idle";
  useEffect(() => {
    if (!armed) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (performance.now() < leavingUntil.current) return;
      event.preventDefault();
      // Older browsers need returnValue set; the text itself is never shown.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [armed]);

  const view = clock.view;
  const phase: TimerPhase = submitState === "idle" ? (view?.phase ?? "normal") : "expired";
  // Not in ready_to_submit (the page is the confirmation then), nor once time is up.
  const canEnd = Boolean(onEndExam) && showEndExam && clock.status === "started" && (phase === "normal" || phase === "low" || phase === "critical");

  let stateText: string | null = null;
  if (submitState === "failed") stateText = t("timer.state.submit_failed");
  else if (submitState !== "idle" || view?.phase === "expired") stateText = t("timer.state.submitting");
  else if (view?.phase === "grace") stateText = t("timer.state.time_up", { count: view.graceSecondsLeft });
  else if (view?.phase === "critical") stateText = t("timer.state.critical");
  else if (view?.phase === "low") stateText = t("timer.state.low");

  const announcement = clock.announcement;
  const spoken = announcement ? formatMessage(translate, announcement) : "";

  return (
    <section
      aria-label={t("timer.region")}
      className={`rounded-lg border-2 px-4 py-3 shadow-sm ${PHASE_STYLES[phase]} ${className}`}
      data-phase={phase}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <p className="flex items-center gap-2">
          <PhaseIcon phase={phase} />
          <span className="text-sm font-medium">{t("timer.label")}</span>
          {view ? (
            <span role="timer" className={hidden ? "text-base font-medium italic" : "font-mono text-2xl font-semibold tabular-nums"}>
              {hidden ? t("timer.hidden") : view.display}
            </span>
          ) : (
            <span className="text-sm">{clock.syncProblem ? t("timer.load_failed") : t("timer.loading")}</span>
          )}
        </p>
        {stateText ? <p className="font-semibold">{stateText}</p> : null}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {/* The label says what the button does next ("Show timer" once hidden): a changing
              label carries the state, so no aria-pressed (which would read "Show timer, pressed"). */}
          <button
            type="button"
            onClick={() => setHidden((h) => !h)}
            data-hidden={hidden}
            className="inline-flex items-center gap-1.5 rounded-md border border-slate-500 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100"
          >
            <EyeIcon crossed={hidden} />
            {t(hidden ? "timer.show" : "timer.hide")}
          </button>
          {canEnd ? (
            <button
              type="button"
              onClick={() => {
                allowLeaving();
                onEndExam?.();
              }}
              className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-800"
            >
              {t("timer.end_exam")}
            </button>
          ) : null}
          {submitState === "failed" ? (
            <button
              type="button"
              onClick={() => void submit()}
              className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-800"
            >
              {t("timer.submit_retry")}
            </button>
          ) : null}
        </div>
      </div>
      {clock.syncProblem && view && submitState === "idle" ? <p className="mt-2 text-sm">{t("timer.sync_problem")}</p> : null}
      {/* Two live regions, present from the first render so the first announcement is heard. */}
      <div className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement?.politeness === "polite" ? <span key={announcement.id}>{spoken}</span> : null}
      </div>
      <div className="sr-only" aria-live="assertive" aria-atomic="true">
        {announcement?.politeness === "assertive" ? <span key={announcement.id}>{spoken}</span> : null}
      </div>
    </section>
  );
}

function PhaseIcon({ phase }: { phase: TimerPhase }) {
  const common = { "aria-hidden": true, focusable: false, width: 20, height: 20, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round" } as const;
  if (phase === "normal") {
    return (
      <svg {...common}>
        <circle cx="12" cy="12" r="9" />
        <path d="M12 7v5l3 2" />
      </svg>
    );
  }
  if (phase === "low") {
    return (
      <svg {...common}>
        <path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" />
        <path d="M12 9v4M12 17h.01" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <path d="M7.9 2h8.2L22 7.9v8.2L16.1 22H7.9L2 16.1V7.9Z" />
      <path d="M12 8v4M12 16h.01" />
    </svg>
  );
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg aria-hidden focusable={false} width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
      <circle cx="12" cy="12" r="3" />
      {crossed ? <path d="m3 3 18 18" /> : null}
    </svg>
  );
}
