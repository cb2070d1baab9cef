import { beforeAll, describe, expect, it } from "vitest";
import { backendConfigs, courseRoles, type Course, type User } from "@/db/schema";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { GET as EXAM } from "./[examId]/route";
import { GET } from "./route";

const t = setupApiTestDatabase();

let staff: User;
let learner: User;
const courseWith: Record<string, Course> = {};

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values([
    { name: "mock", kind: "mock", isDefault: true },
    { name: "other", kind: "mock", verboseName: "Other Vendor" },
  ]);
  staff = await makeUser(db);
  learner = await makeUser(db);
  for (const key of ["mock", "none", "timed", "mixed"]) {
    courseWith[key] = await makeCourse(db);
    await db.insert(courseRoles).values({ userId: staff.id, courseId: courseWith[key]!.id, role: "staff" });
  }
  await makeExam(db, { courseKey: courseWith.mock!.courseKey, isProctored: true });
  await makeExam(db, { courseKey: courseWith.mock!.courseKey });
  await makeExam(db, { courseKey: courseWith.none!.courseKey, isActive: false, isProctored: true });
  await makeExam(db, { courseKey: courseWith.timed!.courseKey });
  await makeExam(db, { courseKey: courseWith.mixed!.courseKey, isProctored: true, backend: "mock" });
  await makeExam(db, { courseKey: courseWith.mixed!.courseKey, isProctored: true, backend: "other" });
});

const course = async (caller: User, courseKey: string) =>
  callRoute(GET, { params: { courseId: courseKey }, auth: await userAuth(caller.id) });
const exam = async (caller: User, courseKey: string, examId: string) =>
  callRoute(EXAM, { params: { courseId: courseKey, examId }, auth: await userAuth(caller.id) });

describe("GET …/instructor/<course>[/<exam_id>] (§8.20)", () => {
  it("answers 404 'No instructor dashboard' (framable by us) for our built-in backends", async () => {
    const res = await course(staff, courseWith.mock!.courseKey);
    expect(res.status).toBe(404);
    expect(res.json).toBe("No instructor dashboard for Mock Backend");
    expect(res.headers.get("x-frame-options")).toBe("sameorigin");
  });

  it("answers 404 without active exams, and without proctored ones", async () => {
    const none = await course(staff, courseWith.none!.courseKey);
    expect(none.status).toBe(404);
    expect(none.json).toBe(`No exams in course ${courseWith.none!.courseKey}.`);
    expect(none.headers.get("x-frame-options")).toBe("sameorigin");
    const timed = await course(staff, courseWith.timed!.courseKey);
    expect(timed.status).toBe(404);
    expect(timed.json).toBe(`No proctored exams in course ${courseWith.timed!.courseKey}`);
  });

  it("answers 400 when the course's proctored exams use two backends", async () => {
    const key = courseWith.mixed!.courseKey;
    const res = await course(staff, key);
    expect(res.status).toBe(400);
    expect(res.json).toBe(`Multiple backends for course '${key}' 'mock' != 'other'`);
  });

  it("looks at one exam when given its id", async () => {
    const db = t.db;
    const proctored = await makeExam(db, { courseKey: courseWith.mixed!.courseKey, isProctored: true, backend: "other" });
    const one = await exam(staff, courseWith.mixed!.courseKey, String(proctored.id));
    expect(one.status).toBe(404);
    expect(one.json).toBe("No instructor dashboard for Other Vendor");
    const timed = await makeExam(db, { courseKey: courseWith.timed!.courseKey });
    const timedRes = await exam(staff, courseWith.timed!.courseKey, String(timed.id));
    expect(timedRes.status).toBe(404);
    expect(timedRes.json).toBe(`No proctored exams in course ${courseWith.timed!.courseKey}`);
  });

  it("answers 400 with a detail for an unknown exam, another course's exam or a bad id", async () => {
    const unknown = await exam(staff, courseWith.mock!.courseKey, "999999");
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ detail: "Attempted to get exam_id=999999, but this exam does not exist." });
    const foreignCourse = await makeCourse(t.db);
    const foreign = await makeExam(t.db, { courseKey: foreignCourse.courseKey, isProctored: true });
    expect((await exam(staff, courseWith.mock!.courseKey, String(foreign.id))).status).toBe(400);
    const bad = await exam(staff, courseWith.mock!.courseKey, "abc");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ detail: "exam_id must be a positive integer." });
  });

  it("is for course staff only", async () => {
    const res = await course(learner, courseWith.mock!.courseKey);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    const otherCourse = await makeCourse(t.db);
    expect((await course(staff, otherCourse.courseKey)).status).toBe(403);
    const anonymous = await callRoute(GET, { params: { courseId: courseWith.mock!.courseKey } });
    expect(anonymous.status).toBe(403);
  });
});
