import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { attemptTypeLabel, statusLabel } from "@/components/dashboard/attempts/row-actions";
import { AttemptTimelineTable } from "@/components/dashboard/attempts/attempt-timeline-table";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { attemptTimeline } from "@/lib/queries/dashboard-attempts";
import { webContext } from "@/lib/auth/request-context";

export const metadata: Metadata = { title: "Attempt timeline" };

export const dynamic = "force-dynamic";

/**
 * One attempt's timeline: every transition and action, oldest first, with who
 * did it, when, from where and the request id, from the audit log and the attempt history. An
 * attempt of another course is a 404, as a missing one.
 */
export default async function AttemptTimelinePage({ params }: { params: Promise<{ courseKey: string; attemptId: string }> }) {
  const raw = await params;
  const courseKey = decodeKeySegment(raw.courseKey);
  const base = `/instructor/${encodeKeySegment(courseKey)}`;
  const actor = await requireCourseStaff(courseKey, `${base}/attempts/${encodeURIComponent(raw.attemptId)}`);
  if (!/^\d{1,10}$/.test(raw.attemptId)) notFound();
  const db = await getDb();
  const ctx = await webContext(actor, { db });
  const timeline = await attemptTimeline(ctx, courseKey, Number(raw.attemptId));
  if (!timeline) notFound();
  const { attempt } = timeline;
  const learner = attempt.user.username ?? `User ${attempt.user.id}`;
  const examName = attempt.exam.name ?? `Exam ${attempt.exam.id}`;

  return (
    <section aria-labelledby="timeline-heading">
      <p className="mb-3 text-sm">
        <Link href={base} className="font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900">
          ← Back to all attempts
        </Link>
      </p>
      <h2 id="timeline-heading" className="text-xl font-semibold text-slate-900">
        Timeline of attempt #{attempt.id}: {learner} at {examName}
      </h2>

      <dl className="mt-4 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="font-medium text-slate-800">Learner</dt>
        <dd>
          {learner}
          {attempt.user.email ? <span className="text-slate-700"> ({attempt.user.email})</span> : null}
        </dd>
        <dt className="font-medium text-slate-800">Exam</dt>
        <dd>{examName}</dd>
        <dt className="font-medium text-slate-800">Type</dt>
        <dd>{attemptTypeLabel(attempt)}</dd>
        <dt className="font-medium text-slate-800">Status</dt>
        <dd>{attempt.removed ? <strong>Removed (reset by staff or a retry); shown from its history</strong> : statusLabel(attempt.status)}</dd>
        <dt className="font-medium text-slate-800">Created</dt>
        <dd>
          <DateTime iso={attempt.created} />
        </dd>
        <dt className="font-medium text-slate-800">Started</dt>
        <dd>
          <DateTime iso={attempt.startedAt} />
        </dd>
        <dt className="font-medium text-slate-800">Ended</dt>
        <dd>
          <DateTime iso={attempt.completedAt} />
        </dd>
      </dl>

      <AttemptTimelineTable timeline={timeline} />
    </section>
  );
}
