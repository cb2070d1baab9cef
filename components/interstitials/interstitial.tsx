import { useLocale, useTranslations } from "next-intl";
import type { ReactElement } from "react";
import type { Translate } from "@/lib/i18n/format";
import type { StudentView } from "@/lib/domain/student-view";
import { ErrorView, ReadyToResume, ReviewResult, Submitted } from "./after-exam";
import {
  DueDatePassed,
  Entrance,
  FailedPrerequisites,
  IdVerification,
  InactiveAccount,
  NotEligible,
  OnboardingError,
  PendingPrerequisites,
} from "./before-exam";
import { InProgress, Instructions, ReadyToStart, ReadyToSubmit, WrongBrowser } from "./during-exam";
import { FocusHeading } from "./focus-heading";
import { type Ctx, createCtx, Footer, Panel, type ViewOf } from "./shared";
import type { InterstitialProps } from "./types";

/**
 * The learner's interstitial for one exam (§12), from the view decideStudentView returned. The page
 * owns the h1 (the exam name), and for `in_progress` / `content` also the timer and exam body shown
 * under it. Each interstitial has one h2 that takes the focus when it appears.
 */
export function Interstitial(props: InterstitialProps) {
  const t = useTranslations() as Translate;
  const locale = useLocale();
  const ctx = createCtx(props, { t, locale }, { headingId: "interstitial-heading", focusHeading: true });
  return <div key={viewKey(props.view)}>{renderView(ctx, props.view)}</div>;
}

/**
 * A new key per interstitial, so moving from one to the next mounts a new heading (and its focus)
 * while the system-check page, refreshed every few seconds, keeps its place.
 */
function viewKey(view: StudentView): string {
  if (view.kind === "staff_preview") return `staff_preview:${viewKey(view.learnerView)}`;
  if (view.kind === "instructions") return `instructions:${view.stage}`;
  if (view.kind === "content") return `content:${view.reason}`;
  return view.kind;
}

function renderView(ctx: Ctx, view: StudentView): ReactElement {
  switch (view.kind) {
    case "staff_preview":
      return <StaffPreview ctx={ctx} view={view} />;
    case "not_eligible":
      return <NotEligible ctx={ctx} view={view} />;
    case "inactive_account":
      return <InactiveAccount ctx={ctx} view={view} />;
    case "failed_prerequisites":
      return <FailedPrerequisites ctx={ctx} view={view} />;
    case "pending_prerequisites":
      return <PendingPrerequisites ctx={ctx} view={view} />;
    case "id_verification":
      return <IdVerification ctx={ctx} view={view} />;
    case "due_date_passed":
      return <DueDatePassed ctx={ctx} view={view} />;
    case "entrance":
      return <Entrance ctx={ctx} view={view} />;
    case "instructions":
      return <Instructions ctx={ctx} view={view} />;
    case "ready_to_start":
      return <ReadyToStart ctx={ctx} view={view} />;
    case "in_progress":
      return <InProgress ctx={ctx} view={view} />;
    case "ready_to_submit":
      return <ReadyToSubmit ctx={ctx} view={view} />;
    case "submitted":
      return <Submitted ctx={ctx} view={view} />;
    case "verified":
    case "rejected":
      return <ReviewResult ctx={ctx} view={view} />;
    case "error":
      return <ErrorView ctx={ctx} view={view} />;
    case "ready_to_resume":
      return <ReadyToResume ctx={ctx} view={view} />;
    case "onboarding_error":
      return <OnboardingError ctx={ctx} view={view} />;
    case "wrong_browser":
      return <WrongBrowser ctx={ctx} view={view} />;
    case "content":
      return <ContentNote ctx={ctx} view={view} />;
    default: {
      const unknown: never = view;
      throw new Error(`Interstitial: unknown view ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Course staff: a banner, then the page a learner would see first, every action disabled. The
 * nested heading does not take the focus (the banner's does).
 */
function StaffPreview({ ctx, view }: { ctx: Ctx; view: ViewOf<"staff_preview"> }) {
  const nested = createCtx(
    { ...ctx.props, view: view.learnerView, preview: true },
    ctx,
    { headingId: "interstitial-preview-heading", focusHeading: false },
  );
  return (
    <div className="space-y-4">
      <section
        aria-labelledby={ctx.headingId}
        data-staff-preview
        className="rounded-lg border-2 border-blue-700 bg-blue-50 p-4 text-slate-900"
      >
        <FocusHeading id={ctx.headingId} focusOnMount={ctx.focusHeading} className="text-lg font-semibold text-slate-900">
          {ctx.t("interstitials.preview.title")}
        </FocusHeading>
        <p className="mt-2">{ctx.t("interstitials.preview.text")}</p>
      </section>
      {view.learnerView.kind === "staff_preview" ? null : renderView(nested, view.learnerView)}
    </div>
  );
}

/** Why the page shows the exam content without a timer; the page renders the body under it. */
function ContentNote({ ctx, view }: { ctx: Ctx; view: ViewOf<"content"> }) {
  const { t } = ctx;
  return (
    <Panel ctx={ctx} title={t(`interstitials.content.${view.reason}.title`)} compact>
      <p>
        {t(`interstitials.content.${view.reason}.text`)}
        {view.readOnly ? <> {t("interstitials.content.read_only")}</> : null}
      </p>
      <Footer ctx={ctx} />
    </Panel>
  );
}
