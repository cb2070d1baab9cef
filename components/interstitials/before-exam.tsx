/** Interstitials shown before an attempt runs: gates, the entrance and the onboarding requirement. */
import Link from "next/link";
import type { Prerequisite } from "@/lib/domain/credit";
import { BUTTON_STYLES } from "./button-styles";
import {
  Actions,
  type Ctx,
  Footer,
  formatList,
  LINK,
  modeLabel,
  NextStep,
  Panel,
  safeHref,
  type ViewOf,
} from "./shared";

export function NotEligible({ ctx, view }: { ctx: Ctx; view: ViewOf<"not_eligible"> }) {
  const { t } = ctx;
  if (view.reason === "not_enrolled") {
    return (
      <Panel ctx={ctx} title={t("interstitials.not_eligible.not_enrolled.title")} tone="warning">
        <p>{t("interstitials.not_eligible.not_enrolled.text")}</p>
        <NextStep ctx={ctx}>
          <p>{t("interstitials.not_eligible.not_enrolled.next")}</p>
        </NextStep>
        <Footer ctx={ctx} />
      </Panel>
    );
  }
  const changeEnrollment = safeHref(ctx.props.links?.changeEnrollment);
  const modes = formatList(
    t,
    ctx.locale,
    view.eligibleModes.map((m) => modeLabel(t, m)),
  );
  return (
    <Panel ctx={ctx} title={t("interstitials.not_eligible.enrollment_mode.title")} tone="warning">
      <p>
        {view.enrollmentMode
          ? t("interstitials.not_eligible.enrollment_mode.text", { mode: modeLabel(t, view.enrollmentMode) })
          : t("interstitials.not_eligible.enrollment_mode.unknown_text")}{" "}
        {t("interstitials.not_eligible.enrollment_mode.eligible", { modes })}
      </p>
      <NextStep ctx={ctx}>
        {changeEnrollment ? (
          <>
            <p>{t("interstitials.not_eligible.enrollment_mode.next_link")}</p>
            <p>
              <a href={changeEnrollment} className={LINK}>
                {t("interstitials.not_eligible.enrollment_mode.change_link")}
              </a>
            </p>
          </>
        ) : (
          <p>{t("interstitials.not_eligible.enrollment_mode.next")}</p>
        )}
      </NextStep>
      <Footer ctx={ctx} />
    </Panel>
  );
}

export function InactiveAccount({ ctx }: { ctx: Ctx; view: ViewOf<"inactive_account"> }) {
  const { t } = ctx;
  return (
    <Panel ctx={ctx} title={t("interstitials.inactive_account.title")} tone="warning">
      <p>{t("interstitials.inactive_account.text")}</p>
      <NextStep ctx={ctx}>
        <p>{t("interstitials.inactive_account.next")}</p>
      </NextStep>
      <Footer ctx={ctx} />
    </Panel>
  );
}

export function DueDatePassed({ ctx, view }: { ctx: Ctx; view: ViewOf<"due_date_passed"> }) {
  const { t } = ctx;
  return (
    <Panel ctx={ctx} title={t("interstitials.due_date_passed.title")} tone="warning">
      <p>
        {view.dueDate
          ? ctx.rich(view.autoSubmitAt ? "interstitials.due_date_passed.running_text" : "interstitials.due_date_passed.text", {
              date: ctx.date(view.dueDate),
            })
          : t(view.autoSubmitAt ? "interstitials.due_date_passed.running_text_no_date" : "interstitials.due_date_passed.text_no_date")}
      </p>
      {view.autoSubmitAt ? (
        <p className="font-medium text-slate-900">
          {ctx.rich("interstitials.due_date_passed.auto_submit", { date: ctx.date(view.autoSubmitAt) })}
        </p>
      ) : null}
      <NextStep ctx={ctx}>
        <p>{t("interstitials.due_date_passed.next")}</p>
      </NextStep>
      <Footer ctx={ctx} />
    </Panel>
  );
}

/** The "Take this exam without proctoring" button with its confirmation (intent decline). */
export function OptOut({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  return ctx.form({
    intent: "decline",
    label: t("interstitials.opt_out.button"),
    variant: "secondary",
    confirm: {
      title: t("interstitials.opt_out.confirm_title"),
      text: t("interstitials.opt_out.confirm_text"),
      yes: t("interstitials.opt_out.confirm_yes"),
      no: t("interstitials.go_back"),
      // Giving up proctoring is never the highlighted choice: "Go back" is.
      yesVariant: "secondary",
    },
  });
}

export function Entrance({ ctx, view }: { ctx: Ctx; view: ViewOf<"entrance"> }) {
  const { t } = ctx;
  const time = ctx.duration(view.totalTime.minutes);

  if (view.examKind === "timed") {
    return (
      <Panel ctx={ctx} title={t("interstitials.entrance.timed.title", { time })}>
        <p>{t("interstitials.entrance.timed.text", { time })}</p>
        <p>{t("interstitials.entrance.timed.rules")}</p>
        <Actions>
          {ctx.form({
            intent: "start_timed",
            label: t("interstitials.start.button"),
            pendingLabel: t("interstitials.start.pending"),
          })}
        </Actions>
        <NextStep ctx={ctx}>
          <p>{t("interstitials.entrance.timed.next")}</p>
        </NextStep>
        {view.additionalTimeNote ? (
          <div>
            <h3 className="font-semibold text-slate-900">{t("interstitials.entrance.timed.additional_time_title")}</h3>
            <p className="mt-1">{t("interstitials.entrance.timed.additional_time_text")}</p>
          </div>
        ) : null}
        <Footer ctx={ctx} />
      </Panel>
    );
  }

  const kind = view.examKind;
  return (
    <Panel ctx={ctx} title={t(`interstitials.entrance.${kind}.title`)}>
      <p>{t(`interstitials.entrance.${kind}.text`)}</p>
      {kind === "onboarding" ? <p>{t("interstitials.entrance.onboarding.review")}</p> : null}
      <p>{t("interstitials.entrance.time", { time })}</p>
      <Actions>
        {ctx.form({ intent: "begin_proctored", label: t(`interstitials.entrance.${kind}.button`) })}
        {view.optOutAllowed ? <OptOut ctx={ctx} /> : null}
      </Actions>
      <NextStep ctx={ctx}>
        <p>{t("interstitials.entrance.proctored_next")}</p>
      </NextStep>
      <Footer ctx={ctx} provider={kind === "onboarding"} />
    </Panel>
  );
}

export function OnboardingError({ ctx, view }: { ctx: Ctx; view: ViewOf<"onboarding_error"> }) {
  const { t } = ctx;
  const coursePage = `/courses/${encodeURIComponent(ctx.props.exam.courseKey)}`;
  return (
    <Panel ctx={ctx} title={t("interstitials.onboarding_error.title")} tone="warning">
      <p>{t(`interstitials.onboarding_error.${view.status}`)}</p>
      <NextStep ctx={ctx}>
        {view.nextStep === "complete_onboarding" ? (
          <p>
            <Link href={coursePage} className={LINK}>
              {t("interstitials.onboarding_error.link")}
            </Link>
          </p>
        ) : (
          <p>{t("interstitials.onboarding_error.wait")}</p>
        )}
        {view.canTryAgain ? <p>{t("interstitials.onboarding_error.try_again_hint")}</p> : null}
      </NextStep>
      {view.canTryAgain ? (
        <Actions>
          {ctx.form({ intent: "try_again", label: t("interstitials.onboarding_error.try_again"), variant: "secondary" })}
        </Actions>
      ) : null}
      <Footer ctx={ctx} provider />
    </Panel>
  );
}

/**
 * Where a prerequisite links to (§12.3: only `proctored_exam` and `reverification` requirements):
 * a proctored exam's page here (its name is the exam's content id), the LMS's verification page
 * for a reverification; null (plain text) for every other requirement.
 */
export function prerequisiteHref(p: Prerequisite, courseKey: string, reverifyUrl: string | null): string | null {
  if (!p.jumpable) return null;
  if (p.namespace === "proctored_exam") return `/courses/${encodeURIComponent(courseKey)}/exams/${encodeURIComponent(p.name)}`;
  if (p.namespace === "reverification") return safeHref(reverifyUrl);
  return null;
}

function PrerequisiteList({ ctx, title, items, reverifyUrl }: { ctx: Ctx; title: string; items: Prerequisite[]; reverifyUrl: string | null }) {
  return (
    <div>
      <h3 className="font-semibold text-slate-900">{title}</h3>
      <ul className="mt-1 list-disc space-y-1 pl-6" data-prerequisites>
        {items.map((p) => {
          const href = prerequisiteHref(p, ctx.props.exam.courseKey, reverifyUrl);
          return (
            <li key={`${p.namespace}:${p.name}`} className="break-words">
              {href ? (
                <a href={href} className={LINK}>
                  {p.displayName}
                </a>
              ) : (
                p.displayName
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * §12.3 failed-prerequisites and pending-prerequisites: the requirements still in the way (jump-to
 * links where upstream gives them), what happens next, and the opt-out button when the course
 * allows opting out.
 */
function PrerequisitesPage({ ctx, kind, view }: { ctx: Ctx; kind: "failed" | "pending"; view: ViewOf<"failed_prerequisites" | "pending_prerequisites"> }) {
  const { t } = ctx;
  const key = `interstitials.prerequisites.${kind}`;
  return (
    <Panel ctx={ctx} title={t(`${key}.title`)} tone="warning">
      <p>{t(`${key}.text`)}</p>
      <PrerequisiteList ctx={ctx} title={t(`${key}.list`)} items={view.prerequisites} reverifyUrl={view.reverifyUrl} />
      <NextStep ctx={ctx}>
        {/* A failed prerequisite leaves only the opt-out when it is allowed; a pending one also waits. */}
        {kind === "pending" || !view.optOutAllowed ? <p>{t(`${key}.next`)}</p> : null}
        {view.optOutAllowed ? <p>{t(`${key}.opt_out`)}</p> : null}
      </NextStep>
      {view.optOutAllowed ? (
        <Actions>
          <OptOut ctx={ctx} />
        </Actions>
      ) : null}
      <Footer ctx={ctx} />
    </Panel>
  );
}

export function FailedPrerequisites({ ctx, view }: { ctx: Ctx; view: ViewOf<"failed_prerequisites"> }) {
  return <PrerequisitesPage ctx={ctx} kind="failed" view={view} />;
}

export function PendingPrerequisites({ ctx, view }: { ctx: Ctx; view: ViewOf<"pending_prerequisites"> }) {
  return <PrerequisitesPage ctx={ctx} kind="pending" view={view} />;
}

/**
 * §12.3 id_verification, four variants: pending (wait), must_reverify ("Retry verification"),
 * expired and none ("Continue to verification"), the button a link to the LMS's verification page.
 * Without one configured the page says to contact support, whom the footer names.
 */
export function IdVerification({ ctx, view }: { ctx: Ctx; view: ViewOf<"id_verification"> }) {
  const { t } = ctx;
  const href = safeHref(view.reverifyUrl);
  const pending = view.status === "pending";
  return (
    <Panel ctx={ctx} title={t("interstitials.id_verification.title")} tone="warning">
      <p>{t(`interstitials.id_verification.${view.status}`)}</p>
      <NextStep ctx={ctx}>
        {pending ? (
          <p>{t("interstitials.id_verification.pending_next")}</p>
        ) : (
          <p>{t(href ? "interstitials.id_verification.next" : "interstitials.id_verification.no_link")}</p>
        )}
      </NextStep>
      {!pending && href ? (
        <Actions>
          {ctx.preview ? (
            <span className={BUTTON_STYLES.primary} aria-disabled="true">
              {t(view.status === "must_reverify" ? "interstitials.id_verification.retry" : "interstitials.id_verification.continue")}
            </span>
          ) : (
            <a href={href} className={BUTTON_STYLES.primary}>
              {t(view.status === "must_reverify" ? "interstitials.id_verification.retry" : "interstitials.id_verification.continue")}
            </a>
          )}
        </Actions>
      ) : null}
      <Footer ctx={ctx} />
    </Panel>
  );
}
