import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { LocalTime } from "@/components/local-time/local-time";
import { PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { filterParams, parseAuditLogFilter, SUGGESTED_AUDIT_ACTIONS, type AuditLogFilter } from "@/lib/domain/audit-log";
import { beforeId, listAuditLog } from "@/lib/queries/admin-audit";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log" };

const link = "font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900";
const input = "mt-1 w-full rounded border border-slate-400 px-2 py-1 text-sm";

type FieldName = keyof AuditLogFilter;
const FIELDS: { name: FieldName; param: string; label: string; type: string; hint?: string }[] = [
  { name: "actor", param: "actor", label: "Who (username or e-mail)", type: "search" },
  { name: "courseKey", param: "course", label: "Course key", type: "search" },
  { name: "action", param: "action", label: "Action", type: "search", hint: "Exact, or a prefix ending in a dot, e.g. attempt." },
  { name: "from", param: "from", label: "From (UTC day)", type: "date" },
  { name: "to", param: "to", label: "To (UTC day, included)", type: "date" },
];

/** Every change on the site, newest first: who did what, to what, in which course. */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin("/admin/audit");
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  const parsed = parseAuditLogFilter((name) => one(params[name]));
  const before = beforeId(one(params.before));
  const db = await getDb();
  const locale = await getLocale();
  const page = await listAuditLog(db, parsed, before);
  const query = filterParams(parsed.filter);
  const filtered = Object.keys(query).length > 0;
  const firstHref = filtered ? `/admin/audit?${new URLSearchParams(query)}` : "/admin/audit";
  const nextHref = page.nextBefore ? `/admin/audit?${new URLSearchParams({ ...query, before: String(page.nextBefore) })}` : null;
  const csvHref = filtered ? `/admin/audit/export.csv?${new URLSearchParams(query)}` : "/admin/audit/export.csv";
  return (
    <>
      <PageHeading title="Audit log">Every recorded change on the site, newest first. Filter by who acted, the course, the action or the days (in UTC).</PageHeading>
      <form method="get" action="/admin/audit" role="search" aria-label="Audit log" className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {FIELDS.map((f) => {
          const error = parsed.errors[f.name];
          const describedBy = [f.hint ? `audit-${f.param}-hint` : null, error ? `audit-${f.param}-error` : null].filter(Boolean).join(" ") || undefined;
          return (
            <div key={f.param}>
              <label htmlFor={`audit-${f.param}`} className="block text-sm font-medium">
                {f.label}
              </label>
              <input
                id={`audit-${f.param}`}
                name={f.param}
                type={f.type}
                defaultValue={parsed.filter[f.name]}
                list={f.name === "action" ? "audit-actions" : undefined}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy}
                className={input}
              />
              {f.hint ? (
                <p id={`audit-${f.param}-hint`} className="mt-1 text-xs text-slate-600">
                  {f.hint}
                </p>
              ) : null}
              {error ? (
                <p id={`audit-${f.param}-error`} className="mt-1 text-sm text-red-800">
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
        <datalist id="audit-actions">
          {SUGGESTED_AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <div className="flex flex-wrap items-end gap-3 sm:col-span-2 lg:col-span-5">
          <button type="submit" className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
            Filter
          </button>
          {filtered ? (
            <Link href="/admin/audit" className={link}>
              Clear filters
            </Link>
          ) : null}
          <a href={csvHref} className={link} download>
            Download these rows (CSV)
          </a>
        </div>
      </form>
      <h2 id="audit-heading" className="sr-only">
        Audit rows
      </h2>
      {page.rows.length === 0 ? (
        <p>{page.unknownActor ? "No user has this username or e-mail." : filtered ? "No audit rows match these filters." : "Nothing has been recorded yet."}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-labelledby="audit-heading" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit rows, newest first</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="p-2">When</th>
                <th scope="col" className="p-2">Who</th>
                <th scope="col" className="p-2">Action</th>
                <th scope="col" className="p-2">Entity</th>
                <th scope="col" className="p-2">Course</th>
                <th scope="col" className="p-2">Change</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top">
                  <td className="p-2 whitespace-nowrap">
                    <LocalTime iso={r.at} locale={locale} />
                  </td>
                  <td className="p-2">
                    {r.actor}
                    {r.actorDetail ? <span className="block text-slate-600">{r.actorDetail}</span> : null}
                  </td>
                  <th scope="row" className="p-2 font-mono font-normal">
                    {r.action}
                  </th>
                  <td className="p-2 min-w-40">
                    {r.entityType}
                    {r.entityId ? <span className="block break-all text-slate-600">{r.entityId}</span> : null}
                  </td>
                  <td className="p-2 min-w-40 break-all">{r.courseKey ?? "–"}</td>
                  <td className="p-2 min-w-48 break-words">{r.summary || "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages of the audit log" className="mt-3 flex gap-3 text-sm">
        {before ? (
          <Link href={firstHref} className={link}>
            Newest rows
          </Link>
        ) : null}
        {nextHref ? (
          <Link href={nextHref} className={link}>
            Older rows
          </Link>
        ) : null}
      </nav>
    </>
  );
}
