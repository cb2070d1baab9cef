import { beforeAll, describe, expect, it } from "vitest";
import { creditRequirementStatuses, gradeOverrides, type Course, type User } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeCourse, makeUser } from "@/lib/testing/factories";
import * as statusesRoute from "./courses/[courseKey]/credit_statuses/route";
import * as overridesRoute from "./courses/[courseKey]/grade_overrides/route";

/**
 * The LMS's pull API (decision 040): a course's credit requirement statuses and grade overrides,
 * optionally one learner's, paged by id with `after`/`next_after`; an lms:sync token or an admin.
 */
const test = setupApiTestDatabase();
type Handler = typeof statusesRoute.GET;
const get = (handler: Handler, auth: string | null, courseKey: string, query = "") =>
  callRoute(handler, { method: "GET", auth, path: `v1/courses/${encodeURIComponent(courseKey)}/x${query}`, params: { courseKey } });

let sync: string;
let course: Course;
let other: Course;
let ann: User;
let bob: User;

beforeAll(async () => {
  sync = await tokenAuth(test.db, ["lms:sync"]);
  course = await makeCourse(test.db);
  other = await makeCourse(test.db);
  ann = await makeUser(test.db, { lmsUserId: 9001 });
  bob = await makeUser(test.db);
  await test.db.insert(creditRequirementStatuses).values([
    { userId: ann.id, courseId: course.id, namespace: "proctored_exam", name: "block-v1:a", status: "satisfied", statusDate: new Date("2031-01-02T03:04:05.000Z") },
    { userId: bob.id, courseId: course.id, namespace: "proctored_exam", name: "block-v1:a", status: "failed" },
    { userId: ann.id, courseId: course.id, namespace: "reverification", name: "icrv", status: "pending", source: "lms" },
    { userId: ann.id, courseId: other.id, namespace: "proctored_exam", name: "block-v1:z", status: "satisfied" },
  ]);
  await test.db.insert(gradeOverrides).values([
    { userId: ann.id, courseId: course.id, usageKey: "block-v1:a", earnedAll: 0, earnedGraded: 0, comment: "rejected review", active: false },
    { userId: bob.id, courseId: course.id, usageKey: "block-v1:a", earnedAll: 0, earnedGraded: 0 },
    { userId: ann.id, courseId: other.id, usageKey: "block-v1:z", earnedAll: 0, earnedGraded: 0 },
  ]);
});

describe("GET /api/v1/courses/<course>/credit_statuses", () => {
  it("pages through the course's statuses only, in id order, with next_after", async () => {
    const first = await get(statusesRoute.GET, sync, course.courseKey, "?limit=2");
    expect(first.status).toBe(200);
    const page1 = first.json as { course_key: string; results: { id: number; username: string; status: string }[]; next_after: number | null };
    expect(page1.course_key).toBe(course.courseKey);
    expect(page1.results.map((r) => [r.username, r.status])).toEqual([
      [ann.username, "satisfied"],
      [bob.username, "failed"],
    ]);
    expect(page1.results[0]).toMatchObject({ lms_user_id: 9001, namespace: "proctored_exam", name: "block-v1:a", status_date: "2031-01-02T03:04:05.000Z", source: "proctoring" });
    expect(page1.next_after).toBe(page1.results[1]!.id);

    const second = await get(statusesRoute.GET, sync, course.courseKey, `?limit=2&after=${page1.next_after}`);
    const page2 = second.json as typeof page1;
    expect(page2.results.map((r) => [r.username, r.status])).toEqual([[ann.username, "pending"]]);
    expect(page2.next_after).toBeNull();
  });

  it("filters by learner; an admin may pull too", async () => {
    const admin = await makeUser(test.db, { isAdmin: true });
    const res = await get(statusesRoute.GET, await userAuth(admin.id), course.courseKey, `?username=${bob.username}`);
    expect(res.status).toBe(200);
    expect((res.json as { results: { username: string }[] }).results.map((r) => r.username)).toEqual([bob.username]);
  });

  it("refuses callers without lms:sync, bad paging and unknown courses in words", async () => {
    const learner = await makeUser(test.db);
    expect((await get(statusesRoute.GET, await userAuth(learner.id), course.courseKey)).status).toBe(403);
    expect((await get(statusesRoute.GET, await tokenAuth(test.db, ["lms:act-as-user"]), course.courseKey)).json).toEqual({
      detail: "This endpoint needs a service token with the lms:sync scope.",
    });
    expect((await get(statusesRoute.GET, null, course.courseKey)).status).toBe(403);
    const bad = await get(statusesRoute.GET, sync, course.courseKey, "?limit=5000");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ detail: "limit: must be a whole number from 1 to 1000." });
    expect((await get(statusesRoute.GET, sync, course.courseKey, "?after=-1")).status).toBe(400);
    expect((await get(statusesRoute.GET, sync, "course-v1:No+Such+Course")).status).toBe(404);
  });
});

describe("GET /api/v1/courses/<course>/grade_overrides", () => {
  it("lists the course's overrides, undone ones included, optionally for one learner", async () => {
    const res = await get(overridesRoute.GET, sync, course.courseKey);
    expect(res.status).toBe(200);
    const body = res.json as { results: { username: string; active: boolean; comment: string; usage_key: string }[]; next_after: number | null };
    expect(body.results.map((r) => [r.username, r.active])).toEqual([
      [ann.username, false],
      [bob.username, true],
    ]);
    expect(body.results[0]).toMatchObject({ usage_key: "block-v1:a", comment: "rejected review", earned_all: 0, earned_graded: 0 });
    expect(body.next_after).toBeNull();
    const mine = await get(overridesRoute.GET, sync, course.courseKey, `?username=${ann.username}`);
    expect((mine.json as typeof body).results.map((r) => r.username)).toEqual([ann.username]);
  });
});
