import { ExamPageLink } from "@/components/ui/exam-page-link";
import type { SpecialExamKind } from "@/lib/domain/student-view";
import { isCompleted, isInProgress, type AttemptStatus } from "@/lib/domain/statuses";
import type { AttemptStatusSummary } from "@/lib/domain/summary";
import { useLocale, useTranslations } from "next-intl";
import type { Translate } from "@/lib/i18n/format";
import { FOCUS_RING, StatusIcon, type StatusIconName } from "./icons";
import { KEEP_DATE } from "@/components/local-time/format";
import { LocalTimeText } from "@/components/local-time/local-time";

/** One exam card's data (lib/queries/learner-course.ts `LearnerCourseExam`). */
export interface ExamCardData {
  id: number;
  name: string;
  kind: SpecialExamKind;
  timeLimitMins: number;
  dueDate: Date | null;
  duePassed: boolean;
  hideAfterDue: boolean;
  attemptStatus: AttemptStatus | null;
  summary: AttemptStatusSummary | null;
  url: string;
}

export interface ExamListProps {
  exams: readonly ExamCardData[];
  timeZone: string;
  /** Course staff: summaries a learner would not get are explained as a preview. */
  isStaff: boolean;
}

/**
 * §3.6's short descriptions (lib/domain/summary.ts) → catalogue keys. The summary's English text
 * is the key of this table, never shown; a test checks every summary the domain can return has one.
 */
export const SUMMARY_MESSAGE_KEYS: Readonly<Record<string, string>> = {
  "Timed Exam": "course.summary.timed",
  "Taking As Proctored Exam": "course.summary.proctored_default",
  "Proctored Option Available": "course.summary.eligible",
  "Taking As Open Exam": "course.summary.declined",
  "Pending Session Review": "course.summary.pending_review",
  "Passed Proctoring": "course.summary.passed",
  "Failed Proctoring": "course.summary.failed",
  "Proctored Option No Longer Available": "course.summary.expired",
  "Ungraded Practice Exam": "course.summary.practice_default",
  "Practice Exam Completed": "course.summary.practice_completed",
  "Practice Exam Failed": "course.summary.practice_failed",
};

/** §3.6's Font Awesome names → our icons (no spinning: the words say "pending"). */
const SUMMARY_ICONS: Readonly<Record<string, StatusIconName>> = {
  "fa-clock-o": "clock",
  "fa-pencil-square-o": "pencil",
  "fa-spinner fa-spin": "hourglass",
  "fa-check": "check",
  "fa-exclamation-triangle": "warning",
  "fa-times-circle": "cross",
};

const ICON_COLOURS: Readonly<Record<StatusIconName, string>> = {
  clock: "text-slate-700",
  pencil: "text-slate-700",
  hourglass: "text-blue-700",
  check: "text-green-700",
  warning: "text-red-700",
  cross: "text-red-700",
  lock: "text-slate-700",
  info: "text-blue-700",
};

interface StatusLine {
  icon: StatusIconName;
  text: string;
}

/**
 * What the card says about the learner's standing. §3.6 gives a timed exam only "Timed Exam",
 * which the kind line already says, so a timed card reports the attempt's progress instead.
 */
function statusLine(exam: ExamCardData, t: Translate, isStaff: boolean): StatusLine {
  if (exam.kind === "timed") {
    const progress = isInProgress(exam.attemptStatus) ? "in_progress" : isCompleted(exam.attemptStatus) ? "completed" : "not_started";
    const icon: StatusIconName = progress === "completed" ? "check" : "clock";
    return { icon, text: t(`course.exam.progress.${progress}`) };
  }
  if (!exam.summary) {
    return isStaff ? { icon: "info", text: t("course.exam.staff_preview") } : { icon: "lock", text: t("course.exam.not_eligible") };
  }
  const key = SUMMARY_MESSAGE_KEYS[exam.summary.short_description];
  return {
    icon: SUMMARY_ICONS[exam.summary.suggested_icon] ?? "pencil",
    // An unmapped summary (a new one in the domain) shows the domain's own words, not a raw key.
    text: key ? t(key) : exam.summary.short_description,
  };
}

/** The course's exams as cards: name (a link to the exam page), kind, time, due date, status. */
export function ExamList({ exams, timeZone, isStaff }: ExamListProps) {
  const t = useTranslations() as Translate;
  const locale = useLocale();
  return (
    <ul className="grid gap-3" data-testid="exam-list">
      {exams.map((exam) => {
        const status = statusLine(exam, t, isStaff);
        const nameId = `exam-${exam.id}-name`;
        return (
          <li key={exam.id}>
            <article aria-labelledby={nameId} className="rounded-lg border border-slate-200 bg-white p-5" data-testid="exam-card">
              <h3 id={nameId} className="text-base font-semibold">
                <ExamPageLink href={exam.url} className={`text-brand-700 underline underline-offset-2 hover:text-brand-800 ${FOCUS_RING}`}>
                  {exam.name}
                </ExamPageLink>
              </h3>
              <p className="mt-1 text-sm text-slate-700">
                {t(`course.exam.kind.${exam.kind}`)} · {t("course.exam.time_limit", { count: exam.timeLimitMins })}
              </p>
              {exam.dueDate ? (
                <p className="mt-1 text-sm text-slate-700">
                  <LocalTimeText
                    template={t(exam.duePassed ? "course.exam.due_passed" : "course.exam.due", KEEP_DATE)}
                    iso={exam.dueDate.toISOString()}
                    locale={locale}
                    serverTimeZone={timeZone}
                    format="day_time"
                  />
                </p>
              ) : null}
              {isStaff && exam.hideAfterDue ? <p className="mt-1 text-sm text-slate-700">{t("course.exam.hidden_after_due")}</p> : null}
              <p className="mt-3 flex items-center gap-2 text-sm text-slate-900" data-testid="exam-status">
                <StatusIcon name={status.icon} className={ICON_COLOURS[status.icon]} />
                <span className="text-slate-700">{t("course.exam.status")}</span>
                <span className="font-semibold">{status.text}</span>
              </p>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
