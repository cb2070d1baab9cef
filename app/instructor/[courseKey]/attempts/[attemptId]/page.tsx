import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { attemptTypeLabel, statusLabel } from "@/components/dashboard/attempts/row-actions";
import { timelineActionLabel, timelineActorLabel, timelineSourceLabel } from "@/components/dashboard/attempts/timeline-labels";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { attemptTimeline, type TimelineEntry } from "@/lib/queries/dashboard-attempts";
import { webContext } from "@/lib/auth/request-context";

export const dynamic = "force-dynamic";

function Change({ entry }: { entry: TimelineEntry }) {
  if (entry.fromStatus === null && entry.toStatus === null) return <span className="text-slate-700">No status change</span>;
  if (entry.kind === "history") return <span>Status was {statusLabel(entry.fromStatus)}</span>;
  if (entry.toStatus === null) return <span>{statusLabel(entry.fromStatus)} → removed</span>;
  if (entry.fromStatus === null) return <span>→ {statusLabel(entry.toStatus)}</span>;
  if (entry.fromStatus === entry.toStatus) return <span>{statusLabel(entry.toStatus)} (unchanged)</span>;
  return (
    <span>
      {statusLabel(entry.fromStatus)} → {statusLabel(entry.toStatus)}
    </span>
  );
}

function Details({ entry }: { entry: TimelineEntry }) {
  const items: string[] = [];
  const snap = entry.snapshot;
  if (snap?.timeRemainingSeconds != null) items.push(`Time left before: ${Math.floor(snap.timeRemainingSeconds / 60)} min`);
  if (snap?.allowedTimeLimitMins != null) items.push(`Time limit: ${snap.allowedTimeLimitMins} min`);
  const data = Object.entries(entry.data).filter(([, v]) => v !== null && v !== undefined && typeof v !== "object");
  for (const [k, v] of data.slice(0, 6)) items.push(`${k.replace(/_/g, " ")}: ${String(v)}`);
  if (items.length === 0) return null;
  return (
    <ul className="mt-1 text-xs text-slate-700">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

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
  const { attempt, entries } = timeline;
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

      {entries.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          Nothing has been recorded for this attempt yet.
        </p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full border-collapse text-left text-sm text-slate-900">
            <caption className="sr-only">Every transition and action of attempt #{attempt.id}, oldest first</caption>
            <thead className="bg-slate-100 text-slate-800">
              <tr>
                <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold">
                  Time
                </th>
                <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold">
                  What happened
                </th>
                <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold">
                  Status
                </th>
                <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold">
                  By
                </th>
                <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold">
                  Source
                </th>
                <th scope="col" className="border-b border-slate-300 px-3 py-2 font-semibold">
                  Details
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.key} className="border-b border-slate-200 align-top">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <DateTime iso={entry.at} />
                  </td>
                  <th scope="row" className="px-3 py-2 font-medium">
                    {timelineActionLabel(entry.action)}
                    <Details entry={entry} />
                  </th>
                  <td className="px-3 py-2">
                    <Change entry={entry} />
                  </td>
                  <td className="px-3 py-2">{timelineActorLabel(entry.actor)}</td>
                  <td className="px-3 py-2">{timelineSourceLabel(entry.source, { byLearner: entry.actor?.userId === attempt.user.id })}</td>
                  <td className="px-3 py-2">
                    {/* For support and the logs: the event code and the request id, out of the way. */}
                    <details>
                      <summary className="cursor-pointer text-sm font-medium text-blue-800 underline underline-offset-2">
                        Codes<span className="sr-only"> of this event</span>
                      </summary>
                      <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-2 text-xs">
                        <dt className="text-slate-700">Event</dt>
                        <dd>{entry.action ? <code className="break-all">{entry.action}</code> : "None (a status change)"}</dd>
                        <dt className="text-slate-700">Request id</dt>
                        <dd>{entry.requestId ? <code className="break-all">{entry.requestId}</code> : "Not recorded"}</dd>
                      </dl>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
