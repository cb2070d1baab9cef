import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, type OutboxMessage, type WebhookEndpoint } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { KeyedLimiter } from "../limit";
import { PermanentJobError, type OutboxHandler } from "../outbox";
import { WEBHOOK_EVENTS, type WebhookEvent } from "../topics";

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
  // Credentials in the URL (`https://user:pass@lms/hook`) become Basic auth.
  let target: URL;
  try {
    target = new URL(endpoint.url);
  } catch {
    return outcome(null, `webhook endpoint #${endpoint.id}: its URL is not valid`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return outcome(null, `webhook endpoint #${endpoint.id}: its URL is not http or https`);
  }
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
  }
  try {
    const status = await post(target, headers, body);
    if (status < 200 || status >= 300) return outcome(status, `webhook endpoint #${endpoint.id} answered HTTP ${status}`);
    return outcome(status, null);
  } catch (error) {
    // Only the error code: a message may quote the URL.
    const reason =
      error instanceof WebhookTimeout
        ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
        : `request failed (${typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : "network error"})`;
    return outcome(null, `webhook endpoint #${endpoint.id}: ${reason}`);
  }
}

class WebhookTimeout extends Error {}

/**
 * Keep-alive connections, shared by every delivery of this process: a burst's webhooks reuse a
 * few connections per receiver (at most WEBHOOK_ENDPOINT_CONCURRENCY requests to one endpoint at
 * once) instead of a handshake each. Plain node:http rather than fetch: a POST costs about a
 * quarter of the CPU (0.08 against 0.30 ms per request measured on loopback, decision 053), and
 * a submit sends two webhooks.
 */
const agents = {
  // An idle connection is closed after 4 s, before a receiver's own idle limit (often 5 s) closes
  // it under a request just sent on it.
  "http:": new http.Agent({ keepAlive: true, timeout: 4_000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4_000 }),
} as const;

/**
 * POSTs `body` and resolves with the answer's status once its body has been read (so the
 * connection goes back to the pool). A redirect is not followed: the receiver must be configured
 * with its final URL. Rejects after WEBHOOK_TIMEOUT_MS in all (connecting, sending, answering).
 */
function post(target: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const protocol = target.protocol as keyof typeof agents;
    const request = (protocol === "https:" ? https : http).request(
      {
        protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ""),
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        agent: agents[protocol],
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
      },
      (response) => {
        response.resume();
        response.once("end", () => finish(null, response.statusCode ?? 0));
        response.on("error", (error) => finish(error));
        // Closed before the whole answer arrived (after "end" this changes nothing).
        response.once("close", () => finish(Object.assign(new Error("answer cut off"), { code: "ECONNRESET" })));
      },
    );
    const timer = setTimeout(() => request.destroy(new WebhookTimeout()), WEBHOOK_TIMEOUT_MS);
    let done = false;
    const finish = (error: Error | null, status = 0) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(status);
    };
    // `on`, not `once`: a request destroyed after a first error may emit another, and an error
    // without a listener would be thrown; finish() only takes the first.
    request.on("error", (error) => finish(error));
    request.end(body);
  });
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

type Db = Parameters<OutboxHandler>[1]["db"];
type Batch = Parameters<OutboxHandler>[1]["batch"];

/**
 * The enabled endpoints, read once per claimed batch (decision 051): an endpoint added, changed,
 * disabled or deleted is seen by the next batch, a few seconds at most after the change.
 */
function batchEndpoints(db: Db, batch: Batch): Promise<WebhookEndpoint[]> {
  return batch.once("webhook:endpoints", () => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.enabled, true)).orderBy(asc(webhookEndpoints.id)));
}

const EVENT_TOPIC_PREFIX = "webhook.";
const isEvent = (name: string): name is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(name);

/** The event a message of the batch announces, or null for a message that is not a webhook event. */
function eventOf(message: OutboxMessage): WebhookEvent | null {
  if (!message.topic.startsWith(EVENT_TOPIC_PREFIX)) return null;
  const name = message.topic.slice(EVENT_TOPIC_PREFIX.length);
  return isEvent(name) ? name : null;
}

/**
 * The body of a message's event, fixed per message (its `created` is the message's), so a retry
 * sends the same bytes and receivers can deduplicate by the delivery id.
 */
function eventBody(message: OutboxMessage, event: string): string {
  const payload = message.payload ?? {};
  const data = Object.fromEntries(Object.entries(payload).filter(([key]) => !key.startsWith("_")));
  return JSON.stringify({ id: message.id, event, created: message.created.toISOString(), data });
}

/** Messages written before webhook_deliveries existed remember delivered endpoints in the payload. */
function legacyDeliveredTo(payload: Record<string, unknown>): Set<number> {
  const list = payload[LEGACY_DELIVERED_KEY];
  return new Set(Array.isArray(list) ? (list as unknown[]).map(Number) : []);
}

interface DeliveryRow {
  id: number;
  state: string;
  body: string;
}
const pairKey = (endpointId: number, deliveryKey: string) => `${endpointId}:${deliveryKey}`;

/**
 * One row per (endpoint, message) for the given pairs: inserted on the first try, found again on a
 * retry. Two statements whatever the number of pairs (the rows travel as one JSON parameter);
 * the read is a statement of its own so it also sees a row another worker inserted meanwhile.
 */
async function ensureDeliveries(db: Db, pairs: readonly { endpointId: number; deliveryKey: string; event: string; body: string }[]): Promise<Map<string, DeliveryRow>> {
  const found = new Map<string, DeliveryRow>();
  if (pairs.length === 0) return found;
  const json = JSON.stringify(pairs.map((p) => [p.endpointId, p.deliveryKey, p.event, p.body]));
  await db.execute(sql`
    INSERT INTO ${webhookDeliveries} (endpoint_id, delivery_key, event, body)
    SELECT (r.v->>0)::integer, r.v->>1, r.v->>2, r.v->>3 FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS r(v, n) ORDER BY r.n
    ON CONFLICT (endpoint_id, delivery_key) DO NOTHING`);
  const keys = JSON.stringify(pairs.map((p) => [p.endpointId, p.deliveryKey]));
  type Found = { id: number | string; endpoint_id: number | string; delivery_key: string; state: string; body: string };
  const result = await db.execute<Found>(sql`
    SELECT d.id, d.endpoint_id, d.delivery_key, d.state, d.body
    FROM ${webhookDeliveries} AS d JOIN jsonb_array_elements(${keys}::jsonb) AS r(v)
      ON d.endpoint_id = (r.v->>0)::integer AND d.delivery_key = r.v->>1`);
  // postgres.js answers with the rows, PGlite with an object holding them.
  const rows: Found[] = Array.isArray(result) ? result : ((result as unknown as { rows?: Found[] }).rows ?? []);
  for (const row of rows) found.set(pairKey(Number(row.endpoint_id), row.delivery_key), { id: Number(row.id), state: row.state, body: row.body });
  return found;
}

/**
 * The delivery rows of every webhook event in the batch, for every endpoint that wants it,
 * written and read when the first of them is delivered (decision 051).
 */
function batchDeliveries(db: Db, batch: Batch): Promise<Map<string, DeliveryRow>> {
  return batch.once("webhook:deliveries", async () => {
    const endpoints = await batchEndpoints(db, batch);
    const pairs: { endpointId: number; deliveryKey: string; event: string; body: string }[] = [];
    for (const message of batch.messages) {
      const event = eventOf(message);
      if (event === null) continue;
      const legacy = legacyDeliveredTo(message.payload ?? {});
      const wanted = endpoints.filter((endpoint) => wantsEvent(endpoint, event) && !legacy.has(endpoint.id));
      if (wanted.length === 0) continue;
      const body = eventBody(message, event);
      for (const endpoint of wanted) pairs.push({ endpointId: endpoint.id, deliveryKey: String(message.id), event, body });
    }
    return ensureDeliveries(db, pairs);
  });
}

interface TryRecord {
  id: number;
  outcome: AttemptOutcome;
  at: Date;
}

/**
 * The outcomes of many tries in one statement, each on its delivery row as recordTry writes it
 * (tries counted in SQL). Queued by the event handler and written by the worker before it settles
 * the messages (OutboxBatchContext.later, decision 051).
 */
async function recordTries(db: Db, records: readonly TryRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((r) => ({
    id: r.id,
    state: r.outcome.ok ? "delivered" : "failed",
    at: r.at.toISOString(),
    status: r.outcome.responseStatus,
    error: r.outcome.error,
    ms: r.outcome.durationMs,
  }));
  await db.execute(sql`
    UPDATE ${webhookDeliveries} AS d
    SET state = v.state, tries = d.tries + 1, last_attempt_at = v.at, response_status = v.status, error = v.error, duration_ms = v.ms, modified = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id bigint, state varchar, at timestamptz, status integer, error text, ms integer)
    WHERE d.id = v.id`);
}

/**
 * `webhook.<event>`: POSTs `{id, event, created, data}` to every enabled endpoint that wants
 * the event, signed with HMAC-SHA256 of the body. Each (message, endpoint) pair is one row of
 * webhook_deliveries: a retry of the message skips the endpoints whose row is delivered, and the
 * admin console lists every row with its last answer.
 */
export function createWebhookHandler(event: string): OutboxHandler {
  return async (payload, { db, message, now, batch }) => {
    const endpoints = (await batchEndpoints(db, batch)).filter((endpoint) => wantsEvent(endpoint, event));
    if (endpoints.length === 0) return;

    const legacyDelivered = legacyDeliveredTo(payload);
    const deliveryKey = String(message.id);
    const prepared = eventOf(message) === event ? await batchDeliveries(db, batch) : new Map<string, DeliveryRow>();

    const failures: string[] = [];
    for (const endpoint of endpoints) {
      if (legacyDelivered.has(endpoint.id)) continue;
      const row =
        prepared.get(pairKey(endpoint.id, deliveryKey)) ??
        (await ensureDeliveries(db, [{ endpointId: endpoint.id, deliveryKey, event, body: eventBody(message, event) }])).get(pairKey(endpoint.id, deliveryKey));
      if (!row || row.state === "delivered") continue;
      const outcome = await endpointSlots.run(endpoint.id, () => attemptDelivery(endpoint, row.body, event, deliveryKey));
      batch.later<TryRecord>("webhook:tries", { id: row.id, outcome, at: now }, (records) => recordTries(db, records));
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
