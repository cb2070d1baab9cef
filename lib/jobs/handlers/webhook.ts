import { createHmac } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { outbox, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import type { OutboxHandler } from "../outbox";

export { WEBHOOK_EVENTS, type WebhookEvent } from "../topics";

export const SIGNATURE_HEADER = "X-Invigil-Signature";
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Payload key where a partly delivered message remembers which endpoints already have it. */
const DELIVERED_KEY = "_delivered_endpoints";

/** `sha256=<hex>` of the exact request body, keyed with the endpoint's secret. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

function wantsEvent(endpoint: WebhookEndpoint, event: string): boolean {
  return endpoint.events.length === 0 || endpoint.events.includes(event);
}

/** Errors name the endpoint by id, never by URL (which may carry credentials). */
async function deliver(endpoint: WebhookEndpoint, body: string, event: string, deliveryId: number): Promise<void> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "Invigil-Webhooks/1",
    "X-Invigil-Event": event,
    "X-Invigil-Delivery": String(deliveryId),
  };
  if (endpoint.secretEncrypted) {
    let secret: string;
    try {
      secret = decryptSecret(endpoint.secretEncrypted);
    } catch {
      throw new Error(`webhook endpoint #${endpoint.id}: its signing secret cannot be decrypted (was INVIGIL_SECRET_KEY changed?)`);
    }
    headers[SIGNATURE_HEADER] = signWebhookBody(secret, body);
  }
  // fetch refuses URLs with credentials: `https://user:pass@lms/hook` becomes Basic auth.
  let target: URL;
  try {
    target = new URL(endpoint.url);
  } catch {
    throw new Error(`webhook endpoint #${endpoint.id}: its URL is not valid`);
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
    throw new Error(`webhook endpoint #${endpoint.id}: ${reason}`);
  }
  // Drain the body so the connection is reused or closed, whatever the status.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`webhook endpoint #${endpoint.id} answered HTTP ${response.status}`);
  }
}

/**
 * `webhook.<event>`: POSTs `{id, event, created, data}` to every enabled endpoint that wants
 * the event, signed with HMAC-SHA256 of the body. A message that reached some endpoints and
 * not others records which ones have it, so a retry does not send it to them again.
 */
export function createWebhookHandler(event: string): OutboxHandler {
  return async (payload, { db, message }) => {
    const endpoints = (
      await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.enabled, true)).orderBy(asc(webhookEndpoints.id))
    ).filter((endpoint) => wantsEvent(endpoint, event));
    if (endpoints.length === 0) return;

    const delivered = new Set(Array.isArray(payload[DELIVERED_KEY]) ? (payload[DELIVERED_KEY] as unknown[]).map(Number) : []);
    const data = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.startsWith("_")));
    // The body is fixed per message (its `created` is the message's), so a retry sends the same
    // bytes and receivers can deduplicate by the delivery id.
    const body = JSON.stringify({ id: message.id, event, created: message.created.toISOString(), data });

    const failures: string[] = [];
    let newlyDelivered = false;
    for (const endpoint of endpoints) {
      if (delivered.has(endpoint.id)) continue;
      try {
        await deliver(endpoint, body, event, message.id);
        delivered.add(endpoint.id);
        newlyDelivered = true;
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (failures.length === 0) return;
    if (newlyDelivered) {
      await db
        .update(outbox)
        .set({ payload: { ...payload, [DELIVERED_KEY]: [...delivered] } })
        .where(eq(outbox.id, message.id));
    }
    throw new Error(failures.join("; "));
  };
}
