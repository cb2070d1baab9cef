import { and, asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  backendConfigs,
  courseRoles,
  courseSections,
  courses,
  dueDateExtensions,
  enrollments,
  users,
} from "@/db/schema";
import { verifyUserJwt } from "@/lib/auth/jwt";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeCourse, makeExam, makeUser, nextId } from "@/lib/testing/factories";
import { MAX_BATCH_ITEMS } from "@/lib/domain/input";
import * as examById from "../edx_proctoring/v1/proctored_exam/exam/exam_id/[examId]/route";
import * as dueDatesRoute from "./courses/[courseKey]/due_dates/route";
import * as enrollmentsRoute from "./courses/[courseKey]/enrollments/route";
import * as rolesRoute from "./courses/[courseKey]/roles/route";
import * as sectionsRoute from "./courses/[courseKey]/sections/route";
import * as coursesRoute from "./courses/route";
import * as userJwtRoute from "./tokens/user-jwt/route";
import * as usersRoute from "./users/route";

const test = setupApiTestDatabase();
const ANONYMOUS = { detail: "Authentication credentials were not provided." };
const NEEDS_SYNC = { detail: "This endpoint needs a service token with the lms:sync scope." };

let sync: string;

beforeAll(async () => {
  sync = await tokenAuth(test.db, ["lms:sync"]);
  await test.db.insert(backendConfigs).values({ name: "mock", kind: "mock", isDefault: true }).onConflictDoNothing();
});

type Handler = typeof usersRoute.PUT;
const call = (handler: Handler, auth: string | null, body: unknown, params: Record<string, string> = {}) =>
  callRoute(handler, { method: "PUT", auth, body, params });

async function tableCounts() {
  const tables = { users, courses, courseRoles, enrollments, courseSections, dueDateExtensions, auditLog };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await test.db.select({ n: count() }).from(table);
    out[name] = row!.n;
  }
  return out;
}

async function lastSyncAudit(action: string) {
  const rows = await test.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));
  return rows.at(-1);
}

describe("permissions of the sync API", () => {
  it("needs an lms:sync token or an admin", async () => {
    const learner = await userAuth((await makeUser(test.db)).id);
    const admin = await userAuth((await makeUser(test.db, { isAdmin: true })).id);
    const other = await tokenAuth(test.db, ["admin:api", "lms:act-as-user"]);
    const body = { username: `perm${nextId()}`, email: "p@example.test" };
    const before = await tableCounts();
    expect(await call(usersRoute.PUT, null, body)).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await call(usersRoute.PUT, learner, body)).toMatchObject({ status: 403, json: NEEDS_SYNC });
    expect(await call(usersRoute.PUT, other, body)).toMatchObject({ status: 403, json: NEEDS_SYNC });
    const course = await makeCourse(test.db);
    const after = await tableCounts();
    expect(await call(rolesRoute.PUT, learner, { username: "x", role: "staff" }, { courseKey: course.courseKey })).toMatchObject({ status: 403 });
    expect(await call(coursesRoute.POST, learner, { course_key: "course-v1:A+B+C" })).toMatchObject({ status: 403 });
    expect(await tableCounts()).toEqual(after);
    expect(after.users).toBe(before.users);
    expect((await call(usersRoute.POST, admin, body)).status).toBe(200);
  });
});

describe("PUT /api/v1/users", () => {
  it("creates, updates and leaves alone; a repeat changes nothing; one audit row per batch", async () => {
    const n = nextId();
    const batch = [
      { username: `ada${n}`, email: `ada${n}@example.test`, full_name: "Ada Lovelace" },
      { username: `alan${n}`, email: `alan${n}@example.test`, is_active: "false" },
    ];
    const first = await call(usersRoute.PUT, sync, batch);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ created: 2, updated: 0, unchanged: 0, deleted: 0 });
    const [ada] = await test.db.select().from(users).where(eq(users.username, `ada${n}`));
    expect(ada).toMatchObject({ email: `ada${n}@example.test`, fullName: "Ada Lovelace", isActive: true, isAdmin: false });
    const [alan] = await test.db.select().from(users).where(eq(users.username, `alan${n}`));
    expect(alan?.isActive).toBe(false);
    expect((first.json as { results: unknown[] }).results).toEqual([
      { index: 0, id: ada!.id, status: "created" },
      { index: 1, id: alan!.id, status: "created" },
    ]);
    expect(await lastSyncAudit("sync.users")).toMatchObject({ actorKind: "service", entityType: "sync", data: { items: 2, created: 2 } });

    const before = await tableCounts();
    const again = await call(usersRoute.PUT, sync, batch);
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await tableCounts()).toEqual({ ...before, auditLog: before.auditLog! + 1 });

    // A single object; absent fields stay as they are.
    const single = await call(usersRoute.POST, sync, { username: `ada${n}`, full_name: "Countess of Lovelace" });
    expect(single.json).toMatchObject({ updated: 1, results: [{ index: 0, id: ada!.id, status: "updated" }] });
    const [after] = await test.db.select().from(users).where(eq(users.id, ada!.id));
    expect(after).toMatchObject({ fullName: "Countess of Lovelace", email: `ada${n}@example.test` });
  });

  it("sets, normalises and clears the learner's language; refuses one we do not translate into", async () => {
    const n = nextId();
    const created = await call(usersRoute.PUT, sync, [
      { username: `lena${n}`, email: `lena${n}@example.test`, locale: "es-419" },
      { username: `lou${n}`, email: `lou${n}@example.test` },
    ]);
    expect(created.status).toBe(200);
    const locale = async (username: string) => (await test.db.select().from(users).where(eq(users.username, username)))[0]?.locale;
    expect(await locale(`lena${n}`)).toBe("es");
    expect(await locale(`lou${n}`)).toBeNull();

    const before = await tableCounts();
    const refused = await call(usersRoute.PUT, sync, [{ username: `lou${n}`, locale: "fr" }]);
    expect(refused.status).toBe(400);
    expect((refused.json as { errors: unknown[] }).errors).toEqual([{ index: 0, field: "locale", message: '"fr" is not a supported locale (en, es).' }]);
    expect(await tableCounts()).toEqual(before);

    expect((await call(usersRoute.PUT, sync, { username: `lena${n}`, locale: "es" })).json).toMatchObject({ unchanged: 1 });
    expect((await call(usersRoute.PUT, sync, { username: `lena${n}`, locale: null })).json).toMatchObject({ updated: 1 });
    expect(await locale(`lena${n}`)).toBeNull();
  });

  it("rejects the whole batch when any item is bad, listing each problem", async () => {
    const n = nextId();
    const before = await tableCounts();
    const res = await call(usersRoute.PUT, sync, [
      { username: `ok${n}`, email: `ok${n}@example.test` },
      { username: "x", email: "not-an-email" },
      { username: `new${n}` },
      { username: `ok${n}`, email: `again${n}@example.test` },
      "nope",
    ]);
    expect(res.status).toBe(400);
    const json = res.json as { detail: string; errors: { index: number; field: string; message: string }[] };
    expect(json.detail).toMatch(/^Invalid batch: item 1: username: /);
    expect(json.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: "username" }),
        { index: 1, field: "email", message: "Enter a valid email address." },
        { index: 4, field: "non_field_errors", message: "Each item must be a JSON object." },
      ]),
    );
    expect(await tableCounts()).toEqual(before);

    // Found only against the database: a new user without an e-mail, a repeated username.
    const second = await call(usersRoute.PUT, sync, [{ username: `ok${n}`, email: `ok${n}@example.test` }, { username: `new${n}` }]);
    expect(second.status).toBe(400);
    expect((second.json as { errors: unknown[] }).errors).toEqual([{ index: 1, field: "email", message: "This field is required to create a user." }]);
    const dup = await call(usersRoute.PUT, sync, [{ username: `ok${n}`, email: `ok${n}@example.test` }, { username: `ok${n}`, email: `b${n}@example.test` }]);
    expect((dup.json as { errors: unknown[] }).errors).toEqual([{ index: 1, field: "username", message: "Repeats item 0 of this batch; send each one once." }]);
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses empty, oversized and malformed batches", async () => {
    const before = await tableCounts();
    expect(await call(usersRoute.PUT, sync, [])).toMatchObject({ status: 400 });
    const many = Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => ({ username: `m${i}`, email: `m${i}@e.test` }));
    const tooMany = await call(usersRoute.PUT, sync, many);
    expect(tooMany.status).toBe(400);
    expect((tooMany.json as { detail: string }).detail).toMatch(/at most 1000 items/);
    expect(await call(usersRoute.PUT, sync, "{nope")).toMatchObject({ status: 400, json: { detail: "The request body is not valid JSON." } });
    expect(await call(usersRoute.PUT, sync, "x".repeat(300 * 1024))).toMatchObject({ status: 413 });
    expect(await tableCounts()).toEqual(before);
  });
});

describe("PUT /api/v1/courses", () => {
  it("upserts courses by key; unknown backends are refused", async () => {
    const key = `course-v1:SyncX+C${nextId()}+2026`;
    const res = await call(coursesRoute.PUT, sync, {
      course_key: key,
      name: "Sync 101",
      start: "2026-01-10T00:00:00Z",
      end: "2026-06-30T23:59:59+02:00",
      proctoring_escalation_email: "help@example.test",
      proctoring_backend: "mock",
      allow_proctoring_opt_out: "true",
      enable_proctored_exams: true,
      enable_timed_exams: false,
      override_grade_on_rejected_exam: 1,
    });
    expect(res).toMatchObject({ status: 200, json: { created: 1 } });
    const [row] = await test.db.select().from(courses).where(eq(courses.courseKey, key));
    expect(row).toMatchObject({
      name: "Sync 101",
      proctoringEscalationEmail: "help@example.test",
      proctoringBackend: "mock",
      allowProctoringOptOut: true,
      enableProctoredExams: true,
      enableTimedExams: false,
      overrideGradeOnRejectedExam: true,
    });
    expect(row!.end?.toISOString()).toBe("2026-06-30T21:59:59.000Z");

    expect((await call(coursesRoute.PUT, sync, { course_key: key, name: "Sync 101", end: "2026-06-30T21:59:59Z" })).json).toMatchObject({ unchanged: 1 });
    expect((await call(coursesRoute.PUT, sync, { course_key: key, end: null, proctoring_backend: null })).json).toMatchObject({ updated: 1 });
    const [cleared] = await test.db.select().from(courses).where(eq(courses.courseKey, key));
    expect(cleared).toMatchObject({ end: null, proctoringBackend: null, name: "Sync 101" });

    const before = await tableCounts();
    const bad = await call(coursesRoute.PUT, sync, [{ course_key: `course-v1:SyncX+D${nextId()}+2026` }, { course_key: key, proctoring_backend: "nope" }]);
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: unknown[] }).errors).toEqual([
      { index: 1, field: "proctoring_backend", message: "No proctoring backend configured for 'nope'. Available: ['mock', 'null']" },
    ]);
    const badKey = await call(coursesRoute.PUT, sync, { course_key: "not a key", start: "yesterday" });
    expect((badKey.json as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["course_key", "start"]);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("PUT /api/v1/courses/<course_key>/roles", () => {
  it("grants and removes roles idempotently, for raw and encoded course keys", async () => {
    const course = await makeCourse(test.db);
    const a = await makeUser(test.db);
    const b = await makeUser(test.db);
    const grant = await call(rolesRoute.PUT, sync, [{ username: a.username, role: "staff" }, { username: b.username, role: "instructor", present: "true" }], {
      courseKey: encodeURIComponent(course.courseKey),
    });
    expect(grant).toMatchObject({ status: 200, json: { created: 2 } });
    expect((await call(rolesRoute.PUT, sync, { username: a.username, role: "staff" }, { courseKey: course.courseKey })).json).toMatchObject({ unchanged: 1 });
    const revoke = await call(rolesRoute.PUT, sync, { username: a.username, role: "staff", present: false }, { courseKey: course.courseKey });
    expect(revoke.json).toMatchObject({ deleted: 1 });
    const left = await test.db.select().from(courseRoles).where(eq(courseRoles.courseId, course.id));
    expect(left.map((r) => [r.userId, r.role])).toEqual([[b.id, "instructor"]]);
    expect((await call(rolesRoute.PUT, sync, { username: a.username, role: "staff", present: false }, { courseKey: course.courseKey })).json).toMatchObject({ unchanged: 1 });
    expect(await lastSyncAudit("sync.course_roles")).toMatchObject({ courseKey: course.courseKey });
  });

  it("rejects unknown users and roles, and unknown courses with 404", async () => {
    const course = await makeCourse(test.db);
    const a = await makeUser(test.db);
    const before = await tableCounts();
    const res = await call(rolesRoute.PUT, sync, [{ username: a.username, role: "staff" }, { username: "ghost_user", role: "staff" }, { username: a.username, role: "dean" }], {
      courseKey: course.courseKey,
    });
    expect(res.status).toBe(400);
    expect((res.json as { errors: { index: number; field: string }[] }).errors.map((e) => [e.index, e.field])).toEqual([[2, "role"]]);
    const ghost = await call(rolesRoute.PUT, sync, [{ username: a.username, role: "staff" }, { username: "ghost_user", role: "staff" }], { courseKey: course.courseKey });
    expect((ghost.json as { errors: unknown[] }).errors).toEqual([{ index: 1, field: "username", message: "Cannot find user against ghost_user" }]);
    const missing = await call(rolesRoute.PUT, sync, { username: a.username, role: "staff" }, { courseKey: "course-v1:No+Such+Course" });
    expect(missing).toMatchObject({ status: 404, json: { detail: "Cannot find course course_id=course-v1:No+Such+Course." } });
    expect(await tableCounts()).toEqual(before);
  });
});

describe("PUT /api/v1/courses/<course_key>/enrollments", () => {
  it("keeps one active enrollment: a new mode updates it, unenrolling deactivates it, re-enrolling reactivates it", async () => {
    const course = await makeCourse(test.db);
    const learner = await makeUser(test.db);
    const params = { courseKey: course.courseKey };
    const rows = () => test.db.select().from(enrollments).where(and(eq(enrollments.userId, learner.id), eq(enrollments.courseId, course.id)));

    expect((await call(enrollmentsRoute.PUT, sync, { username: learner.username, mode: "audit" }, params)).json).toMatchObject({ created: 1 });
    expect((await call(enrollmentsRoute.PUT, sync, { username: learner.username, mode: "verified" }, params)).json).toMatchObject({ updated: 1 });
    expect(await rows()).toMatchObject([{ mode: "verified", isActive: true }]);
    expect((await call(enrollmentsRoute.PUT, sync, { username: learner.username, mode: "verified" }, params)).json).toMatchObject({ unchanged: 1 });
    expect((await call(enrollmentsRoute.PUT, sync, { username: learner.username, mode: "verified", is_active: false }, params)).json).toMatchObject({ updated: 1 });
    expect(await rows()).toMatchObject([{ mode: "verified", isActive: false }]);
    expect((await call(enrollmentsRoute.PUT, sync, { username: learner.username, mode: "masters", is_active: "true" }, params)).json).toMatchObject({ updated: 1 });
    expect(await rows()).toMatchObject([{ mode: "masters", isActive: true }]);
  });

  it("never writes a second active row next to one an older writer left", async () => {
    const course = await makeCourse(test.db);
    const learner = await makeUser(test.db);
    await test.db.insert(enrollments).values([
      { userId: learner.id, courseId: course.id, mode: "audit", isActive: false },
      { userId: learner.id, courseId: course.id, mode: "honor", isActive: true },
    ]);
    const res = await call(enrollmentsRoute.PUT, sync, { username: learner.username, mode: "professional" }, { courseKey: course.courseKey });
    expect(res.json).toMatchObject({ updated: 1 });
    const rows = await test.db.select().from(enrollments).where(eq(enrollments.userId, learner.id)).orderBy(asc(enrollments.id));
    expect(rows.map((r) => [r.mode, r.isActive])).toEqual([
      ["audit", false],
      ["professional", true],
    ]);
  });

  it("rejects bad modes and duplicate learners", async () => {
    const course = await makeCourse(test.db);
    const learner = await makeUser(test.db);
    const before = await tableCounts();
    const res = await call(
      enrollmentsRoute.PUT,
      sync,
      [{ username: learner.username, mode: "vip" }, { username: learner.username, mode: "verified" }, { username: learner.username, mode: "audit" }],
      { courseKey: course.courseKey },
    );
    expect(res.status).toBe(400);
    expect((res.json as { errors: { index: number; field: string }[] }).errors.map((e) => [e.index, e.field])).toEqual([[0, "mode"]]);
    const dup = await call(enrollmentsRoute.PUT, sync, [{ username: learner.username, mode: "verified" }, { username: learner.username, mode: "audit" }], {
      courseKey: course.courseKey,
    });
    expect(dup.status).toBe(400);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("PUT /api/v1/courses/<course_key>/sections", () => {
  it("upserts the outline's sequences by usage key", async () => {
    const course = await makeCourse(test.db);
    const key = `block-v1:${course.courseKey.slice(10)}+type@sequential+block@s${nextId()}`;
    const create = await call(
      sectionsRoute.PUT,
      sync,
      [{ usage_key: key, display_name: "Onboarding", release_date: "2026-02-01T09:00:00Z", due_date: null, position: "3" }],
      { courseKey: course.courseKey },
    );
    expect(create).toMatchObject({ status: 200, json: { created: 1 } });
    const [row] = await test.db.select().from(courseSections).where(eq(courseSections.courseId, course.id));
    expect(row).toMatchObject({ usageKey: key, displayName: "Onboarding", position: 3, dueDate: null });
    expect(row!.releaseDate?.toISOString()).toBe("2026-02-01T09:00:00.000Z");
    expect((await call(sectionsRoute.PUT, sync, { usage_key: key, release_date: "2026-02-01T09:00:00Z" }, { courseKey: course.courseKey })).json).toMatchObject({ unchanged: 1 });
    expect((await call(sectionsRoute.PUT, sync, { usage_key: key, release_date: null }, { courseKey: course.courseKey })).json).toMatchObject({ updated: 1 });

    const before = await tableCounts();
    const bad = await call(sectionsRoute.PUT, sync, [{ usage_key: `${key}x` }, { usage_key: key, position: -1 }], { courseKey: course.courseKey });
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: unknown[] }).errors).toEqual([{ index: 1, field: "position", message: "Ensure this value is greater than or equal to 0." }]);
    const noName = await call(sectionsRoute.PUT, sync, [{ usage_key: `${key}x` }], { courseKey: course.courseKey });
    expect((noName.json as { errors: unknown[] }).errors).toEqual([{ index: 0, field: "display_name", message: "This field is required to create a section." }]);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("PUT /api/v1/courses/<course_key>/due_dates", () => {
  it("sets, changes and removes personal due dates", async () => {
    const course = await makeCourse(test.db);
    const learner = await makeUser(test.db);
    const params = { courseKey: course.courseKey };
    const usage = "block-v1:X+Y+Z+type@sequential+block@final";
    const rows = () => test.db.select().from(dueDateExtensions).where(eq(dueDateExtensions.userId, learner.id));
    expect((await call(dueDatesRoute.PUT, sync, { username: learner.username, usage_key: usage, due_date: "2026-08-01T00:00:00Z", reason: "illness" }, params)).json).toMatchObject({ created: 1 });
    expect((await call(dueDatesRoute.PUT, sync, { username: learner.username, usage_key: usage, due_date: "2026-08-01T00:00:00Z" }, params)).json).toMatchObject({ unchanged: 1 });
    expect((await call(dueDatesRoute.PUT, sync, { username: learner.username, usage_key: usage, due_date: "2026-08-02T00:00:00Z" }, params)).json).toMatchObject({ updated: 1 });
    expect(await rows()).toMatchObject([{ reason: "illness", usageKey: usage }]);
    expect((await rows())[0]!.dueDate.toISOString()).toBe("2026-08-02T00:00:00.000Z");
    expect((await call(dueDatesRoute.PUT, sync, { username: learner.username, usage_key: usage, due_date: null }, params)).json).toMatchObject({ deleted: 1 });
    expect(await rows()).toEqual([]);
    expect((await call(dueDatesRoute.PUT, sync, { username: learner.username, usage_key: usage, due_date: null }, params)).json).toMatchObject({ unchanged: 1 });

    const before = await tableCounts();
    const missing = await call(dueDatesRoute.PUT, sync, { username: learner.username, usage_key: usage }, params);
    expect((missing.json as { errors: unknown[] }).errors).toEqual([{ index: 0, field: "due_date", message: "This field is required." }]);
    const badDate = await call(dueDatesRoute.PUT, sync, { username: learner.username, usage_key: usage, due_date: "2026-02-31T00:00:00Z" }, params);
    expect(badDate.status).toBe(400);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("POST /api/v1/tokens/user-jwt", () => {
  it("mints a JWT for an active learner that the API accepts as that learner", async () => {
    const actAs = await tokenAuth(test.db, ["lms:act-as-user"]);
    const learner = await makeUser(test.db);
    const res = await callRoute(userJwtRoute.POST, { method: "POST", auth: actAs, body: { username: learner.username, expires_in: 600 } });
    expect(res.status).toBe(200);
    const json = res.json as { access_token: string; token_type: string; expires_in: number };
    expect(json.token_type).toBe("JWT");
    expect(json.expires_in).toBe(600);
    const claims = await verifyUserJwt(json.access_token, new Date());
    expect(claims?.userId).toBe(learner.id);
    expect(claims?.tokenId).toBeGreaterThan(0);
    const exam = await makeExam(test.db);
    const read = await callRoute(examById.GET, { params: { examId: String(exam.id) }, auth: `JWT ${json.access_token}` });
    expect(read.status).toBe(200);

    const byId = await callRoute(userJwtRoute.POST, { method: "POST", auth: actAs, body: { user_id: learner.id } });
    expect((byId.json as { expires_in: number }).expires_in).toBe(3600);
  });

  it("refuses unknown or inactive learners, bad bodies and tokens without the scope", async () => {
    const actAs = await tokenAuth(test.db, ["lms:act-as-user"]);
    const inactive = await makeUser(test.db, { isActive: false });
    const post = (auth: string | null, body: unknown) => callRoute(userJwtRoute.POST, { method: "POST", auth, body });
    expect(await post(actAs, { username: "ghost_user" })).toMatchObject({ status: 404, json: { detail: "Cannot find an active user against ghost_user" } });
    expect(await post(actAs, { user_id: inactive.id })).toMatchObject({ status: 404 });
    expect(await post(actAs, {})).toMatchObject({ status: 400 });
    expect(await post(actAs, { username: inactive.username, user_id: inactive.id })).toMatchObject({ status: 400 });
    expect(await post(actAs, { username: "a", expires_in: 10 ** 9 })).toMatchObject({ status: 400 });
    expect(await post(sync, { username: inactive.username })).toMatchObject({
      status: 403,
      json: { detail: "This endpoint needs a service token with the lms:act-as-user scope." },
    });
    expect(await post(await userAuth((await makeUser(test.db, { isAdmin: true })).id), { username: "x" })).toMatchObject({ status: 403 });
    expect(await post(null, { username: "x" })).toMatchObject({ status: 403, json: ANONYMOUS });
  });

  it("never mints a credential for a site administrator", async () => {
    const actAs = await tokenAuth(test.db, ["lms:act-as-user"]);
    const admin = await makeUser(test.db, { isAdmin: true });
    const res = await callRoute(userJwtRoute.POST, { method: "POST", auth: actAs, body: { username: admin.username } });
    expect(res).toMatchObject({ status: 403, json: { detail: "A service token cannot act as a site administrator." } });
  });
});
