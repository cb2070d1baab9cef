/**
 * The webhook verbs end to end against a real receiver on 127.0.0.1: the secret handed out once
 * signs what arrives, every delivery is recorded with its answer, a test event and a replay go
 * through the outbox (so they retry), a replay re-sends the same bytes under the same delivery id,
 * and every change is audited without the secret.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { createJobHandlers } from "@/lib/jobs/handlers";
import { runOutboxOnce } from "@/lib/jobs/outbox";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/factories";
import { enqueue } from "./journal";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  replayWebhookDelivery,
  rotateWebhookSecret,
  sendWebhookTestEvent,
  setWebhookEndpointEnabled,
} from "./webhooks";

const t = setupTestDatabase();
const T0 = new Date("2031-05-01T08:00:00.000Z");
const handlers = createJobHandlers({ mailer: null });
const hmac = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

let server: Server;
let base: string;
let received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
let status: () => number = () => 200;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status());
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(async () => {
  received = [];
  status = () => 200;
  await t.db.delete(outbox);
  await t.db.delete(webhookEndpoints);
});

async function adminCtx(now = T0): Promise<ServiceContext> {
  const admin = await makeUser(t.db, { isAdmin: true });
  return {
    db: t.db,
    principal: { kind: "user", userId: admin.id, username: admin.username, email: admin.email, fullName: "", isAdmin: true, courseRoles: new Map() },
    now,
    requestId: `req-${admin.id}`,
    source: "web",
  };
}

const auditsOf = (entityType: string, entityId: number) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId)))).orderBy(auditLog.id);

describe("webhook endpoint verbs", () => {
  it("creates an endpoint whose one-time secret signs the test event that arrives, and records the delivery", async () => {
    const ctx = await adminCtx();
    const { row, secret } = await createWebhookEndpoint(ctx, { url: `${base}/lms`, events: ["attempt_status", "attempt_status"] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(row.events).toEqual(["attempt_status"]);
    expect(row.secretEncrypted).not.toContain(secret);
    expect(decryptSecret(row.secretEncrypted!)).toBe(secret);

    const delivery = await sendWebhookTestEvent(ctx, row.id);
    expect(received).toEqual([]); // queued, not sent inside the request
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ done: 1 });
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.headers["x-invigil-signature"]).toBe(hmac(secret, got.body));
    expect(got.headers["x-invigil-delivery"]).toBe(delivery.deliveryKey);
    expect(got.headers["x-invigil-event"]).toBe("ping");
    expect(JSON.parse(got.body)).toEqual({ id: delivery.deliveryKey, event: "ping", created: T0.toISOString(), data: { endpoint_id: row.id } });

    const [recorded] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id));
    expect(recorded).toMatchObject({ state: "delivered", tries: 1, responseStatus: 200, error: null, lastAttemptAt: T0 });
    expect(recorded!.durationMs).toBeGreaterThanOrEqual(0);

    const audits = await auditsOf("webhook_endpoint", row.id);
    expect(audits.map((a) => a.action)).toEqual(["webhook_endpoint.create", "webhook_endpoint.send_test"]);
    expect(audits[0]).toMatchObject({ actorKind: "user", actorUserId: (ctx.principal as { userId: number }).userId, source: "web" });
    expect(audits[0]!.data).toEqual({ before: null, after: { url: `${base}/lms`, events: ["attempt_status"], enabled: true } });
    expect(JSON.stringify(audits)).not.toContain(secret);
  });

  it("refuses a URL that is not http(s), with the field named, and creates nothing", async () => {
    const ctx = await adminCtx();
    const error = await createWebhookEndpoint(ctx, { url: "ftp://lms.example/hook", events: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).status).toBe(400);
    expect(Object.keys((error as ServiceError).fields ?? {})).toEqual(["url"]);
    expect(await t.db.select().from(webhookEndpoints)).toEqual([]);
  });

  it("records each event delivery per endpoint; a failed one is replayed with the same body and delivery id", async () => {
    const ctx = await adminCtx();
    const { row, secret } = await createWebhookEndpoint(ctx, { url: `${base}/flaky`, events: [] });
    status = () => 503;
    await enqueue(t.db, ctx, "webhook.grade_override", { user_id: 4, course_id: "course-v1:A+B+C", usage_key: "block-v1:x", action: "override" });
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ retried: 1 });
    const [failed] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, row.id));
    expect(failed).toMatchObject({ state: "failed", tries: 1, responseStatus: 503, event: "grade_override", error: `webhook endpoint #${row.id} answered HTTP 503` });

    // The admin does not wait for the backoff: the replay is its own message, due now.
    status = () => 202;
    await replayWebhookDelivery(ctx, failed!.id);
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ done: 1 });
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(received[1]!.headers["x-invigil-delivery"]).toBe(received[0]!.headers["x-invigil-delivery"]);
    expect(received[1]!.headers["x-invigil-signature"]).toBe(hmac(secret, received[1]!.body));
    const [replayed] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, failed!.id));
    expect(replayed).toMatchObject({ state: "delivered", tries: 2, responseStatus: 202, error: null });

    // The original message's retry finds the delivery done and sends nothing more.
    const [original] = await t.db.select().from(outbox).where(eq(outbox.topic, "webhook.grade_override"));
    await runOutboxOnce(t.db, original!.nextAttemptAt, handlers);
    expect(received).toHaveLength(2);
    expect((await auditsOf("webhook_delivery", failed!.id)).map((a) => [a.action, a.data])).toEqual([
      ["webhook_delivery.replay", { endpointId: row.id, deliveryKey: failed!.deliveryKey, before: { state: "failed" }, after: { state: "pending" } }],
    ]);
  });

  it("a failed test event is retried by the outbox with backoff", async () => {
    const ctx = await adminCtx();
    const { row } = await createWebhookEndpoint(ctx, { url: `${base}/down`, events: [] });
    status = () => 500;
    const delivery = await sendWebhookTestEvent(ctx, row.id);
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ retried: 1 });
    const [message] = await t.db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
    expect(message!.nextAttemptAt.getTime()).toBeGreaterThan(T0.getTime());
    status = () => 200;
    await runOutboxOnce(t.db, message!.nextAttemptAt, handlers);
    const [after] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id));
    expect(after).toMatchObject({ state: "delivered", tries: 2, responseStatus: 200 });
  });

  it("rotates the secret (new deliveries signed with it), disables, and deletes with the deliveries; each audited", async () => {
    const ctx = await adminCtx();
    const { row, secret: first } = await createWebhookEndpoint(ctx, { url: `${base}/rotate`, events: [] });
    const { secret: second } = await rotateWebhookSecret(ctx, row.id);
    expect(second).not.toBe(first);
    await sendWebhookTestEvent(ctx, row.id);
    await runOutboxOnce(t.db, T0, handlers);
    expect(received[0]!.headers["x-invigil-signature"]).toBe(hmac(second, received[0]!.body));

    const disabled = await setWebhookEndpointEnabled(ctx, row.id, false);
    expect(disabled.enabled).toBe(false);
    await enqueue(t.db, ctx, "webhook.attempt_status", { attempt_id: 1 });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received).toHaveLength(1); // a disabled endpoint gets no events

    await deleteWebhookEndpoint(ctx, row.id);
    expect(await t.db.select().from(webhookEndpoints)).toEqual([]);
    expect(await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, row.id))).toEqual([]);
    const audits = await auditsOf("webhook_endpoint", row.id);
    expect(audits.map((a) => a.action)).toEqual([
      "webhook_endpoint.create",
      "webhook_endpoint.rotate_secret",
      "webhook_endpoint.send_test",
      "webhook_endpoint.disable",
      "webhook_endpoint.delete",
    ]);
    expect(audits[3]!.data).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    expect(JSON.stringify(audits)).not.toContain(first);
    expect(JSON.stringify(audits)).not.toContain(second);
    await expect(rotateWebhookSecret(ctx, row.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a replay queued before its endpoint was deleted finds nothing to send", async () => {
    const ctx = await adminCtx();
    const { row } = await createWebhookEndpoint(ctx, { url: `${base}/gone`, events: [] });
    await sendWebhookTestEvent(ctx, row.id);
    await deleteWebhookEndpoint(ctx, row.id);
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ done: 1 });
    expect(received).toEqual([]);
  });
});
