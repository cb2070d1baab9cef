import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { BackendActions } from "@/components/admin/backend-actions";
import { BackendConnectionTest } from "@/components/admin/backend-connection-test";
import { BackendForm } from "@/components/admin/backend-form";
import { VendorClients } from "@/components/admin/vendor-clients";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { getAdminBackend, listBackendVendorClients } from "@/lib/queries/admin-backends";
import {
  createVendorClientAction,
  deleteBackendAction,
  revokeVendorClientAction,
  saveBackendAction,
  setBackendEnabledAction,
  setDefaultBackendAction,
  testBackendConnectionAction,
} from "../actions";
import { backendKindChoices } from "../kinds";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return { title: `Backend ${decodeURIComponent(name)}` };
}

/** One backend: its configuration (secrets write-only), its state, a connection test, its vendor clients. */
export default async function BackendPage({ params }: { params: Promise<{ name: string }> }) {
  const { name: raw } = await params;
  const name = decodeURIComponent(raw);
  await requireAdmin(`/admin/backends/${raw}`);
  const db = await getDb();
  const locale = await getLocale();
  const kinds = backendKindChoices();
  const backend = await getAdminBackend(db, name, (kind) => kinds.find((k) => k.kind === kind)?.secretNames ?? []);
  if (!backend) notFound();
  const clients = await listBackendVendorClients(db, name);
  const vendorCallsBack = backend.kind === "rest";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/backends" className="text-blue-800 underline">
          ← Proctoring backends
        </Link>
      </p>
      <PageHeading title={backend.verboseName || backend.name}>
        <code>{backend.name}</code> · {backend.kind} · {backend.enabled ? "enabled" : "disabled"}
        {backend.isDefault ? " · the default" : ""} · used by {backend.examCount} exam{backend.examCount === 1 ? "" : "s"}
      </PageHeading>
      {backend.secretsUnreadable ? (
        <p role="alert" className="mb-4 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          The stored secrets cannot be decrypted with the current INVIGIL_SECRET_KEY: replace each of them below.
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <BackendForm
            mode="update"
            kinds={kinds}
            initial={{
              name: backend.name,
              kind: backend.kind,
              verboseName: backend.verboseName,
              enabled: backend.enabled,
              settingsJson: JSON.stringify(backend.settings, null, 2),
            }}
            secrets={backend.secrets}
            locale={locale}
            saveAction={saveBackendAction}
          />
        </Card>
        <div className="space-y-6">
          <Card>
            <h2 className="mb-2 text-lg font-medium">Connection</h2>
            <BackendConnectionTest name={backend.name} testAction={testBackendConnectionAction} />
          </Card>
          <Card>
            <h2 className="mb-2 text-lg font-medium">State</h2>
            <BackendActions
              name={backend.name}
              enabled={backend.enabled}
              isDefault={backend.isDefault}
              examCount={backend.examCount}
              setDefaultAction={setDefaultBackendAction}
              setEnabledAction={setBackendEnabledAction}
              deleteAction={deleteBackendAction}
              onDeleted="list"
            />
          </Card>
        </div>
      </div>
      <section aria-labelledby="vendor-clients-heading" className="mt-8">
        <h2 id="vendor-clients-heading" className="mb-1 text-lg font-medium">
          Vendor clients
        </h2>
        <p className="mb-3 text-sm text-slate-700">
          {vendorCallsBack
            ? "The vendor trades a client’s id and secret for tokens at /oauth2/access_token to report that a learner is ready and to send reviews."
            : "Only vendors that call back (REST vendors) need a client; this backend’s kind does not use one."}
        </p>
        <VendorClients backendName={backend.name} clients={clients} locale={locale} createAction={createVendorClientAction} revokeAction={revokeVendorClientAction} />
      </section>
    </>
  );
}
