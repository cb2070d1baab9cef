import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, backendConfigs, courseRoles, courses, exams, outbox } from "@/db/schema";
import { MAX_BODY_BYTES } from "@/lib/http/api-route";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeCourse, makeExam, makeUser, nextId } from "@/lib/testing/factories";
import * as byContent from "./course_id/[courseId]/content_id/[contentId]/route";
import * as byCourse from "./course_id/[courseId]/route";
import * as byId from "./exam_id/[examId]/route";
import * as examRoute from "./route";

const test = setupApiTestDatabase();
const BASE = "/api/edx_proctoring/v1/proctored_exam/exam";
const STAFF_ONLY = { detail: "Must be a Staff User to Perform this request." };
const ANONYMOUS = { detail: "Authentication credentials were not provided." };

let admin: string;
let learner: string;

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values([
      { name: "mock", kind: "mock", verboseName: "Mock Proctoring", isDefault: true },
      { name: "null", kind: "null", verboseName: "Null Backend" },
    ])
    .onConflictDoNothing();
  admin = await userAuth((await makeUser(test.db, { isAdmin: true })).id);
  learner = await userAuth((await makeUser(test.db)).id);
});

function newExamBody(overrides: Record<string, unknown> = {}) {
  const n = nextId();
  return {
    course_id: `course-v1:ExamX+E${n}+2026`,
    content_id: `block-v1:ExamX+E${n}+2026+type@sequential+block@seq${n}`,
    exam_name: `Midterm ${n}`,
    time_limit_mins: 90,
    external_id: `ext-${n}`,
    is_proctored: true,
    is_practice_exam: false,
    is_active: true,
    hide_after_due: false,
    ...overrides,
  };
}

async function counts() {
  const [[e], [c], [a], [o]] = await Promise.all([
    test.db.select({ n: count() }).from(exams),
    test.db.select({ n: count() }).from(courses),
    test.db.select({ n: count() }).from(auditLog),
    test.db.select({ n: count() }).from(outbox),
  ]);
  return { exams: e!.n, courses: c!.n, audit: a!.n, outbox: o!.n };
}

const post = (auth: string | null, body: unknown, headers?: Record<string, string>) =>
  callRoute(examRoute.POST, { method: "POST", path: BASE, auth, body, headers });
const put = (auth: string | null, body: unknown) => callRoute(examRoute.PUT, { method: "PUT", path: BASE, auth, body });

describe("POST …/proctored_exam/exam (§8.1)", () => {
  it("creates the exam with due_date and backend, answers {exam_id}, audits and tells the backend", async () => {
    const body = newExamBody({ due_date: "2026-06-01T12:00:00Z", backend: "mock" });
    const res = await post(admin, body);
    expect(res.status).toBe(200);
    const { exam_id } = res.json as { exam_id: number };
    expect(Object.keys(res.json as object)).toEqual(["exam_id"]);

    const [row] = await test.db.select().from(exams).where(eq(exams.id, exam_id));
    expect(row).toMatchObject({
      courseKey: body.course_id,
      contentId: body.content_id,
      externalId: body.external_id,
      examName: body.exam_name,
      timeLimitMins: 90,
      isProctored: true,
      isPracticeExam: false,
      isActive: true,
      hideAfterDue: false,
      backend: "mock",
    });
    expect(row!.dueDate?.toISOString()).toBe("2026-06-01T12:00:00.000Z");

    // The unknown course now exists, named after its key.
    const [course] = await test.db.select().from(courses).where(eq(courses.courseKey, body.course_id));
    expect(course?.name).toBe(body.course_id);

    const [audit] = await test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "exam.create"), eq(auditLog.entityId, String(exam_id))));
    expect(audit?.data).toMatchObject({ event: "edx.special_exam.proctored.created", exam_id, exam_name: body.exam_name });
    const messages = await test.db.select().from(outbox).where(eq(outbox.topic, "vendor.call"));
    expect(messages.map((m) => m.payload)).toContainEqual({ backend: "mock", call: "on_exam_saved", exam_id, force_inactive: false });
  });

  it("takes string booleans and numbers (form-encoded, as the instructor dashboard sends), and defaults the backend", async () => {
    const body = newExamBody({ is_proctored: "false", is_practice_exam: "False", is_active: "true", hide_after_due: "0", time_limit_mins: "45" });
    const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
    const res = await post(admin, form, { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(200);
    const [row] = await test.db.select().from(exams).where(eq(exams.id, (res.json as { exam_id: number }).exam_id));
    expect(row).toMatchObject({ isProctored: false, isPracticeExam: false, isActive: true, hideAfterDue: false, timeLimitMins: 45, backend: "mock", dueDate: null });
  });

  it("accepts lms:sync and admin:api tokens", async () => {
    for (const scope of ["lms:sync", "admin:api"] as const) {
      const res = await post(await tokenAuth(test.db, [scope]), newExamBody());
      expect(res.status).toBe(200);
    }
  });

  it("refuses a duplicate (course_id, content_id) with 3.8.1's message", async () => {
    const body = newExamBody();
    expect((await post(admin, body)).status).toBe(200);
    const before = await counts();
    const res = await post(admin, { ...body, exam_name: "Other" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      detail: `Attempted to create proctored exam with course_id=${body.course_id} and content_id=${body.content_id}, but this exam already exists.`,
    });
    expect(await counts()).toEqual(before);
  });

  it("lists every missing or malformed field, and writes nothing", async () => {
    const before = await counts();
    const res = await post(admin, { course_id: "course-v1:A+B+C", content_id: "x", time_limit_mins: "ninety", is_proctored: "maybe" });
    expect(res.status).toBe(400);
    const json = res.json as { detail: string; errors: { field: string; message: string }[] };
    expect(json.detail).toMatch(/^Invalid exam: /);
    expect(json.errors).toEqual(
      expect.arrayContaining([
        { field: "exam_name", message: "This field is required." },
        { field: "time_limit_mins", message: "A valid integer is required." },
        { field: "is_proctored", message: "Must be a valid boolean." },
        { field: "is_practice_exam", message: "This field is required." },
        { field: "is_active", message: "This field is required." },
        { field: "hide_after_due", message: "This field is required." },
        { field: "external_id", message: "This field is required." },
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it("refuses a time limit of 0 minutes, at create and update, with a plain message, writing nothing", async () => {
    const before = await counts();
    const created = await post(admin, newExamBody({ time_limit_mins: 0 }));
    expect(created.status).toBe(400);
    expect((created.json as { errors: unknown[] }).errors).toContainEqual({ field: "time_limit_mins", message: expect.stringMatching(/^Enter a time limit of at least 1 minute/) });
    const exam = await makeExam(test.db);
    const afterMake = await counts();
    const updated = await put(admin, { exam_id: exam.id, time_limit_mins: "0" });
    expect(updated.status).toBe(400);
    expect(await counts()).toEqual(afterMake);
    expect(afterMake.exams).toBe(before.exams + 1);
  });

  it("refuses a backend that is not configured", async () => {
    const before = await counts();
    const res = await post(admin, newExamBody({ backend: "proctortrack" }));
    expect(res.status).toBe(400);
    expect((res.json as { detail: string }).detail).toBe("No proctoring backend configured for 'proctortrack'. Available: ['mock', 'null']");
    expect(await counts()).toEqual(before);
  });

  it("refuses anonymous callers, learners, course staff and tokens without the scope", async () => {
    const actAs = await tokenAuth(test.db, ["lms:act-as-user"]);
    const course = await makeCourse(test.db);
    const staff = await makeUser(test.db);
    await test.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "instructor" });
    const staffAuth = await userAuth(staff.id);
    const before = await counts();
    expect(await post(null, newExamBody())).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await post(learner, newExamBody())).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await post(staffAuth, newExamBody({ course_id: course.courseKey }))).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await post(actAs, newExamBody())).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await post("Bearer inv_not-a-real-token", newExamBody())).toMatchObject({ status: 401 });
    expect(await counts()).toEqual(before);
  });

  it("answers bad JSON with 400 and an oversized body with 413, writing nothing", async () => {
    const before = await counts();
    expect(await post(admin, "{not json")).toMatchObject({ status: 400, json: { detail: "The request body is not valid JSON." } });
    expect(await post(admin, "[1, 2]")).toMatchObject({ status: 400, json: { detail: "The request body must be a JSON object." } });
    const huge = await post(admin, { ...newExamBody(), exam_name: "x".repeat(MAX_BODY_BYTES + 10) });
    expect(huge.status).toBe(413);
    expect((huge.json as { detail: string }).detail).toMatch(/larger than/);
    expect(await counts()).toEqual(before);
  });
});

describe("PUT …/proctored_exam/exam (§8.2)", () => {
  it("updates given fields only; null leaves a field as it is; due_date null clears it", async () => {
    const exam = await makeExam(test.db, { isProctored: true, dueDate: new Date("2026-05-01T00:00:00Z"), backend: "mock", externalId: "keep" });
    const res = await put(admin, {
      exam_id: String(exam.id),
      exam_name: "Renamed",
      time_limit_mins: null,
      external_id: null,
      is_active: "false",
      due_date: null,
    });
    expect(res).toMatchObject({ status: 200, json: { exam_id: exam.id } });
    const [row] = await test.db.select().from(exams).where(eq(exams.id, exam.id));
    expect(row).toMatchObject({ examName: "Renamed", timeLimitMins: exam.timeLimitMins, externalId: "keep", isActive: false, dueDate: null, backend: "mock" });
    const [audit] = await test.db.select().from(auditLog).where(and(eq(auditLog.action, "exam.update"), eq(auditLog.entityId, String(exam.id))));
    expect(audit?.data).toMatchObject({
      event: "edx.special_exam.proctored.updated",
      changes: { examName: { from: exam.examName, to: "Renamed" }, isActive: { from: true, to: false } },
    });
  });

  it("tells the old backend when an exam stops being proctored", async () => {
    const exam = await makeExam(test.db, { isProctored: true, backend: "mock" });
    expect((await put(admin, { exam_id: exam.id, is_proctored: false })).status).toBe(200);
    const messages = await test.db.select().from(outbox).where(eq(outbox.topic, "vendor.call"));
    expect(messages.map((m) => m.payload)).toContainEqual({ backend: "mock", call: "on_exam_saved", exam_id: exam.id, force_inactive: true });
  });

  it("writes nothing when nothing changes", async () => {
    const exam = await makeExam(test.db);
    const before = await counts();
    expect((await put(admin, { exam_id: exam.id, exam_name: exam.examName })).status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it("answers unknown ids with 3.8.1's 400 and bad bodies with 400, writing nothing", async () => {
    const before = await counts();
    expect(await put(admin, { exam_id: 987654321, exam_name: "x" })).toMatchObject({
      status: 400,
      json: { detail: "Attempted to update exam_id=987654321, but this exam does not exist." },
    });
    expect(await put(admin, { exam_id: "99999999999999", exam_name: "x" })).toMatchObject({ status: 400 });
    expect(await put(admin, { exam_id: "abc" })).toMatchObject({ status: 400, json: { detail: "Attempted to update exam_id=abc, but this exam does not exist." } });
    const missing = await put(admin, { exam_name: "x" });
    expect(missing.status).toBe(400);
    expect((missing.json as { errors: unknown[] }).errors).toContainEqual({ field: "exam_id", message: "This field is required." });
    const exam = await makeExam(test.db);
    const after = await counts();
    expect(await put(admin, { exam_id: exam.id, backend: "nope" })).toMatchObject({ status: 400 });
    expect(await put(admin, { exam_id: exam.id, time_limit_mins: -1 })).toMatchObject({ status: 400 });
    expect(await put(learner, { exam_id: exam.id, exam_name: "x" })).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await counts()).toEqual(after);
    expect(after.exams).toBe(before.exams + 1);
  });
});

describe("GET exams (§8.3)", () => {
  it("reads one exam by id, as 3.8.1's serializer shapes it", async () => {
    const exam = await makeExam(test.db, { dueDate: new Date("2026-07-01T10:00:00Z"), backend: "mock", externalId: "abc" });
    const res = await callRoute(byId.GET, { path: `${BASE}/exam_id/${exam.id}`, params: { examId: String(exam.id) }, auth: learner });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: exam.id,
      course_id: exam.courseKey,
      content_id: exam.contentId,
      external_id: "abc",
      exam_name: exam.examName,
      time_limit_mins: 60,
      is_proctored: false,
      is_practice_exam: false,
      is_active: true,
      due_date: "2026-07-01T10:00:00.000Z",
      hide_after_due: false,
      backend: "mock",
      use_legacy_attempt_api: true,
    });
  });

  it("answers unknown and malformed ids with 3.8.1's 400", async () => {
    for (const id of ["987654321", "99999999999999", "abc"]) {
      const res = await callRoute(byId.GET, { path: `${BASE}/exam_id/${id}`, params: { examId: id }, auth: learner });
      expect(res).toMatchObject({ status: 400, json: { detail: `Attempted to get exam_id=${id}, but this exam does not exist.` } });
    }
  });

  it("lists a course's active exams, with the course key raw or URL-encoded", async () => {
    const course = await makeCourse(test.db);
    const a = await makeExam(test.db, { courseKey: course.courseKey });
    const b = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true });
    await makeExam(test.db, { courseKey: course.courseKey, isActive: false });
    await makeExam(test.db);
    for (const segment of [course.courseKey, encodeURIComponent(course.courseKey)]) {
      const res = await callRoute(byCourse.GET, { path: `${BASE}/course_id/${segment}`, params: { courseId: segment }, auth: learner });
      expect(res.status).toBe(200);
      expect((res.json as { id: number }[]).map((e) => e.id)).toEqual([a.id, b.id]);
    }
    const none = await callRoute(byCourse.GET, { params: { courseId: "course-v1:No+Such+Course" }, auth: learner });
    expect(none).toMatchObject({ status: 200, json: [] });
  });

  it("finds an exam by its full usage key, raw or URL-encoded (§17.4)", async () => {
    const exam = await makeExam(test.db);
    for (const [courseSegment, contentSegment] of [
      [exam.courseKey, exam.contentId],
      [encodeURIComponent(exam.courseKey), encodeURIComponent(exam.contentId)],
    ] as const) {
      const res = await callRoute(byContent.GET, { params: { courseId: courseSegment, contentId: contentSegment }, auth: learner });
      expect(res.status).toBe(200);
      expect((res.json as { id: number }).id).toBe(exam.id);
    }
    const missing = await callRoute(byContent.GET, { params: { courseId: exam.courseKey, contentId: "nope" }, auth: learner });
    expect(missing).toMatchObject({ status: 400, json: { detail: `Cannot find proctored exam in course_id=${exam.courseKey} with content_id=nope` } });
  });

  it("answers a bare GET with 400 and a detail, and anonymous reads with 403", async () => {
    const bare = await callRoute(examRoute.GET, { path: BASE, auth: learner });
    expect(bare.status).toBe(400);
    expect((bare.json as { detail: string }).detail).toMatch(/exam_id\/<exam_id>/);
    const exam = await makeExam(test.db);
    expect(await callRoute(byId.GET, { params: { examId: String(exam.id) } })).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await callRoute(byCourse.GET, { params: { courseId: exam.courseKey } })).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await callRoute(examRoute.GET, {})).toMatchObject({ status: 403, json: ANONYMOUS });
  });

  it("works when Next passes a static route no params at all", async () => {
    const { NextRequest } = await import("next/server");
    const req = new NextRequest(new URL(BASE, "http://127.0.0.1:3000"), { headers: { authorization: learner } });
    const res = await examRoute.GET(req, { params: Promise.resolve(undefined) } as never);
    expect(res.status).toBe(400);
  });

  it("lets service tokens read", async () => {
    const exam = await makeExam(test.db);
    const res = await callRoute(byId.GET, { params: { examId: String(exam.id) }, auth: await tokenAuth(test.db, ["lms:sync"]) });
    expect(res.status).toBe(200);
  });
});
