import { desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { outbox, type OutboxMessage } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { enqueue, OutboxBatch } from "@/lib/services/journal";
import { setupTestDatabase } from "@/lib/testing/db";
import { createJobHandlers } from "./handlers";
import {
  BACKOFF_CAP_MS,
  PermanentJobError,
  backoffDelayMs,
  runOutboxOnce,
  safeErrorMessage,
  type OutboxHandlers,
} from "./outbox";
import { OUTBOX_TOPICS, type OutboxTopic } from "./topics";

const t = setupTestDatabase();
const T0 = new Date("2031-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const half = () => 0.5;

/**
 * A message as the worker finds it. Written directly: the worker is topic-agnostic and these
 * tests use made-up topics, which enqueue() refuses.
 */
async function put(db: Db, topic: string, payload: Record<string, unknown> = {}, options: { delayMs?: number; maxTries?: number } = {}) {
  await db.insert(outbox).values({
    topic,
    payload,
    nextAttemptAt: new Date(T0.getTime() + (options.delayMs ?? 0)),
    ...(options.maxTries ? { maxTries: options.maxTries } : {}),
  });
  const [row] = await db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
  return row!;
}

async function reload(db: Db, id: number): Promise<OutboxMessage> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row!;
}

beforeEach(async () => {
  await t.db.delete(outbox);
});

describe("backoffDelayMs", () => {
  it("doubles from 5 s, jitters by +-20 % and is capped at one hour", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, half))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffDelayMs(1, () => 0)).toBe(4_000);
    expect(backoffDelayMs(1, () => 1)).toBe(6_000);
    expect(backoffDelayMs(11, half)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelayMs(50, () => 1)).toBe(BACKOFF_CAP_MS);
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelayMs(3);
      expect(delay).toBeGreaterThanOrEqual(16_000);
      expect(delay).toBeLessThanOrEqual(24_000);
    }
  });
});

describe("safeErrorMessage", () => {
  it("keeps one short line without credentials", () => {
    const message = safeErrorMessage(
      new Error("POST https://lms:hunter2@lms.example/hook?token=abc123&x=1 failed\nAuthorization: Bearer eyJhbGciOi.payload.sig " + "k".repeat(64)),
    );
    expect(message).not.toMatch(/hunter2|abc123|eyJhbGciOi|kkkkkkkk|\n/);
    expect(message).toContain("https://***@lms.example/hook?token=***&x=1");
    expect(safeErrorMessage("x".repeat(39) + " " + "y ".repeat(600)).length).toBeLessThanOrEqual(500);
  });
});

describe("runOutboxOnce", () => {
  it("delivers due messages in id order, marks them done, and leaves the others alone", async () => {
    const seen: unknown[] = [];
    const handlers: OutboxHandlers = { "test.ok": async (payload) => void seen.push(payload.n) };
    const a = await put(t.db, "test.ok", { n: 1 });
    const b = await put(t.db, "test.ok", { n: 2 });
    const later = await put(t.db, "test.ok", { n: 3 }, { delayMs: 60_000 });

    const result = await runOutboxOnce(t.db, at(1_000), handlers);
    expect(result).toMatchObject({ claimed: 2, done: 2, retried: 0, dead: 0 });
    expect(seen).toEqual([1, 2]);
    for (const id of [a.id, b.id]) {
      expect(await reload(t.db, id)).toMatchObject({ state: "done", tries: 1, deliveredAt: at(1_000), lockedUntil: null, lastError: null });
    }
    expect(await reload(t.db, later.id)).toMatchObject({ state: "pending", tries: 0, deliveredAt: null });

    expect((await runOutboxOnce(t.db, at(2_000), handlers)).claimed).toBe(0);
    expect((await runOutboxOnce(t.db, at(61_000), handlers)).done).toBe(1);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("retries a failing handler with exponential backoff until it succeeds", async () => {
    let calls = 0;
    const handlers: OutboxHandlers = {
      "test.flaky": async () => {
        calls++;
        if (calls <= 3) throw new Error(`vendor answered 503 (call ${calls})`);
      },
    };
    const message = await put(t.db, "test.flaky", {}, { maxTries: 5 });

    let now = T0;
    for (const [tries, delay] of [
      [1, 5_000],
      [2, 10_000],
      [3, 20_000],
    ] as const) {
      const result = await runOutboxOnce(t.db, now, handlers, { random: half });
      expect(result).toMatchObject({ claimed: 1, retried: 1 });
      const row = await reload(t.db, message.id);
      expect(row).toMatchObject({ state: "pending", tries, lockedUntil: null, lastError: `vendor answered 503 (call ${tries})` });
      expect(row.nextAttemptAt.getTime() - now.getTime()).toBe(delay);
      // Not before its time.
      expect((await runOutboxOnce(t.db, new Date(row.nextAttemptAt.getTime() - 1), handlers)).claimed).toBe(0);
      now = row.nextAttemptAt;
    }
    expect((await runOutboxOnce(t.db, now, handlers)).done).toBe(1);
    expect(await reload(t.db, message.id)).toMatchObject({ state: "done", tries: 4, deliveredAt: now, lastError: null });
    expect(calls).toBe(4);
  });

  it("dead-letters after max_tries and never runs the handler again", async () => {
    let calls = 0;
    const handlers: OutboxHandlers = {
      "test.broken": async () => {
        calls++;
        throw new Error("always fails");
      },
    };
    const message = await put(t.db, "test.broken", {}, { maxTries: 3 });
    let now = T0;
    for (let i = 0; i < 3; i++) {
      await runOutboxOnce(t.db, now, handlers);
      now = (await reload(t.db, message.id)).nextAttemptAt;
    }
    const dead = await reload(t.db, message.id);
    expect(dead).toMatchObject({ state: "dead", tries: 3, lastError: "always fails", deliveredAt: null, lockedUntil: null });
    expect((await runOutboxOnce(t.db, at(24 * 3600_000), handlers)).claimed).toBe(0);
    expect(calls).toBe(3);
  });

  it("dead-letters unknown topics and permanent errors at once; one failure does not stop the batch", async () => {
    const delivered: number[] = [];
    const handlers: OutboxHandlers = {
      "test.ok": async (payload) => void delivered.push(payload.n as number),
      "test.bad_payload": async () => {
        throw new PermanentJobError("payload has no attempt_id");
      },
      "test.boom": async () => {
        throw new TypeError("cannot read properties of undefined");
      },
    };
    const first = await put(t.db, "test.ok", { n: 1 });
    const unknown = await put(t.db, "nobody.listens");
    const permanent = await put(t.db, "test.bad_payload");
    const boom = await put(t.db, "test.boom");
    const last = await put(t.db, "test.ok", { n: 2 });

    const result = await runOutboxOnce(t.db, T0, handlers);
    expect(result).toMatchObject({ claimed: 5, done: 2, retried: 1, dead: 2 });
    expect(delivered).toEqual([1, 2]);
    expect(await reload(t.db, unknown.id)).toMatchObject({ state: "dead", tries: 1, lastError: "no handler for topic 'nobody.listens'" });
    expect(await reload(t.db, permanent.id)).toMatchObject({ state: "dead", tries: 1, lastError: "PermanentJobError: payload has no attempt_id" });
    expect(await reload(t.db, boom.id)).toMatchObject({ state: "pending", tries: 1, lastError: "TypeError: cannot read properties of undefined" });
    expect((await reload(t.db, first.id)).state).toBe("done");
    expect((await reload(t.db, last.id)).state).toBe("done");
  });

  it("keeps a handler's note on a message marked done", async () => {
    const message = await put(t.db, "test.skip");
    await runOutboxOnce(t.db, T0, { "test.skip": async () => ({ note: "skipped: SMTP not configured" }) });
    expect(await reload(t.db, message.id)).toMatchObject({ state: "done", lastError: "skipped: SMTP not configured" });
  });

  it("gives up on a handler that hangs, and tries it again later", async () => {
    const message = await put(t.db, "test.hang");
    const result = await runOutboxOnce(t.db, T0, { "test.hang": () => new Promise(() => {}) }, { handlerTimeoutMs: 50 });
    expect(result.retried).toBe(1);
    expect(await reload(t.db, message.id)).toMatchObject({ state: "pending", tries: 1, lastError: "handler did not finish within 0.05 s" });
  });

  it("does not claim a message under a live lease, and takes it back once the lease ran out", async () => {
    const message = await put(t.db, "test.ok");
    await t.db.update(outbox).set({ lockedUntil: at(30_000) }).where(eq(outbox.id, message.id));
    const handlers: OutboxHandlers = { "test.ok": async () => {} };
    expect((await runOutboxOnce(t.db, at(29_999), handlers)).claimed).toBe(0);
    expect((await runOutboxOnce(t.db, at(30_001), handlers)).done).toBe(1);
  });

  it("never delivers one message twice when two workers run at the same time", async () => {
    const count = 60;
    for (let n = 0; n < count; n++) await put(t.db, "test.count", { n });
    const deliveries = new Map<number, number>();
    const byWorker = [0, 0];
    const handlersFor = (worker: 0 | 1): OutboxHandlers => ({
      "test.count": async (payload) => {
        const n = payload.n as number;
        deliveries.set(n, (deliveries.get(n) ?? 0) + 1);
        byWorker[worker]!++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    const worker = async (id: 0 | 1) => {
      for (;;) {
        const { claimed } = await runOutboxOnce(t.db, T0, handlersFor(id), { batch: 7 });
        if (claimed === 0) return;
      }
    };
    await Promise.all([worker(0), worker(1)]);

    expect(deliveries.size).toBe(count);
    expect([...deliveries.values()].every((times) => times === 1)).toBe(true);
    expect(byWorker[0]! + byWorker[1]!).toBe(count);
    // Both really ran side by side (each handler yields), so the test exercised the race.
    expect(byWorker.every((n) => n > 0)).toBe(true);
    const rows = await t.db.select().from(outbox);
    expect(rows.every((row) => row.state === "done" && row.tries === 1)).toBe(true);
  });

  it("leaves a message alone while another worker's lease on it runs, and takes it after", async () => {
    const held = await put(t.db, "test.ok", { n: 1 });
    const free = await put(t.db, "test.ok", { n: 2 });
    // Another instance claimed the first message a moment ago and is still delivering it.
    await t.db.update(outbox).set({ lockedUntil: new Date(T0.getTime() + 60_000) }).where(eq(outbox.id, held.id));
    const seen: number[] = [];
    const handlers: OutboxHandlers = { "test.ok": async (payload) => void seen.push(payload.n as number) };
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ claimed: 1, done: 1 });
    expect(seen).toEqual([2]);
    expect((await reload(t.db, free.id)).state).toBe("done");
    expect((await reload(t.db, held.id)).state).toBe("pending");
    // The other worker died: once its lease has run out, the message is delivered.
    await runOutboxOnce(t.db, new Date(T0.getTime() + 61_000), handlers);
    expect(seen).toEqual([2, 1]);
  });

  // Row locks held by an open transaction need a second connection, which only a real server
  // has (PGlite runs one connection): this test exists only in the PostgreSQL run.
  if (process.env.DATABASE_URL) {
  it("on Postgres, skips a row another worker holds locked instead of waiting for it (SKIP LOCKED)", async () => {
    const held = await put(t.db, "test.ok", { n: 1 });
    const free = await put(t.db, "test.ok", { n: 2 });
    const seen: number[] = [];
    const handlers: OutboxHandlers = { "test.ok": async (payload) => void seen.push(payload.n as number) };

    await t.db.transaction(async (tx) => {
      // Another instance, mid-claim: it has locked the first row and not committed yet.
      await tx.select().from(outbox).where(eq(outbox.id, held.id)).for("update");
      const result = await Promise.race([
        runOutboxOnce(t.db, T0, handlers),
        new Promise<"blocked">((resolve) => setTimeout(() => resolve("blocked"), 5_000)),
      ]);
      expect(result).toMatchObject({ claimed: 1, done: 1 });
    });
    expect(seen).toEqual([2]);
    expect((await reload(t.db, free.id)).state).toBe("done");
    expect((await reload(t.db, held.id)).state).toBe("pending");
    await runOutboxOnce(t.db, T0, handlers);
    expect(seen).toEqual([2, 1]);
  });
  }
});

describe("outbox topics", () => {
  it("has a handler for every topic the app may write, and enqueue refuses any other topic", async () => {
    expect(Object.keys(createJobHandlers({ mailer: null })).sort()).toEqual([...OUTBOX_TOPICS].sort());
    const ctx = systemContext(t.db, "test", T0);
    await expect(enqueue(t.db, ctx, "webhook.support_notification" as OutboxTopic, {})).rejects.toThrow(
      "unknown outbox topic 'webhook.support_notification'",
    );
    const batch = new OutboxBatch(ctx);
    expect(() => batch.add("nobody.listens" as OutboxTopic, {})).toThrow("unknown outbox topic 'nobody.listens'");
    expect(await t.db.select().from(outbox)).toEqual([]);
  });
});
