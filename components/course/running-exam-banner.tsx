"use client";

import { ExamPageLink } from "@/components/ui/exam-page-link";
import { useRouter } from "next/navigation";
import { useCallback, useRef } from "react";
import { ExamTimer } from "@/components/timer/exam-timer";
import type { AttemptCallAction } from "@/lib/actions/exam-types";
import { FOCUS_RING } from "./icons";

export interface RunningExamBannerProps {
  attemptId: number;
  /** The exam page, where the learner continues. */
  examUrl: string;
  /** Already translated on the server: heading, the sentence naming the exam, the link text. */
  text: { heading: string; body: string; returnLink: string };
  /** Submits the attempt when its time is up (lib/actions/exam.ts `submitAttemptAction`). */
  submitAttempt: AttemptCallAction;
}

/**
 * The exam a learner left running, on the course page: its name, the way back, and the timer
 * (without "End My Exam": ending happens on the exam page). If the time runs out here, the
 * attempt is submitted from here, as it would be on the exam page.
 */
export function RunningExamBanner({ attemptId, examUrl, text, submitAttempt }: RunningExamBannerProps) {
  const router = useRouter();
  const onTimeUp = useCallback(async () => {
    const result = await submitAttempt(attemptId);
    // ExamTimer shows "could not be submitted" and offers a retry when this throws.
    if (result.error) throw new Error(result.error);
  }, [submitAttempt, attemptId]);
  // Submitted (or otherwise over): render the page again, without the banner and with the exam's
  // new status. A refused clock (null) refreshes once only: should the server still list the
  // attempt as running, refreshing again would only loop.
  const refusedOnce = useRef(false);
  const onStatusChange = useCallback(
    (status: string | null) => {
      if (status === null) {
        if (refusedOnce.current) return;
        refusedOnce.current = true;
      }
      router.refresh();
    },
    [router],
  );

  return (
    <section
      aria-labelledby="running-exam-heading"
      className="mb-8 rounded-lg border-2 border-brand-700 bg-white p-5"
      data-testid="running-exam-banner"
    >
      <h2 id="running-exam-heading" className="text-lg font-semibold text-slate-900">
        {text.heading}
      </h2>
      <p className="mt-1 text-slate-800">{text.body}</p>
      <p className="mt-3">
        <ExamPageLink
          href={examUrl}
          className={`inline-flex items-center rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 ${FOCUS_RING}`}
        >
          {text.returnLink}
        </ExamPageLink>
      </p>
      <ExamTimer
        attemptId={attemptId}
        onTimeUp={onTimeUp}
        onStatusChange={onStatusChange}
        showEndExam={false}
        className="mt-4"
      />
    </section>
  );
}
