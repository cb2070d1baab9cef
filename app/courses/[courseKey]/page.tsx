import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ExamList } from "@/components/course/exam-list";
import { FOCUS_RING } from "@/components/course/icons";
import { OnboardingPanel } from "@/components/course/onboarding-panel";
import { RunningExamBanner } from "@/components/course/running-exam-banner";
import { EmptyState, PageHeading } from "@/components/ui/card";
import { submitAttemptAction } from "@/lib/actions/exam";
import { requireActor } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { learnerCourseView } from "@/lib/queries/learner-course";
import { webContext } from "@/lib/auth/request-context";

export const dynamic = "force-dynamic";

/**
 * Dates are rendered in this zone on the server; LocalTime switches to the browser's zone once
 * hydrated. (There is no stored per-learner time zone yet.)
 */
const SERVER_TIME_ZONE = "UTC";

type Params = { params: Promise<{ courseKey: string }> };

/** One read per request, shared by the metadata and the page. */
const loadCourse = cache(async (courseKey: string) => {
  const actor = await requireActor(`/courses/${encodeKeySegment(courseKey)}`);
  const ctx = await webContext(actor);
  return { view: await learnerCourseView(ctx, courseKey), now: ctx.now };
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { view } = await loadCourse(decodeKeySegment((await params).courseKey));
  return view ? { title: view.course.name } : {};
}

export default async function CoursePage({ params }: Params) {
  const courseKey = decodeKeySegment((await params).courseKey);
  const { view, now } = await loadCourse(courseKey);
  // Unknown course and "not enrolled" give the same answer: no hint that a course exists.
  if (!view) notFound();

  const t = await getTranslations();
  const { course, running, onboarding } = view;

  return (
    <>
      <PageHeading title={course.name}>{course.courseKey}</PageHeading>

      {view.isStaff ? (
        <p className="mb-6 rounded-md border border-slate-200 bg-white p-4 text-slate-800" data-testid="staff-note">
          {t("course.page.staff_note")}{" "}
          <Link
            href={`/instructor/${encodeKeySegment(course.courseKey)}`}
            className={`text-brand-700 underline underline-offset-2 hover:text-brand-800 ${FOCUS_RING}`}
          >
            {t("course.page.instructor_link", { course: course.name })}
          </Link>
        </p>
      ) : null}

      {running ? (
        <ClientMessages namespaces={["timer"]}>
        <RunningExamBanner
          attemptId={running.attemptId}
          examUrl={running.url}
          text={{
            heading: t("course.running.heading"),
            body: t("course.running.body", { name: running.examName }),
            returnLink: t("course.running.return"),
          }}
          submitAttempt={submitAttemptAction}
        />
        </ClientMessages>
      ) : null}

      <div className={onboarding ? "grid gap-8 lg:grid-cols-3" : ""}>
        <section aria-labelledby="course-exams-heading" className={onboarding ? "lg:col-span-2" : ""}>
          <h2 id="course-exams-heading" className="mb-3 text-lg font-semibold text-slate-900">
            {t("course.page.exams_heading")}
          </h2>
          {view.exams.length === 0 ? (
            <EmptyState>{t("course.page.no_exams")}</EmptyState>
          ) : (
            <ExamList exams={view.exams} timeZone={SERVER_TIME_ZONE} isStaff={view.isStaff} />
          )}
        </section>
        {onboarding ? (
          <div>
            <OnboardingPanel data={onboarding} now={now} timeZone={SERVER_TIME_ZONE} />
          </div>
        ) : null}
      </div>
    </>
  );
}
