import { beforeAll, describe, expect, it } from "vitest";
import type { Course, Exam, User } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { attemptTimeline } from "@/lib/queries/dashboard-attempts";
import { performAttemptAction } from "@/lib/services/attempt/actions";
import { resetAttempts } from "@/lib/services/attempt/remove";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";

/*
 * The attempt timeline (GET /api/instructor/<course>/attempts/<id>) reads what the verbs wrote: this
 * test drives the verbs, which lib/queries' own tests may not import (decision 022).
 */

const t = setupTestDatabase();

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function staffOf(user: User, courseKey: string): UserActor {
  return {
    kind: "user",
    userId: user.id,
    username: user.username,
    email: user.email,
    fullName: user.fullName,
    isAdmin: false,
    courseRoles: new Map([[courseKey, ["staff" as const]]]),
  };
}

const ctxOf = (principal: ServiceContext["principal"], now = new Date()): ServiceContext => ({
  db: t.db,
  principal,
  now,
  requestId: newRequestId(),
  source: "web",
});

let course: Course;
let midterm: Exam;
let staffUser: User;
let staff: ServiceContext;

beforeAll(async () => {
  course = await makeCourse(t.db);
  midterm = await makeExam(t.db, { courseKey: course.courseKey, examName: "Midterm", isProctored: true });
  staffUser = await makeUser(t.db, { username: "teacher" });
  staff = ctxOf(staffOf(staffUser, course.courseKey));
});

describe("attemptTimeline after the verbs", () => {
  it("lists every transition and action of one attempt with actor, time, source and request id, oldest first", async () => {
    const db = t.db;
    const dan = await makeUser(db, { username: "dan" });
    const created = await makeAttempt(db, { exam: midterm, userId: dan.id, status: "error", created: minutesAgo(30), startedAt: minutesAgo(29), timeRemainingSeconds: 1200 });
    const resumeCtx = ctxOf(staffOf(staffUser, course.courseKey), minutesAgo(2));
    await performAttemptAction(resumeCtx, { attemptId: created.id, action: "mark_ready_to_resume", userId: dan.id });

    const timeline = await attemptTimeline(staff, course.courseKey, created.id);
    expect(timeline).not.toBeNull();
    expect(timeline!.attempt).toMatchObject({
      id: created.id,
      courseKey: course.courseKey,
      status: "ready_to_resume",
      removed: false,
      exam: { id: midterm.id, name: "Midterm" },
      user: { id: dan.id, username: "dan" },
    });
    const resume = timeline!.entries.find((e) => e.action === "attempt.mark_ready_to_resume");
    expect(resume).toMatchObject({
      kind: "audit",
      fromStatus: "error",
      toStatus: "ready_to_resume",
      actor: { kind: "user", userId: staffUser.id, username: "teacher" },
      source: "web",
      requestId: resumeCtx.requestId,
      // The history row written with the change is attached to it.
      snapshot: { status: "error", timeRemainingSeconds: 1200 },
    });
    expect(timeline!.entries.filter((e) => e.kind === "history")).toEqual([]);

    // A reset removes the attempt; its timeline is still there, ending with the removal.
    const resetCtx = ctxOf(staffOf(staffUser, course.courseKey), minutesAgo(1));
    await resetAttempts(resetCtx, midterm.id, dan.id);
    const after = await attemptTimeline(staff, course.courseKey, created.id);
    expect(after!.attempt).toMatchObject({ status: null, removed: true, user: { username: "dan" } });
    const actions = after!.entries.map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["attempt.mark_ready_to_resume", "attempt.reset_all"]);
    expect(after!.entries.at(-1)).toMatchObject({ fromStatus: "ready_to_resume", toStatus: null, requestId: resetCtx.requestId });
    const times = after!.entries.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
  });

});
