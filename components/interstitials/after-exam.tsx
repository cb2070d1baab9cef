/** Interstitials after an attempt ran: results, errors and the resume offer. */
import type { ReactNode } from "react";
import { OptOut } from "./before-exam";
import { Actions, ContactLine, type Ctx, Footer, LINK, MailLink, NextStep, Panel, safeHref, type ViewOf } from "./shared";

function AnswersSummary({ ctx }: { ctx: Ctx }) {
  const answers = ctx.props.answers;
  if (!answers) return null;
  return <p>{ctx.t("interstitials.answers_saved", { answered: answers.answered, count: answers.total })}</p>;
}

function WaitDeadline({ ctx, at }: { ctx: Ctx; at: Date | null }) {
  if (!at) return null;
  return <p className="font-medium text-slate-900">{ctx.rich("interstitials.wait_deadline", { date: ctx.date(at) })}</p>;
}

/** §12.7: after the due date, "View my exam" acknowledges the result and shows the content. */
function ViewMyExam({ ctx, show }: { ctx: Ctx; show: boolean }) {
  if (!show) return null;
  return (
    <div className="space-y-2">
      <p>{ctx.t("interstitials.view_my_exam.text")}</p>
      <Actions>{ctx.form({ intent: "acknowledge", label: ctx.t("interstitials.view_my_exam.button"), variant: "secondary" })}</Actions>
    </div>
  );
}

function Retry({ ctx, show, confirm = false }: { ctx: Ctx; show: boolean; confirm?: boolean }) {
  if (!show) return null;
  const { t } = ctx;
  return (
    <div className="space-y-2">
      <p>{t("interstitials.retry.hint")}</p>
      <Actions>
        {ctx.form({
          intent: "retry",
          label: t("interstitials.retry.button"),
          variant: "secondary",
          confirm: confirm
            ? {
                title: t("interstitials.retry.confirm_title"),
                text: t("interstitials.retry.confirm_text"),
                yes: t("interstitials.retry.confirm_yes"),
                no: t("interstitials.go_back"),
              }
            : undefined,
        })}
      </Actions>
    </div>
  );
}

export function Submitted({ ctx, view }: { ctx: Ctx; view: ViewOf<"submitted"> }) {
  const { t } = ctx;
  const kind = view.examKind;
  const title = view.timeExpired ? t("interstitials.submitted.time_expired.title") : t(`interstitials.submitted.${kind}.title`);
  let reveal: ReactNode = null;
  if (view.willBeRevealed) {
    reveal = (
      <p>
        {/* During a grace period the due date is already past: the wait deadline below is the date that counts. */}
        {view.dueDate && !view.waitDeadline
          ? ctx.rich("interstitials.submitted.reveal", { date: ctx.date(view.dueDate) })
          : t("interstitials.submitted.reveal_no_date")}
      </p>
    );
  }
  return (
    <Panel ctx={ctx} title={title} tone={view.timeExpired ? "warning" : "success"}>
      {view.timeExpired ? <p className="font-medium text-slate-900">{t("interstitials.submitted.time_expired.text")}</p> : null}
      <AnswersSummary ctx={ctx} />
      <NextStep ctx={ctx}>
        <p>{t(`interstitials.submitted.${kind}.text`)}</p>
        {view.secondReview ? <p>{t("interstitials.submitted.second_review")}</p> : null}
        {reveal}
        <WaitDeadline ctx={ctx} at={view.waitDeadline} />
      </NextStep>
      <ViewMyExam ctx={ctx} show={view.viewMyExam} />
      <Retry ctx={ctx} show={view.retryAllowed} confirm={view.retryNeedsConfirmation} />
      <Footer ctx={ctx} provider={kind === "onboarding"} />
    </Panel>
  );
}

export function ReviewResult({ ctx, view }: { ctx: Ctx; view: ViewOf<"verified"> | ViewOf<"rejected"> }) {
  const { t } = ctx;
  const key = `interstitials.${view.kind}.${view.examKind}`;
  return (
    <Panel ctx={ctx} title={t(`${key}.title`)} tone={view.kind === "verified" ? "success" : "warning"}>
      <AnswersSummary ctx={ctx} />
      <p>{t(`${key}.text`)}</p>
      {view.kind === "verified" && (view.examKind === "proctored" || view.examKind === "timed") ? <ProgressLink ctx={ctx} /> : null}
      <WaitDeadline ctx={ctx} at={view.waitDeadline} />
      <ViewMyExam ctx={ctx} show={view.viewMyExam} />
      <Retry ctx={ctx} show={view.retryAllowed} />
      <Footer ctx={ctx} provider={view.examKind === "onboarding"} />
    </Panel>
  );
}

/** The LMS's progress page, where the grade shows, when one is configured (lib/links/learner-links.ts). */
function ProgressLink({ ctx }: { ctx: Ctx }) {
  const href = safeHref(ctx.props.links?.progress);
  if (!href) return null;
  return (
    <p>
      <a href={href} className={LINK}>
        {ctx.t("interstitials.progress_link")}
      </a>
    </p>
  );
}

/** The escalation contact, shown prominently on the error page (§12.3 error). */
function Escalation({ ctx }: { ctx: Ctx }) {
  const c = ctx.props.contact;
  const courseTeam = c.kind === "course_team" ? c.email : null;
  return (
    <div className="rounded-md border-2 border-red-700 bg-red-50 p-4 text-slate-900">
      <h3 className="font-semibold">{ctx.t(courseTeam ? "interstitials.error.escalation_title" : "interstitials.error.support_title")}</h3>
      <div className="mt-1 text-lg">
        {courseTeam ? (
          <p>
            {ctx.rich("interstitials.error.escalation_text", {
              email: <MailLink email={courseTeam} className="font-semibold text-blue-800 underline underline-offset-2 hover:text-blue-950" />,
            })}
          </p>
        ) : (
          <ContactLine ctx={ctx} />
        )}
      </div>
    </div>
  );
}

export function ErrorView({ ctx, view }: { ctx: Ctx; view: ViewOf<"error"> }) {
  const { t } = ctx;
  const sample = view.examKind === "practice" || view.examKind === "onboarding";
  if (view.cause === "unexpected_status") {
    return (
      <Panel ctx={ctx} title={t("interstitials.error.unexpected_status.title")} tone="error">
        <p>{t("interstitials.error.unexpected_status.text")}</p>
        <Escalation ctx={ctx} />
        <NextStep ctx={ctx}>
          <p>{t("interstitials.error.unexpected_status.next")}</p>
        </NextStep>
        <Retry ctx={ctx} show={view.retryAllowed} />
      </Panel>
    );
  }
  return (
    <Panel ctx={ctx} title={t(`interstitials.error.attempt_error.${view.examKind}.title`)} tone="error">
      <p>{t(sample ? "interstitials.error.attempt_error.sample_text" : "interstitials.error.attempt_error.text")}</p>
      {view.timeSaved ? (
        <p className="font-medium text-slate-900">
          {t("interstitials.error.time_saved", { time: ctx.duration(view.timeSaved.minutes) })}
        </p>
      ) : null}
      {sample ? (
        // Practice and onboarding attempts are retried, not resumed (§6.10): the retry is the next
        // step, the contact an ordinary footer.
        <>
          <Retry ctx={ctx} show={view.retryAllowed} />
          <Footer ctx={ctx} provider={view.examKind === "onboarding"} />
        </>
      ) : (
        <>
          <Escalation ctx={ctx} />
          <NextStep ctx={ctx}>
            <p>{t("interstitials.error.next")}</p>
          </NextStep>
          <Retry ctx={ctx} show={view.retryAllowed} />
        </>
      )}
    </Panel>
  );
}

export function ReadyToResume({ ctx, view }: { ctx: Ctx; view: ViewOf<"ready_to_resume"> }) {
  const { t } = ctx;
  const timed = view.examKind === "timed";
  if (!view.canResume) {
    return (
      <Panel ctx={ctx} title={t("interstitials.ready_to_resume.title")} tone="warning">
        <p>{t(`interstitials.ready_to_resume.blocked.${view.blockedBy ?? "no_time_left"}`)}</p>
        <NextStep ctx={ctx}>
          <p>{t("interstitials.ready_to_resume.blocked.next")}</p>
        </NextStep>
        <Footer ctx={ctx} />
      </Panel>
    );
  }
  return (
    <Panel ctx={ctx} title={t("interstitials.ready_to_resume.title")}>
      <p className="font-medium text-slate-900">
        {t("interstitials.ready_to_resume.text", { time: ctx.duration(view.remainingTime.minutes) })}
      </p>
      <Actions>
        {ctx.form({
          // §6 step 3: a new attempt carrying the saved time. Proctored kinds go through setup
          // again; a timed exam (not resumable in 3.8.1, but the view allows it) starts at once.
          intent: timed ? "start_timed" : "begin_proctored",
          label: t("interstitials.ready_to_resume.button"),
        })}
        {view.optOutAllowed ? <OptOut ctx={ctx} /> : null}
      </Actions>
      <NextStep ctx={ctx}>
        <p>{t(timed ? "interstitials.ready_to_resume.next_timed" : "interstitials.ready_to_resume.next_proctored")}</p>
      </NextStep>
      <Footer ctx={ctx} />
    </Panel>
  );
}
