import { desc, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { outbox, type OutboxMessage } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { enqueue, OutboxBatch } from "@/lib/services/journal";
import { setupTestDatabase } from "@/lib/testing/db";
import { APP_DELIVERY_PLAN, SEQUENTIAL_PLAN, appLimit, appOrderKey, appTarget, type DeliveryPlan } from "./delivery-plan";
import { createJobHandlers } from "./handlers";
import { SMTP_CONNECTIONS } from "./mailer";
import {
  BACKOFF_CAP_MS,
  PermanentJobError,
  backoffDelayMs,
  runOutboxOnce,
  safeErrorMessage,
  settleMessages,
  type OutboxHandlers,
} from "./outbox";
import { LoopShare } from "./share";
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

const tick = (ms = 1) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Counts deliveries in flight, overall and by a key, and remembers the most seen at once. */
function inFlightMeter() {
  const now = new Map<string, number>();
  const most = new Map<string, number>();
  return {
    most,
    async around<T>(keys: string[], task: () => Promise<T>): Promise<T> {
      for (const key of keys) {
        now.set(key, (now.get(key) ?? 0) + 1);
        most.set(key, Math.max(most.get(key) ?? 0, now.get(key)!));
      }
      try {
        return await task();
      } finally {
        for (const key of keys) now.set(key, now.get(key)! - 1);
      }
    },
  };
}

describe("settleMessages", () => {
  it("settles many messages in one statement, each with its own outcome, and only under the caller's lease", async () => {
    const lease = at(300_000);
    const done = await put(t.db, "test.a");
    const retry = await put(t.db, "test.b");
    const dead = await put(t.db, "test.c");
    const takenOver = await put(t.db, "test.d");
    const alreadyDone = await put(t.db, "test.e");
    await t.db.update(outbox).set({ lockedUntil: lease }).where(inArray(outbox.id, [done.id, retry.id, dead.id, alreadyDone.id]));
    // Another worker claimed this one again after our lease ran out: it holds a later lease.
    await t.db.update(outbox).set({ lockedUntil: at(400_000) }).where(eq(outbox.id, takenOver.id));
    // An operator (or another worker) settled this one already.
    await t.db.update(outbox).set({ state: "done", lockedUntil: null }).where(eq(outbox.id, alreadyDone.id));

    const settled = await settleMessages(
      t.db,
      [
        { id: done.id, state: "done", tries: 1, nextAttemptAt: null, lastError: "skipped: SMTP not configured", deliveredAt: at(1_000) },
        { id: retry.id, state: "pending", tries: 2, nextAttemptAt: at(11_000), lastError: "vendor answered 503", deliveredAt: null },
        { id: dead.id, state: "dead", tries: 8, nextAttemptAt: null, lastError: "gave up", deliveredAt: null },
        { id: takenOver.id, state: "done", tries: 1, nextAttemptAt: null, lastError: null, deliveredAt: at(1_000) },
        { id: alreadyDone.id, state: "dead", tries: 5, nextAttemptAt: null, lastError: "late", deliveredAt: null },
      ],
      lease,
    );

    expect(settled.sort((a, b) => a - b)).toEqual([done.id, retry.id, dead.id]);
    expect(await reload(t.db, done.id)).toMatchObject({ state: "done", tries: 1, lockedUntil: null, deliveredAt: at(1_000), lastError: "skipped: SMTP not configured", nextAttemptAt: T0 });
    expect(await reload(t.db, retry.id)).toMatchObject({ state: "pending", tries: 2, lockedUntil: null, deliveredAt: null, lastError: "vendor answered 503", nextAttemptAt: at(11_000) });
    expect(await reload(t.db, dead.id)).toMatchObject({ state: "dead", tries: 8, lockedUntil: null, lastError: "gave up", nextAttemptAt: T0 });
    expect(await reload(t.db, takenOver.id)).toMatchObject({ state: "pending", tries: 0, lockedUntil: at(400_000), deliveredAt: null });
    expect(await reload(t.db, alreadyDone.id)).toMatchObject({ state: "done", tries: 0, lastError: null });
    expect(await settleMessages(t.db, [], lease)).toEqual([]);
  });

  it("does not settle a message whose lease another worker took over while this one delivered it", async () => {
    const first = await put(t.db, "test.slow", { n: 1 });
    const second = await put(t.db, "test.slow", { n: 2 });
    const handlers: OutboxHandlers = {
      "test.slow": async (payload) => {
        // Meanwhile the lease on message 1 ran out and another instance claimed it.
        if (payload.n === 1) await t.db.update(outbox).set({ lockedUntil: at(900_000) }).where(eq(outbox.id, first.id));
      },
    };
    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ claimed: 2, done: 2 });
    expect(await reload(t.db, first.id)).toMatchObject({ state: "pending", tries: 0, lockedUntil: at(900_000) });
    expect(await reload(t.db, second.id)).toMatchObject({ state: "done", tries: 1, lockedUntil: null });
  });
});

describe("runOutboxOnce, side by side", () => {
  /** Order by payload.key; target payload.target with the limit in payload.limit (or 2). */
  const plan: DeliveryPlan = {
    orderKey: (m) => (typeof m.payload.key === "string" ? m.payload.key : null),
    target: (m) => String(m.payload.target ?? "any"),
    limit: (target) => (target === "narrow" ? 1 : target === "wide" ? 3 : 2),
  };

  it("delivers messages of one order key one at a time in id order, and different keys at the same time", async () => {
    const meter = inFlightMeter();
    const order: string[] = [];
    const handlers: OutboxHandlers = {
      "test.work": (payload) =>
        meter.around(["all", `key:${String(payload.key)}`], async () => {
          order.push(`${String(payload.key)}${String(payload.n)}`);
          await tick(5);
        }),
    };
    for (let n = 1; n <= 4; n++) {
      for (const key of ["a", "b", "c"]) await put(t.db, "test.work", { key, n, target: "wide" });
    }
    const result = await runOutboxOnce(t.db, T0, handlers, { plan, concurrency: 8 });
    expect(result).toMatchObject({ claimed: 12, done: 12 });
    for (const key of ["a", "b", "c"]) {
      expect(order.filter((x) => x.startsWith(key))).toEqual([1, 2, 3, 4].map((n) => `${key}${n}`));
      expect(meter.most.get(`key:${key}`)).toBe(1);
    }
    // The three keys really overlapped (the target allows three at once).
    expect(meter.most.get("all")).toBe(3);
    const rows = await t.db.select().from(outbox);
    expect(rows.every((row) => row.state === "done" && row.tries === 1 && row.lockedUntil === null)).toBe(true);
  });

  it("keeps each target within its limit and the whole run within its concurrency", async () => {
    const meter = inFlightMeter();
    const handlers: OutboxHandlers = {
      "test.work": (payload) => meter.around(["all", `target:${String(payload.target)}`], () => tick(3)),
    };
    for (let n = 0; n < 10; n++) {
      await put(t.db, "test.work", { n, target: "narrow" });
      await put(t.db, "test.work", { n, target: "wide" });
      await put(t.db, "test.work", { n, target: "other" });
    }
    expect(await runOutboxOnce(t.db, T0, handlers, { plan, concurrency: 6 })).toMatchObject({ claimed: 30, done: 30 });
    expect(meter.most.get("target:narrow")).toBe(1);
    expect(meter.most.get("target:wide")).toBe(3);
    expect(meter.most.get("target:other")).toBe(2);
    expect(meter.most.get("all")).toBe(6);

    // A smaller bound for the whole run wins over the targets' own.
    for (let n = 0; n < 6; n++) await put(t.db, "test.work", { n, target: "wide" });
    const bounded = inFlightMeter();
    await runOutboxOnce(t.db, T0, { "test.work": () => bounded.around(["all"], () => tick(3)) }, { plan, concurrency: 2 });
    expect(bounded.most.get("all")).toBe(2);

    // One at a time with the sequential plan, as the worker was before.
    for (let n = 0; n < 6; n++) await put(t.db, "test.work", { n, target: "wide" });
    const sequential = inFlightMeter();
    await runOutboxOnce(t.db, T0, { "test.work": () => sequential.around(["all"], () => tick(2)) }, { plan: SEQUENTIAL_PLAN });
    expect(sequential.most.get("all")).toBe(1);
  });

  it("settles every outcome of a batch delivered side by side: done, retried with backoff, dead, notes", async () => {
    const handlers: OutboxHandlers = {
      "test.ok": async () => tick(2),
      "test.note": async () => ({ note: "skipped: the learner has no e-mail address" }),
      "test.flaky": async () => {
        await tick(1);
        throw new Error("vendor answered 503");
      },
      "test.bad": async () => {
        throw new PermanentJobError("payload has no attempt_id");
      },
    };
    const ids: Record<string, number[]> = {};
    for (let n = 0; n < 40; n++) {
      const topic = ["test.ok", "test.note", "test.flaky", "test.bad", "nobody.listens"][n % 5]!;
      const row = await put(t.db, topic, { n, target: "wide" }, { maxTries: 3 });
      (ids[topic] ??= []).push(row.id);
    }
    const result = await runOutboxOnce(t.db, T0, handlers, { batch: 40, plan, concurrency: 6, random: half });
    expect(result).toEqual({ claimed: 40, done: 16, retried: 8, dead: 16, released: 0 });
    const rows = new Map((await t.db.select().from(outbox)).map((row) => [row.id, row]));
    for (const id of ids["test.ok"]!) expect(rows.get(id)).toMatchObject({ state: "done", tries: 1, deliveredAt: T0, lastError: null, lockedUntil: null });
    for (const id of ids["test.note"]!) expect(rows.get(id)).toMatchObject({ state: "done", lastError: "skipped: the learner has no e-mail address" });
    for (const id of ids["test.flaky"]!) {
      expect(rows.get(id)).toMatchObject({ state: "pending", tries: 1, lastError: "vendor answered 503", lockedUntil: null, nextAttemptAt: at(5_000) });
    }
    for (const id of ids["test.bad"]!) expect(rows.get(id)).toMatchObject({ state: "dead", tries: 1, lastError: "PermanentJobError: payload has no attempt_id" });
    for (const id of ids["nobody.listens"]!) expect(rows.get(id)).toMatchObject({ state: "dead", lastError: "no handler for topic 'nobody.listens'" });
  });

  it("hands back what it has not started once half the lease has passed, and delivers it on a later run", async () => {
    const seen: number[] = [];
    const handlers: OutboxHandlers = {
      "test.slow": async (payload) => {
        seen.push(payload.n as number);
        await tick(600);
      },
    };
    const rows = [];
    for (let n = 1; n <= 4; n++) rows.push(await put(t.db, "test.slow", { n }));
    // One at a time: the first delivery alone takes longer than half of the 1 s lease. (The lease
    // also bounds a handler's time: 400 ms to spare keeps a late timer on a loaded machine from
    // turning the first delivery into a timeout.)
    const result = await runOutboxOnce(t.db, T0, handlers, { leaseMs: 1_000, plan: SEQUENTIAL_PLAN });
    expect(result).toMatchObject({ claimed: 4, done: 1, released: 3 });
    expect(seen).toEqual([1]);
    expect(await reload(t.db, rows[0]!.id)).toMatchObject({ state: "done", tries: 1 });
    for (const row of rows.slice(1)) expect(await reload(t.db, row.id)).toMatchObject({ state: "pending", tries: 0, lockedUntil: null });
    // Handed back, not leased: the next run takes them at once.
    expect((await runOutboxOnce(t.db, T0, handlers, { leaseMs: 10_000, plan: SEQUENTIAL_PLAN })).done).toBe(3);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it("writes what deliveries queued in groups before it settles them, and settles nothing more when that write fails", async () => {
    const written: number[][] = [];
    let fail = false;
    const handlers: OutboxHandlers = {
      "test.queue": async (payload, { batch }) => {
        batch.later<number>("test:rows", payload.n as number, async (rows) => {
          if (fail) throw new Error("database went away");
          written.push(rows);
        });
      },
    };
    for (let n = 1; n <= 5; n++) await put(t.db, "test.queue", { n });
    expect(await runOutboxOnce(t.db, T0, handlers, { plan: SEQUENTIAL_PLAN })).toMatchObject({ claimed: 5, done: 5 });
    // One write for the five, before they were settled.
    expect(written).toEqual([[1, 2, 3, 4, 5]]);
    expect((await t.db.select().from(outbox)).every((row) => row.state === "done")).toBe(true);

    await t.db.delete(outbox);
    fail = true;
    const later = [];
    for (let n = 6; n <= 8; n++) later.push(await put(t.db, "test.queue", { n }));
    await runOutboxOnce(t.db, T0, handlers, { plan: SEQUENTIAL_PLAN, leaseMs: 1_000 });
    // Not settled: still pending under the run's lease, so they are delivered again once it ran out.
    for (const row of later) expect(await reload(t.db, row.id)).toMatchObject({ state: "pending", tries: 0, lockedUntil: at(1_000) });
    expect((await runOutboxOnce(t.db, at(500), handlers, { plan: SEQUENTIAL_PLAN })).claimed).toBe(0);
    fail = false;
    expect(await runOutboxOnce(t.db, at(1_001), handlers, { plan: SEQUENTIAL_PLAN })).toMatchObject({ claimed: 3, done: 3 });
    expect(written).toEqual([[1, 2, 3, 4, 5], [6, 7, 8]]);
    for (const row of later) expect(await reload(t.db, row.id)).toMatchObject({ state: "done", tries: 1 });
  });

  it("keeps within the instance's share of the event loop: fewer at once while requests wait, all again once they do not", async () => {
    // The share's window passes at every start; the loop's delay is what `lag` says at that moment.
    let lag = 100;
    let clock = 0;
    const share = new LoopShare({ min: 2, max: 8, highMs: 40, lowMs: 15, windowMs: 1, now: () => (clock += 1), sample: () => lag });
    const busy = inFlightMeter();
    const quietMeter = inFlightMeter();
    let meter = busy;
    const handlers: OutboxHandlers = { "test.work": () => meter.around(["all"], () => tick(3)) };
    for (let n = 0; n < 24; n++) await put(t.db, "test.work", { n, target: "any" });
    const wide: DeliveryPlan = { orderKey: () => null, target: () => "any", limit: () => 100 };
    expect(await runOutboxOnce(t.db, T0, handlers, { plan: wide, concurrency: 8, share })).toMatchObject({ claimed: 24, done: 24 });
    // Halved at the first start (8 -> 4) and at every one after, down to the minimum.
    expect(busy.most.get("all")).toBeLessThanOrEqual(4);
    expect(share.limit()).toBe(2);

    // The loop is quiet again: the share grows back by one per window, up to the run's concurrency.
    lag = 0;
    meter = quietMeter;
    for (let n = 0; n < 40; n++) await put(t.db, "test.work", { n, target: "any" });
    expect(await runOutboxOnce(t.db, T0, handlers, { plan: wide, concurrency: 8, share })).toMatchObject({ claimed: 40, done: 40 });
    expect(quietMeter.most.get("all")).toBe(8);
  });

  it("with the app's plan, delivers an attempt's messages in the order written, other attempts alongside", async () => {
    const meter = inFlightMeter();
    const order = new Map<number, string[]>();
    const record = (name: string) => async (payload: Record<string, unknown>) =>
      meter.around(["all", `attempt:${String(payload.attempt_id)}`], async () => {
        const id = Number(payload.attempt_id);
        order.set(id, [...(order.get(id) ?? []), name]);
        await tick(3);
      });
    const handlers: OutboxHandlers = {
      "webhook.attempt_status": record("webhook"),
      "email.attempt_status": record("email"),
      "vendor.call": record("vendor"),
    };
    for (let attemptId = 1; attemptId <= 6; attemptId++) {
      await put(t.db, "webhook.attempt_status", { attempt_id: attemptId, status: "submitted" });
      await put(t.db, "email.attempt_status", { attempt_id: attemptId, template: "submitted" });
      await put(t.db, "vendor.call", { attempt_id: attemptId, backend: "mock", call: "stop_exam_attempt" });
    }
    expect(await runOutboxOnce(t.db, T0, handlers, { plan: APP_DELIVERY_PLAN })).toMatchObject({ claimed: 18, done: 18 });
    for (let attemptId = 1; attemptId <= 6; attemptId++) {
      expect(order.get(attemptId)).toEqual(["webhook", "email", "vendor"]);
      expect(meter.most.get(`attempt:${attemptId}`)).toBe(1);
    }
    expect(meter.most.get("all")).toBeGreaterThan(1);
  });
});

describe("the app's delivery plan", () => {
  const message = (topic: string, payload: Record<string, unknown>) => ({ id: 1, topic, payload }) as unknown as OutboxMessage;

  it("orders by attempt, then the attempt's vendor id, exam, learner in a course; nothing for a stored delivery", () => {
    expect(appOrderKey(message("email.attempt_status", { attempt_id: 7, template: "submitted" }))).toBe("attempt:7");
    expect(appOrderKey(message("vendor.call", { attempt_id: 7, attempt_external_id: "x-1", backend: "rest" }))).toBe("attempt:7");
    expect(appOrderKey(message("vendor.call", { attempt_id: null, attempt_external_id: "x-1", backend: "rest", call: "remove_exam_attempt" }))).toBe("attempt-external:x-1");
    expect(appOrderKey(message("mock.post_review", { externalId: "x-1" }))).toBe("attempt-external:x-1");
    expect(appOrderKey(message("vendor.call", { exam_id: 3, backend: "rest", call: "on_exam_saved" }))).toBe("exam:3");
    expect(appOrderKey(message("webhook.credit_requirement", { user_id: 4, course_id: "course-v1:A+B+C" }))).toBe("learner:4:course-v1:A+B+C");
    expect(appOrderKey(message("webhook.delivery", { delivery_id: 9 }))).toBeNull();
  });

  it("bounds e-mails by the SMTP pool, vendor calls per backend, and the rest by kind", () => {
    expect(appTarget(message("email.attempt_status", {}))).toBe("smtp");
    expect(appTarget(message("email.support_notification", {}))).toBe("smtp");
    expect(appLimit("smtp")).toBe(SMTP_CONNECTIONS);
    expect(appTarget(message("vendor.call", { backend: "rest" }))).toBe("vendor:rest");
    expect(appTarget(message("vendor.call", { backend: "proctortrack" }))).toBe("vendor:proctortrack");
    expect(appTarget(message("webhook.attempt_status", {}))).toBe("webhooks");
    expect(appTarget(message("webhook.delivery", {}))).toBe("webhooks");
    expect(appTarget(message("mock.mark_ready", {}))).toBe("mock");
    for (const target of ["smtp", "vendor:rest", "webhooks", "mock", "topic:other"]) expect(appLimit(target)).toBeGreaterThanOrEqual(1);
  });
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
