"use client";

import { useRouter } from "next/navigation";
import { useCallback, type ReactNode } from "react";
import { flushPendingAnswers } from "@/components/exam-body/answer-sync";
import { VendorHeartbeat } from "@/components/proctoring/vendor-heartbeat";
import { ExamTimer } from "@/components/timer/exam-timer";
import type { AttemptCallAction } from "@/lib/actions/exam-types";

export interface InProgressShellProps {
  attemptId: number;
  warnBeforeLeaving: boolean;
  submitAttempt: AttemptCallAction;
  stopAttempt: AttemptCallAction;
  reportVendorError: AttemptCallAction;
  /** The vendor heartbeat (proctored attempts whose backend has a worker), or null. */
  heartbeat: { workerUrl: string; intervalSeconds: number } | null;
  /** "End My Exam" in the timer bar: while the attempt runs, not on the confirmation page. */
  showEndExam?: boolean;
  /** The exam body (question set or content frame), server-rendered. */
  children: ReactNode;
}

/** How long a pending autosave may hold up "End My Exam" or the automatic submission. */
const FLUSH_TIMEOUT_MS = 4_000;

/**
 * A running attempt: the timer bar, the vendor heartbeat and the exam body. Pending answers are
 * sent before the exam is ended or submitted, so nothing typed before the deadline is lost. Also
 * the confirmation page (ready_to_submit): the clock still runs there and still submits at 00:00,
 * without "End My Exam" and without pings (§5.8).
 */
export function InProgressShell({
  attemptId,
  warnBeforeLeaving,
  submitAttempt,
  stopAttempt,
  reportVendorError,
  heartbeat,
  showEndExam = true,
  children,
}: InProgressShellProps) {
  const router = useRouter();

  const onTimeUp = useCallback(async () => {
    await flushPendingAnswers(FLUSH_TIMEOUT_MS);
    const result = await submitAttempt(attemptId);
    // The timer shows "could not be submitted" and retries; a refused submit of an attempt the
    // server already submitted ends with the clock reporting the new status anyway.
    if (result.error) throw new Error(result.error);
  }, [attemptId, submitAttempt]);

  const onEndExam = useCallback(() => {
    void (async () => {
      await flushPendingAnswers(FLUSH_TIMEOUT_MS);
      await stopAttempt(attemptId);
      router.refresh();
    })();
  }, [attemptId, stopAttempt, router]);

  const onStatusChange = useCallback(() => router.refresh(), [router]);

  return (
    <div className="grid gap-4">
      <ExamTimer
        attemptId={attemptId}
        onTimeUp={onTimeUp}
        onEndExam={onEndExam}
        onStatusChange={onStatusChange}
        warnBeforeLeaving={warnBeforeLeaving}
        showEndExam={showEndExam}
        className="sticky top-0 z-10"
      />
      {heartbeat ? (
        <VendorHeartbeat
          attemptId={attemptId}
          workerUrl={heartbeat.workerUrl}
          intervalSeconds={heartbeat.intervalSeconds}
          reportError={reportVendorError}
        />
      ) : null}
      {children}
    </div>
  );
}
