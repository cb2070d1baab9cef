import { EventEmitter } from "node:events";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { attempts } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeExam } from "@/lib/testing/factories";
import { HEARTBEAT_FLUSH_MS, flushHeartbeats, flushHeartbeatsOnShutdown, pendingHeartbeats, recordHeartbeat } from "./heartbeats";

const test = setupTestDatabase("file");
const T0 = new Date("2026-11-26T09:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function row(id: number) {
  const [found] = await test.db.select().from(attempts).where(eq(attempts.id, id));
  return found!;
}

async function running(overrides: Partial<typeof attempts.$inferInsert> = {}) {
  const exam = await makeExam(test.db, { timeLimitMins: 60 });
  return makeAttempt(test.db, { exam, status: "started", startedAt: T0, allowedTimeLimitMins: 60, ...overrides });
}

describe("timer heartbeats, written in batches", () => {
  it("writes nothing per poll, then every buffered heartbeat in one flush", async () => {
    const a = await running();
    const b = await running();
    recordHeartbeat(test.db, a.id, at(5), "203.0.113.5");
    recordHeartbeat(test.db, b.id, at(6), null);
    expect(pendingHeartbeats(test.db)).toBe(2);
    expect((await row(a.id)).lastPollTimestamp).toBeNull();

    await flushHeartbeats(test.db);
    expect(pendingHeartbeats(test.db)).toBe(0);
    expect((await row(a.id)).lastPollTimestamp?.toISOString()).toBe(at(5).toISOString());
    expect((await row(a.id)).lastPollIpaddr).toBe("203.0.113.5");
    expect((await row(b.id)).lastPollTimestamp?.toISOString()).toBe(at(6).toISOString());
    expect((await row(b.id)).modified.getTime()).toBeGreaterThanOrEqual(at(6).getTime());
    expect((await row(a.id)).status).toBe("started");
  });

  it("keeps the newest heartbeat of an attempt, and the last known address", async () => {
    const a = await running();
    recordHeartbeat(test.db, a.id, at(10), "198.51.100.1");
    recordHeartbeat(test.db, a.id, at(20), null);
    recordHeartbeat(test.db, a.id, at(15), "198.51.100.2");
    await flushHeartbeats(test.db);
    const written = await row(a.id);
    expect(written.lastPollTimestamp?.toISOString()).toBe(at(20).toISOString());
    expect(written.lastPollIpaddr).toBe("198.51.100.1");
  });

  it("never moves a heartbeat back in time, nor touches a finished attempt", async () => {
    const ahead = await running({ lastPollTimestamp: at(100), lastPollIpaddr: "192.0.2.1" });
    const done = await running({ status: "submitted", completedAt: at(50) });
    recordHeartbeat(test.db, ahead.id, at(90), "192.0.2.9");
    recordHeartbeat(test.db, done.id, at(90), "192.0.2.9");
    await flushHeartbeats(test.db);
    expect((await row(ahead.id)).lastPollTimestamp?.toISOString()).toBe(at(100).toISOString());
    expect((await row(ahead.id)).lastPollIpaddr).toBe("192.0.2.1");
    const finished = await row(done.id);
    expect(finished.lastPollTimestamp).toBeNull();
    expect(finished.modified.toISOString()).toBe(done.modified.toISOString());
  });

  it("flushes by itself within a flush interval", async () => {
    const a = await running();
    recordHeartbeat(test.db, a.id, at(30), null);
    await vi.waitFor(async () => expect((await row(a.id)).lastPollTimestamp?.toISOString()).toBe(at(30).toISOString()), {
      timeout: HEARTBEAT_FLUSH_MS * 5,
      interval: 100,
    });
    expect(pendingHeartbeats(test.db)).toBe(0);
  });

  it("keeps the heartbeats of a failed write for the next one, and logs it", async () => {
    const a = await running();
    let failures = 1;
    const flaky = new Proxy(test.db, {
      get(target, property, receiver) {
        if (property === "execute" && failures > 0) {
          return async () => {
            failures -= 1;
            throw new Error("connection reset");
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as Db;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      recordHeartbeat(flaky, a.id, at(40), "203.0.113.40");
      await flushHeartbeats(flaky);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining("connection reset"));
      expect(pendingHeartbeats(flaky)).toBe(1);
      expect((await row(a.id)).lastPollTimestamp).toBeNull();
      // A newer heartbeat recorded meanwhile wins over the one put back.
      recordHeartbeat(flaky, a.id, at(41), null);
      await flushHeartbeats(flaky);
      expect(pendingHeartbeats(flaky)).toBe(0);
      expect((await row(a.id)).lastPollTimestamp?.toISOString()).toBe(at(41).toISOString());
      expect((await row(a.id)).lastPollIpaddr).toBe("203.0.113.40");
    } finally {
      errors.mockRestore();
    }
  });

  it("writes concurrent flushes once each, without losing any heartbeat", async () => {
    const many = await Promise.all(Array.from({ length: 20 }, () => running()));
    many.forEach((a, i) => recordHeartbeat(test.db, a.id, at(200 + i), null));
    await Promise.all([flushHeartbeats(test.db), flushHeartbeats(test.db), flushHeartbeats(test.db)]);
    for (const [i, a] of many.entries()) expect((await row(a.id)).lastPollTimestamp?.toISOString()).toBe(at(200 + i).toISOString());
  });

  it("writes the buffer when the process is told to stop", async () => {
    const a = await running();
    const signals = new EventEmitter();
    const stop = flushHeartbeatsOnShutdown(test.db, signals as unknown as NodeJS.Process);
    try {
      recordHeartbeat(test.db, a.id, at(300), null);
      expect(pendingHeartbeats(test.db)).toBe(1);
      signals.emit("SIGTERM");
      // The write starts at once (the buffer is taken synchronously), not at the next timer tick.
      expect(pendingHeartbeats(test.db)).toBe(0);
      await vi.waitFor(async () => expect((await row(a.id)).lastPollTimestamp?.toISOString()).toBe(at(300).toISOString()), {
        timeout: HEARTBEAT_FLUSH_MS * 5,
        interval: 50,
      });
    } finally {
      stop();
    }
    expect(signals.listenerCount("SIGINT")).toBe(0);
  });
});
