import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { AppealForm } from "@/components/admin/appeal-form";
import { AttemptTimelineTable } from "@/components/dashboard/attempts/attempt-timeline-table";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { statusLabel } from "@/components/dashboard/attempts/row-actions";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { webContext } from "@/lib/auth/request-context";
import { isAppealable } from "@/lib/domain/appeal-input";
import { adminAttemptTimeline } from "@/lib/queries/admin-attempts";
import { changeStatusOnAppealAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Attempt on appeal" };

/** One attempt for an admin: its facts, its timeline (the dashboard's) and the appeal form. */
export default async function AdminAttemptPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const actor = await requireAdmin(`/admin/attempts/${encodeURIComponent(attemptId)}`);
  if (!/^\d{1,10}$/.test(attemptId)) notFound();
  const ctx = await webContext(actor, { db: await getDb() });
  const timeline = await adminAttemptTimeline(ctx, Number(attemptId));
  if (!timeline) notFound();
  const { attempt } = timeline;
  const learner = attempt.user.username ?? `User ${attempt.user.id}`;
  const examName = attempt.exam.name ?? `Exam ${attempt.exam.id}`;

  return (
    <section aria-labelledby="attempt-heading">
      <p className="mb-3 text-sm">
        <Link href="/admin/attempts" className="font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900">
          ← Find another attempt
        </Link>
      </p>
      <h1 id="attempt-heading" className="text-2xl font-semibold text-slate-900">
        Attempt #{attempt.id}: {learner} at {examName}
      </h1>
      <dl className="mt-4 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="font-medium text-slate-800">Learner</dt>
        <dd className="break-all">
          {learner}
          {attempt.user.email ? <span className="text-slate-700"> ({attempt.user.email})</span> : null}
        </dd>
        <dt className="font-medium text-slate-800">Course</dt>
        <dd className="break-all">{attempt.courseKey}</dd>
        <dt className="font-medium text-slate-800">Exam</dt>
        <dd>{examName}</dd>
        <dt className="font-medium text-slate-800">Status</dt>
        <dd data-testid="attempt-status">{attempt.removed ? <strong>Removed; shown from its history</strong> : statusLabel(attempt.status)}</dd>
        <dt className="font-medium text-slate-800">Started</dt>
        <dd>
          <DateTime iso={attempt.startedAt} />
        </dd>
        <dt className="font-medium text-slate-800">Ended</dt>
        <dd>
          <DateTime iso={attempt.completedAt} />
        </dd>
      </dl>

      <Card className="mt-6">
        {attempt.status !== null && isAppealable(attempt.status) ? (
          <AppealForm attemptId={attempt.id} currentStatus={attempt.status} changeAction={changeStatusOnAppealAction} />
        ) : (
          <p className="text-sm text-slate-700">
            Only an attempt that was handed in (submitted, reviewed or in error) can have its status changed on appeal. This one is {attempt.removed ? "removed" : statusLabel(attempt.status)}.
          </p>
        )}
      </Card>

      <h2 className="mt-8 text-lg font-medium">Timeline</h2>
      <AttemptTimelineTable timeline={timeline} />
    </section>
  );
}
