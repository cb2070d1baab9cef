import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attempts, courseRoles, type Course, type Exam, type NewAttempt, type User } from "@/db/schema";
import { writeSnapshot } from "@/lib/testing/writes";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeAllowance, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { GET } from "./route";

const t = setupApiTestDatabase();

async function makeAttempt(db: Db, exam: Exam, user: User, over: Partial<NewAttempt> = {}) {
  const [row] = await db
    .insert(attempts)
    .values({
      userId: user.id,
      examId: exam.id,
      courseKey: exam.courseKey,
      status: "started",
      attemptCode: randomUUID().toUpperCase(),
      startedAt: new Date(),
      allowedTimeLimitMins: 60,
      ...over,
    })
    .returning();
  return row!;
}

interface Item {
  exam: { id: number; course_id: string };
  attempt: { id: number; status: string; user: { id: number } };
  allowances: { key: string; value: string; proctored_exam: { id: number } }[];
}

let courseA: Course;
let courseB: Course;
let learner: User;
let other: User;
let staffA: User;
let admin: User;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const db = t.db;
  courseA = await makeCourse(db);
  courseB = await makeCourse(db);
  learner = await makeUser(db);
  other = await makeUser(db);
  staffA = await makeUser(db);
  admin = await makeUser(db, { isAdmin: true });
  await db.insert(courseRoles).values({ userId: staffA.id, courseId: courseA.id, role: "staff" });
  const examA = await makeExam(db, { courseKey: courseA.courseKey, isProctored: true });
  const examA2 = await makeExam(db, { courseKey: courseA.courseKey });
  const examB = await makeExam(db, { courseKey: courseB.courseKey });
  ids.a = (await makeAttempt(db, examA, learner, { created: new Date(Date.now() - 60_000) })).id;
  ids.b = (await makeAttempt(db, examB, learner, { status: "ready_to_submit" })).id;
  await makeAttempt(db, examA2, learner, { status: "submitted" });
  ids.expired = (await makeAttempt(db, examA2, learner, {
    created: new Date(Date.now() - 7_200_000),
    startedAt: new Date(Date.now() - 7_200_000),
    allowedTimeLimitMins: 30,
  })).id;
  await makeAllowance(db, { userId: learner.id, examId: examA.id, key: "additional_time_granted", value: "15" });
  await makeAllowance(db, { userId: other.id, examId: examA.id, value: "99" });
});

const call = async (caller: User, query: Record<string, string> = {}) =>
  callRoute(GET, { path: `/api/edx_proctoring/v1/proctored_exam/active_exams_for_user?${new URLSearchParams(query)}`, auth: await userAuth(caller.id) });

describe("GET …/proctored_exam/active_exams_for_user (§8.17, restricted per §17.5)", () => {
  it("lists the caller's running attempts, newest first, with exam and allowances; expired ones are left out, unwritten", async () => {
    const before = await writeSnapshot(t.db);
    const res = await call(learner);
    expect(await writeSnapshot(t.db)).toEqual(before);
    expect(res.status).toBe(200);
    const list = res.json as Item[];
    expect(list.map((i) => i.attempt.id)).toEqual([ids.b, ids.a]);
    for (const item of list) expect(Object.keys(item).sort()).toEqual(["allowances", "attempt", "exam"]);
    expect(list[0]!.allowances).toEqual([]);
    expect(list[1]!.allowances.map((a) => [a.key, a.value])).toEqual([["additional_time_granted", "15"]]);
    expect(list[1]!.exam.id).toBe(list[1]!.allowances[0]!.proctored_exam.id);
    // Submitted in effect; the sweeper stores it (decision 022: reads never write).
    const [expired] = await t.db.select().from(attempts).where(eq(attempts.id, ids.expired!));
    expect(expired!.status).toBe("started");
  });

  it("narrows to a course", async () => {
    const list = (await call(learner, { course_id: courseA.courseKey })).json as Item[];
    expect(list.map((i) => i.attempt.id)).toEqual([ids.a]);
  });

  it("serves another learner only to staff of the given course (that course only) or admins", async () => {
    const denied = await call(other, { user_id: String(learner.id) });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    expect((await call(staffA, { user_id: String(learner.id) })).status).toBe(403);
    expect((await call(staffA, { user_id: String(learner.id), course_id: courseB.courseKey })).status).toBe(403);
    const staffView = (await call(staffA, { user_id: String(learner.id), course_id: courseA.courseKey })).json as Item[];
    expect(staffView.map((i) => i.attempt.id)).toEqual([ids.a]);
    const adminView = (await call(admin, { user_id: String(learner.id) })).json as Item[];
    expect(adminView.map((i) => i.attempt.id)).toEqual([ids.b, ids.a]);
    expect((await call(learner, { user_id: String(learner.id) })).status).toBe(200);
  });

  it("answers [] without running attempts and 400 for a bad user_id", async () => {
    expect((await call(other)).json).toEqual([]);
    const bad = await call(admin, { user_id: "x" });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ detail: "user_id must be a positive integer." });
  });
});
