import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { attempts } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeExam } from "@/lib/testing/factories";
import { parseAttemptChange, type AttemptChange } from "./attempt-changes";
import { AttemptChangeHub, closeAttemptChangeHub, getAttemptChangeHub, type HubEvent } from "./hub";

const test = setupTestDatabase("file");

afterAll(async () => {
  // Before the database closes (afterAll hooks of the setup run after this file's).
  await closeAttemptChangeHub(test.db);
});

/** Collects a subscriber's events; `next()` waits for the next one (or fails after `ms`). */
function recorder() {
  const events: HubEvent[] = [];
  let wake: (() => void) | null = null;
  return {
    events,
    push: (event: HubEvent) => {
      events.push(event);
      wake?.();
    },
    async waitFor(count: number, ms = 3_000): Promise<HubEvent[]> {
      const deadline = Date.now() + ms;
      while (events.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} events, got ${events.length}: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 50));
        });
      }
      return events;
    },
  };
}

/** Gives in-flight notifications time to arrive (for asserting that none did). */
const settle = () => new Promise((r) => setTimeout(r, 150));

/**
 * On Postgres the listener is another connection: a fixture's own notifications (committed just
 * before the subscription) may still be on their way. Let them land, then forget them.
 */
async function drain(events: HubEvent[]): Promise<void> {
  await settle();
  events.length = 0;
}

const changes = (events: HubEvent[]) => events.flatMap((e) => (e.kind === "change" ? [e.change] : []));

describe("the attempts NOTIFY trigger and the hub (on this run's database)", () => {
  it("delivers a status change of an attempt to subscribers of its course only", async () => {
    const exam = await makeExam(test.db, { isProctored: true });
    const other = await makeExam(test.db, { isProctored: true });
    const mine = recorder();
    const theirs = recorder();
    const hub = getAttemptChangeHub(test.db);
    const a = hub.subscribe(exam.courseKey, mine.push);
    const b = hub.subscribe(other.courseKey, theirs.push);
    await a.ready;
    await b.ready;

    const attempt = await makeAttempt(test.db, { exam, status: "created" });
    await test.db.update(attempts).set({ status: "started", startedAt: new Date(), allowedTimeLimitMins: 30 }).where(eq(attempts.id, attempt.id));
    await mine.waitFor(2);
    expect(changes(mine.events)).toEqual<AttemptChange[]>([
      { op: "insert", course_id: exam.courseKey, exam_id: exam.id, attempt_id: attempt.id, status: "created" },
      { op: "update", course_id: exam.courseKey, exam_id: exam.id, attempt_id: attempt.id, status: "started" },
    ]);
    await settle();
    expect(theirs.events).toEqual([]);

    await test.db.delete(attempts).where(eq(attempts.id, attempt.id));
    await mine.waitFor(3);
    expect(changes(mine.events)[2]).toMatchObject({ op: "delete", attempt_id: attempt.id });
    a.unsubscribe();
    b.unsubscribe();
  });

  it("throttles heartbeats: one notification per 10-second bucket of last_poll_timestamp", async () => {
    const exam = await makeExam(test.db, { isProctored: true });
    const base = new Date("2026-05-01T12:00:00.000Z");
    const attempt = await makeAttempt(test.db, { exam, status: "started", startedAt: base, allowedTimeLimitMins: 60, lastPollTimestamp: base });
    const seen = recorder();
    const sub = getAttemptChangeHub(test.db).subscribe(exam.courseKey, seen.push);
    await sub.ready;
    await drain(seen.events);
    const poll = (offsetMs: number) =>
      test.db
        .update(attempts)
        .set({ lastPollTimestamp: new Date(base.getTime() + offsetMs) })
        .where(eq(attempts.id, attempt.id));

    await poll(3_000); // same bucket as the start: nothing
    await poll(9_999); // still the same bucket
    await settle();
    expect(seen.events).toEqual([]);
    await poll(10_000); // a new bucket
    await seen.waitFor(1);
    await poll(15_000); // same bucket again
    await settle();
    expect(seen.events).toHaveLength(1);
    // Unrelated columns do not notify at all.
    await test.db.update(attempts).set({ isStatusAcknowledged: true }).where(eq(attempts.id, attempt.id));
    await test.db.update(attempts).set({ status: "ready_to_submit" }).where(eq(attempts.id, attempt.id));
    await seen.waitFor(2);
    await settle();
    expect(changes(seen.events).map((c) => c.status)).toEqual(["started", "ready_to_submit"]);
    sub.unsubscribe();
  });

  it("says nothing about a change that was rolled back", async () => {
    const exam = await makeExam(test.db, { isProctored: true });
    const attempt = await makeAttempt(test.db, { exam, status: "started", startedAt: new Date(), allowedTimeLimitMins: 60 });
    const seen = recorder();
    const sub = getAttemptChangeHub(test.db).subscribe(exam.courseKey, seen.push);
    await sub.ready;
    await drain(seen.events);
    await expect(
      test.db.transaction(async (tx) => {
        await tx.update(attempts).set({ status: "error" }).where(eq(attempts.id, attempt.id));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await settle();
    expect(seen.events).toEqual([]);
    // A notification sent by hand on the channel with a foreign payload is ignored, not a crash.
    await test.db.execute(sql`select pg_notify('invigil_attempts', 'not json')`);
    await settle();
    expect(seen.events).toEqual([]);
    sub.unsubscribe();
  });

  // Only a real server has a LISTEN connection to lose (PGlite is in this process): the case exists
  // in the PostgreSQL run only, rather than as a skipped test in the PGlite one.
  if (process.env.DATABASE_URL) it("asks subscribers to read again after the LISTEN connection was cut, and keeps delivering", async () => {
    const exam = await makeExam(test.db, { isProctored: true });
    const seen = recorder();
    const sub = getAttemptChangeHub(test.db).subscribe(exam.courseKey, seen.push);
    await sub.ready;
    await drain(seen.events);
    await test.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`,
    );
    await seen.waitFor(1, 10_000);
    expect(seen.events[0]).toEqual({ kind: "resync" });
    const attempt = await makeAttempt(test.db, { exam, status: "created" });
    await seen.waitFor(2, 5_000);
    expect(changes(seen.events)).toMatchObject([{ op: "insert", attempt_id: attempt.id }]);
    sub.unsubscribe();
  });

  it("stops delivering to a subscriber once it unsubscribes", async () => {
    const exam = await makeExam(test.db, { isProctored: true });
    const seen = recorder();
    const hub = getAttemptChangeHub(test.db);
    const sub = hub.subscribe(exam.courseKey, seen.push);
    await sub.ready;
    expect(hub.subscriberCount(exam.courseKey)).toBe(1);
    sub.unsubscribe();
    expect(hub.subscriberCount(exam.courseKey)).toBe(0);
    await makeAttempt(test.db, { exam, status: "created" });
    await settle();
    expect(seen.events).toEqual([]);
  });
});

describe("AttemptChangeHub (without a database)", () => {
  function fakeHub() {
    const calls = { starts: 0, stops: 0 };
    let handlers: { onNotify(p: string): void; onListen?(): void } | null = null;
    let fail = false;
    const hub = new AttemptChangeHub(async (h) => {
      calls.starts += 1;
      if (fail) throw new Error("connection refused");
      handlers = h;
      h.onListen?.();
      return async () => {
        calls.stops += 1;
      };
    });
    return {
      hub,
      calls,
      notify: (payload: object) => handlers!.onNotify(JSON.stringify(payload)),
      reconnect: () => handlers!.onListen?.(),
      failNext: (value: boolean) => {
        fail = value;
      },
    };
  }
  const change = (course: string, id: number) => ({ op: "update", course_id: course, exam_id: 1, attempt_id: id, status: "started" });

  it("listens once for any number of subscribers, and fans out by course", async () => {
    const f = fakeHub();
    const a: HubEvent[] = [];
    const b: HubEvent[] = [];
    const c: HubEvent[] = [];
    const s1 = f.hub.subscribe("course-v1:A+1+1", (e) => a.push(e));
    const s2 = f.hub.subscribe("course-v1:A+1+1", (e) => b.push(e));
    const s3 = f.hub.subscribe("course-v1:B+1+1", (e) => c.push(e));
    await Promise.all([s1.ready, s2.ready, s3.ready]);
    expect(f.calls.starts).toBe(1);
    f.notify(change("course-v1:A+1+1", 7));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(c).toHaveLength(0);
    s1.unsubscribe();
    f.notify(change("course-v1:A+1+1", 8));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(2);
    await f.hub.close();
    expect(f.calls.stops).toBe(1);
  });

  it("tells every subscriber to read again after the LISTEN connection came back", async () => {
    const f = fakeHub();
    const a: HubEvent[] = [];
    const s = f.hub.subscribe("course-v1:A+1+1", (e) => a.push(e));
    await s.ready;
    expect(a).toEqual([]);
    f.reconnect();
    expect(a).toEqual([{ kind: "resync" }]);
    await f.hub.close();
  });

  it("keeps delivering when one subscriber throws", async () => {
    const f = fakeHub();
    const good: HubEvent[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const s1 = f.hub.subscribe("k/1/1", () => {
        throw new Error("stream closed");
      });
      const s2 = f.hub.subscribe("k/1/1", (e) => good.push(e));
      await Promise.all([s1.ready, s2.ready]);
      f.notify(change("k/1/1", 1));
      expect(good).toHaveLength(1);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
      await f.hub.close();
    }
  });

  it("rejects `ready` when LISTEN fails, and tries again for the next subscriber", async () => {
    const f = fakeHub();
    f.failNext(true);
    const s1 = f.hub.subscribe("k/1/1", () => {});
    await expect(s1.ready).rejects.toThrow("connection refused");
    f.failNext(false);
    const s2 = f.hub.subscribe("k/1/1", () => {});
    await expect(s2.ready).resolves.toBeUndefined();
    expect(f.calls.starts).toBe(2);
    await f.hub.close();
  });
});

describe("parseAttemptChange", () => {
  it("reads the trigger's payload and refuses anything else", () => {
    const ok = { op: "update", course_id: "course-v1:A+B+C", exam_id: 3, attempt_id: 9, status: "error" };
    expect(parseAttemptChange(JSON.stringify(ok))).toEqual(ok);
    for (const bad of ["", "null", "[]", "{}", JSON.stringify({ ...ok, op: "truncate" }), JSON.stringify({ ...ok, exam_id: "3" })]) {
      expect(parseAttemptChange(bad), bad).toBeNull();
    }
  });
});
