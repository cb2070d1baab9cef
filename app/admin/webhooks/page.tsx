import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { WebhookCreateForm } from "@/components/admin/webhook-create-form";
import { WebhookEndpointActions, WebhookReplayButton } from "@/components/admin/webhook-endpoint-actions";
import { LocalTime } from "@/components/local-time/local-time";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { RECENT_DELIVERIES, listRecentWebhookDeliveries, listWebhookEndpoints } from "@/lib/queries/webhooks";
import {
  createWebhookAction,
  deleteWebhookAction,
  replayWebhookDeliveryAction,
  rotateWebhookSecretAction,
  sendWebhookTestAction,
  setWebhookEnabledAction,
} from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Webhooks" };

const STATE_LABEL = { pending: "Pending", delivered: "Delivered", failed: "Failed" } as const;

/**
 * LMS write-back (decision 040): where attempt status, credit requirement and grade override
 * changes are POSTed, and what became of each delivery. Secrets are never read here.
 */
export default async function AdminWebhooksPage() {
  await requireAdmin("/admin/webhooks");
  const db = await getDb();
  const locale = await getLocale();
  const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(db), listRecentWebhookDeliveries(db)]);
  const urlOf = new Map(endpoints.map((e) => [e.id, e.url]));
  const when = (d: Date | null) => (d ? <LocalTime iso={d.toISOString()} locale={locale} /> : "—");
  return (
    <>
      <PageHeading title="Webhooks">
        Invigil POSTs signed JSON to these URLs when an attempt’s status, a credit requirement or a grade override changes, retrying with backoff
        until the LMS answers 2xx. A webhook’s signing secret is shown once, when it is added or rotated.
      </PageHeading>
      <Card className="mb-8">
        <WebhookCreateForm createAction={createWebhookAction} />
      </Card>

      <h2 className="mb-3 text-lg font-medium">Endpoints</h2>
      {endpoints.length === 0 ? (
        <p className="mb-8">No webhooks yet.</p>
      ) : (
        <ul className="mb-8 space-y-3">
          {endpoints.map((e) => (
            <li key={e.id} data-testid={`webhook-${e.id}`} className="rounded-lg border border-slate-200 bg-white p-3">
              <p className="break-all font-medium">{e.url}</p>
              <p className="mt-1 text-sm text-slate-700">
                {e.enabled ? "Enabled" : "Disabled"} · Events: {e.events.length === 0 ? "all" : e.events.join(", ")} · Added {when(e.created)}
                {e.hasSecret ? "" : " · Not signed (no secret)"}
              </p>
              <div className="mt-2">
                <WebhookEndpointActions
                  id={e.id}
                  label={e.url}
                  enabled={e.enabled}
                  sendTestAction={sendWebhookTestAction}
                  setEnabledAction={setWebhookEnabledAction}
                  rotateAction={rotateWebhookSecretAction}
                  deleteAction={deleteWebhookAction}
                />
              </div>
            </li>
          ))}
        </ul>
      )}

      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="deliveries-heading" className="text-lg font-medium">
          Deliveries
        </h2>
        <Link href="/admin/webhooks" className="text-sm text-blue-800 underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700">
          Refresh
        </Link>
      </div>
      <p className="mb-3 text-sm text-slate-700">
        The latest {RECENT_DELIVERIES}, newest first. A replay sends the same body with the same <code>X-Invigil-Delivery</code> id, so the LMS can
        recognise an event it already has.
      </p>
      {deliveries.length === 0 ? (
        <p>No deliveries yet.</p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-labelledby="deliveries-heading" tabIndex={0}>
          {/* A minimum width: on a phone the region scrolls sideways instead of folding every cell into a column of words. */}
          <table className="w-full min-w-[48rem] text-left text-sm">
            <caption className="sr-only">Webhook deliveries, newest first</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="p-2">Delivery</th>
                <th scope="col" className="p-2">Endpoint</th>
                <th scope="col" className="p-2">Last try</th>
                <th scope="col" className="p-2">Result</th>
                <th scope="col" className="p-2">Duration</th>
                <th scope="col" className="p-2">Tries</th>
                <th scope="col" className="p-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} className="border-b border-slate-100 align-top" data-testid={`delivery-${d.deliveryKey}`}>
                  <th scope="row" className="p-2 font-medium">
                    <code>{d.event}</code>
                    <span className="block font-normal text-slate-600">
                      <code>{d.deliveryKey}</code>
                    </span>
                  </th>
                  <td className="max-w-64 break-all p-2">{urlOf.get(d.endpointId) ?? `#${d.endpointId}`}</td>
                  <td className="p-2">{when(d.lastAttemptAt)}</td>
                  <td className="p-2" data-testid="delivery-result">
                    {STATE_LABEL[d.state]}
                    {d.responseStatus !== null ? <span className="block">HTTP {d.responseStatus}</span> : null}
                    {d.error && d.responseStatus === null ? <span className="block text-red-800">{d.error}</span> : null}
                  </td>
                  <td className="p-2">{d.durationMs !== null ? `${d.durationMs} ms` : "—"}</td>
                  <td className="p-2">{d.tries}</td>
                  <td className="p-2">
                    <WebhookReplayButton id={d.id} label={`${d.event} ${d.deliveryKey}`} replayAction={replayWebhookDeliveryAction} />
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
