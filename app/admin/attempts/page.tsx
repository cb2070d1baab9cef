import Link from "next/link";
import { getDb } from "@/db/client";
import { DateTime } from "@/components/dashboard/attempts/date-time";
import { statusLabel } from "@/components/dashboard/attempts/row-actions";
import { Card, EmptyState, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { webContext } from "@/lib/auth/request-context";
import { encodeKeySegment } from "@/lib/http/params";
import { ADMIN_ATTEMPT_LIMIT, searchAttemptsForAdmin } from "@/lib/queries/admin-attempts";

export const dynamic = "force-dynamic";
export const metadata = { title: "Attempts and appeals" };

/**
 * Attempts on appeal (issue 13 item 5): find any attempt of the site, then open it to see its
 * timeline and change its status. Also the way to a course's results report.
 */
export default async function AdminAttemptsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireAdmin("/admin/attempts");
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
  const ctx = await webContext(actor, { db: await getDb() });
  const rows = q ? await searchAttemptsForAdmin(ctx, q) : [];
  const courses = [...new Set(rows.map((r) => r.courseKey))];

  return (
    <>
      <PageHeading title="Attempts and appeals">
        Find an attempt by the learner’s username, e-mail or LMS user id, by course key, by the proctoring service’s session id, or by attempt number. Open it to see its timeline and change its status on appeal.
      </PageHeading>
      <Card className="mb-6">
        <form method="get" role="search" aria-label="Attempts" className="flex flex-wrap items-end gap-3">
          <div className="min-w-0 flex-1">
            <label htmlFor="attempt-search" className="block text-sm font-medium">
              Learner, course, session id or attempt number
            </label>
            <input
              id="attempt-search"
              name="q"
              type="search"
              defaultValue={q}
              className="mt-1 block w-full max-w-xl rounded border border-slate-400 px-2 py-1 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700"
            />
          </div>
          <button type="submit" className="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
            Find
          </button>
        </form>
      </Card>

      {!q ? null : rows.length === 0 ? (
        <EmptyState>No attempt matches “{q}”. Names and e-mails must be written in full.</EmptyState>
      ) : (
        <>
          <h2 id="attempts-heading" className="mb-3 text-lg font-medium">
            {rows.length === ADMIN_ATTEMPT_LIMIT ? `The newest ${ADMIN_ATTEMPT_LIMIT} attempts` : `${rows.length} ${rows.length === 1 ? "attempt" : "attempts"}`} for “{q}”
          </h2>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-labelledby="attempts-heading" tabIndex={0}>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Matching attempts, newest first</caption>
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="p-2">Attempt</th>
                  <th scope="col" className="p-2">Learner</th>
                  <th scope="col" className="p-2">Course and exam</th>
                  <th scope="col" className="p-2">Status</th>
                  <th scope="col" className="p-2">Started</th>
                  <th scope="col" className="p-2">Ended</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} className="border-b border-slate-100 align-top" data-testid={`attempt-row-${r.id}`}>
                    <th scope="row" className="p-2 font-medium">
                      <Link href={`/admin/attempts/${r.id}`} className="text-blue-800 underline underline-offset-2 hover:text-blue-900">
                        #{r.id}
                        <span className="sr-only">: open the timeline and change the status</span>
                      </Link>
                    </th>
                    <td className="p-2">
                      {r.username}
                      <span className="block break-all text-slate-600">{r.email}</span>
                    </td>
                    <td className="p-2">
                      <span className="break-all">{r.courseKey}</span>
                      <span className="block text-slate-600">{r.examName}</span>
                    </td>
                    <td className="p-2">{statusLabel(r.status)}</td>
                    <td className="p-2 whitespace-nowrap">
                      <DateTime iso={r.startedAt} />
                    </td>
                    <td className="p-2 whitespace-nowrap">
                      <DateTime iso={r.completedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <section aria-labelledby="reports-heading" className="mt-6">
            <h2 id="reports-heading" className="mb-2 text-lg font-medium">
              Results reports
            </h2>
            <p className="mb-2 text-sm text-slate-700">Every attempt of a course’s proctored and timed exams as CSV: learner, status, times, allowances, review result and reviewer.</p>
            <ul className="list-disc space-y-1 pl-6 text-sm">
              {courses.map((courseKey) => (
                <li key={courseKey}>
                  <a href={`/api/instructor/${encodeKeySegment(courseKey)}/results.csv`} className="break-all text-blue-800 underline underline-offset-2 hover:text-blue-900" download>
                    Results report of {courseKey} (CSV)
                  </a>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
