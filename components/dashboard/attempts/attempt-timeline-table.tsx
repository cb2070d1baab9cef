import { DateTime } from "@/components/dashboard/attempts/date-time";
import { statusLabel } from "@/components/dashboard/attempts/row-actions";
import { timelineActionLabel, timelineActorLabel, timelineSourceLabel } from "@/components/dashboard/attempts/timeline-labels";
import type { AttemptTimeline, TimelineEntry } from "@/lib/domain/attempt-timeline";

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
 * The table of an attempt's timeline (every transition and action, oldest first, with who, when,
 * from where and the request id): the instructor dashboard's attempt page and the admin console's
 * appeal page both show it, so the two read alike.
 */
export function AttemptTimelineTable({ timeline }: { timeline: AttemptTimeline }) {
  const { attempt, entries } = timeline;
  return (
    <>
      {entries.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          Nothing has been recorded for this attempt yet.
        </p>
      ) : (
        <div className="relative mt-6 overflow-x-auto rounded-lg border border-slate-300 bg-white" role="region" aria-label="Timeline" tabIndex={0}>
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
    </>
  );
}
