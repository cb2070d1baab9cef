import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  attemptHistory,
  attempts,
  auditLog,
  backendConfigs,
  courseRoles,
  creditRequirementStatuses,
  outbox,
  users,
  type Attempt,
} from "@/db/schema";
import { sweepExpiredAttempts } from "@/lib/services/attempt/expire";
import { flushHeartbeats } from "@/lib/services/attempt/heartbeats";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import * as attemptRoute from "./route";
import * as oneAttempt from "./[attemptId]/route";
import * as ready from "./[attemptId]/ready/route";
import * as reviewed from "./[attemptId]/reviewed/route";
import * as sequence from "./course_id/[courseId]/route";
import * as activeAttempt from "../active_attempt/route";
import * as clock from "@/app/api/attempts/[attemptId]/clock/route";
import * as answers from "@/app/api/attempts/[attemptId]/answers/route";

/**
 * The call sequences of client-contract.md, through the real route handlers, on whichever
 * database this run uses.
 */
const test = setupApiTestDatabase();
const BASE = "/api/edx_proctoring/v1/proctored_exam/attempt";

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values([
      { name: "mock", kind: "mock", verboseName: "Mock Proctoring", isDefault: true, settings: { ready_delay_ms: 1000 } },
      { name: "null", kind: "null", verboseName: "Null Backend" },
    ])
    .onConflictDoNothing();
});

async function learnerInCourse(courseKey?: string) {
  const course = await makeCourse(test.db, courseKey ? { courseKey } : {});
  const user = await makeUser(test.db);
  await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: "verified" });
  return { course, user, auth: await userAuth(user.id) };
}

async function attemptRow(id: number): Promise<Attempt> {
  const [row] = await test.db.select().from(attempts).where(eq(attempts.id, id));
  return row!;
}

async function history(id: number) {
  return test.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, id)).orderBy(asc(attemptHistory.id));
}

const put = (auth: string, id: number, body: unknown) =>
  callRoute(oneAttempt.PUT, { method: "PUT", path: `${BASE}/${id}`, params: { attemptId: String(id) }, auth, body });

describe("timed exam: create → start → poll → stop → submit", () => {
  it("follows the client's sequence and records each change once", async () => {
    const { course, user, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 30 });

    const created = await callRoute(attemptRoute.POST, {
      method: "POST",
      path: BASE,
      auth,
      body: { exam_id: exam.id, start_clock: "true", attempt_proctored: "false" },
    });
    expect(created.status).toBe(200);
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
    expect(id).toBeGreaterThan(0);
    expect((await attemptRow(id)).status).toBe("started");
    expect((await attemptRow(id)).allowedTimeLimitMins).toBe(30);

    const timer = await callRoute(attemptRoute.GET, { path: BASE, auth });
    expect(timer.json).toMatchObject({
      in_timed_exam: true,
      taking_as_proctored: false,
      exam_type: "a timed exam",
      attempt_id: id,
      attempt_status: "started",
      low_threshold_sec: 360,
      critically_low_threshold_sec: 90,
      exam_started_poll_url: `${BASE}/${id}`,
      desktop_application_js_url: "",
    });
    expect(timer.json).not.toHaveProperty("ping_interval");

    const seq = await callRoute(sequence.GET, {
      path: `${BASE}/course_id/${course.courseKey}?content_id=${encodeURIComponent(exam.contentId)}&is_learning_mfe=true`,
      params: { courseId: course.courseKey },
      auth,
    });
    expect(seq.status).toBe(200);
    expect(seq.json).toMatchObject({
      exam: { id: exam.id, type: "timed", use_legacy_attempt_api: true, attempt: { attempt_id: id, attempt_status: "started" } },
      active_attempt: { attempt_id: id },
    });

    // The browser's own X-Forwarded-For entry is not believed; the one our proxy appended is.
    const poll = await callRoute(oneAttempt.GET, {
      path: `${BASE}/${id}?sourceid=in_exam`,
      params: { attemptId: String(id) },
      auth,
      headers: { "x-forwarded-for": "198.51.100.66, 203.0.113.10" },
    });
    expect(poll.status).toBe(200);
    const polled = poll.json as { status: string; time_remaining_seconds: number; use_legacy_attempt_api: boolean };
    expect(polled.status).toBe("started");
    expect(polled.time_remaining_seconds).toBeGreaterThan(29 * 60);
    expect(polled.time_remaining_seconds).toBeLessThanOrEqual(30 * 60);
    // The heartbeat is written in batches, within a second (heartbeats.ts).
    await flushHeartbeats(test.db);
    expect((await attemptRow(id)).lastPollTimestamp).not.toBeNull();
    expect((await attemptRow(id)).lastPollIpaddr).toBe("203.0.113.10");

    expect((await put(auth, id, { action: "stop" })).json).toEqual({ exam_attempt_id: id });
    expect((await attemptRow(id)).status).toBe("ready_to_submit");
    expect((await put(auth, id, { action: "submit" })).json).toEqual({ exam_attempt_id: id });
    // A double-clicked submit answers with the same attempt and changes nothing.
    expect((await put(auth, id, { action: "submit" })).json).toEqual({ exam_attempt_id: id });

    const row = await attemptRow(id);
    expect(row.status).toBe("submitted");
    expect(row.completedAt).not.toBeNull();
    expect((await history(id)).map((h) => h.status)).toEqual(["created", "started", "ready_to_submit"]);
    const audits = await test.db.select().from(auditLog).where(eq(auditLog.attemptId, id)).orderBy(asc(auditLog.id));
    expect(audits.map((a) => [a.action, a.fromStatus, a.toStatus])).toEqual([
      ["attempt.create", null, "created"],
      ["attempt.start", "created", "started"],
      ["attempt.stop", "started", "ready_to_submit"],
      ["attempt.submit", "ready_to_submit", "submitted"],
    ]);
    expect(audits.every((a) => a.actorUserId === user.id && a.source === "api")).toBe(true);

    const after = await callRoute(attemptRoute.GET, { path: BASE, auth });
    expect(after.json).toEqual({ in_timed_exam: false, is_proctored: false });
  });
});

describe("proctored exam on the mock backend", () => {
  it("create → click_download_software → ready → start → submit → review → verified", async () => {
    const { course, user, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "mock", timeLimitMins: 60 });
    const vendor = await tokenAuth(test.db, ["vendor:callbacks"], "mock");

    const created = await callRoute(attemptRoute.POST, {
      method: "POST",
      path: BASE,
      auth,
      body: { exam_id: exam.id, start_clock: "false", attempt_proctored: "true" },
    });
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
    let row = await attemptRow(id);
    expect(row).toMatchObject({ status: "created", takingAsProctored: true, isSampleAttempt: false });
    expect(row.externalId).toBe(row.attemptCode);
    const [readyJob] = await test.db.select().from(outbox).where(eq(outbox.topic, "mock.mark_ready"));
    expect(readyJob?.payload).toEqual({ externalId: row.externalId });

    // Proctored attempts start only from ready_to_start (docs/reference/what-we-build.md, point 1).
    expect((await put(auth, id, { action: "start" })).status).toBe(400);

    expect((await put(auth, id, { action: "click_download_software" })).status).toBe(200);
    expect((await attemptRow(id)).status).toBe("download_software_clicked");

    // The learner may not play vendor.
    const selfReady = await callRoute(ready.POST, { method: "POST", params: { attemptId: row.externalId! }, auth });
    expect(selfReady.status).toBe(403);
    const vendorReady = await callRoute(ready.POST, { method: "POST", params: { attemptId: row.externalId! }, auth: vendor });
    expect(vendorReady.status).toBe(200);
    expect(vendorReady.json).toBe("OK");
    expect((await attemptRow(id)).status).toBe("ready_to_start");

    expect((await put(auth, id, { action: "start" })).json).toEqual({ exam_attempt_id: id });
    const timer = await callRoute(attemptRoute.GET, { path: BASE, auth });
    expect(timer.json).toMatchObject({ exam_type: "a proctored exam", ping_interval: 60, desktop_application_js_url: "http://127.0.0.1:3000/mock-proctoring-worker.js" });
    expect((await put(auth, id, { action: "submit" })).status).toBe(200);
    expect((await attemptRow(id)).status).toBe("submitted");

    const review = await callRoute(reviewed.POST, {
      method: "POST",
      params: { attemptId: row.externalId! },
      auth: vendor,
      body: { status: "passed", comments: [{ comment: "Looks fine", status: "Clean", start: 1, stop: 2, duration: 1 }] },
    });
    expect(review.status).toBe(200);
    row = await attemptRow(id);
    expect(row.status).toBe("verified");

    const [credit] = await test.db
      .select()
      .from(creditRequirementStatuses)
      .where(and(eq(creditRequirementStatuses.userId, user.id), eq(creditRequirementStatuses.name, exam.contentId)));
    expect(credit?.status).toBe("satisfied");
    const emails = await test.db.select().from(outbox).where(eq(outbox.topic, "email.attempt_status"));
    const mine = emails.filter((e) => e.payload.attempt_id === id).map((e) => e.payload.template);
    expect(mine).toEqual(["submitted", "verified"]);
    const vendorCalls = (await test.db.select().from(outbox).where(eq(outbox.topic, "vendor.call")))
      .filter((e) => e.payload.attempt_id === id)
      .map((e) => e.payload.call);
    expect(vendorCalls).toEqual(["start_exam_attempt", "stop_exam_attempt"]);
  });

  it("a review from another backend's vendor is refused", async () => {
    const { course, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "mock" });
    const created = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, attempt_proctored: "true" } });
    const row = await attemptRow((created.json as { exam_attempt_id: number }).exam_attempt_id);
    const other = await tokenAuth(test.db, ["vendor:callbacks"], "someone-else");
    const res = await callRoute(reviewed.POST, { method: "POST", params: { attemptId: row.externalId! }, auth: other, body: { status: "passed" } });
    expect(res.status).toBe(403);
    expect((await attemptRow(row.id)).status).toBe("created");
  });
});

describe("error with the remaining time saved → staff resume → a new attempt with that time", () => {
  it("carries exactly the time that was left", async () => {
    const { course, user, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "null", timeLimitMins: 60 });
    const staff = await makeUser(test.db);
    await test.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "staff" });
    const staffAuth = await userAuth(staff.id);

    const created = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, attempt_proctored: true } });
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
    // The null backend never says "ready": move it there as a vendor would, then start.
    await test.db.update(attempts).set({ status: "ready_to_start" }).where(eq(attempts.id, id));
    expect((await put(auth, id, { action: "start" })).status).toBe(200);
    // 25 minutes in: 35 minutes (2100 s) left.
    await test.db.update(attempts).set({ startedAt: new Date(Date.now() - 25 * 60_000) }).where(eq(attempts.id, id));

    expect((await put(auth, id, { action: "error" })).json).toEqual({ exam_attempt_id: id });
    const errored = await attemptRow(id);
    expect(errored.status).toBe("error");
    expect(errored.timeRemainingSeconds).toBeGreaterThanOrEqual(2098);
    expect(errored.timeRemainingSeconds).toBeLessThanOrEqual(2100);

    // Learners may not resume themselves (docs/reference/what-we-build.md, point 1); staff may, with user_id.
    expect((await put(auth, id, { action: "mark_ready_to_resume" })).status).toBe(403);
    expect((await put(staffAuth, id, { action: "mark_ready_to_resume", user_id: user.id })).status).toBe(200);
    expect((await attemptRow(id)).status).toBe("ready_to_resume");

    const again = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, attempt_proctored: "true" } });
    const newId = (again.json as { exam_attempt_id: number }).exam_attempt_id;
    expect(newId).not.toBe(id);
    expect((await attemptRow(id)).status).toBe("resumed");
    const fresh = await attemptRow(newId);
    expect(fresh.status).toBe("created");
    expect(fresh.timeRemainingSeconds).toBe(errored.timeRemainingSeconds);

    await test.db.update(attempts).set({ status: "ready_to_start" }).where(eq(attempts.id, newId));
    expect((await put(auth, newId, { action: "start" })).status).toBe(200);
    expect((await attemptRow(newId)).allowedTimeLimitMins).toBe(Math.floor(errored.timeRemainingSeconds! / 60));
  });
});

describe("practice retry", () => {
  it("reset_attempt relabels an errored practice attempt and starts a fresh one", async () => {
    const { course, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "null" });
    const created = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, attempt_proctored: "true" } });
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
    // In progress: retry is refused.
    expect((await put(auth, id, { action: "reset_attempt" })).status).toBe(400);
    await test.db.update(attempts).set({ status: "error" }).where(eq(attempts.id, id));
    const reset = await put(auth, id, { action: "reset_attempt" });
    expect(reset.status).toBe(200);
    const newId = (reset.json as { exam_attempt_id: number }).exam_attempt_id;
    expect(newId).not.toBe(id);
    expect((await attemptRow(id)).status).toBe("onboarding_reset");
    expect((await attemptRow(newId)).status).toBe("created");
  });
});

describe("expiry", () => {
  it("the sweeper submits an abandoned attempt with completed_at = the expiry instant", async () => {
    const { course, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 10 });
    const created = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, start_clock: "true" } });
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
    const startedAt = new Date(Date.now() - 11 * 60_000);
    await test.db.update(attempts).set({ startedAt }).where(eq(attempts.id, id));

    const ended = await sweepExpiredAttempts(test.db, new Date());
    expect(ended).toBeGreaterThanOrEqual(1);
    const row = await attemptRow(id);
    expect(row.status).toBe("submitted");
    expect(row.completedAt?.getTime()).toBe(startedAt.getTime() + 10 * 60_000);
  });

  it("a read applies the expiry rule too (the timer endpoint sees no running exam)", async () => {
    const { course, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 5 });
    const created = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, start_clock: "true" } });
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
    await test.db.update(attempts).set({ startedAt: new Date(Date.now() - 6 * 60_000) }).where(eq(attempts.id, id));
    const timer = await callRoute(attemptRoute.GET, { auth });
    expect(timer.json).toEqual({ in_timed_exam: false, is_proctored: false });
    expect((await attemptRow(id)).status).toBe("submitted");
  });
});

describe("the learner reads store the expiry before they answer (client-contract L1/L3, decision 025)", () => {
  /** A proctored attempt of 5 minutes started 6 minutes ago: expired, nothing stored yet. */
  async function expired() {
    const { course, user, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, timeLimitMins: 5 });
    const startedAt = new Date(Date.now() - 6 * 60_000);
    const attempt = await makeAttempt(test.db, { exam, userId: user.id, status: "started", startedAt, allowedTimeLimitMins: 5, takingAsProctored: true });
    return { course, exam, auth, id: attempt.id };
  }

  const reads = {
    "GET …/attempt/<id> (the poll)": async (x: Awaited<ReturnType<typeof expired>>) =>
      callRoute(oneAttempt.GET, { path: `${BASE}/${x.id}?sourceid=in_exam`, params: { attemptId: String(x.id) }, auth: x.auth }),
    "GET /api/attempts/<id>/clock": async (x: Awaited<ReturnType<typeof expired>>) =>
      callRoute(clock.GET, { path: `/api/attempts/${x.id}/clock`, params: { attemptId: String(x.id) }, auth: x.auth }),
    "GET …/attempt/course_id/<course>": async (x: Awaited<ReturnType<typeof expired>>) =>
      callRoute(sequence.GET, {
        path: `${BASE}/course_id/${x.course.courseKey}?content_id=${encodeURIComponent(x.exam.contentId)}`,
        params: { courseId: x.course.courseKey },
        auth: x.auth,
      }),
    "GET …/active_attempt": async (x: Awaited<ReturnType<typeof expired>>) =>
      callRoute(activeAttempt.GET, { path: "/api/edx_proctoring/v1/proctored_exam/active_attempt", auth: x.auth }),
    "GET …/attempt (the timer)": async (x: Awaited<ReturnType<typeof expired>>) => callRoute(attemptRoute.GET, { auth: x.auth }),
    "GET /api/attempts/<id>/answers": async (x: Awaited<ReturnType<typeof expired>>) =>
      callRoute(answers.GET, { path: `/api/attempts/${x.id}/answers`, params: { attemptId: String(x.id) }, auth: x.auth }),
  };

  for (const [name, read] of Object.entries(reads)) {
    it(`${name}: the attempt is stored submitted at the expiry instant, with its history and the learner's e-mail`, async () => {
      const x = await expired();
      const startedAt = (await attemptRow(x.id)).startedAt!;
      const historyBefore = (await history(x.id)).length;
      const res = await read(x);
      expect(res.status).toBe(200);
      const row = await attemptRow(x.id);
      expect(row.status).toBe("submitted");
      expect(row.completedAt?.getTime()).toBe(startedAt.getTime() + 5 * 60_000);
      // One change stored: its history row holds the state before it.
      const changes = (await history(x.id)).slice(historyBefore);
      expect(changes.map((h) => h.status)).toEqual(["started"]);
      const mails = (await test.db.select().from(outbox).where(eq(outbox.topic, "email.attempt_status"))).filter(
        (m) => (m.payload as { attempt_id?: number }).attempt_id === x.id,
      );
      expect(mails).toHaveLength(1);
      // A second read finds nothing left to store.
      expect((await read(x)).status).toBe(200);
      expect(await history(x.id)).toHaveLength(historyBefore + 1);
    });
  }
});

describe("PUT submit on an attempt whose time has run out", () => {
  it("stores the expiry first (completed at the expiry instant, audited as an expiry), then has nothing left to change", async () => {
    const { course, user, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, timeLimitMins: 5 });
    const startedAt = new Date(Date.now() - 6 * 60_000);
    const attempt = await makeAttempt(test.db, { exam, userId: user.id, status: "started", startedAt, allowedTimeLimitMins: 5, takingAsProctored: true });

    const res = await put(auth, attempt.id, { action: "submit" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ exam_attempt_id: attempt.id });
    const row = await attemptRow(attempt.id);
    expect(row.status).toBe("submitted");
    expect(row.completedAt?.getTime()).toBe(startedAt.getTime() + 5 * 60_000);
    expect((await history(attempt.id)).map((h) => h.status)).toEqual(["started"]);
    const audit = await test.db.select().from(auditLog).where(eq(auditLog.attemptId, attempt.id));
    expect(audit.map((a) => [a.action, a.fromStatus, a.toStatus, a.data])).toEqual([["attempt.expire", "started", "submitted", { timed_out: true }]]);
  });

  it("is refused to another learner, without storing anything", async () => {
    const { course, user } = await learnerInCourse();
    const other = await makeUser(test.db);
    await makeEnrollment(test.db, { userId: other.id, courseId: course.id, mode: "verified" });
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, timeLimitMins: 5 });
    const startedAt = new Date(Date.now() - 6 * 60_000);
    const attempt = await makeAttempt(test.db, { exam, userId: user.id, status: "started", startedAt, allowedTimeLimitMins: 5, takingAsProctored: true });

    const res = await put(await userAuth(other.id), attempt.id, { action: "submit" });
    expect(res.status).toBe(403);
    expect((await attemptRow(attempt.id)).status).toBe("started");
    expect(await history(attempt.id)).toEqual([]);
  });
});

describe("concurrency", () => {
  it("50 parallel submit/stop/error requests end in one legal state with one history row per change", async () => {
    const { course, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 60 });
    const created = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, start_clock: "true" } });
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;

    const actions = Array.from({ length: 50 }, (_, i) => ["submit", "stop", "error"][i % 3]!);
    const results = await Promise.all(actions.map((action) => put(auth, id, { action })));
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    for (const r of results) expect([200, 400]).toContain(r.status);

    const row = await attemptRow(id);
    expect(["submitted", "error"]).toContain(row.status);
    // Every history row is the state before one real change, and the audit log agrees.
    const rows = await history(id);
    const changes = (await test.db.select().from(auditLog).where(eq(auditLog.attemptId, id))).filter(
      (a) => a.fromStatus !== null && a.toStatus !== null && a.fromStatus !== a.toStatus,
    );
    expect(rows.length).toBe(changes.length);
    const chain = [...rows.map((r) => r.status), row.status];
    for (let i = 1; i < chain.length; i++) expect(chain[i]).not.toBe(chain[i - 1]);
  });
});

describe("click_download_software after the vendor's ready", () => {
  it("does not take the attempt back from ready_to_start", async () => {
    const { course, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend: "mock" });
    const vendor = await tokenAuth(test.db, ["vendor:callbacks"], "mock");
    const created = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, attempt_proctored: "true" } });
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
    const row = await attemptRow(id);
    expect((await callRoute(ready.POST, { method: "POST", params: { attemptId: row.externalId! }, auth: vendor })).status).toBe(200);
    expect((await put(auth, id, { action: "click_download_software" })).json).toEqual({ exam_attempt_id: id });
    expect((await attemptRow(id)).status).toBe("ready_to_start");
    expect((await history(id)).map((h) => h.status)).toEqual(["created"]);
  });
});

describe("the timer poll's one-statement path", () => {
  it("answers exactly like the general read, and falls back for anything but a running attempt", async () => {
    const { course, user, auth } = await learnerInCourse();
    const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 45 });
    const created = await callRoute(attemptRoute.POST, { method: "POST", auth, body: { exam_id: exam.id, start_clock: "true" } });
    const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
    const poll = () => callRoute(oneAttempt.GET, { path: `${BASE}/${id}?sourceid=in_exam`, params: { attemptId: String(id) }, auth });
    const plain = () => callRoute(oneAttempt.GET, { path: `${BASE}/${id}`, params: { attemptId: String(id) }, auth });

    const fast = (await poll()).json as Record<string, unknown>;
    const general = (await plain()).json as Record<string, unknown>;
    const stable = (j: Record<string, unknown>) => {
      const { modified: _m, last_poll_timestamp: _l, time_remaining_seconds: _t, accessibility_time_string: _a, ...rest } = j;
      return rest;
    };
    expect(stable(fast)).toEqual(stable(general));
    expect(fast.user).toEqual({ id: user.id, username: user.username, email: user.email });
    expect(fast.last_poll_timestamp).not.toBeNull();

    // Another learner's JWT, an inactive learner and a finished attempt all get the general answers.
    const other = await userAuth((await makeUser(test.db)).id);
    expect((await callRoute(oneAttempt.GET, { path: `${BASE}/${id}?sourceid=in_exam`, params: { attemptId: String(id) }, auth: other })).status).toBe(403);
    // A deactivated account's JWT is a credential that can no longer be used: 401, as any other.
    await test.db.update(users).set({ isActive: false }).where(eq(users.id, user.id));
    expect((await poll()).status).toBe(401);
    await test.db.update(users).set({ isActive: true }).where(eq(users.id, user.id));
    await test.db.update(attempts).set({ startedAt: new Date(Date.now() - 46 * 60_000) }).where(eq(attempts.id, id));
    const expired = await poll();
    expect(expired.status).toBe(200);
    expect((expired.json as { status: string }).status).toBe("submitted");
  });
});
