import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { WEBHOOK_TEST_EVENT, WebhookEndpointFormSchema, displayWebhookUrl, type WebhookEndpointFormValues } from "@/lib/domain/webhooks";
import { enqueue, recordAudit } from "./journal";

/**
 * The admin console's verbs on LMS webhook endpoints and their deliveries (decision 040). Each is
 * one transaction with its audit row; the signing secret is generated here, returned once and
 * stored encrypted, and never written to the audit log. Sending is the outbox's job: a test event
 * or a replay is a `webhook.delivery` message, retried with backoff like every other.
 */

/** `whsec_` + base64url of 32 random bytes: recognisable, and long enough for HMAC-SHA256. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The endpoint as the audit log keeps it: no secret, and the URL with its credentials masked. */
function auditView(row: WebhookEndpoint) {
  return { url: displayWebhookUrl(row.url), events: row.events, enabled: row.enabled };
}

async function lockEndpoint(tx: Pick<Db, "select">, id: number): Promise<WebhookEndpoint> {
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for("update").limit(1);
  if (!row) throw new ServiceError("NOT_FOUND", "No such webhook endpoint.");
  return row;
}

/** Registers an endpoint (enabled). The returned secret is the only copy in clear: show it once. */
export async function createWebhookEndpoint(ctx: ServiceContext, input: WebhookEndpointFormValues): Promise<{ row: WebhookEndpoint; secret: string }> {
  const parsed = WebhookEndpointFormSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[String(issue.path[0] ?? "")] ??= []).push(issue.message);
    throw new ServiceError("VALIDATION", "Check the webhook's URL and events.", { fields });
  }
  const secret = newSigningSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(webhookEndpoints)
      .values({ url: parsed.data.url, events: parsed.data.events, secretEncrypted: encryptSecret(secret), enabled: true })
      .returning();
    if (!inserted) throw new Error("createWebhookEndpoint: insert returned no row");
    await recordAudit(tx, ctx, { action: "webhook_endpoint.create", entityType: "webhook_endpoint", entityId: String(inserted.id), data: { before: null, after: auditView(inserted) } });
    return inserted;
  });
  return { row, secret };
}

/** Replaces the signing secret; deliveries sent from now on (retries and replays too) use the new one. */
export async function rotateWebhookSecret(ctx: ServiceContext, id: number): Promise<{ row: WebhookEndpoint; secret: string }> {
  const secret = newSigningSecret();
  const row = await ctx.db.transaction(async (tx) => {
    await lockEndpoint(tx, id);
    const [updated] = await tx.update(webhookEndpoints).set({ secretEncrypted: encryptSecret(secret) }).where(eq(webhookEndpoints.id, id)).returning();
    await recordAudit(tx, ctx, { action: "webhook_endpoint.rotate_secret", entityType: "webhook_endpoint", entityId: String(id), data: { url: displayWebhookUrl(updated!.url) } });
    return updated!;
  });
  return { row, secret };
}

/** Enables or disables an endpoint: a disabled one receives no new events (its queued retries stop). */
export async function setWebhookEndpointEnabled(ctx: ServiceContext, id: number, enabled: boolean): Promise<WebhookEndpoint> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, id);
    if (before.enabled === enabled) return before;
    const [updated] = await tx.update(webhookEndpoints).set({ enabled }).where(eq(webhookEndpoints.id, id)).returning();
    await recordAudit(tx, ctx, {
      action: enabled ? "webhook_endpoint.enable" : "webhook_endpoint.disable",
      entityType: "webhook_endpoint",
      entityId: String(id),
      data: { before: auditView(before), after: auditView(updated!) },
    });
    return updated!;
  });
}

/** Deletes an endpoint and its delivery records; messages still queued for it find nothing to send. */
export async function deleteWebhookEndpoint(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, id);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await recordAudit(tx, ctx, { action: "webhook_endpoint.delete", entityType: "webhook_endpoint", entityId: String(id), data: { before: auditView(before), after: null } });
  });
}

/**
 * Queues a `ping` event to one endpoint (enabled or not: the admin asked for it). Its delivery id
 * is `test-<uuid>`, so a receiver can tell it from a real event's numeric id.
 */
export async function sendWebhookTestEvent(ctx: ServiceContext, endpointId: number): Promise<WebhookDelivery> {
  return ctx.db.transaction(async (tx) => {
    await lockEndpoint(tx, endpointId);
    const deliveryKey = `test-${randomUUID()}`;
    const body = JSON.stringify({ id: deliveryKey, event: WEBHOOK_TEST_EVENT, created: ctx.now.toISOString(), data: { endpoint_id: endpointId } });
    const [delivery] = await tx.insert(webhookDeliveries).values({ endpointId, deliveryKey, event: WEBHOOK_TEST_EVENT, body }).returning();
    await enqueue(tx, ctx, "webhook.delivery", { delivery_id: delivery!.id });
    await recordAudit(tx, ctx, { action: "webhook_endpoint.send_test", entityType: "webhook_endpoint", entityId: String(endpointId), data: { deliveryId: delivery!.id, deliveryKey } });
    return delivery!;
  });
}

/**
 * Sends a delivery again: the same body under the same delivery id (receivers that already
 * processed it recognise it), signed with the endpoint's current secret. Any delivery may be
 * replayed, a delivered one too (e.g. after the LMS lost its data); it goes back to pending.
 */
export async function replayWebhookDelivery(ctx: ServiceContext, deliveryId: number): Promise<WebhookDelivery> {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)).for("update").limit(1);
    if (!before) throw new ServiceError("NOT_FOUND", "No such webhook delivery.");
    const [updated] = await tx.update(webhookDeliveries).set({ state: "pending" }).where(eq(webhookDeliveries.id, deliveryId)).returning();
    await enqueue(tx, ctx, "webhook.delivery", { delivery_id: deliveryId });
    await recordAudit(tx, ctx, {
      action: "webhook_delivery.replay",
      entityType: "webhook_delivery",
      entityId: String(deliveryId),
      data: { endpointId: before.endpointId, deliveryKey: before.deliveryKey, before: { state: before.state }, after: { state: "pending" } },
    });
    return updated!;
  });
}
