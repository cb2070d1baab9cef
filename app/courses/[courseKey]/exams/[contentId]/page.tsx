import type { Metadata } from "next";
import Link from "next/link";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { ExamBodySection } from "@/components/exam/exam-body-section";
import { InProgressShell } from "@/components/exam/in-progress-shell";
import { Interstitial } from "@/components/interstitials/interstitial";
import type { VendorInfo } from "@/components/interstitials/types";
import { examAction, reportVendorErrorAction, stopAttemptAction, submitAttemptAction } from "@/lib/actions/exam";
import { requireActor } from "@/lib/auth/actor";
import { EXAM_COOKIE, verifyExamCookie } from "@/lib/http/exam-cookie";
import { loadVendorDisplay } from "@/lib/backends/vendor-display";
import { preferredLanguage } from "@/lib/domain/language";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { learnerLmsLinks } from "@/lib/links/learner-links";
import { loadStudentExamPage } from "@/lib/queries/student-exam";
import { declinesForPrerequisite } from "@/lib/domain/student-view";
import { declineForPrerequisite } from "@/lib/services/attempt/prerequisites";
import { webContext } from "@/lib/auth/request-context";

export const dynamic = "force-dynamic";

type Params = { courseKey: string; contentId: string };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("exam_page.title") };
}

/**
 * The learner's exam page (§12): the interstitial for this exam and attempt state, or, while the
 * attempt runs, the timer, the vendor heartbeat and the exam body. Every button posts to a server
 * action that calls the same service verb as the REST API.
 */
export default async function ExamPage({ params }: { params: Promise<Params> }) {
  const raw = await params;
  const courseKey = decodeKeySegment(raw.courseKey);
  const contentId = decodeKeySegment(raw.contentId);
  const coursePath = `/courses/${encodeKeySegment(courseKey)}`;
  const actor = await requireActor(`${coursePath}/exams/${encodeKeySegment(contentId)}`);
  const ctx = await webContext(actor);
  // RPNow's secure browser carries the launch callback's signed cookie (§9.5).
  const examCookieAttemptCode = verifyExamCookie((await cookies()).get(EXAM_COOKIE)?.value);
  let page = await loadStudentExamPage(ctx, courseKey, contentId, { examCookieAttemptCode });
  if (!page) notFound();
  // §12.3: a declined credit prerequisite declines this exam too. The read only says so; the page
  // calls the verb, then reads again (docs/decisions/025, 032).
  if (declinesForPrerequisite(page.view, page.attempt !== null)) {
    await declineForPrerequisite(ctx, { examId: page.exam.id, userId: actor.userId });
    page = await loadStudentExamPage(ctx, courseKey, contentId, { examCookieAttemptCode });
    if (!page) notFound();
  }

  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  const { view, exam, attempt, backend } = page;
  const workerUrl = backend?.getJavascriptUrl() || null;
  // Only the pages that show the vendor's text ask for it (§12.3: instructions, rules before the start).
  const display =
    backend && (view.kind === "instructions" || view.kind === "ready_to_start")
      ? await loadVendorDisplay(backend, {
          // The vendor's rules and instructions in the language the learner's browser asks for.
          language: preferredLanguage((await headers()).get("accept-language")) ?? locale,
          examExternalId: exam.externalId,
          attemptExternalId: attempt?.externalId ?? null,
        })
      : null;
  const vendor: VendorInfo | null = backend
    ? {
        name: backend.verboseName,
        workerUrl,
        downloadUrl: (display && !display.unavailable ? display.downloadUrl : null) ?? backend.getSoftwareDownloadUrl(),
        pingIntervalSeconds: backend.pingInterval,
        instructions: display && !display.unavailable ? display.instructions : [],
        rules: display && !display.unavailable ? display.rules : [],
        instructionsUnavailable: display?.unavailable === true && view.kind === "instructions",
        systemCheckTimeoutSeconds: backend.systemCheckTimeoutSeconds,
      }
    : null;

  const links = learnerLmsLinks(courseKey, page.settings, page.course.learningMicrofrontendUrl);
  // The system check's wait counts from the attempt's last change (the "Start system check" click).
  const waitingMs =
    view.kind === "instructions" && view.stage === "system_check_started" && attempt ? ctx.now.getTime() - attempt.modified.getTime() : null;
  const questionSummary =
    view.kind === "ready_to_submit" && page.questions.length > 0
      ? page.questions.map((q, i) => ({ id: q.id, number: i + 1, answered: page.savedAnswers[q.id] !== undefined }))
      : null;
  const shared = { coursePath, links, waitingMs, questionSummary } as const;

  const body = (
    <ExamBodySection
      view={view}
      attemptId={attempt?.id ?? null}
      examName={exam.examName}
      contentUrl={exam.contentUrl}
      questions={page.questions}
      savedAnswers={page.savedAnswers}
    />
  );

  return (
    <ClientMessages namespaces={["timer", "exam_body"]}>
    <article aria-labelledby="exam-title" className="grid gap-6">
      <nav aria-label={t("exam_page.breadcrumb")} className="text-sm">
        <Link href={coursePath} className="text-blue-700 underline underline-offset-2 hover:text-blue-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
          {t("exam_page.back_to_course", { course: page.course.name })}
        </Link>
      </nav>
      <h1 id="exam-title" className="text-2xl font-semibold">
        {exam.examName}
      </h1>
      {(view.kind === "in_progress" || view.kind === "ready_to_submit") && attempt ? (
        <InProgressShell
          key={view.kind}
          attemptId={attempt.id}
          warnBeforeLeaving={view.kind === "in_progress" && view.warnBeforeLeaving}
          submitAttempt={submitAttemptAction}
          stopAttempt={stopAttemptAction}
          reportVendorError={reportVendorErrorAction}
          showEndExam={view.kind === "in_progress"}
          heartbeat={
            view.kind === "in_progress" && view.vendorWorker && workerUrl ? { workerUrl, intervalSeconds: backend?.pingInterval ?? 60 } : null
          }
        >
          <Interstitial
            view={view}
            exam={{ id: exam.id, name: exam.examName, contentId: exam.contentId, courseKey }}
            attemptId={attempt.id}
            contact={page.contact}
            vendor={vendor}
            action={examAction}
            timeZone="UTC"
            answers={null}
            {...shared}
          />
          {body}
        </InProgressShell>
      ) : (
        <>
          <Interstitial
            view={view}
            exam={{ id: exam.id, name: exam.examName, contentId: exam.contentId, courseKey }}
            attemptId={attempt?.id ?? null}
            contact={page.contact}
            vendor={vendor}
            action={examAction}
            timeZone="UTC"
            answers={page.answers}
            preview={view.kind === "staff_preview"}
            {...shared}
          />
          {body}
        </>
      )}
    </article>
    </ClientMessages>
  );
}
