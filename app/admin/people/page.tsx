import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { LocalTime } from "@/components/local-time/local-time";
import { PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { listAdminUsers } from "@/lib/queries/admin-people";

export const dynamic = "force-dynamic";
export const metadata = { title: "People" };

const link = "font-medium text-blue-800 underline underline-offset-2 hover:text-blue-900";

/** Everyone with an account: search by name, e-mail or LMS id, page by id. */
export default async function AdminPeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin("/admin/people");
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const db = await getDb();
  const locale = await getLocale();
  const page = await listAdminUsers(db, { search: one(params.search), after: one(params.after) });
  const next = page.nextAfter ? `/admin/people?${new URLSearchParams({ ...(page.search ? { search: page.search } : {}), after: page.nextAfter })}` : null;
  return (
    <>
      <PageHeading title="People">Accounts, site admins and course roles. The LMS creates most accounts when it syncs; a CSV import adds or changes many at once.</PageHeading>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <form method="get" action="/admin/people" role="search" aria-label="People" className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="people-search" className="block text-sm font-medium">
              Search by username, e-mail, name or LMS id
            </label>
            <input id="people-search" name="search" type="search" defaultValue={page.search} maxLength={254} className="mt-1 w-72 max-w-full rounded border border-slate-400 px-2 py-1 text-sm" />
          </div>
          <button type="submit" className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
            Search
          </button>
        </form>
        <Link href="/admin/people/import" className={link}>
          Import users, enrollments or roles (CSV)
        </Link>
      </div>
      <h2 id="people-heading" className="sr-only">
        Accounts
      </h2>
      {page.rows.length === 0 ? (
        <p>{page.search ? "Nobody matches this search." : "No accounts yet."}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-labelledby="people-heading" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Accounts, oldest first</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="p-2">Username</th>
                <th scope="col" className="p-2">E-mail</th>
                <th scope="col" className="p-2">LMS id</th>
                <th scope="col" className="p-2">Account</th>
                <th scope="col" className="p-2">Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((u) => (
                <tr key={u.id} className="border-b border-slate-100">
                  <th scope="row" className="p-2">
                    <Link href={`/admin/people/${u.id}`} className={link}>
                      {u.username}
                    </Link>
                    {u.fullName ? <span className="block font-normal text-slate-600">{u.fullName}</span> : null}
                  </th>
                  <td className="p-2 break-all">{u.email}</td>
                  <td className="p-2">{u.lmsUserId ?? "–"}</td>
                  <td className="p-2">
                    {u.isActive ? "Active" : "Inactive"}
                    {u.isAdmin ? <span className="ml-1 rounded bg-blue-100 px-1.5 py-0.5 text-xs font-medium text-blue-900">Site admin</span> : null}
                  </td>
                  <td className="p-2">{u.lastLoginAt ? <LocalTime iso={u.lastLoginAt} locale={locale} /> : "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages of people" className="mt-3 flex gap-3 text-sm">
        {params.after ? (
          <Link href={page.search ? `/admin/people?search=${encodeURIComponent(page.search)}` : "/admin/people"} className={link}>
            First page
          </Link>
        ) : null}
        {next ? (
          <Link href={next} className={link}>
            Next page
          </Link>
        ) : null}
      </nav>
    </>
  );
}
