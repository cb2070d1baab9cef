import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attempts, backendConfigs, exams } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { Principal } from "@/lib/domain/actor";
import { attentionReasons, heartbeatAgeSeconds, liveTimeLeftSeconds, type LiveAttemptState } from "@/lib/domain/live-board";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { writeSnapshot } from "@/lib/testing/writes";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeUser } from "@/lib/testing/factories";
import { buildScenario } from "@/lib/testing/scenario";
import { liveBoardChanges, liveBoardSnapshot, resolveLiveBoardScope } from "./live-board";
import type { LiveBoardRow } from "@/lib/domain/dashboard-views";

const t = setupTestDatabase();
const MINUTE = 60_000;

beforeAll(async () => {
  // The scenarios' exams use the mock backend; the expiry rule tells it about submissions.
  await t.db.insert(backendConfigs).values({ name: "mock", kind: "mock" }).onConflictDoNothing();
});

async function ctxAs(userId: number, now = new Date()): Promise<ServiceContext> {
  const principal: Principal = (await loadUserActor(t.db, userId))!;
  return { db: t.db, principal, now, requestId: newRequestId(), source: "api" };
}

/** What the browser does with a row (lib/domain/live-board.ts). */
function stateOf(row: LiveBoardRow): LiveAttemptState {
  const ms = (v: string | null) => (v ? Date.parse(v) : null);
  return {
    status: row.status,
    startedAtMs: ms(row.started_at),
    expiresAtMs: ms(row.expires_at),
    lastPollAtMs: ms(row.last_poll_at),
    savedRemainingSeconds: row.saved_time_remaining_seconds,
    pingIntervalSeconds: row.ping_interval_seconds,
  };
}

describe("resolveLiveBoardScope", () => {
  it("lets the course's staff and admins in, and nobody else", async () => {
    const s = await buildScenario(t.db);
    const key = s.course.courseKey;
    await expect(resolveLiveBoardScope(await ctxAs(s.staff.id), key, null)).resolves.toEqual({ courseKey: key, examId: null });
    await expect(resolveLiveBoardScope(await ctxAs(s.admin.id), key, s.proctored.id)).resolves.toEqual({ courseKey: key, examId: s.proctored.id });
    for (const who of [s.owner, s.learner, s.otherStaff]) {
      await expect(resolveLiveBoardScope(await ctxAs(who.id), key, null)).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
    }
  });

  it("answers 404 for an exam of another course (or none), even to an admin", async () => {
    const s = await buildScenario(t.db);
    const other = await buildScenario(t.db);
    for (const examId of [other.proctored.id, 2_000_000_000]) {
      await expect(resolveLiveBoardScope(await ctxAs(s.staff.id), s.course.courseKey, examId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

describe("liveBoardSnapshot", () => {
  it("lists running and attention attempts of the course with clock and heartbeat data", async () => {
    const now = new Date();
    const s = await buildScenario(t.db, { status: "started" });
    const exam = s.proctored;
    const learner = async () => (await makeUser(t.db)).id;
    // The scenario's owner: started a minute ago, 60 minutes allowed, never polled.
    const polled = await makeAttempt(t.db, {
      exam,
      userId: await learner(),
      status: "ready_to_submit",
      startedAt: new Date(now.getTime() - 10 * MINUTE),
      allowedTimeLimitMins: 12,
      lastPollTimestamp: new Date(now.getTime() - 3 * MINUTE),
    });
    const errored = await makeAttempt(t.db, { exam, userId: await learner(), status: "error", startedAt: new Date(now.getTime() - 5 * MINUTE), allowedTimeLimitMins: 60, timeRemainingSeconds: 1234 });
    const review = await makeAttempt(t.db, { exam, userId: await learner(), status: "second_review_required", startedAt: new Date(now.getTime() - 90 * MINUTE), allowedTimeLimitMins: 60 });
    // Not on the board: finished, not started yet.
    await makeAttempt(t.db, { exam, userId: await learner(), status: "submitted", startedAt: new Date(now.getTime() - 90 * MINUTE), allowedTimeLimitMins: 60 });
    await makeAttempt(t.db, { exam, userId: await learner(), status: "ready_to_start" });

    const board = await liveBoardSnapshot(await ctxAs(s.staff.id, now), { courseKey: s.course.courseKey, examId: null });
    expect(board).toMatchObject({ course_id: s.course.courseKey, exam_id: null, truncated: false, server_now: now.toISOString() });
    const byId = new Map(board.rows.map((r) => [r.attempt_id, r]));
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual([s.attempt.id, polled.id, errored.id, review.id].sort((a, b) => a - b));

    const owner = byId.get(s.attempt.id)!;
    expect(owner).toMatchObject({ exam_id: exam.id, exam_name: "Proctored", username: s.owner.username, status: "started", last_poll_at: null, ping_interval_seconds: 60 });
    // expires_at comes from the trigger: started_at + allowed minutes.
    expect(Date.parse(owner.expires_at!) - Date.parse(owner.started_at!)).toBe(60 * MINUTE);
    expect(liveTimeLeftSeconds(stateOf(owner), now.getTime())).toBe(59 * 60);
    expect(attentionReasons(stateOf(owner), now.getTime())).toEqual([]);

    const p = stateOf(byId.get(polled.id)!);
    expect(liveTimeLeftSeconds(p, now.getTime())).toBe(2 * 60);
    expect(heartbeatAgeSeconds(p, now.getTime())).toBe(180);
    expect(attentionReasons(p, now.getTime())).toEqual(["heartbeat_gap", "low_time"]);

    const e = byId.get(errored.id)!;
    expect(e.expires_at).toBeNull();
    expect(liveTimeLeftSeconds(stateOf(e), now.getTime())).toBe(1234);
    expect(attentionReasons(stateOf(e), now.getTime())).toEqual(["error"]);
    expect(attentionReasons(stateOf(byId.get(review.id)!), now.getTime())).toEqual(["second_review"]);
  });

  it("narrows to one exam, and reads each exam's backend ping interval", async () => {
    const s = await buildScenario(t.db, { status: "started" });
    const backend = `slowmock${s.course.id}`;
    await t.db.insert(backendConfigs).values({ name: backend, kind: "mock", settings: { ping_interval: 90 } });
    await t.db.update(exams).set({ backend }).where(eq(exams.id, s.proctored.id));
    const timed = await makeAttempt(t.db, { exam: s.timed, status: "started", startedAt: new Date(), allowedTimeLimitMins: 45 });
    const ctx = await ctxAs(s.staff.id);
    const all = await liveBoardSnapshot(ctx, { courseKey: s.course.courseKey, examId: null });
    expect(Object.fromEntries(all.rows.map((r) => [r.attempt_id, r.ping_interval_seconds]))).toEqual({
      [s.attempt.id]: 90,
      // A timed exam has no backend (§1.4), whatever name it stores.
      [timed.id]: 60,
    });
    const one = await liveBoardSnapshot(ctx, { courseKey: s.course.courseKey, examId: s.timed.id });
    expect(one.rows.map((r) => r.attempt_id)).toEqual([timed.id]);
  });

  it("leaves out an attempt whose time ran out (submitted in effect) and writes nothing (decision 022)", async () => {
    const now = new Date();
    const s = await buildScenario(t.db, { status: "started" });
    await t.db
      .update(attempts)
      .set({ startedAt: new Date(now.getTime() - 61 * MINUTE), allowedTimeLimitMins: 60 })
      .where(eq(attempts.id, s.attempt.id));
    const before = await writeSnapshot(t.db);
    const board = await liveBoardSnapshot(await ctxAs(s.staff.id, now), { courseKey: s.course.courseKey, examId: null });
    const changes = await liveBoardChanges(await ctxAs(s.staff.id, now), { courseKey: s.course.courseKey, examId: null }, [s.attempt.id]);
    expect(await writeSnapshot(t.db)).toEqual(before);
    expect(board.rows).toEqual([]);
    expect(changes).toMatchObject({ rows: [], removed: [s.attempt.id] });
    const [after] = await t.db.select().from(attempts).where(eq(attempts.id, s.attempt.id));
    expect(after!.status).toBe("started");
  });
});

describe("liveBoardChanges", () => {
  it("returns changed attempts still on the board and names those that left it", async () => {
    const s = await buildScenario(t.db, { status: "started" });
    const other = await buildScenario(t.db, { status: "started" });
    const done = await makeAttempt(t.db, { exam: s.proctored, status: "submitted" });
    const ctx = await ctxAs(s.staff.id);
    const scope = { courseKey: s.course.courseKey, examId: null };
    const update = await liveBoardChanges(ctx, scope, [s.attempt.id, done.id, other.attempt.id, 2_000_000_000, s.attempt.id]);
    expect(update.rows.map((r) => r.attempt_id)).toEqual([s.attempt.id]);
    // Another course's attempt is "not on this board", never shown.
    expect(update.removed.sort((a, b) => a - b)).toEqual([done.id, other.attempt.id, 2_000_000_000].sort((a, b) => a - b));
    await expect(liveBoardChanges(ctx, scope, [])).resolves.toMatchObject({ rows: [], removed: [] });
  });
});
