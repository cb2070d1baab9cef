import { beforeAll, describe, expect, it } from "vitest";
import { attempts, backendConfigs, courseRoles, type Course, type User } from "@/db/schema";
import type { DashboardOnboardingPage } from "@/lib/queries/dashboard-onboarding";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { GET } from "./route";

const t = setupApiTestDatabase();

let course: Course;
let staff: User;
let otherStaff: User;
let admin: User;
let learner: User;

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values({ name: "mock", kind: "mock", isDefault: true });
  course = await makeCourse(db);
  const other = await makeCourse(db);
  const onboarding = await makeExam(db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
  const elsewhere = await makeExam(db, { courseKey: other.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
  staff = await makeUser(db);
  otherStaff = await makeUser(db);
  admin = await makeUser(db, { isAdmin: true });
  await db.insert(courseRoles).values([
    { userId: staff.id, courseId: course.id, role: "instructor" },
    { userId: otherStaff.id, courseId: other.id, role: "staff" },
  ]);
  const people: Record<string, User> = {};
  for (const name of ["ana", "ben", "cleo", "dev", "eve"]) {
    people[name] = await makeUser(db, { username: `ob_${name}`, email: `${name}@school.example` });
    await makeEnrollment(db, { userId: people[name].id, courseId: course.id, mode: name === "eve" ? "audit" : "verified" });
  }
  learner = people.ana!;
  const row = (userId: number, examId: number, courseKey: string, status: "verified" | "submitted" | "second_review_required") => ({
    userId,
    examId,
    courseKey,
    status,
    attemptCode: crypto.randomUUID(),
    takingAsProctored: true,
    isSampleAttempt: true,
  });
  await db.insert(attempts).values([
    row(people.ben!.id, onboarding.id, course.courseKey, "submitted"),
    row(people.cleo!.id, elsewhere.id, other.courseKey, "verified"),
    row(people.dev!.id, onboarding.id, course.courseKey, "second_review_required"),
  ]);
});

const panel = async (user: User | null, query = "", courseKey = course.courseKey) =>
  callRoute(GET, {
    path: `/api/instructor/${encodeURIComponent(courseKey)}/onboarding${query}`,
    params: { courseKey: encodeURIComponent(courseKey) },
    auth: user ? await userAuth(user.id) : null,
  });

describe("GET /api/instructor/<course>/onboarding", () => {
  it("answers course staff and admins with the eligible learners and their statuses", async () => {
    for (const user of [staff, admin]) {
      const res = await panel(user);
      expect(res.status).toBe(200);
      const body = res.json as DashboardOnboardingPage;
      expect(body).toMatchObject({ page: 1, pageCount: 1, total: 4, perPage: 25, search: "", statuses: [] });
      expect(body.rows.map((r) => [r.username, r.enrollmentMode, r.status])).toEqual([
        ["ob_ana", "verified", "not_started"],
        ["ob_ben", "verified", "submitted"],
        ["ob_cleo", "verified", "other_course_approved"],
        ["ob_dev", "verified", null],
      ]);
      expect(body.rows[0]!.modified).toBeNull();
      expect(typeof body.rows[2]!.modified).toBe("string");
    }
  });

  it("filters by status and searches by username or e-mail", async () => {
    const approved = (await panel(staff, "?statuses=other_course_approved,not_started")).json as DashboardOnboardingPage;
    expect(approved.statuses).toEqual(["not_started", "other_course_approved"]);
    expect(approved.rows.map((r) => r.username)).toEqual(["ob_ana", "ob_cleo"]);
    const byEmail = (await panel(staff, "?search=BEN%40SCHOOL")).json as DashboardOnboardingPage;
    expect(byEmail.rows.map((r) => r.username)).toEqual(["ob_ben"]);
    expect(((await panel(staff, "?search=ob_&statuses=submitted&page=7")).json as DashboardOnboardingPage)).toMatchObject({ page: 1, total: 1 });
  });

  it("answers an unknown status with 400 and a course without onboarding exam with 404", async () => {
    const bad = await panel(staff, "?statuses=verified,approved");
    expect(bad.status).toBe(400);
    const plain = await makeCourse(t.db);
    const none = await panel(admin, "", plain.courseKey);
    expect(none.status).toBe(404);
    expect(none.json).toEqual({ detail: "There is no onboarding exam related to this course id." });
  });

  it("refuses anonymous callers, learners, other courses' staff and service tokens with 403", async () => {
    expect((await panel(null)).json).toEqual({ detail: "Authentication credentials were not provided." });
    for (const user of [learner, otherStaff]) {
      const res = await panel(user);
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    }
    const service = await callRoute(GET, {
      path: "/api/instructor/x/onboarding",
      params: { courseKey: course.courseKey },
      auth: await tokenAuth(t.db, ["admin:api", "lms:sync"]),
    });
    expect(service.status).toBe(403);
    // Staff of an unknown course key learn nothing either.
    expect((await panel(staff, "", "course-v1:Nope+X+Y")).status).toBe(403);
  });
});
