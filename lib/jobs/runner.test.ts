import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { attempts, jobRuns, outbox } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeExam } from "@/lib/testing/factories";
import type { OutboxHandlers } from "./outbox";
import { drainOutbox, recordedRuns, startBackgroundJobs, startLoop } from "./runner";

/** Written directly: these tests use made-up topics, which enqueue() refuses. */
async function put(db: typeof t.db, topic: string, payload: Record<string, unknown>) {
  await db.insert(outbox).values({ topic, payload, nextAttemptAt: new Date(Date.now() - 1000) });
}

const t = setupTestDatabase();
let stop: (() => void) | undefined;

beforeEach(async () => {
  await t.db.delete(outbox);
});
afterEach(() => {
  stop?.();
  stop = undefined;
});

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("startBackgroundJobs", () => {
  it("delivers the outbox in the background, never runs a loop twice at once, and stops", async () => {
    let running = 0;
    let maxRunning = 0;
    const delivered: number[] = [];
    const handlers: OutboxHandlers = {
      "test.slow": async (payload) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        // Much slower than the 10 ms tick: overlapping runs would show up here.
        await new Promise((resolve) => setTimeout(resolve, 60));
        delivered.push(payload.n as number);
        running--;
      },
    };
    // Messages of one attempt: delivered one at a time in order within a run (decision 047), so
    // more than one in flight would mean two runs at once.
    for (const n of [1, 2, 3]) await put(t.db, "test.slow", { n, attempt_id: 1 });

    stop = startBackgroundJobs(t.db, { handlers, outboxIntervalMs: 10, sweepIntervalMs: 10 });
    // Settled, not only handled: the last handler returns before its row is marked done.
    await until(async () => (await t.db.select().from(outbox)).every((row) => row.state === "done"));
    expect(delivered).toEqual([1, 2, 3]);
    expect(maxRunning).toBe(1);

    stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await put(t.db, "test.slow", { n: 4 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(delivered).toEqual([1, 2, 3]);
  });

  it("sweeps expired attempts, and keeps retrying a failing message", async () => {
    const exam = await makeExam(t.db, { isProctored: false, timeLimitMins: 30 });
    const startedAt = new Date(Date.now() - 2 * 3600_000);
    const abandoned = await makeAttempt(t.db, { exam, status: "started", startedAt, allowedTimeLimitMins: 30, takingAsProctored: false });
    let calls = 0;
    const handlers: OutboxHandlers = {
      "test.flaky": async () => {
        calls++;
        throw new Error("down");
      },
    };
    await put(t.db, "test.flaky", {});

    stop = startBackgroundJobs(t.db, { handlers, outboxIntervalMs: 10, sweepIntervalMs: 10 });
    await until(async () => (await t.db.select().from(attempts).where(eq(attempts.id, abandoned.id)))[0]!.status === "submitted");
    const [after] = await t.db.select().from(attempts).where(eq(attempts.id, abandoned.id));
    // Submitted at the instant its time ran out (docs/reference/what-we-build.md, point 2), not when the sweeper came by.
    expect(after!.completedAt).toEqual(new Date(startedAt.getTime() + 30 * 60_000));
    await until(async () => calls >= 1);
    expect((await t.db.select().from(outbox).where(eq(outbox.topic, "test.flaky")))[0]).toMatchObject({ state: "pending", tries: 1 });
  });
});

describe("startLoop", () => {
  it("logs a failing run and carries on", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let calls = 0;
    stop = startLoop("test loop", 10, async () => {
      calls++;
      if (calls <= 3) throw new Error("database is down");
    });
    await until(async () => calls >= 5);
    // The same error three times in a row is logged once.
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0]![0]).toBe("[invigil] test loop failed: database is down");
    errors.mockRestore();
  });
});

describe("drainOutbox", () => {
  it("keeps claiming while batches come back full, so a burst is delivered in one tick", async () => {
    for (let i = 0; i < 120; i++) await put(t.db, "test.count", { i });
    const seen: number[] = [];
    const handlers: OutboxHandlers = { "test.count": async (payload) => void seen.push(payload.i as number) };
    expect(await drainOutbox(t.db, handlers)).toBe(120);
    expect(new Set(seen).size).toBe(120);
    const left = await t.db.select().from(outbox).where(eq(outbox.state, "pending"));
    expect(left).toEqual([]);
  });

  it("ends the tick after a batch while yieldTo says so, and delivers the rest on the next ticks", async () => {
    for (let i = 0; i < 230; i++) await put(t.db, "test.count", { i });
    const seen = new Set<number>();
    const handlers: OutboxHandlers = { "test.count": async (payload) => void seen.add(payload.i as number) };
    let asked = 0;
    const yieldTo = () => (asked++, true);
    expect(await drainOutbox(t.db, handlers, { yieldTo })).toBe(100);
    expect(asked).toBe(1);
    expect(await t.db.select().from(outbox).where(eq(outbox.state, "pending"))).toHaveLength(130);
    // Nothing to yield to: the rest in one tick.
    expect(await drainOutbox(t.db, handlers, { yieldTo: () => false })).toBe(130);
    expect(seen.size).toBe(230);
  });
});

describe("recordedRuns", () => {
  it("records a loop's runs for the health page: throttled while fine, at once on failure, keeping the last success", async () => {
    let clock = 1_000_000;
    let fail = false;
    const task = recordedRuns(t.db, "test_loop", async () => {
      clock += 5;
      if (fail) throw new Error("database said no");
      return 1;
    }, () => clock);
    await task();
    const first = (await t.db.select().from(jobRuns).where(eq(jobRuns.name, "test_loop")))[0];
    expect(first).toMatchObject({ lastError: null, lastDurationMs: 5 });
    clock += 1_000;
    await task();
    expect((await t.db.select().from(jobRuns).where(eq(jobRuns.name, "test_loop")))[0]?.lastRunAt).toEqual(first?.lastRunAt);
    fail = true;
    await expect(task()).rejects.toThrow("database said no");
    const failed = (await t.db.select().from(jobRuns).where(eq(jobRuns.name, "test_loop")))[0];
    expect(failed?.lastError).toContain("database said no");
    expect(failed?.lastOkAt).toEqual(first?.lastOkAt);
    fail = false;
    await task();
    expect((await t.db.select().from(jobRuns).where(eq(jobRuns.name, "test_loop")))[0]?.lastError).toBeNull();
  });
});
