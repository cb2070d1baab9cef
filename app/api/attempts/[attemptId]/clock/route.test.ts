import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attempts, siteSettings, type Attempt } from "@/db/schema";
import type { ClockResponse } from "@/lib/domain/timer-clock";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeAllowance, makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import * as createAttempt from "@/app/api/edx_proctoring/v1/proctored_exam/attempt/route";
import * as clock from "./route";
import { flushHeartbeats } from "@/lib/services/attempt/heartbeats";
import { resetEnvCache } from "@/lib/env";

const test = setupApiTestDatabase();
const MIN = 60_000;

async function learnerInCourse() {
  const course = await makeCourse(test.db);
  const user = await makeUser(test.db);
  await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: "verified" });
  return { course, user, auth: await userAuth(user.id) };
}

async function attemptRow(id: number): Promise<Attempt> {
  const [row] = await test.db.select().from(attempts).where(eq(attempts.id, id));
  return row!;
}

const getClock = (id: number | string, auth: string | null, headers: Record<string, string> = {}) =>
  callRoute(clock.GET, { path: `/api/attempts/${id}/clock`, params: { attemptId: String(id) }, auth, headers });

/** A timed exam of 60 minutes, a 30-minute allowance, started through the REST API. */
async function startedWithAllowance() {
  const learner = await learnerInCourse();
  const exam = await makeExam(test.db, { courseKey: learner.course.courseKey, timeLimitMins: 60 });
  await makeAllowance(test.db, { userId: learner.user.id, examId: exam.id, key: "additional_time_granted", value: "30" });
  const created = await callRoute(createAttempt.POST, {
    method: "POST",
    path: "/api/edx_proctoring/v1/proctored_exam/attempt",
    auth: learner.auth,
    body: { exam_id: exam.id, start_clock: "true", attempt_proctored: "false" },
  });
  expect(created.status).toBe(200);
  const id = (created.json as { exam_attempt_id: number }).exam_attempt_id;
  return { ...learner, exam, id };
}

describe("GET /api/attempts/<id>/clock", () => {
  it("gives the owner the absolute deadline, the server's time and thresholds of the real allowed time", async () => {
    const { auth, id } = await startedWithAllowance();
    const before = await attemptRow(id);
    expect(before.allowedTimeLimitMins).toBe(90);
    expect(before.lastPollTimestamp).toBeNull();

    // The learner's browser wrote the first entry; the proxy in front appended the address it saw.
    const res = await getClock(id, auth, { "x-forwarded-for": "198.51.100.66, 203.0.113.9" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = res.json as ClockResponse;
    expect(Object.keys(body).sort()).toEqual(
      [
        "allowed_time_limit_mins",
        "attempt_id",
        "critically_low_threshold_sec",
        "deadline",
        "low_threshold_sec",
        "server_now",
        "status",
        "time_remaining_seconds",
      ].sort(),
    );
    expect(body).toMatchObject({
      attempt_id: id,
      status: "started",
      allowed_time_limit_mins: 90,
      // 20 % and 5 % of 90 minutes, not of the exam's 60 (which would be 720 and 180).
      low_threshold_sec: 1080,
      critically_low_threshold_sec: 270,
    });
    expect(Date.parse(body.deadline!)).toBe(before.startedAt!.getTime() + 90 * MIN);
    expect(Math.abs(Date.parse(body.server_now) - Date.now())).toBeLessThan(1000);
    // Remaining time agrees with the deadline and the server's time to the millisecond.
    expect(body.time_remaining_seconds).toBeCloseTo((Date.parse(body.deadline!) - Date.parse(body.server_now)) / 1000, 3);
    expect(body.time_remaining_seconds).toBeGreaterThan(89 * 60);

    // The read is a heartbeat (written in batches, within a second).
    await flushHeartbeats(test.db);
    const after = await attemptRow(id);
    expect(after.lastPollTimestamp?.toISOString()).toBe(body.server_now);
    expect(after.lastPollIpaddr).toBe("203.0.113.9");
  });

  it("believes earlier X-Forwarded-For entries only through configured proxies, and stores a valid address", async () => {
    const { auth, id } = await startedWithAllowance();
    const stored = async (forwardedFor: string) => {
      await getClock(id, auth, { "x-forwarded-for": forwardedFor });
      await flushHeartbeats(test.db);
      const ip = (await attemptRow(id)).lastPollIpaddr;
      // Clear it, so each case shows what it wrote (a null keeps the previous address).
      await test.db.update(attempts).set({ lastPollIpaddr: null }).where(eq(attempts.id, id));
      return ip;
    };
    const previous = process.env.INVIGIL_TRUSTED_PROXIES;
    try {
      process.env.INVIGIL_TRUSTED_PROXIES = "10.0.0.0/8, 2001:db8:ffff::/48";
      resetEnvCache();
      // A CDN node (trusted) appended the learner's address, the inner proxy appended the CDN's.
      expect(await stored("6.6.6.6, 203.0.113.9, 10.1.2.3")).toBe("203.0.113.9");
      expect(await stored("[2001:DB8:0::42]:5555, 2001:db8:ffff::1")).toBe("2001:db8::42");
      expect(await stored("::ffff:192.0.2.44")).toBe("192.0.2.44");
      // Whatever the learner wrote, it is not an address: nothing is stored.
      expect(await stored("<script>alert(1)</script>, 10.0.0.9")).toBeNull();

      delete process.env.INVIGIL_TRUSTED_PROXIES;
      resetEnvCache();
      // No proxy trusted: only the entry written on our side counts.
      expect(await stored("203.0.113.9, 10.1.2.3")).toBe("10.1.2.3");
      expect(await stored("not-an-address")).toBeNull();
    } finally {
      if (previous === undefined) delete process.env.INVIGIL_TRUSTED_PROXIES;
      else process.env.INVIGIL_TRUSTED_PROXIES = previous;
      resetEnvCache();
    }
  });

  it("uses the site's threshold percentages", async () => {
    const { auth, id } = await startedWithAllowance();
    await test.db.insert(siteSettings).values([
      { key: "low_threshold_pct", value: 0.25 },
      { key: "critically_low_threshold_pct", value: 0.1 },
    ]);
    try {
      const body = (await getClock(id, auth)).json as ClockResponse;
      expect([body.low_threshold_sec, body.critically_low_threshold_sec]).toEqual([1350, 540]);
    } finally {
      await test.db.delete(siteSettings).where(eq(siteSettings.key, "low_threshold_pct"));
      await test.db.delete(siteSettings).where(eq(siteSettings.key, "critically_low_threshold_pct"));
    }
  });

  it("refuses another learner (403) and records no heartbeat for them", async () => {
    const { id } = await startedWithAllowance();
    const other = await makeUser(test.db);
    const res = await getClock(id, await userAuth(other.id));
    expect(res.status).toBe(403);
    expect((res.json as { detail: string }).detail).toMatch(/does not have authorization/);
    await flushHeartbeats(test.db);
    expect((await attemptRow(id)).lastPollTimestamp).toBeNull();
  });

  it("refuses an anonymous caller (403)", async () => {
    const { id } = await startedWithAllowance();
    expect((await getClock(id, null)).status).toBe(403);
  });

  it.each([
    ["an unknown id", "2147480000", /does not exist/],
    ["a malformed id", "abc", /attempt_id must be a positive integer/],
  ])("answers 400 for %s", async (_name, id, detail) => {
    const user = await makeUser(test.db);
    const res = await getClock(id, await userAuth(user.id));
    expect(res.status).toBe(400);
    expect((res.json as { detail: string }).detail).toMatch(detail);
  });

  it("has no clock before the start", async () => {
    const exam = await makeExam(test.db, { timeLimitMins: 30 });
    const attempt = await makeAttempt(test.db, { exam, status: "created" });
    const body = (await getClock(attempt.id, await userAuth(attempt.userId))).json as ClockResponse;
    expect(body).toMatchObject({
      attempt_id: attempt.id,
      status: "created",
      deadline: null,
      allowed_time_limit_mins: null,
      time_remaining_seconds: 0,
      low_threshold_sec: 0,
      critically_low_threshold_sec: 0,
    });
    await flushHeartbeats(test.db);
    expect((await attemptRow(attempt.id)).lastPollTimestamp).toBeNull();
  });

  it("applies the expiry rule: a running attempt past its deadline reads as submitted", async () => {
    const exam = await makeExam(test.db, { timeLimitMins: 30 });
    const startedAt = new Date(Date.now() - 31 * MIN);
    const attempt = await makeAttempt(test.db, { exam, status: "started", startedAt, allowedTimeLimitMins: 30 });
    const body = (await getClock(attempt.id, await userAuth(attempt.userId))).json as ClockResponse;
    expect(body.status).toBe("submitted");
    expect(body.deadline).toBe(new Date(startedAt.getTime() + 30 * MIN).toISOString());
    expect(body.time_remaining_seconds).toBe(0);
    expect((await attemptRow(attempt.id)).completedAt?.toISOString()).toBe(body.deadline);
  });
});
