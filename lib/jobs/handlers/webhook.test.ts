import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { attempts, outbox, webhookDeliveries, webhookEndpoints, type OutboxMessage } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import { systemContext } from "@/lib/data/context";
import { enqueue } from "@/lib/services/journal";
import { setupTestDatabase } from "@/lib/testing/db";
import type { OutboxTopic } from "../topics";
import { createJobHandlers } from "../handlers";
import { runOutboxOnce } from "../outbox";
import { makeAttempt } from "@/lib/testing/factories";

const t = setupTestDatabase();
const T0 = new Date("2031-04-01T08:00:00.000Z");
const handlers = createJobHandlers({ mailer: null });

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: one per connection. */
  port: number | undefined;
}

/** A real HTTP receiver on 127.0.0.1: records each request, answers with `status(path)`. */
let server: Server;
let base: string;
let received: Received[] = [];
let status: (path: string) => number = () => 200;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), port: req.socket.remotePort });
      res.writeHead(status(path), { "Content-Type": "text/plain" });
      res.end("ok");
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

async function endpoint(db: Db, path: string, values: Partial<typeof webhookEndpoints.$inferInsert> = {}) {
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ url: `${base}${path}`, secretEncrypted: encryptSecret(`secret-of-${path}`), ...values })
    .returning();
  return row!;
}

async function put(db: Db, topic: OutboxTopic, payload: Record<string, unknown>): Promise<OutboxMessage> {
  await enqueue(db, systemContext(db, "test", T0), topic, payload);
  const [row] = await db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
  return row!;
}

const reload = async (id: number) => (await t.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
const hmac = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("webhook delivery", () => {
  it("POSTs signed JSON to each enabled endpoint that wants the event", async () => {
    const all = await endpoint(t.db, "/all");
    await endpoint(t.db, "/status-only", { events: ["attempt_status"] });
    await endpoint(t.db, "/credit-only", { events: ["credit_requirement"] });
    await endpoint(t.db, "/disabled", { enabled: false });
    const payload = { attempt_id: 7, user_id: 3, course_id: "course-v1:A+B+C", from_status: "started", status: "submitted" };
    const message = await put(t.db, "webhook.attempt_status", payload);

    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ done: 1 });
    expect(received.map((r) => r.path).sort()).toEqual(["/all", "/status-only"]);
    const got = received.find((r) => r.path === "/all")!;
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-invigil-event"]).toBe("attempt_status");
    expect(got.headers["x-invigil-delivery"]).toBe(String(message.id));
    expect(got.headers["x-invigil-signature"]).toBe(hmac("secret-of-/all", got.body));
    expect(got.headers["x-invigil-signature"]).not.toBe(hmac("another secret", got.body));
    expect(JSON.parse(got.body)).toEqual({ id: message.id, event: "attempt_status", created: message.created.toISOString(), data: payload });
    const other = received.find((r) => r.path === "/status-only")!;
    expect(other.headers["x-invigil-signature"]).toBe(hmac("secret-of-/status-only", other.body));
    expect(all.secretEncrypted).not.toContain("secret-of");
    expect(await reload(message.id)).toMatchObject({ state: "done", tries: 1 });
  });

  it("marks a message done when no endpoint wants it", async () => {
    await endpoint(t.db, "/credit-only", { events: ["credit_requirement"] });
    const message = await put(t.db, "webhook.grade_override", { user_id: 1 });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received).toEqual([]);
    expect(await reload(message.id)).toMatchObject({ state: "done", lastError: null });
  });

  it("retries a receiver that answers 500, without touching the attempt", async () => {
    const attempt = await makeAttempt(t.db, { status: "submitted" });
    const hook = await endpoint(t.db, "/flaky");
    status = () => 500;
    const message = await put(t.db, "webhook.attempt_status", { attempt_id: attempt.id, status: "submitted" });

    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ retried: 1 });
    const failed = await reload(message.id);
    expect(failed).toMatchObject({ state: "pending", tries: 1, lastError: `webhook endpoint #${hook.id} answered HTTP 500` });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(T0.getTime());
    expect((await t.db.select().from(attempts).where(eq(attempts.id, attempt.id)))[0]).toEqual(attempt);

    status = () => 204;
    expect(await runOutboxOnce(t.db, failed.nextAttemptAt, handlers)).toMatchObject({ done: 1 });
    expect(received).toHaveLength(2);
    // The retry sends the same bytes (same delivery id), so receivers can deduplicate.
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(await reload(message.id)).toMatchObject({ state: "done", tries: 2 });
    expect((await t.db.select().from(attempts).where(eq(attempts.id, attempt.id)))[0]).toEqual(attempt);
  });

  it("does not send a retry to endpoints that already have the message", async () => {
    await endpoint(t.db, "/good");
    await endpoint(t.db, "/bad");
    status = (path) => (path === "/bad" ? 503 : 200);
    const message = await put(t.db, "webhook.credit_requirement", { user_id: 1, status: "satisfied" });

    await runOutboxOnce(t.db, T0, handlers);
    status = () => 200;
    await runOutboxOnce(t.db, (await reload(message.id)).nextAttemptAt, handlers);
    expect(received.map((r) => r.path)).toEqual(["/good", "/bad", "/bad"]);
    expect(JSON.parse(received[2]!.body).data).toEqual({ user_id: 1, status: "satisfied" });
    expect((await reload(message.id)).state).toBe("done");
  });

  it("records an unreachable endpoint by id, never its URL or credentials", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const [hook] = await t.db
      .insert(webhookEndpoints)
      .values({ url: `http://lms:p4ssw0rd@127.0.0.1:${port}/hook?token=t0k3n`, secretEncrypted: null })
      .returning();
    const message = await put(t.db, "webhook.attempt_deleted", { attempt_id: 1 });

    await runOutboxOnce(t.db, T0, handlers);
    const row = await reload(message.id);
    expect(row.state).toBe("pending");
    expect(row.lastError).toBe(`webhook endpoint #${hook!.id}: request failed (ECONNREFUSED)`);
    expect(row.lastError).not.toMatch(/p4ssw0rd|t0k3n|127\.0\.0\.1/);
  });

  it("does not follow a redirect: it is recorded as the receiver's answer and retried", async () => {
    status = (path) => (path === "/moved" ? 302 : 200);
    const hook = await endpoint(t.db, "/moved");
    const message = await put(t.db, "webhook.attempt_status", { attempt_id: 1 });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received.map((r) => r.path)).toEqual(["/moved"]);
    const row = await reload(message.id);
    expect(row.state).toBe("pending");
    expect(row.lastError).toBe(`webhook endpoint #${hook.id} answered HTTP 302`);
  });

  it("sends a burst over a few kept-alive connections, not one connection per request", async () => {
    await endpoint(t.db, "/burst");
    for (let n = 0; n < 24; n++) await put(t.db, "webhook.attempt_status", { attempt_id: n });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received).toHaveLength(24);
    // At most WEBHOOK_ENDPOINT_CONCURRENCY requests to one endpoint at once, each on a kept connection.
    const connections = new Set(received.map((r) => r.port)).size;
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(4);
  });

  it("turns credentials in an endpoint URL into Basic authentication", async () => {
    await t.db.insert(webhookEndpoints).values({ url: base.replace("http://", "http://lms%40example:p%3Ass@") + "/auth" });
    await put(t.db, "webhook.attempt_status", { attempt_id: 1 });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.authorization).toBe(`Basic ${Buffer.from("lms@example:p:ss").toString("base64")}`);
  });

  it("sends no signature for an endpoint without a secret, and fails one whose secret cannot be decrypted", async () => {
    await endpoint(t.db, "/unsigned", { secretEncrypted: null });
    const broken = await endpoint(t.db, "/broken", { secretEncrypted: "v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA==:AAAA" });
    const message = await put(t.db, "webhook.certificate_invalidate", { user_id: 2 });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received.map((r) => r.path)).toEqual(["/unsigned"]);
    expect(received[0]!.headers["x-invigil-signature"]).toBeUndefined();
    expect((await reload(message.id)).lastError).toBe(
      `webhook endpoint #${broken.id}: its signing secret cannot be decrypted (was INVIGIL_SECRET_KEY changed?)`,
    );
  });
});

/** Counts the statements a client sends from now on (postgres.js `unsafe`, PGlite `query`), until restored. */
function countStatements(db: Db): { count: () => number; restore: () => void } {
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  const spy = typeof client.unsafe === "function" ? vi.spyOn(client as { unsafe: () => unknown }, "unsafe") : vi.spyOn(client as { query: () => unknown }, "query");
  return { count: () => spy.mock.calls.length, restore: () => spy.mockRestore() };
}

describe("webhook delivery, a batch at a time (decision 051)", () => {
  it("reads the endpoints and writes the delivery rows once per batch, and records every try", async () => {
    const first = await endpoint(t.db, "/first");
    const second = await endpoint(t.db, "/second", { events: ["attempt_status"] });
    const messages: OutboxMessage[] = [];
    for (let n = 1; n <= 5; n++) {
      messages.push(await put(t.db, "webhook.attempt_status", { attempt_id: n, status: "submitted" }));
      messages.push(await put(t.db, "webhook.credit_requirement", { user_id: n, course_id: "course-v1:A+B+C", status: "submitted" }));
    }
    const statements = countStatements(t.db);
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ claimed: 10, done: 10 });
    // The claim, the endpoints, the delivery rows' insert and read, the fifteen tries' outcomes and
    // the settle: six statements for ten messages and fifteen requests.
    expect(statements.count()).toBe(6);
    statements.restore();

    // Ten messages to the first endpoint, the five status events to the second too.
    expect(received.filter((r) => r.path === "/first")).toHaveLength(10);
    expect(received.filter((r) => r.path === "/second").map((r) => JSON.parse(r.body).event)).toEqual(Array(5).fill("attempt_status"));
    const rows = await t.db.select().from(webhookDeliveries);
    expect(rows).toHaveLength(15);
    expect(rows.every((row) => row.state === "delivered" && row.tries === 1 && row.responseStatus === 200)).toBe(true);
    for (const message of messages) {
      const event = message.topic.slice("webhook.".length);
      const sent = received.find((r) => r.path === "/first" && r.headers["x-invigil-delivery"] === String(message.id))!;
      expect(JSON.parse(sent.body)).toEqual({ id: message.id, event, created: message.created.toISOString(), data: message.payload });
      expect(rows.find((row) => row.endpointId === first.id && row.deliveryKey === String(message.id))!.body).toBe(sent.body);
    }
    expect(rows.filter((row) => row.endpointId === second.id).map((row) => row.event)).toEqual(Array(5).fill("attempt_status"));
  });

  it("sees an endpoint added, disabled or changed since in the next batch", async () => {
    const old = await endpoint(t.db, "/old");
    await put(t.db, "webhook.attempt_status", { attempt_id: 1, status: "submitted" });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received.map((r) => r.path)).toEqual(["/old"]);

    await t.db.update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, old.id));
    const added = await endpoint(t.db, "/new", { events: ["credit_requirement"] });
    await put(t.db, "webhook.attempt_status", { attempt_id: 2, status: "submitted" });
    await put(t.db, "webhook.credit_requirement", { user_id: 2, status: "submitted" });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received.map((r) => r.path)).toEqual(["/old", "/new"]);

    await t.db.update(webhookEndpoints).set({ events: [], url: `${base}/moved` }).where(eq(webhookEndpoints.id, added.id));
    await put(t.db, "webhook.attempt_status", { attempt_id: 3, status: "submitted" });
    await runOutboxOnce(t.db, T0, handlers);
    expect(received.map((r) => r.path)).toEqual(["/old", "/new", "/moved"]);
  });
});
