import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { BackendActions } from "@/components/admin/backend-actions";
import { LocalTime } from "@/components/local-time/local-time";
import { PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { listAdminBackends } from "@/lib/queries/admin-backends";
import { deleteBackendAction, setBackendEnabledAction, setDefaultBackendAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Proctoring backends" };

/** Every configured proctoring backend: which is the default, which exams use them, their state. */
export default async function AdminBackendsPage() {
  await requireAdmin("/admin/backends");
  const db = await getDb();
  const locale = await getLocale();
  const backends = await listAdminBackends(db);
  return (
    <>
      <PageHeading title="Proctoring backends">
        The proctoring services exams can use. Exams without a backend of their own use the default. Secrets are stored encrypted and never shown.
      </PageHeading>
      <p className="mb-4">
        <Link href="/admin/backends/new" className="inline-block rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
          Add a backend
        </Link>
      </p>
      <h2 id="backends-heading" className="mb-3 text-lg font-medium">
        Backends
      </h2>
      {backends.length === 0 ? (
        <p>No backend is configured: proctored exams use the built-in null backend (no proctoring software).</p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-labelledby="backends-heading" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Proctoring backends by name</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="p-2">Backend</th>
                <th scope="col" className="p-2">Kind</th>
                <th scope="col" className="p-2">Status</th>
                <th scope="col" className="p-2">Exams</th>
                <th scope="col" className="p-2">Changed</th>
                <th scope="col" className="p-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {backends.map((b) => (
                <tr key={b.name} className="border-b border-slate-100 align-top" data-testid={`backend-row-${b.name}`}>
                  <th scope="row" className="p-2 font-medium">
                    <Link href={`/admin/backends/${encodeURIComponent(b.name)}`} className="text-blue-800 underline">
                      {b.verboseName || b.name}
                    </Link>
                    <span className="block font-normal text-slate-600">
                      <code>{b.name}</code>
                    </span>
                  </th>
                  <td className="p-2"><code>{b.kind}</code></td>
                  <td className="p-2">
                    {b.enabled ? "Enabled" : "Disabled"}
                    {b.isDefault ? <span className="ml-1 rounded bg-blue-100 px-1.5 py-0.5 text-xs font-medium text-blue-900">Default</span> : null}
                  </td>
                  <td className="p-2">{b.examCount}</td>
                  <td className="p-2"><LocalTime iso={b.modified} locale={locale} /></td>
                  <td className="p-2">
                    <BackendActions
                      name={b.name}
                      enabled={b.enabled}
                      isDefault={b.isDefault}
                      examCount={b.examCount}
                      setDefaultAction={setDefaultBackendAction}
                      setEnabledAction={setBackendEnabledAction}
                      deleteAction={deleteBackendAction}
                    />
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
