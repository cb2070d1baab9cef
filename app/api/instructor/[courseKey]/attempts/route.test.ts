import { beforeAll, describe, expect, it } from "vitest";
import { courseRoles, type Course, type User } from "@/db/schema";
import type { DashboardAttemptsPage, AttemptTimeline } from "@/lib/queries/dashboard-attempts";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { GET } from "./route";
import { GET as TIMELINE } from "./[attemptId]/route";
import * as allowancesRoute from "../allowances/route";
import * as onboardingRoute from "../onboarding/route";
import * as reviewsRoute from "../reviews/route";

const t = setupApiTestDatabase();

let course: Course;
let learner: User;
let staff: User;
let otherStaff: User;
let admin: User;
let attemptId: number;
let foreignAttemptId: number;

beforeAll(async () => {
  const db = t.db;
  course = await makeCourse(db);
  const other = await makeCourse(db);
  const exam = await makeExam(db, { courseKey: course.courseKey, examName: "Final", isProctored: true });
  learner = await makeUser(db, { username: "lena", email: "lena@example.org" });
  staff = await makeUser(db);
  otherStaff = await makeUser(db);
  admin = await makeUser(db, { isAdmin: true });
  await db.insert(courseRoles).values([
    { userId: staff.id, courseId: course.id, role: "staff" },
    { userId: otherStaff.id, courseId: other.id, role: "instructor" },
  ]);
  attemptId = (await makeAttempt(db, { exam, userId: learner.id, status: "error" })).id;
  foreignAttemptId = (await makeAttempt(db, { exam: await makeExam(db, { courseKey: other.courseKey }), userId: learner.id })).id;
});

const list = async (user: User | null, query = "", courseKey = course.courseKey) =>
  callRoute(GET, {
    path: `/api/instructor/${encodeURIComponent(courseKey)}/attempts${query}`,
    params: { courseKey: encodeURIComponent(courseKey) },
    auth: user ? await userAuth(user.id) : null,
  });

const timeline = async (user: User | null, id: string) =>
  callRoute(TIMELINE, {
    path: `/api/instructor/${encodeURIComponent(course.courseKey)}/attempts/${id}`,
    params: { courseKey: course.courseKey, attemptId: id },
    auth: user ? await userAuth(user.id) : null,
  });

describe("GET /api/instructor/<course>/attempts", () => {
  it("refuses a page number too large to be a row offset with a 400, on every dashboard panel", async () => {
    for (const page of ["368934881474191032", "1000001"]) {
      const res = await list(staff, `?page=${page}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ detail: "page: must be a whole number no greater than 1000000." });
    }
    for (const route of [reviewsRoute, allowancesRoute, onboardingRoute]) {
      const res = await callRoute(route.GET, {
        path: `/api/instructor/${encodeURIComponent(course.courseKey)}/x?page=368934881474191032`,
        params: { courseKey: encodeURIComponent(course.courseKey) },
        auth: await userAuth(staff.id),
      });
      expect(res.status).toBe(400);
    }
    // The largest page allowed is simply past the end: the last page.
    expect((await list(staff, "?page=1000000")).json).toMatchObject({ page: 1, total: 1 });
  });

  it("takes a cursor (keyset paging) and refuses one it did not hand out with a 400", async () => {
    const res = await list(staff, "?page=1");
    const body = res.json as DashboardAttemptsPage;
    // One row: nothing after it, nothing before, and it is the last page.
    expect(body).toMatchObject({ nextCursor: null, previousCursor: null, lastCursor: null });
    const last = await list(staff, `?cursor=${Buffer.from('{"k":"l"}').toString("base64url")}&page=7`);
    expect(last.status).toBe(200);
    expect(last.json).toMatchObject({ page: 1, rows: [{ latest: { id: attemptId } }] });
    for (const cursor of ["nope!", "eyJrIjoiYSJ9", ""]) {
      const bad = await list(staff, `?cursor=${encodeURIComponent(cursor)}`);
      expect(bad.status, cursor).toBe(400);
      expect(bad.json).toEqual({ detail: "cursor: not a cursor of this list; start again from the first page." });
    }
    // Not staff: 403 before the cursor is looked at.
    expect((await list(otherStaff, "?cursor=nope!")).status).toBe(403);
  });

  it("answers course staff and admins with one page", async () => {
    for (const user of [staff, admin]) {
      const res = await list(user, "?page=1&search=LENA");
      expect(res.status).toBe(200);
      const body = res.json as DashboardAttemptsPage;
      expect(body).toMatchObject({ page: 1, pageCount: 1, total: 1, perPage: 25, search: "LENA" });
      expect(body.rows[0]).toMatchObject({ user: { username: "lena" }, exam: { name: "Final", isPracticeExam: false }, latest: { id: attemptId, status: "error" }, earlier: [] });
    }
  });

  it("refuses anonymous callers, learners, staff of another course and service tokens with 403", async () => {
    const anonymous = await list(null);
    expect(anonymous.status).toBe(403);
    expect(anonymous.json).toEqual({ detail: "Authentication credentials were not provided." });
    for (const user of [learner, otherStaff]) {
      const res = await list(user);
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    }
    const service = await callRoute(GET, {
      path: "/api/instructor/x/attempts",
      params: { courseKey: course.courseKey },
      auth: await tokenAuth(t.db, ["admin:api"]),
    });
    expect(service.status).toBe(403);
  });

  it("answers staff of an unknown course key the same as any other non-staff", async () => {
    const res = await list(staff, "", "course-v1:Nope+X+Y");
    expect(res.status).toBe(403);
  });
});

describe("GET /api/instructor/<course>/attempts/<id>", () => {
  it("answers staff and admins with the timeline", async () => {
    for (const user of [staff, admin]) {
      const res = await timeline(user, String(attemptId));
      expect(res.status).toBe(200);
      expect((res.json as AttemptTimeline).attempt).toMatchObject({ id: attemptId, status: "error", user: { username: "lena" } });
    }
  });

  it("answers 404 for another course's attempt and 400 for a bad id", async () => {
    expect((await timeline(staff, String(foreignAttemptId))).status).toBe(404);
    expect((await timeline(staff, "abc")).status).toBe(400);
  });

  it("refuses non-staff before looking at the id", async () => {
    expect((await timeline(null, String(attemptId))).status).toBe(403);
    for (const user of [learner, otherStaff]) {
      expect((await timeline(user, String(attemptId))).status).toBe(403);
      expect((await timeline(user, "abc")).status).toBe(403);
    }
  });
});
