import { createHmac } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { KeyedLimiter } from "../limit";
import { PermanentJobError, type OutboxHandler } from "../outbox";

export { WEBHOOK_EVENTS, type WebhookEvent } from "../topics";

export const SIGNATURE_HEADER = "X-Invigil-Signature";
export const WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * Requests in flight to one endpoint at once, from this instance: the outbox delivers several
 * webhook messages side by side (decision 047), and one receiver (an LMS) should not see them
 * all at once, nor a slow receiver take every place the others need.
 */
export const WEBHOOK_ENDPOINT_CONCURRENCY = 4;
const endpointSlots = new KeyedLimiter<number>(WEBHOOK_ENDPOINT_CONCURRENCY);
/** Payload key where a partly delivered message written by an older version remembers which endpoints had it. */
const LEGACY_DELIVERED_KEY = "_delivered_endpoints";

/** `sha256=<hex>` of the exact request body, keyed with the endpoint's secret. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

function wantsEvent(endpoint: WebhookEndpoint, event: string): boolean {
  return endpoint.events.length === 0 || endpoint.events.includes(event);
}

/** What one try of one delivery came to: the answer's status, or why there was none. */
export interface AttemptOutcome {
  ok: boolean;
  responseStatus: number | null;
  /** Null when the receiver answered 2xx. Names the endpoint by id, never by URL (which may carry credentials). */
  error: string | null;
  durationMs: number;
}

/** Sends one body to one endpoint, once; never throws (the caller records the outcome). */
export async function attemptDelivery(endpoint: WebhookEndpoint, body: string, event: string, deliveryKey: string): Promise<AttemptOutcome> {
  const started = performance.now();
  const outcome = (responseStatus: number | null, error: string | null): AttemptOutcome => ({
    ok: error === null,
    responseStatus,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "Invigil-Webhooks/1",
    "X-Invigil-Event": event,
    "X-Invigil-Delivery": deliveryKey,
  };
  if (endpoint.secretEncrypted) {
    let secret: string;
    try {
      secret = decryptSecret(endpoint.secretEncrypted);
    } catch {
      return outcome(null, `webhook endpoint #${endpoint.id}: its signing secret cannot be decrypted (was INVIGIL_SECRET_KEY changed?)`);
    }
    headers[SIGNATURE_HEADER] = signWebhookBody(secret, body);
  }
  // fetch refuses URLs with credentials: `https://user:pass@lms/hook` becomes Basic auth.
  let target: URL;
  try {
    target = new URL(endpoint.url);
  } catch {
    return outcome(null, `webhook endpoint #${endpoint.id}: its URL is not valid`);
  }
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  let response: Response;
  try {
    response = await fetch(target, {
      method: "POST",
      headers,
      body,
      // A redirect is not followed: the receiver must be configured with its final URL.
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    // Only the error code: fetch's messages may quote the URL.
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const code = (error as { cause?: { code?: unknown } })?.cause?.code;
    const reason = timedOut
      ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
      : `request failed (${typeof code === "string" ? code : "network error"})`;
    return outcome(null, `webhook endpoint #${endpoint.id}: ${reason}`);
  }
  // Drain the body so the connection is reused or closed, whatever the status.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status >= 300) {
    return outcome(response.status, `webhook endpoint #${endpoint.id} answered HTTP ${response.status}`);
  }
  return outcome(response.status, null);
}

/** Keeps the outcome of a try on its delivery row (tries counted in SQL, so two workers cannot lose one). */
async function recordTry(db: DbOrTx, deliveryId: number, outcome: AttemptOutcome, now: Date): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      state: outcome.ok ? "delivered" : "failed",
      tries: sql`${webhookDeliveries.tries} + 1`,
      lastAttemptAt: now,
      responseStatus: outcome.responseStatus,
      error: outcome.error,
      durationMs: outcome.durationMs,
    })
    .where(eq(webhookDeliveries.id, deliveryId));
}

/**
 * `webhook.<event>`: POSTs `{id, event, created, data}` to every enabled endpoint that wants
 * the event, signed with HMAC-SHA256 of the body. Each (message, endpoint) pair is one row of
 * webhook_deliveries: a retry of the message skips the endpoints whose row is delivered, and the
 * admin console lists every row with its last answer.
 */
export function createWebhookHandler(event: string): OutboxHandler {
  return async (payload, { db, message, now }) => {
    const endpoints = (
      await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.enabled, true)).orderBy(asc(webhookEndpoints.id))
    ).filter((endpoint) => wantsEvent(endpoint, event));
    if (endpoints.length === 0) return;

    // Messages written before webhook_deliveries existed remember delivered endpoints in the payload.
    const legacyDelivered = new Set(Array.isArray(payload[LEGACY_DELIVERED_KEY]) ? (payload[LEGACY_DELIVERED_KEY] as unknown[]).map(Number) : []);
    const data = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.startsWith("_")));
    // The body is fixed per message (its `created` is the message's), so a retry sends the same
    // bytes and receivers can deduplicate by the delivery id.
    const body = JSON.stringify({ id: message.id, event, created: message.created.toISOString(), data });
    const deliveryKey = String(message.id);

    const failures: string[] = [];
    for (const endpoint of endpoints) {
      if (legacyDelivered.has(endpoint.id)) continue;
      // One row per (endpoint, message): inserted on the first try, found again on a retry.
      await db.insert(webhookDeliveries).values({ endpointId: endpoint.id, deliveryKey, event, body }).onConflictDoNothing();
      const [row] = await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.deliveryKey, deliveryKey)));
      if (!row || row.state === "delivered") continue;
      const outcome = await endpointSlots.run(endpoint.id, () => attemptDelivery(endpoint, row.body, event, deliveryKey));
      await recordTry(db, row.id, outcome, now);
      if (outcome.error) failures.push(outcome.error);
    }
    if (failures.length > 0) throw new Error(failures.join("; "));
  };
}

/**
 * `webhook.delivery`: sends one stored delivery to its endpoint (a test event or a replay), with
 * the body and delivery id it was first sent with. Retried by the outbox like any message.
 */
export const webhookDeliveryHandler: OutboxHandler = async (payload, { db, now }) => {
  const deliveryId = Number(payload.delivery_id);
  if (!Number.isSafeInteger(deliveryId) || deliveryId <= 0) throw new PermanentJobError("webhook.delivery: delivery_id must be a positive integer");
  const [row] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId));
  // The endpoint (and its deliveries) was deleted since: nothing left to send to.
  if (!row) return { note: `skipped: webhook delivery #${deliveryId} no longer exists` };
  if (row.delivery.state === "delivered") return { note: `skipped: webhook delivery #${deliveryId} was already delivered` };
  const outcome = await endpointSlots.run(row.endpoint.id, () => attemptDelivery(row.endpoint, row.delivery.body, row.delivery.event, row.delivery.deliveryKey));
  await recordTry(db, deliveryId, outcome, now);
  if (outcome.error) throw new Error(outcome.error);
};
