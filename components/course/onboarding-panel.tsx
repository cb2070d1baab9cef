import { ExamPageLink } from "@/components/ui/exam-page-link";
import type { ReactNode } from "react";
import { onboardingPanelState, type PanelColour } from "@/lib/domain/onboarding";
import { useLocale, useTranslations } from "next-intl";
import type { Translate } from "@/lib/i18n/format";
import { FOCUS_RING, StatusIcon, type StatusIconName } from "./icons";
import { KEEP_DATE } from "@/components/local-time/format";
import { LocalTimeText } from "@/components/local-time/local-time";

/** What the panel needs: GET …/user_onboarding/status's answer (§7.2, §20), plus the info link. */
export interface OnboardingPanelData {
  /** A raw attempt status, "other_course_approved", or null. */
  status: string | null;
  /** The onboarding exam page; null while it is not released yet or past due. */
  link: string | null;
  expirationDate: Date | null;
  releaseDate: Date | null;
  pastDue: boolean;
  /** Instructions and system requirements; the link is left out when none is configured. */
  infoUrl: string | null;
}

export interface OnboardingPanelProps {
  data: OnboardingPanelData;
  now: Date;
  /** Time zone of the server's rendering; the browser's own replaces it (LocalTime). */
  timeZone: string;
}

type StatusGroup =
  | "not_started"
  | "started"
  | "submitted"
  | "verified"
  | "rejected"
  | "error"
  | "other_course_approved"
  | "expiring_soon";

/**
 * The panel's display status (onboardingPanelState's `displayStatus`) → catalogue group (§7.3).
 * `onboarding_reset` reads as not started (a retried attempt, as the panel has treated it since
 * 3.8.5). Statuses outside this table — null, and ones an onboarding attempt does not normally
 * reach — show "Not Started" without a message: 3.8.1 printed the raw status string there, which
 * is neither translatable nor meaningful to a learner.
 */
const STATUS_GROUPS: Record<string, StatusGroup> = {
  created: "not_started",
  download_software_clicked: "not_started",
  ready_to_start: "not_started",
  onboarding_reset: "not_started",
  started: "started",
  ready_to_submit: "started",
  submitted: "submitted",
  second_review_required: "submitted",
  verified: "verified",
  rejected: "rejected",
  error: "error",
  other_course_approved: "other_course_approved",
  expiring_soon: "expiring_soon",
};

const COLOUR_STYLES: Record<PanelColour, { border: string; icon: string; iconName: StatusIconName }> = {
  red: { border: "border-t-red-700", icon: "text-red-700", iconName: "warning" },
  blue: { border: "border-t-blue-700", icon: "text-blue-700", iconName: "info" },
  green: { border: "border-t-green-700", icon: "text-green-700", iconName: "check" },
};

const BUTTON = `inline-flex items-center rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 ${FOCUS_RING}`;
const DISABLED_BUTTON = "inline-flex cursor-not-allowed items-center rounded-md border border-slate-400 bg-slate-100 px-4 py-2 font-semibold text-slate-700";
const EXPLANATION_ID = "onboarding-button-explanation";

/**
 * The learner's proctoring info panel (§7.3, with §20's past-due state): onboarding status, what it
 * means, a reminder, the way to the onboarding exam and the instructions link. The rules are
 * lib/domain/onboarding.ts's `onboardingPanelState`; every word comes from the catalogue.
 */
export function OnboardingPanel({ data, now, timeZone }: OnboardingPanelProps) {
  const t = useTranslations() as Translate;
  const locale = useLocale();
  const panel = onboardingPanelState({
    onboardingStatus: data.status,
    expirationDate: data.expirationDate,
    releaseDate: data.releaseDate,
    pastDue: data.pastDue,
    now,
  });
  const group = panel.displayStatus ? STATUS_GROUPS[panel.displayStatus] : undefined;
  const style = COLOUR_STYLES[panel.colour];

  return (
    <section
      aria-labelledby="onboarding-panel-heading"
      className={`rounded-lg border border-t-8 border-slate-200 bg-white p-5 ${style.border}`}
      data-testid="onboarding-panel"
      data-status={panel.displayStatus ?? "none"}
    >
      <h2 id="onboarding-panel-heading" className="text-lg font-semibold text-slate-900">
        {t("course.onboarding.heading")}
      </h2>
      <p className="mt-3 flex flex-wrap items-center gap-2 text-slate-900">
        <StatusIcon name={style.iconName} className={style.icon} />
        <span>{t("course.onboarding.current_status")}</span>
        <strong data-testid="onboarding-status">{t(`course.onboarding.status.${group ?? "not_started"}`)}</strong>
      </p>
      {group ? <p className="mt-2 text-slate-800">{t(`course.onboarding.message.${group}`)}</p> : null}
      {group === "other_course_approved" ? (
        <p className="mt-2 text-sm text-slate-700">{t("course.onboarding.detail.other_course_approved")}</p>
      ) : null}

      {panel.showReminder ? (
        <div className="mt-4 rounded-md bg-slate-50 p-3" data-testid="onboarding-reminder">
          <p className="font-medium text-slate-900">
            {t(panel.button ? "course.onboarding.reminder.verify_recommended" : "course.onboarding.reminder.submitted")}
          </p>
          <p className="mt-1 text-sm text-slate-700">{t("course.onboarding.reminder.review_time")}</p>
        </div>
      ) : null}

      {panel.button ? <div className="mt-4">{renderButton(panel.button.kind)}</div> : null}

      {data.infoUrl ? (
        <p className="mt-4 text-sm">
          <a href={data.infoUrl} className={`text-brand-700 underline underline-offset-2 hover:text-brand-800 ${FOCUS_RING}`}>
            {t("course.onboarding.info_link")}
          </a>
        </p>
      ) : null}
    </section>
  );

  function renderButton(kind: "link" | "not_open" | "past_due") {
    if (kind === "link" && data.link) {
      const key = data.status === "other_course_approved" ? "course.onboarding.button.view" : "course.onboarding.button.complete";
      return (
        <ExamPageLink href={data.link} className={BUTTON} data-testid="onboarding-button">
          {t(key)}
        </ExamPageLink>
      );
    }
    let label: ReactNode;
    let explanation: string;
    if (kind === "not_open" && data.releaseDate) {
      label = (
        <LocalTimeText
          template={t("course.onboarding.button.opens", KEEP_DATE)}
          iso={data.releaseDate.toISOString()}
          locale={locale}
          serverTimeZone={timeZone}
          format="day"
        />
      );
      explanation = t("course.onboarding.button.opens_explanation");
    } else if (kind === "past_due") {
      label = t("course.onboarding.button.past_due");
      explanation = t("course.onboarding.button.past_due_explanation");
    } else {
      // The link kind without a link: the endpoint withheld it (a race with a due date); say so.
      label = t("course.onboarding.button.unavailable");
      explanation = t("course.onboarding.button.unavailable_explanation");
    }
    return (
      <>
        <button type="button" disabled aria-describedby={EXPLANATION_ID} className={DISABLED_BUTTON} data-testid="onboarding-button">
          {label}
        </button>
        <p id={EXPLANATION_ID} className="mt-2 text-sm text-slate-700">
          {explanation}
        </p>
      </>
    );
  }
}
