import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempts, backendConfigs } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { LiveBoardSnapshot, LiveBoardUpdate } from "@/lib/domain/dashboard-views";
import { closeAttemptChangeHub, getAttemptChangeHub } from "@/lib/realtime/hub";
import { liveBoardStream } from "@/lib/realtime/live-board-stream";
import { parseSse, type SseMessage } from "@/lib/realtime/sse";
import { newRequestId } from "@/lib/data/context";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { buildScenario, type Scenario } from "@/lib/testing/scenario";
import { GET } from "./route";

const t = setupApiTestDatabase();

beforeAll(async () => {
  await t.db.insert(backendConfigs).values({ name: "mock", kind: "mock" }).onConflictDoNothing();
});
afterAll(async () => {
  await closeAttemptChangeHub(t.db);
});

const pathFor = (courseKey: string, examId?: number | string) =>
  `/api/instructor/${encodeURIComponent(courseKey)}/live${examId === undefined ? "" : `?exam_id=${examId}`}`;

/** An open event stream read as it arrives; `next(name)` waits for the next event of that name. */
async function openStream(response: Response, abort: AbortController) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let raw = "";
  const queue: SseMessage[] = [];
  let done = false;
  const pump = async (ms: number) => {
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms));
    const read = await Promise.race([reader.read(), timeout]);
    if (read === "timeout") return false;
    if (read.done) {
      done = true;
      return false;
    }
    const text = decoder.decode(read.value, { stream: true });
    raw += text;
    const parsed = parseSse(buffer + text);
    buffer = parsed.rest;
    queue.push(...parsed.messages);
    return true;
  };
  return {
    get raw() {
      return raw;
    },
    get done() {
      return done;
    },
    /** The next event of that name (skipping those `match` refuses: late news of a fixture). */
    async next<T>(event: string, match: (data: T) => boolean = () => true, ms = 4_000): Promise<T> {
      const deadline = Date.now() + ms;
      for (;;) {
        const index = queue.findIndex((m) => m.event === event);
        if (index >= 0) {
          const data = JSON.parse(queue.splice(index, 1)[0]!.data) as T;
          if (match(data)) return data;
          continue;
        }
        if (done || Date.now() > deadline) throw new Error(`no "${event}" event; got: ${raw}`);
        await pump(Math.max(10, deadline - Date.now()));
      }
    },
    /**
     * Reads until the server ends the stream (or `ms` passes). The wait is generous: the test
     * checks that the stream ends at all, and the suite on PostgreSQL runs beside the browser
     * tests in CI, where a 2 s wait once ran out on a 2-core machine.
     */
    async untilEnd(ms = 8_000): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (!done && Date.now() < deadline) await pump(deadline - Date.now());
      return done;
    },
    close: () => abort.abort(),
  };
}

async function connect(courseKey: string, auth: string, examId?: number) {
  const abort = new AbortController();
  const req = new NextRequest(new URL(pathFor(courseKey, examId), "http://127.0.0.1:3000"), {
    headers: { authorization: auth, host: "127.0.0.1:3000" },
    signal: abort.signal,
  });
  const res = await GET(req, { params: Promise.resolve({ courseKey: encodeURIComponent(courseKey) }) });
  return { res, stream: res.body ? await openStream(res, abort) : null, abort };
}

describe("GET /api/instructor/{courseKey}/live: who may watch", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t.db);
  });

  it.each(["owner", "learner", "otherStaff"] as const)("refuses the course's %s with a 403 JSON answer", async (who) => {
    const res = await callRoute(GET, { path: pathFor(s.course.courseKey), params: { courseKey: s.course.courseKey }, auth: await userAuth(s[who].id) });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
  });

  it("refuses a caller without credentials", async () => {
    const res = await callRoute(GET, { path: pathFor(s.course.courseKey), params: { courseKey: s.course.courseKey } });
    expect(res.status).toBe(403);
  });

  it("answers 404 for another course's exam and 400 for a malformed exam_id", async () => {
    const other = await buildScenario(t.db);
    const auth = await userAuth(s.staff.id);
    const notHere = await callRoute(GET, { path: pathFor(s.course.courseKey, other.proctored.id), params: { courseKey: s.course.courseKey }, auth });
    expect(notHere.status).toBe(404);
    const bad = await callRoute(GET, { path: pathFor(s.course.courseKey, "abc"), params: { courseKey: s.course.courseKey }, auth });
    expect(bad.status).toBe(400);
  });
});

describe("GET /api/instructor/{courseKey}/live: the stream", () => {
  it("sends a snapshot, then the attempts that change, and cleans up when the browser leaves", async () => {
    const s = await buildScenario(t.db, { status: "started" });
    const { res, stream } = await connect(s.course.courseKey, await userAuth(s.staff.id), s.proctored.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const snapshot = await stream!.next<LiveBoardSnapshot>("snapshot");
    expect(snapshot).toMatchObject({ course_id: s.course.courseKey, exam_id: s.proctored.id, truncated: false });
    expect(snapshot.rows.map((r) => [r.attempt_id, r.status])).toEqual([[s.attempt.id, "started"]]);
    expect(stream!.raw.startsWith("retry: 5000\n\n")).toBe(true);
    const hub = getAttemptChangeHub(t.db);
    expect(hub.subscriberCount(s.course.courseKey)).toBe(1);

    // A status change made by anyone (here: straight to the table) reaches the board.
    await t.db.update(attempts).set({ status: "error", timeRemainingSeconds: 600 }).where(eq(attempts.id, s.attempt.id));
    const update = await stream!.next<LiveBoardUpdate>("rows", (u) => u.rows.some((r) => r.status === "error"));
    expect(update.rows).toMatchObject([{ attempt_id: s.attempt.id, status: "error", saved_time_remaining_seconds: 600, expires_at: null }]);
    expect(update.removed).toEqual([]);

    // Leaving the board: the attempt is submitted.
    await t.db.update(attempts).set({ status: "submitted", completedAt: new Date() }).where(eq(attempts.id, s.attempt.id));
    expect(await stream!.next<LiveBoardUpdate>("rows", (u) => u.removed.length > 0)).toMatchObject({ rows: [], removed: [s.attempt.id] });

    stream!.close();
    expect(await stream!.untilEnd()).toBe(true);
    expect(hub.subscriberCount(s.course.courseKey)).toBe(0);
  });

  it("ignores other exams of the course when watching one", async () => {
    const s = await buildScenario(t.db, { status: "started", on: "timed" });
    const { stream } = await connect(s.course.courseKey, await userAuth(s.staff.id), s.proctored.id);
    expect((await stream!.next<LiveBoardSnapshot>("snapshot")).rows).toEqual([]);
    await t.db.update(attempts).set({ status: "ready_to_submit" }).where(eq(attempts.id, s.attempt.id));
    await expect(stream!.next("rows", undefined, 600)).rejects.toThrow(/no "rows" event/);
    stream!.close();
  });

  it("sends keep-alive comments and stops when the stream is cancelled", async () => {
    const s = await buildScenario(t.db);
    const ctx = { db: t.db, principal: (await loadUserActor(t.db, s.staff.id))!, now: new Date(), requestId: newRequestId(), source: "api" as const };
    const abort = new AbortController();
    const res = liveBoardStream(ctx, { courseKey: s.course.courseKey, examId: null }, abort.signal, { keepAliveMs: 40 });
    const reader = res.body!.getReader();
    let text = "";
    // On a busy machine the first keep-alive may come before the snapshot's query answers.
    while (!(text.includes(": keep-alive\n\n") && text.includes("event: snapshot\n"))) {
      text += new TextDecoder().decode((await reader.read()).value);
    }
    expect(text).toContain("event: snapshot\n");
    await reader.cancel();
    expect(getAttemptChangeHub(t.db).subscriberCount(s.course.courseKey)).toBe(0);
  });

  it("ends the stream after its lifetime, asking for a quick reconnect (which checks the caller again)", async () => {
    const s = await buildScenario(t.db);
    const ctx = { db: t.db, principal: (await loadUserActor(t.db, s.staff.id))!, now: new Date(), requestId: newRequestId(), source: "api" as const };
    const res = liveBoardStream(ctx, { courseKey: s.course.courseKey, examId: null }, new AbortController().signal, { maxAgeMs: 300 });
    const reader = res.body!.getReader();
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain("event: snapshot\n");
    expect(text.endsWith("retry: 250\n\n")).toBe(true);
    expect(getAttemptChangeHub(t.db).subscriberCount(s.course.courseKey)).toBe(0);
  });
});
