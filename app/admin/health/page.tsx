import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { DeadMessages } from "@/components/admin/dead-messages";
import { LocalTime } from "@/components/local-time/local-time";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { jobState } from "@/lib/domain/admin-health";
import { getEnv } from "@/lib/env";
import { checkSmtp } from "@/lib/jobs/mailer";
import { listDeadMessages, readHealth } from "@/lib/queries/admin-health";
import { discardDeadMessagesAction, retryDeadMessagesAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Health" };

const JOB_LABELS: Record<string, string> = { expiry_sweeper: "Expiry sweeper", outbox_worker: "Outbox worker" };
const good = "font-medium text-green-800";
const bad = "font-medium text-red-800";

function age(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/**
 * What an admin checks at 2 a.m.: is the database there, are the migrations applied, are side
 * effects being delivered, are the background loops running, are vendors answering, is mail
 * going out. Each figure says plainly whether it is fine.
 */
export default async function AdminHealthPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin("/admin/health");
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const db = await getDb();
  const locale = await getLocale();
  const now = new Date();
  const [health, smtp, dead] = await Promise.all([
    readHealth(db, now),
    checkSmtp(getEnv().smtp),
    listDeadMessages(db, { before: one(params.before), topic: one(params.topic) }),
  ]);
  const deadTotal = health.outbox.reduce((n, t) => n + t.dead, 0);
  return (
    <>
      <PageHeading title="Health">
        Checked <LocalTime iso={health.checkedAt} locale={locale} />. Reload the page to check again.
      </PageHeading>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Card>
          <h2 className="text-lg font-medium">Database</h2>
          <p className={good} data-testid="health-database">
            Up · {health.databaseLatencyMs} ms
          </p>
        </Card>
        <Card>
          <h2 className="text-lg font-medium">Migrations</h2>
          <p className={health.migrations.pending === 0 ? good : bad}>
            {health.migrations.pending === 0 ? "All applied" : `${health.migrations.pending} not applied: run the migrations`}
          </p>
          <p className="text-sm text-slate-700">
            <code className="break-all">{health.migrations.current ?? "none"}</code>
          </p>
        </Card>
        <Card>
          <h2 className="text-lg font-medium">E-mail (SMTP)</h2>
          <p className={smtp.state === "ok" ? good : smtp.state === "down" ? bad : "font-medium"} data-testid="health-smtp">
            {smtp.state === "ok" ? `Answering · ${smtp.ms} ms` : smtp.state === "down" ? `Not answering (${smtp.reason})` : "Not configured: e-mails are skipped"}
          </p>
        </Card>
        <Card>
          <h2 className="text-lg font-medium">Dead messages</h2>
          <p className={deadTotal === 0 ? good : bad}>{deadTotal === 0 ? "None" : `${deadTotal}: see below`}</p>
        </Card>
      </div>

      <section aria-labelledby="loops-heading" className="mt-8">
        <h2 id="loops-heading" className="mb-2 text-lg font-medium">
          Background loops
        </h2>
        {health.jobs.length === 0 ? (
          <p className={bad}>No loop has run yet on any instance.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {health.jobs.map((j) => {
              const state = jobState(j, now);
              return (
                <li key={j.name} data-testid={`job-${j.name}`}>
                  <span className="font-medium">{JOB_LABELS[j.name] ?? j.name}</span>:{" "}
                  <span className={state === "ok" ? good : bad}>{state === "ok" ? "running" : state === "failing" ? "failing" : "not running"}</span> · last run{" "}
                  <LocalTime iso={j.lastRunAt} locale={locale} /> ({j.lastDurationMs} ms)
                  {j.lastError ? <span className="block text-red-800">Last error: {j.lastError}</span> : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="outbox-heading" className="mt-8">
        <h2 id="outbox-heading" className="mb-2 text-lg font-medium">
          Outbox by topic
        </h2>
        {health.outbox.length === 0 ? (
          <p className="text-sm">Nothing waiting: every side effect has been delivered.</p>
        ) : (
          <div className="overflow-x-auto rounded border border-slate-200 bg-white" role="region" aria-labelledby="outbox-heading" tabIndex={0}>
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="p-2">Topic</th>
                  <th scope="col" className="p-2">Waiting</th>
                  <th scope="col" className="p-2">Oldest waiting</th>
                  <th scope="col" className="p-2">Dead</th>
                </tr>
              </thead>
              <tbody>
                {health.outbox.map((t) => (
                  <tr key={t.topic} className="border-b border-slate-100">
                    <th scope="row" className="p-2 font-normal">
                      <code>{t.topic}</code>
                    </th>
                    <td className="p-2">{t.pending}</td>
                    <td className="p-2">{age(t.oldestPendingSeconds)}</td>
                    <td className="p-2">
                      {t.dead > 0 ? (
                        <Link href={`/admin/health?topic=${encodeURIComponent(t.topic)}#dead-heading`} className="text-blue-800 underline">
                          {t.dead}
                        </Link>
                      ) : (
                        0
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="vendors-heading" className="mt-8">
        <h2 id="vendors-heading" className="mb-2 text-lg font-medium">
          Vendor calls, last {health.vendorWindowHours} h
        </h2>
        {health.vendors.length === 0 ? (
          <p className="text-sm">No vendor calls.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {health.vendors.map((v) => (
              <li key={v.backend}>
                <code>{v.backend}</code>: {v.calls} call{v.calls === 1 ? "" : "s"},{" "}
                <span className={v.errorRate > 0.05 ? bad : good}>{Math.round(v.errorRate * 1000) / 10}% needed a retry</span>
                {v.dead > 0 ? `, ${v.dead} given up` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="dead-heading" className="mt-8">
        <h2 id="dead-heading" className="mb-2 text-lg font-medium">
          Dead messages{dead.topic ? ` (${dead.topic})` : ""}
        </h2>
        <p className="mb-2 text-sm text-slate-700">
          Side effects given up after their retries. Retry once the cause is fixed, or discard what no longer matters.
          {dead.topic ? (
            <>
              {" "}
              <Link href="/admin/health#dead-heading" className="text-blue-800 underline">
                Show every topic
              </Link>
            </>
          ) : null}
        </p>
        <Card>
          <DeadMessages rows={dead.rows} locale={locale} retryAction={retryDeadMessagesAction} discardAction={discardDeadMessagesAction} />
        </Card>
        {dead.nextBefore ? (
          <p className="mt-2 text-sm">
            <Link href={`/admin/health?${new URLSearchParams({ ...(dead.topic ? { topic: dead.topic } : {}), before: dead.nextBefore })}#dead-heading`} className="text-blue-800 underline">
              Older dead messages
            </Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
