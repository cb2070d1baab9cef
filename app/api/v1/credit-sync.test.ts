import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, creditRequirementStatuses, creditRequirements, users, type Course } from "@/db/schema";
import { learnerEligibility } from "@/lib/data/credit-eligibility";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import * as requirementsRoute from "./courses/[courseKey]/credit_requirements/route";
import * as statusesRoute from "./courses/[courseKey]/credit_statuses/route";
import * as verificationsRoute from "./identity_verifications/route";

/**
 * The LMS's credit-eligibility sync (docs/decisions/031-credit-eligibility.md): the course's
 * requirements (a replaced list), learners' requirement statuses and identity verifications.
 * Bad input is a 400 that lists every problem and changes nothing; a repeat changes nothing.
 */
const test = setupApiTestDatabase();
const NEEDS_SYNC = { detail: "This endpoint needs a service token with the lms:sync scope." };
const ANONYMOUS = { detail: "Authentication credentials were not provided." };

let sync: string;
beforeAll(async () => {
  sync = await tokenAuth(test.db, ["lms:sync"]);
});

type Handler = typeof statusesRoute.PUT;
const call = (handler: Handler, auth: string | null, body: unknown, params: Record<string, string> = {}, method = "PUT") =>
  callRoute(handler, { method, auth, body, params });

/** Every row of the tables these endpoints write, and the audit rows: equal before and after means nothing was written. */
async function snapshot() {
  return {
    requirements: await test.db.select().from(creditRequirements).orderBy(asc(creditRequirements.id)),
    statuses: await test.db.select().from(creditRequirementStatuses).orderBy(asc(creditRequirementStatuses.id)),
    verifications: await test.db
      .select({ id: users.id, status: users.verificationStatus, at: users.verificationUpdatedAt, modified: users.modified })
      .from(users)
      .orderBy(asc(users.id)),
    audit: (await test.db.select({ id: auditLog.id }).from(auditLog)).length,
  };
}

const requirementsOf = (course: Course) =>
  test.db
    .select({ namespace: creditRequirements.namespace, name: creditRequirements.name, displayName: creditRequirements.displayName, order: creditRequirements.order })
    .from(creditRequirements)
    .where(eq(creditRequirements.courseId, course.id))
    .orderBy(asc(creditRequirements.order), asc(creditRequirements.id));

const LIST = [
  { namespace: "reverification", name: "icrv-1", display_name: "Checkpoint", order: 1 },
  { namespace: "proctored_exam", name: "block-v1:X+Y+Z+type@sequential+block@mid", display_name: "Midterm", order: 2 },
  { namespace: "grade", name: "grade", display_name: "Passing grade", order: 3 },
];

describe("who may sync credit data", () => {
  it("an lms:sync token or an admin; anyone else gets a 403 and nothing is written", async () => {
    const course = await makeCourse(test.db);
    const learner = await makeUser(test.db);
    const learnerAuth = await userAuth(learner.id);
    const other = await tokenAuth(test.db, ["lms:act-as-user"]);
    const params = { courseKey: course.courseKey };
    const before = await snapshot();
    for (const auth of [learnerAuth, other]) {
      expect(await call(requirementsRoute.PUT, auth, LIST, params)).toMatchObject({ status: 403, json: NEEDS_SYNC });
      expect(await call(statusesRoute.PUT, auth, { username: learner.username, namespace: "grade", name: "grade", status: "satisfied" }, params)).toMatchObject({
        status: 403,
        json: NEEDS_SYNC,
      });
      expect(await call(verificationsRoute.PUT, auth, { username: learner.username, status: "approved" })).toMatchObject({ status: 403, json: NEEDS_SYNC });
    }
    expect(await call(verificationsRoute.POST, null, { username: learner.username, status: "approved" }, {}, "POST")).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await snapshot()).toEqual(before);

    const admin = await userAuth((await makeUser(test.db, { isAdmin: true })).id);
    expect((await call(requirementsRoute.PUT, admin, LIST, params)).status).toBe(200);
  });
});

describe("PUT /api/v1/courses/<course_key>/credit_requirements", () => {
  it("replaces the list: creates, leaves alone, updates, deletes; a repeat writes nothing but its audit row", async () => {
    const course = await makeCourse(test.db);
    const params = { courseKey: encodeURIComponent(course.courseKey) };
    const first = await call(requirementsRoute.PUT, sync, LIST, params);
    expect(first).toMatchObject({ status: 200, json: { created: 3, updated: 0, unchanged: 0, deleted: 0 } });
    expect(await requirementsOf(course)).toEqual(LIST.map((r) => ({ namespace: r.namespace, name: r.name, displayName: r.display_name, order: r.order })));
    const audit = await test.db.select().from(auditLog).where(and(eq(auditLog.action, "sync.credit_requirements"), eq(auditLog.courseKey, course.courseKey)));
    expect(audit).toHaveLength(1);

    const before = await snapshot();
    expect((await call(requirementsRoute.PUT, sync, LIST, params)).json).toMatchObject({ created: 0, updated: 0, unchanged: 3, deleted: 0 });
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 1 });

    // The checkpoint moves after the midterm and is renamed; the grade goes; a new exam comes.
    const next = [
      { ...LIST[1]!, order: 1 },
      { ...LIST[0]!, display_name: "ID checkpoint", order: 2 },
      { namespace: "proctored_exam", name: "block-v1:X+Y+Z+type@sequential+block@final", display_name: "Final", order: 3 },
    ];
    const replaced = await call(requirementsRoute.PUT, sync, next, { courseKey: course.courseKey });
    expect(replaced.json).toMatchObject({ created: 1, updated: 2, unchanged: 0, deleted: 1 });
    expect((await requirementsOf(course)).map((r) => [r.name, r.displayName, r.order])).toEqual([
      [LIST[1]!.name, "Midterm", 1],
      ["icrv-1", "ID checkpoint", 2],
      ["block-v1:X+Y+Z+type@sequential+block@final", "Final", 3],
    ]);

    // An empty list removes them all; learners' statuses stay.
    const learner = await makeUser(test.db);
    await test.db.insert(creditRequirementStatuses).values({ userId: learner.id, courseId: course.id, namespace: "reverification", name: "icrv-1", status: "satisfied", source: "lms" });
    expect((await call(requirementsRoute.PUT, sync, [], params)).json).toMatchObject({ deleted: 3, results: [] });
    expect(await requirementsOf(course)).toEqual([]);
    expect(await test.db.select().from(creditRequirementStatuses).where(eq(creditRequirementStatuses.userId, learner.id))).toHaveLength(1);
  });

  it("rejects a bad list whole, listing every problem, and an unknown course with 404", async () => {
    const course = await makeCourse(test.db);
    await call(requirementsRoute.PUT, sync, LIST, { courseKey: course.courseKey });
    const before = await snapshot();
    const bad = await call(
      requirementsRoute.PUT,
      sync,
      [
        { namespace: "proctored_exam", name: "a", display_name: "A", order: 1 },
        { namespace: "proctored exam", name: "b", display_name: "", order: -1 },
        { namespace: "proctored_exam", name: "a", display_name: "A again", order: 2 },
        { namespace: "grade", name: "grade", order: "first" },
        "nope",
      ],
      { courseKey: course.courseKey },
    );
    expect(bad.status).toBe(400);
    const errors = (bad.json as { errors: { index: number; field: string }[] }).errors;
    expect(errors.map((e) => [e.index, e.field])).toEqual([
      [1, "namespace"],
      [1, "display_name"],
      [1, "order"],
      [3, "display_name"],
      [3, "order"],
      [4, "non_field_errors"],
    ]);
    const dup = await call(
      requirementsRoute.PUT,
      sync,
      [
        { namespace: "proctored_exam", name: "a", display_name: "A", order: 1 },
        { namespace: "proctored_exam", name: "a", display_name: "A again", order: 2 },
      ],
      { courseKey: course.courseKey },
    );
    expect(dup).toMatchObject({ status: 400, json: { errors: [{ index: 1, field: "name", message: "Repeats item 0 of this batch; send each one once." }] } });
    expect(await call(requirementsRoute.PUT, sync, { namespace: "x" }, { courseKey: course.courseKey })).toMatchObject({ status: 400 });
    expect(await call(requirementsRoute.PUT, sync, "{nope", { courseKey: course.courseKey })).toMatchObject({ status: 400 });
    expect(await call(requirementsRoute.PUT, sync, LIST, { courseKey: "course-v1:Nobody+N+1" })).toMatchObject({
      status: 404,
      json: { detail: "Cannot find course course_id=course-v1:Nobody+N+1." },
    });
    expect(await snapshot()).toEqual(before);
    expect(await requirementsOf(course)).toHaveLength(3);
  });
});

describe("PUT/POST /api/v1/courses/<course_key>/credit_statuses", () => {
  it("upserts by learner and requirement, removes with null; a repeat writes nothing; the gate reads what came", async () => {
    const course = await makeCourse(test.db);
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true });
    await call(requirementsRoute.PUT, sync, [...LIST, { namespace: "proctored_exam", name: exam.contentId, display_name: "Final", order: 4 }], {
      courseKey: course.courseKey,
    });
    const a = await makeUser(test.db);
    const b = await makeUser(test.db);
    const params = { courseKey: course.courseKey };
    const batch = [
      { username: a.username, namespace: "reverification", name: "icrv-1", status: "satisfied", status_date: "2026-03-01T10:00:00Z" },
      { username: a.username, namespace: "proctored_exam", name: LIST[1]!.name, status: "failed" },
      { username: b.username, namespace: "reverification", name: "icrv-1", status: "declined" },
    ];
    expect(await call(statusesRoute.PUT, sync, batch, params)).toMatchObject({ status: 200, json: { created: 3 } });
    const [row] = await test.db
      .select()
      .from(creditRequirementStatuses)
      .where(and(eq(creditRequirementStatuses.userId, a.id), eq(creditRequirementStatuses.name, "icrv-1")));
    expect(row).toMatchObject({ status: "satisfied", source: "lms", statusDate: new Date("2026-03-01T10:00:00Z") });

    const before = await snapshot();
    expect((await call(statusesRoute.POST, sync, batch, params, "POST")).json).toMatchObject({ unchanged: 3 });
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 1 });

    const eligibility = await learnerEligibility(test.db, { userId: a.id, examId: exam.id });
    expect(eligibility.prerequisites.failed.map((p) => p.displayName)).toEqual(["Midterm"]);

    const changed = await call(
      statusesRoute.PUT,
      sync,
      [
        { username: a.username, namespace: "proctored_exam", name: LIST[1]!.name, status: "satisfied" },
        { username: b.username, namespace: "reverification", name: "icrv-1", status: null },
        { username: b.username, namespace: "reverification", name: "never-set", status: null },
      ],
      params,
    );
    expect(changed.json).toMatchObject({ updated: 1, deleted: 1, unchanged: 1 });
    expect((await learnerEligibility(test.db, { userId: a.id, examId: exam.id })).prerequisites.ok).toBe(true);
    expect(await test.db.select().from(creditRequirementStatuses).where(eq(creditRequirementStatuses.userId, b.id))).toEqual([]);
  });

  it("an older status_date does not undo a newer status, Invigil's own included", async () => {
    const course = await makeCourse(test.db);
    const learner = await makeUser(test.db);
    const name = "block-v1:X+Y+Z+type@sequential+block@mid";
    // What Invigil writes when the exam is verified (§4.3).
    await test.db.insert(creditRequirementStatuses).values({
      userId: learner.id,
      courseId: course.id,
      namespace: "proctored_exam",
      name,
      status: "satisfied",
      statusDate: new Date("2026-04-02T09:00:00Z"),
      source: "proctoring",
    });
    const item = (status: string, date: string) => ({ username: learner.username, namespace: "proctored_exam", name, status, status_date: date });
    const stale = await call(statusesRoute.PUT, sync, item("submitted", "2026-04-01T09:00:00Z"), { courseKey: course.courseKey });
    expect(stale.json).toMatchObject({ unchanged: 1 });
    const [kept] = await test.db.select().from(creditRequirementStatuses).where(eq(creditRequirementStatuses.userId, learner.id));
    expect(kept).toMatchObject({ status: "satisfied", source: "proctoring" });

    const newer = await call(statusesRoute.PUT, sync, item("failed", "2026-04-03T09:00:00Z"), { courseKey: course.courseKey });
    expect(newer.json).toMatchObject({ updated: 1 });
    const [now] = await test.db.select().from(creditRequirementStatuses).where(eq(creditRequirementStatuses.userId, learner.id));
    expect(now).toMatchObject({ status: "failed", source: "lms", statusDate: new Date("2026-04-03T09:00:00Z") });
  });

  it("rejects unknown learners and statuses, bad dates and repeats, whole, and an unknown course with 404", async () => {
    const course = await makeCourse(test.db);
    const learner = await makeUser(test.db);
    const params = { courseKey: course.courseKey };
    const before = await snapshot();
    const bad = await call(
      statusesRoute.PUT,
      sync,
      [
        { username: learner.username, namespace: "grade", name: "grade", status: "satisfied" },
        { username: learner.username, namespace: "reverification", name: "icrv-1", status: "passed" },
        { username: learner.username, namespace: "reverification", name: "icrv-2", status: "failed", status_date: "yesterday" },
        { username: learner.username, namespace: "reverification", name: "icrv-3" },
      ],
      params,
    );
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: { index: number; field: string }[] }).errors.map((e) => [e.index, e.field])).toEqual([
      [1, "status"],
      [2, "status_date"],
      [3, "status"],
    ]);
    const unknown = await call(
      statusesRoute.PUT,
      sync,
      [
        { username: learner.username, namespace: "grade", name: "grade", status: "satisfied" },
        { username: "nobody-at-all", namespace: "grade", name: "grade", status: "satisfied" },
      ],
      params,
    );
    expect(unknown).toMatchObject({ status: 400, json: { errors: [{ index: 1, field: "username", message: "Cannot find user against nobody-at-all" }] } });
    const repeated = await call(
      statusesRoute.PUT,
      sync,
      [
        { username: learner.username, namespace: "grade", name: "grade", status: "satisfied" },
        { username: learner.username, namespace: "grade", name: "grade", status: "failed" },
      ],
      params,
    );
    expect(repeated).toMatchObject({ status: 400, json: { errors: [{ index: 1, field: "name" }] } });
    expect(await call(statusesRoute.PUT, sync, { username: learner.username, namespace: "grade", name: "grade", status: "satisfied" }, { courseKey: "course-v1:No+N+1" })).toMatchObject({
      status: 404,
    });
    expect(await call(statusesRoute.PUT, sync, [], params)).toMatchObject({ status: 400 });
    expect(await snapshot()).toEqual(before);
  });
});

describe("PUT/POST /api/v1/identity_verifications", () => {
  const statusOf = async (id: number) =>
    (await test.db.select({ status: users.verificationStatus, at: users.verificationUpdatedAt }).from(users).where(eq(users.id, id)))[0]!;

  it("sets each learner's status, with its date; a repeat or an older one writes nothing; administrators too", async () => {
    const a = await makeUser(test.db);
    const admin = await makeUser(test.db, { isAdmin: true });
    const first = await call(verificationsRoute.PUT, sync, [
      { username: a.username, status: "pending", updated_at: "2026-05-01T08:00:00Z" },
      { username: admin.username, status: "approved" },
    ]);
    expect(first).toMatchObject({ status: 200, json: { updated: 2, results: [{ index: 0, id: a.id, status: "updated" }, { index: 1, id: admin.id, status: "updated" }] } });
    expect(await statusOf(a.id)).toEqual({ status: "pending", at: new Date("2026-05-01T08:00:00Z") });
    expect((await statusOf(admin.id)).status).toBe("approved");
    expect((await statusOf(admin.id)).at).toBeInstanceOf(Date);

    const before = await snapshot();
    const again = await call(verificationsRoute.POST, sync, [
      { username: a.username, status: "pending", updated_at: "2026-05-01T08:00:00Z" },
      { username: admin.username, status: "approved" },
    ], {}, "POST");
    expect(again.json).toMatchObject({ unchanged: 2 });
    expect((await call(verificationsRoute.PUT, sync, { username: a.username, status: "expired", updated_at: "2026-04-01T00:00:00Z" })).json).toMatchObject({ unchanged: 1 });
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 2 });

    expect((await call(verificationsRoute.PUT, sync, { username: a.username, status: "approved", updated_at: "2026-05-04T08:00:00Z" })).json).toMatchObject({ updated: 1 });
    expect(await statusOf(a.id)).toEqual({ status: "approved", at: new Date("2026-05-04T08:00:00Z") });
  });

  it("rejects unknown learners and statuses, whole", async () => {
    const a = await makeUser(test.db);
    const before = await snapshot();
    const bad = await call(verificationsRoute.PUT, sync, [
      { username: a.username, status: "approved" },
      { username: a.username, status: "verified" },
      { username: a.username },
    ]);
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: { index: number; field: string }[] }).errors.map((e) => [e.index, e.field])).toEqual([
      [1, "status"],
      [2, "status"],
    ]);
    const unknown = await call(verificationsRoute.PUT, sync, [{ username: a.username, status: "approved" }, { username: "nobody-at-all", status: "approved" }]);
    expect(unknown).toMatchObject({ status: 400, json: { errors: [{ index: 1, field: "username" }] } });
    const repeated = await call(verificationsRoute.PUT, sync, [{ username: a.username, status: "approved" }, { username: a.username, status: "expired" }]);
    expect(repeated).toMatchObject({ status: 400, json: { errors: [{ index: 1, field: "username" }] } });
    expect(await snapshot()).toEqual(before);
    expect((await statusOf(a.id)).status).toBe("none");
  });
});
