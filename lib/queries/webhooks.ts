import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, type WebhookDeliveryState } from "@/db/schema";
import { displayWebhookUrl } from "@/lib/domain/webhooks";

/** An endpoint as the console lists it: never its secret, and its URL with credentials masked. */
export interface WebhookEndpointView {
  id: number;
  url: string;
  events: string[];
  enabled: boolean;
  hasSecret: boolean;
  created: Date;
}

export async function listWebhookEndpoints(db: DbOrTx): Promise<WebhookEndpointView[]> {
  const rows = await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id));
  return rows.map((row) => ({
    id: row.id,
    url: displayWebhookUrl(row.url),
    events: row.events,
    enabled: row.enabled,
    hasSecret: row.secretEncrypted !== null,
    created: row.created,
  }));
}

export interface WebhookDeliveryView {
  id: number;
  endpointId: number;
  deliveryKey: string;
  event: string;
  state: WebhookDeliveryState;
  tries: number;
  created: Date;
  lastAttemptAt: Date | null;
  responseStatus: number | null;
  error: string | null;
  durationMs: number | null;
}

/** How many recent deliveries the console shows. */
export const RECENT_DELIVERIES = 50;

/** The most recent deliveries, newest first (the body is left out: it is sent, not shown). */
export async function listRecentWebhookDeliveries(db: DbOrTx, options: { endpointId?: number; limit?: number } = {}): Promise<WebhookDeliveryView[]> {
  const query = db
    .select({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      deliveryKey: webhookDeliveries.deliveryKey,
      event: webhookDeliveries.event,
      state: webhookDeliveries.state,
      tries: webhookDeliveries.tries,
      created: webhookDeliveries.created,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      responseStatus: webhookDeliveries.responseStatus,
      error: webhookDeliveries.error,
      durationMs: webhookDeliveries.durationMs,
    })
    .from(webhookDeliveries)
    .where(options.endpointId ? eq(webhookDeliveries.endpointId, options.endpointId) : undefined)
    .orderBy(desc(webhookDeliveries.id))
    .limit(options.limit ?? RECENT_DELIVERIES);
  return query;
}
