/** Interstitials of a running attempt: proctoring setup, start, the in-progress line, submit. */
import Link from "next/link";
import type { ReactNode } from "react";
import { OptOut } from "./before-exam";
import { ExamCode } from "./exam-code";
import { QuestionSummary } from "./question-summary";
import { Actions, type Ctx, ExternalLink, Footer, NextStep, Panel, safeHref, type ViewOf } from "./shared";
import { CheckAgainButton, KeepWaitingButton, TimedWait } from "./timed-wait";

const DEFAULT_SYSTEM_CHECK_TIMEOUT_SECONDS = 180;

function VendorInstructions({ ctx }: { ctx: Ctx }) {
  const vendor = ctx.props.vendor;
  if (vendor?.instructionsUnavailable) return <p>{ctx.t("interstitials.instructions.vendor_unavailable", { vendor: vendor.name })}</p>;
  if (!vendor || vendor.instructions.length === 0) return null;
  return (
    <div>
      <h3 className="font-semibold text-slate-900">{ctx.t("interstitials.instructions.vendor_title", { vendor: vendor.name })}</h3>
      <ol className="mt-2 list-decimal space-y-2 pl-6">
        {vendor.instructions.map((paragraph, i) => (
          <li key={i}>{paragraph}</li>
        ))}
      </ol>
    </div>
  );
}

/** The exam code field with its "Copy Exam Code" button (RPNow, §12.3). */
function RpnowExamCode({ ctx, code }: { ctx: Ctx; code: string }) {
  const { t } = ctx;
  return (
    <ExamCode
      code={code}
      label={t("interstitials.instructions.rpnow.code_label")}
      copyLabel={t("interstitials.instructions.rpnow.copy")}
      copiedLabel={t("interstitials.instructions.rpnow.copied")}
      copyFailedLabel={t("interstitials.instructions.rpnow.copy_failed")}
    />
  );
}

/**
 * RPNow's instructions (§12.3): copy the exam code, start the system check (the vendor's software
 * opens in a new window and checks the webcam and photo ID), then sign in there with the code; the
 * software's secure browser brings the learner back to this exam.
 */
function RpnowSetup({ ctx, view, code, downloadLink }: { ctx: Ctx; view: ViewOf<"instructions">; code: string; downloadLink: ReactNode }) {
  const { t } = ctx;
  const vendor = ctx.props.vendor?.name ?? "";
  const systemCheck = ctx.form({ intent: "system_check", label: t("interstitials.instructions.system_check_button") });
  return (
    <Panel ctx={ctx} title={t("interstitials.instructions.setup.title")}>
      <p>{t("interstitials.instructions.rpnow.text", { vendor })}</p>
      <ol className="list-decimal space-y-4 pl-6">
        <li>
          <p>{t("interstitials.instructions.rpnow.step_code", { vendor })}</p>
          <div className="mt-2">
            <RpnowExamCode ctx={ctx} code={code} />
          </div>
        </li>
        <li>
          <p>{t("interstitials.instructions.rpnow.step_check", { vendor })}</p>
          {downloadLink ? <p className="mt-1">{downloadLink}</p> : null}
          <div className="mt-2">{systemCheck}</div>
        </li>
        <li>
          <p>{t("interstitials.instructions.rpnow.step_sign_in", { vendor })}</p>
        </li>
      </ol>
      {view.optOutAllowed ? (
        <Actions>
          <OptOut ctx={ctx} />
        </Actions>
      ) : null}
      <Footer ctx={ctx} provider />
    </Panel>
  );
}

export function Instructions({ ctx, view }: { ctx: Ctx; view: ViewOf<"instructions"> }) {
  const { t } = ctx;
  const vendor = ctx.props.vendor;
  const downloadUrl = safeHref(vendor?.downloadUrl);
  const downloadLink = downloadUrl ? (
    <ExternalLink ctx={ctx} href={downloadUrl}>
      {t("interstitials.instructions.download_link", { vendor: vendor?.name ?? "" })}
    </ExternalLink>
  ) : null;

  if (view.stage === "system_check_started") {
    const waiting = (
      <Panel ctx={ctx} title={t("interstitials.instructions.checking.title")}>
        <p>{t("interstitials.instructions.checking.text")}</p>
        <p role="status" className="font-medium text-slate-900">
          {t("interstitials.instructions.checking.status")}
        </p>
        {view.examCode ? <RpnowExamCode ctx={ctx} code={view.examCode} /> : null}
        {downloadLink ? (
          <p>
            {t("interstitials.instructions.checking.reopen")} {downloadLink}
          </p>
        ) : null}
        <VendorInstructions ctx={ctx} />
        {view.optOutAllowed ? (
          <Actions>
            <OptOut ctx={ctx} />
          </Actions>
        ) : null}
        <Footer ctx={ctx} provider />
      </Panel>
    );
    const timeoutSeconds = vendor?.systemCheckTimeoutSeconds ?? DEFAULT_SYSTEM_CHECK_TIMEOUT_SECONDS;
    return (
      <TimedWait
        elapsedMs={ctx.props.waitingMs ?? 0}
        timeoutMs={timeoutSeconds * 1000}
        disabled={ctx.preview}
        waiting={waiting}
        timedOut={<SystemCheckTimedOut ctx={ctx} view={view} downloadLink={downloadLink} />}
      />
    );
  }

  if (view.examCode) return <RpnowSetup ctx={ctx} view={view} code={view.examCode} downloadLink={downloadLink} />;

  const systemCheck = ctx.form({ intent: "system_check", label: t("interstitials.instructions.system_check_button") });
  return (
    <Panel ctx={ctx} title={t("interstitials.instructions.setup.title")}>
      <p>{t("interstitials.instructions.setup.text")}</p>
      <VendorInstructions ctx={ctx} />
      {downloadLink ? (
        <ol className="list-decimal space-y-3 pl-6">
          <li>
            <p>{t("interstitials.instructions.download_step")}</p>
            <p className="mt-1">{downloadLink}</p>
          </li>
          <li>
            <p>{t("interstitials.instructions.system_check_step")}</p>
            <div className="mt-2">{systemCheck}</div>
          </li>
        </ol>
      ) : (
        <Actions>{systemCheck}</Actions>
      )}
      <NextStep ctx={ctx}>
        <p>{t("interstitials.instructions.setup.next")}</p>
      </NextStep>
      {view.optOutAllowed ? (
        <Actions>
          <OptOut ctx={ctx} />
        </Actions>
      ) : null}
      <Footer ctx={ctx} provider />
    </Panel>
  );
}

/**
 * The system check did not finish in time (the vendor never reported "ready"): what it means, what
 * to do, "Check again", "Keep waiting" (another full wait), the opt-out where the course allows it,
 * and the way back to the course.
 */
function SystemCheckTimedOut({ ctx, view, downloadLink }: { ctx: Ctx; view: ViewOf<"instructions">; downloadLink: ReactNode }) {
  const { t } = ctx;
  return (
    <Panel ctx={ctx} title={t("interstitials.instructions.timed_out.title")} tone="warning">
      <p>{t("interstitials.instructions.timed_out.text")}</p>
      {view.examCode ? <RpnowExamCode ctx={ctx} code={view.examCode} /> : null}
      <NextStep ctx={ctx}>
        <p>{t("interstitials.instructions.timed_out.next")}</p>
        {downloadLink ? (
          <p>
            {t("interstitials.instructions.checking.reopen")} {downloadLink}
          </p>
        ) : null}
      </NextStep>
      <Actions>
        <CheckAgainButton label={t("interstitials.instructions.timed_out.check_again")} variant="primary" />
        <KeepWaitingButton label={t("interstitials.instructions.timed_out.keep_waiting")} variant="secondary" />
      </Actions>
      {view.optOutAllowed ? (
        <div className="space-y-2">
          <p>{t("interstitials.instructions.timed_out.opt_out")}</p>
          <Actions>
            <OptOut ctx={ctx} />
          </Actions>
        </div>
      ) : null}
      <BackToCourse ctx={ctx} />
      <Footer ctx={ctx} provider />
    </Panel>
  );
}

export function BackToCourse({ ctx }: { ctx: Ctx }) {
  const path = ctx.props.coursePath;
  if (!path) return null;
  return (
    <p>
      <Link href={path} className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
        {ctx.t("interstitials.back_to_course")}
      </Link>
    </p>
  );
}

/** The vendor's rules for this exam (§9.6 config), in the learner's language. */
function VendorRules({ ctx }: { ctx: Ctx }) {
  const vendor = ctx.props.vendor;
  if (!vendor?.rules || vendor.rules.length === 0) return null;
  return (
    <div>
      <h3 className="font-semibold text-slate-900">{ctx.t("interstitials.ready_to_start.vendor_rules", { vendor: vendor.name })}</h3>
      <ul className="mt-2 list-disc space-y-1 pl-6">
        {vendor.rules.map((rule) => (
          <li key={rule.key}>{rule.label}</li>
        ))}
      </ul>
    </div>
  );
}

export function ReadyToStart({ ctx, view }: { ctx: Ctx; view: ViewOf<"ready_to_start"> }) {
  const { t } = ctx;
  const workerUrl = view.vendorWorker ? ctx.props.vendor?.workerUrl : null;
  return (
    <Panel ctx={ctx} title={t("interstitials.ready_to_start.title")}>
      <ul className="list-disc space-y-2 pl-6">
        <li className="font-medium text-slate-900">
          {t("interstitials.ready_to_start.time", { time: ctx.duration(view.totalTime.minutes) })}
        </li>
        <li>{t("interstitials.ready_to_start.no_pause")}</li>
        <li>{t("interstitials.ready_to_start.save")}</li>
      </ul>
      {view.examKind === "proctored" ? <p>{t("interstitials.ready_to_start.rules")}</p> : null}
      <VendorRules ctx={ctx} />
      <Actions>
        {ctx.form({
          intent: "start",
          label: t("interstitials.start.button"),
          pendingLabel: t("interstitials.start.pending"),
          handshakeBefore: workerUrl
            ? { workerUrl, type: "startExamAttempt", errorMessage: t("interstitials.ready_to_start.handshake_error") }
            : undefined,
        })}
      </Actions>
      <NextStep ctx={ctx}>
        <p>{t("interstitials.ready_to_start.next")}</p>
      </NextStep>
      <Footer ctx={ctx} />
    </Panel>
  );
}

/** The page shows the timer and the exam body under this line. */
export function InProgress({ ctx, view }: { ctx: Ctx; view: ViewOf<"in_progress"> }) {
  const { t } = ctx;
  return (
    <Panel ctx={ctx} title={t("interstitials.in_progress.title")} compact>
      <p>
        {t("interstitials.in_progress.text")}
        {view.takingAsProctored ? <> {t("interstitials.in_progress.proctored")}</> : null}
      </p>
    </Panel>
  );
}

export function ReadyToSubmit({ ctx, view }: { ctx: Ctx; view: ViewOf<"ready_to_submit"> }) {
  const { t } = ctx;
  const workerUrl = view.vendorWorker ? ctx.props.vendor?.workerUrl : null;
  return (
    <Panel ctx={ctx} title={t("interstitials.ready_to_submit.title")} tone="warning">
      {view.canContinue ? <p>{t("interstitials.ready_to_submit.check")}</p> : <p>{t("interstitials.ready_to_submit.no_continue")}</p>}
      <p>
        {t("interstitials.ready_to_submit.closed")}
        {view.examKind !== "timed" ? <> {t("interstitials.ready_to_submit.proctored")}</> : null}
      </p>
      {view.examKind === "onboarding" ? <p>{t("interstitials.ready_to_submit.onboarding")}</p> : null}
      {view.canContinue ? <p>{t("interstitials.ready_to_submit.timer")}</p> : null}
      <AnswerSummary ctx={ctx} canGoBack={view.canContinue} />
      <Actions>
        {ctx.form({
          intent: "submit",
          label: t("interstitials.ready_to_submit.submit"),
          pendingLabel: t("interstitials.ready_to_submit.submit_pending"),
          handshakeAfter: workerUrl ? { workerUrl, type: "endExamAttempt" } : undefined,
        })}
        {view.canContinue
          ? ctx.form({ intent: "continue", label: t("interstitials.ready_to_submit.continue"), variant: "secondary" })
          : null}
      </Actions>
      <Footer ctx={ctx} />
    </Panel>
  );
}

/**
 * Before the final submit: how many questions have an answer, and every question with its state;
 * while the learner can still go back, each one returns to the exam at that question.
 */
function AnswerSummary({ ctx, canGoBack }: { ctx: Ctx; canGoBack: boolean }) {
  const { t } = ctx;
  const questions = ctx.props.questionSummary;
  const attemptId = ctx.props.attemptId;
  if (!questions || questions.length === 0 || attemptId === null) return null;
  const answered = questions.filter((q) => q.answered).length;
  const missing = questions.length - answered;
  return (
    <div className="rounded-md border border-slate-300 bg-slate-50 p-4" data-testid="answer-summary-panel">
      <h3 className="font-semibold text-slate-900">{t("interstitials.summary.title")}</h3>
      <p className="mt-1">{t("interstitials.summary.count", { answered, count: questions.length })}</p>
      <p className={missing ? "mt-1 font-medium text-amber-900" : "mt-1"}>
        {missing === 0
          ? t("interstitials.summary.all_answered")
          : t(canGoBack ? "interstitials.summary.unanswered" : "interstitials.summary.unanswered_final", { count: missing })}
      </p>
      <div className="mt-3">
        <QuestionSummary
          questions={questions}
          action={ctx.props.action}
          examId={ctx.props.exam.id}
          attemptId={attemptId}
          canGoBack={canGoBack}
          disabled={ctx.preview}
          text={{
            question: Object.fromEntries(questions.map((q) => [q.id, t("interstitials.summary.question", { number: q.number })])),
            goTo: Object.fromEntries(questions.map((q) => [q.id, t("interstitials.summary.go_to", { number: q.number })])),
            answered: t("interstitials.summary.answered"),
            notAnswered: t("interstitials.summary.not_answered"),
          }}
        />
      </div>
    </div>
  );
}

export function WrongBrowser({ ctx }: { ctx: Ctx; view: ViewOf<"wrong_browser"> }) {
  const { t } = ctx;
  return (
    <Panel ctx={ctx} title={t("interstitials.wrong_browser.title")} tone="error">
      <p>{t("interstitials.wrong_browser.text")}</p>
      <NextStep ctx={ctx}>
        <p>{t("interstitials.wrong_browser.next")}</p>
      </NextStep>
      <Actions>{ctx.form({ intent: "stop", label: t("interstitials.wrong_browser.button"), variant: "secondary" })}</Actions>
      <Footer ctx={ctx} provider />
    </Panel>
  );
}
