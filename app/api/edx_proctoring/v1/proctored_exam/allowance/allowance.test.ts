import { and, asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allowanceHistory, allowances, auditLog, courseRoles, type Course, type User } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeAllowance, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { BulkAllowanceSavedSchema } from "@/lib/domain/dashboard-answers";
import * as bulkRoute from "../[courseId]/bulk_allowance/route";
import * as listRoute from "../[courseId]/allowance/route";
import * as groupedRoute from "../[courseId]/grouped/allowance/route";
import * as allowanceRoute from "./route";

const test = setupApiTestDatabase();
const BASE = "/api/edx_proctoring/v1/proctored_exam";
const STAFF_ONLY = { detail: "Must be a Staff User to Perform this request." };
const ANONYMOUS = { detail: "Authentication credentials were not provided." };

let admin: string;

beforeAll(async () => {
  admin = await userAuth((await makeUser(test.db, { isAdmin: true })).id);
});

/** A learner actively enrolled in the course: allowances are only for the course's learners. */
async function enrolledLearner(course: Pick<Course, "id">): Promise<User> {
  const user = await makeUser(test.db);
  await makeEnrollment(test.db, { userId: user.id, courseId: course.id, mode: "audit" });
  return user;
}

/** A course with a staff member (role `staff`), an enrolled learner and an active 60-minute exam. */
async function setup() {
  const course = await makeCourse(test.db);
  const staff = await makeUser(test.db);
  await test.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "staff" });
  const learner = await enrolledLearner(course);
  const exam = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 60 });
  return { course, staff, learner, exam, staffAuth: await userAuth(staff.id), learnerAuth: await userAuth(learner.id) };
}

async function counts() {
  const [[a], [h], [l]] = await Promise.all([
    test.db.select({ n: count() }).from(allowances),
    test.db.select({ n: count() }).from(allowanceHistory),
    test.db.select({ n: count() }).from(auditLog),
  ]);
  return { allowances: a!.n, history: h!.n, audit: l!.n };
}

const put = (auth: string | null, body: unknown) =>
  callRoute(allowanceRoute.PUT, { method: "PUT", path: `${BASE}/allowance`, auth, body });
const del = (auth: string | null, body: unknown) =>
  callRoute(allowanceRoute.DELETE, { method: "DELETE", path: `${BASE}/allowance`, auth, body });
const list = (auth: string | null, course: Pick<Course, "courseKey">) =>
  callRoute(listRoute.GET, { path: `${BASE}/${course.courseKey}/allowance`, params: { courseId: course.courseKey }, auth });
const bulk = (auth: string | null, course: Pick<Course, "courseKey">, body: unknown) =>
  callRoute(bulkRoute.POST, { method: "POST", path: `${BASE}/${course.courseKey}/bulk_allowance`, params: { courseId: course.courseKey }, auth, body });

async function allowanceOf(user: Pick<User, "id">, examId: number, key = "additional_time_granted") {
  const [row] = await test.db
    .select()
    .from(allowances)
    .where(and(eq(allowances.userId, user.id), eq(allowances.examId, examId), eq(allowances.key, key)));
  return row;
}

describe("PUT …/proctored_exam/allowance (§8.14)", () => {
  it("adds, then updates (archiving the old value), by username, e-mail or id; answers null", async () => {
    const { exam, learner, staffAuth } = await setup();
    const added = await put(staffAuth, { exam_id: exam.id, user_info: learner.username, key: "additional_time_granted", value: "30" });
    expect(added).toMatchObject({ status: 200, text: "null" });
    const row = await allowanceOf(learner, exam.id);
    expect(row?.value).toBe("30");

    expect(await put(staffAuth, { exam_id: String(exam.id), user_info: learner.email.toUpperCase(), key: "additional_time_granted", value: 45 })).toMatchObject({ status: 200 });
    expect((await allowanceOf(learner, exam.id))?.value).toBe("45");
    expect(await put(staffAuth, { exam_id: exam.id, user_info: learner.id, key: "review_policy_exception", value: "Allowed a calculator" })).toMatchObject({ status: 200 });
    expect((await allowanceOf(learner, exam.id, "review_policy_exception"))?.value).toBe("Allowed a calculator");

    const history = await test.db.select().from(allowanceHistory).where(eq(allowanceHistory.allowanceId, row!.id));
    expect(history).toMatchObject([{ allowanceId: row!.id, userId: learner.id, examId: exam.id, key: "additional_time_granted", value: "30" }]);
    const audits = await test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "allowance.upsert"), eq(auditLog.subjectUserId, learner.id)))
      .orderBy(asc(auditLog.id));
    expect(audits.map((a) => (a.data as { event: string }).event)).toEqual([
      "edx.special_exam.timed.allowance.created",
      "edx.special_exam.timed.allowance.updated",
      "edx.special_exam.timed.allowance.created",
    ]);
    expect(audits[1]?.data).toMatchObject({ allowance_user_id: learner.id, allowance_key: "additional_time_granted", allowance_value: "45", previous_value: "30" });
  });

  it("writes nothing for a repeat with the same value", async () => {
    const { exam, learner, staffAuth } = await setup();
    const body = { exam_id: exam.id, user_info: learner.username, key: "additional_time_granted", value: "10" };
    expect((await put(staffAuth, body)).status).toBe(200);
    const before = await counts();
    expect((await put(staffAuth, body)).status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it("converts a time_multiplier into this exam's additional minutes", async () => {
    const { exam, learner, staffAuth } = await setup();
    expect((await put(staffAuth, { exam_id: exam.id, user_info: learner.username, key: "time_multiplier", value: "1.5" })).status).toBe(200);
    expect((await allowanceOf(learner, exam.id))?.value).toBe("30");
    expect(await allowanceOf(learner, exam.id, "time_multiplier")).toBeUndefined();
  });

  it("answers 3.8.1's messages for bad values, unknown users and (with a message) inactive exams; writes nothing", async () => {
    const { course, exam, learner, staffAuth } = await setup();
    const inactive = await makeExam(test.db, { courseKey: course.courseKey, isActive: false });
    const before = await counts();
    for (const value of ["-5", "1.5", "ten", " 3"]) {
      expect(await put(staffAuth, { exam_id: exam.id, user_info: learner.username, key: "additional_time_granted", value })).toMatchObject({
        status: 400,
        json: { detail: `allowance_value "${value}" should be non-negative integer value.` },
      });
    }
    expect(await put(staffAuth, { exam_id: exam.id, user_info: "nobody-here", key: "additional_time_granted", value: "5" })).toMatchObject({
      status: 400,
      json: { detail: "Cannot find user against nobody-here" },
    });
    expect(await put(staffAuth, { exam_id: inactive.id, user_info: learner.username, key: "additional_time_granted", value: "5" })).toMatchObject({
      status: 400,
      json: { detail: `Attempted to add an allowance to exam_id=${inactive.id}, but this exam is not active.` },
    });
    expect(await put(staffAuth, { exam_id: 987654321, user_info: learner.username, key: "k", value: "v" })).toMatchObject({
      status: 400,
      json: { detail: "Attempted to get exam_id=987654321, but this exam does not exist." },
    });
    const wrongTypes = await put(staffAuth, { exam_id: exam.id, user_info: learner.username, key: "k", value: { a: 1 } });
    expect(wrongTypes.status).toBe(400);
    expect((wrongTypes.json as { errors: unknown[] }).errors).toContainEqual({ field: "value", message: "Not a valid string." });
    const tooLong = await put(staffAuth, { exam_id: exam.id, user_info: learner.username, key: "k", value: "v".repeat(256) });
    expect(tooLong.status).toBe(400);
    const missing = await put(staffAuth, { exam_id: exam.id });
    expect(missing.status).toBe(400);
    expect((missing.json as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(["key", "user_info", "value"]);
    expect(await put(staffAuth, "{bad json")).toMatchObject({ status: 400, json: { detail: "The request body is not valid JSON." } });
    expect(await counts()).toEqual(before);
  });

  it("is for course staff of the exam's course and admins only", async () => {
    const { exam, learner, learnerAuth } = await setup();
    const other = await setup();
    const sync = await tokenAuth(test.db, ["lms:sync"]);
    const body = { exam_id: exam.id, user_info: learner.username, key: "additional_time_granted", value: "5" };
    const before = await counts();
    expect(await put(null, body)).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await put(learnerAuth, body)).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await put(other.staffAuth, body)).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await put(sync, body)).toMatchObject({ status: 403, json: STAFF_ONLY });
    // A learner learns nothing about the body: the staff check comes first.
    expect(await put(learnerAuth, { exam_id: exam.id, value: { nonsense: true } })).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await counts()).toEqual(before);
    expect((await put(admin, body)).status).toBe(200);
  });
});

describe("allowances name only the course's learners", () => {
  it("answers a user outside the course (an admin, another course's learner, an unenrolled one) as unknown, single and bulk; writes nothing", async () => {
    const { course, exam, learner, staffAuth } = await setup();
    const siteAdmin = await makeUser(test.db, { isAdmin: true });
    const elsewhere = await makeUser(test.db);
    await makeEnrollment(test.db, { userId: elsewhere.id, courseId: (await makeCourse(test.db)).id, mode: "verified" });
    const unenrolled = await makeUser(test.db);
    await makeEnrollment(test.db, { userId: unenrolled.id, courseId: course.id, mode: "verified", isActive: false });
    const before = await counts();

    for (const user of [siteAdmin, elsewhere, unenrolled]) {
      for (const info of [user.username, user.email, user.id]) {
        expect(await put(staffAuth, { exam_id: exam.id, user_info: info, key: "additional_time_granted", value: "5" })).toMatchObject({
          status: 400,
          json: { detail: `Cannot find user against ${info}` },
        });
      }
      const res = await bulk(staffAuth, course, { exam_ids: [exam.id], user_ids: [learner.username, user.email], allowance_type: "additional_time_granted", value: "5" });
      expect(res.status).toBe(400);
      expect((res.json as { errors: unknown[] }).errors).toEqual([{ user_info: user.email, field: "user_ids", message: `Cannot find user against ${user.email}` }]);
    }
    expect(await counts()).toEqual(before);
    // Their e-mail never reaches the course's allowance list.
    expect(JSON.stringify((await list(staffAuth, course)).json)).not.toMatch(new RegExp(`${siteAdmin.email}|${elsewhere.email}|${unenrolled.email}`));
  });
});

describe("DELETE …/proctored_exam/allowance (§8.15)", () => {
  it("archives and removes the allowance, also on an inactive exam; nothing matching is fine", async () => {
    const { course, learner, staffAuth } = await setup();
    const inactive = await makeExam(test.db, { courseKey: course.courseKey, isActive: false });
    const allowance = await makeAllowance(test.db, { examId: inactive.id, userId: learner.id, value: "20" });
    const res = await del(staffAuth, { exam_id: inactive.id, user_id: learner.id, key: "additional_time_granted" });
    expect(res).toMatchObject({ status: 200, text: "null" });
    expect(await allowanceOf(learner, inactive.id)).toBeUndefined();
    const [archived] = await test.db.select().from(allowanceHistory).where(eq(allowanceHistory.allowanceId, allowance.id));
    expect(archived).toMatchObject({ value: "20", key: "additional_time_granted", userId: learner.id });
    const [audit] = await test.db.select().from(auditLog).where(and(eq(auditLog.action, "allowance.delete"), eq(auditLog.entityId, String(allowance.id))));
    expect(audit?.data).toMatchObject({ event: "edx.special_exam.timed.allowance.deleted", allowance_value: "20" });

    const before = await counts();
    expect(await del(staffAuth, { exam_id: inactive.id, user_id: String(learner.id), key: "additional_time_granted" })).toMatchObject({ status: 200, text: "null" });
    expect(await del(staffAuth, { exam_id: inactive.id, user_id: 987654321, key: "additional_time_granted" })).toMatchObject({ status: 200 });
    expect(await counts()).toEqual(before);
  });

  it("refuses other courses' staff and learners, and unknown exams", async () => {
    const { exam, learner, learnerAuth } = await setup();
    const other = await setup();
    await makeAllowance(test.db, { examId: exam.id, userId: learner.id });
    const body = { exam_id: exam.id, user_id: learner.id, key: "additional_time_granted" };
    const before = await counts();
    expect(await del(null, body)).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await del(learnerAuth, body)).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await del(other.staffAuth, body)).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await del(other.staffAuth, { ...body, exam_id: "nope" })).toMatchObject({ status: 400 });
    expect(await counts()).toEqual(before);
  });
});

describe("GET …/proctored_exam/<course_id>/allowance (§8.13) and …/grouped/allowance (§20)", () => {
  it("lists every allowance of the course's exams, active or not, as 3.8.1 shapes them", async () => {
    const { course, learner, exam, staffAuth } = await setup();
    const inactive = await makeExam(test.db, { courseKey: course.courseKey, isActive: false, isProctored: true });
    const second = await makeUser(test.db);
    const a1 = await makeAllowance(test.db, { examId: exam.id, userId: learner.id, value: "15" });
    const a2 = await makeAllowance(test.db, { examId: inactive.id, userId: learner.id, key: "review_policy_exception", value: "ok" });
    const a3 = await makeAllowance(test.db, { examId: exam.id, userId: second.id, value: "5" });
    await makeAllowance(test.db); // another course

    for (const segment of [course.courseKey, encodeURIComponent(course.courseKey)]) {
      const res = await list(staffAuth, { courseKey: segment });
      expect(res.status).toBe(200);
      const items = res.json as { id: number; key: string; value: string; user: unknown; proctored_exam: { id: number } }[];
      expect(items.map((i) => i.id)).toEqual([a1.id, a2.id, a3.id]);
      expect(items[0]).toEqual({
        id: a1.id,
        created: a1.created.toISOString(),
        modified: a1.modified.toISOString(),
        user: { id: learner.id, username: learner.username, email: learner.email },
        key: "additional_time_granted",
        value: "15",
        proctored_exam: expect.objectContaining({ id: exam.id, course_id: course.courseKey, exam_name: exam.examName }),
      });
    }

    const grouped = await callRoute(groupedRoute.GET, { params: { courseId: course.courseKey }, auth: staffAuth });
    expect(grouped.status).toBe(200);
    const byUser = grouped.json as Record<string, { id: number }[]>;
    expect(Object.keys(byUser)).toEqual([learner.username, second.username]);
    expect(byUser[learner.username]!.map((i) => i.id)).toEqual([a1.id, a2.id]);
    expect(byUser[second.username]!.map((i) => i.id)).toEqual([a3.id]);
  });

  it("is for course staff and admins", async () => {
    const { course, learnerAuth } = await setup();
    const other = await setup();
    expect(await list(null, course)).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await list(learnerAuth, course)).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await list(other.staffAuth, course)).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await callRoute(groupedRoute.GET, { params: { courseId: course.courseKey }, auth: other.staffAuth })).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await list(admin, course)).toMatchObject({ status: 200, json: [] });
  });
});

describe("POST …/proctored_exam/<course_id>/bulk_allowance (§20)", () => {
  it("adds one allowance per learner and exam; a time multiplier becomes each exam's own minutes", async () => {
    const { course, learner, exam, staffAuth } = await setup();
    const ninety = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 90, isProctored: true });
    const second = await enrolledLearner(course);
    await makeAllowance(test.db, { examId: exam.id, userId: learner.id, value: "5" });

    const res = await bulk(staffAuth, course, {
      exam_ids: `${exam.id}, ${ninety.id}`,
      user_ids: `${learner.username}, ${second.email}`,
      allowance_type: "time_multiplier",
      value: "1.5",
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 3, updated: 1, unchanged: 0 });
    // The dashboard parses the answer with this schema (lib/domain/dashboard-answers.ts).
    expect(BulkAllowanceSavedSchema.safeParse(res.json).success).toBe(true);
    expect((await allowanceOf(learner, exam.id))?.value).toBe("30");
    expect((await allowanceOf(second, exam.id))?.value).toBe("30");
    expect((await allowanceOf(learner, ninety.id))?.value).toBe("45");
    expect((await allowanceOf(second, ninety.id))?.value).toBe("45");
    // The replaced value is archived.
    const [archived] = await test.db.select().from(allowanceHistory).where(and(eq(allowanceHistory.userId, learner.id), eq(allowanceHistory.examId, exam.id)));
    expect(archived?.value).toBe("5");

    // JSON arrays work too; a repeat writes nothing.
    const before = await counts();
    const again = await bulk(staffAuth, course, { exam_ids: [exam.id, ninety.id], user_ids: [learner.id, second.username], allowance_type: "time_multiplier", value: 1.5 });
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(await counts()).toEqual(before);

    const exception = await bulk(staffAuth, course, { exam_ids: [ninety.id], user_ids: [second.username], allowance_type: "review_policy_exception", value: "Quiet room" });
    expect(exception.status).toBe(200);
    expect((await allowanceOf(second, ninety.id, "review_policy_exception"))?.value).toBe("Quiet room");
    const minutes = await bulk(staffAuth, course, { exam_ids: [ninety.id], user_ids: [second.username], allowance_type: "additional_time_granted", value: "12" });
    expect(minutes.status).toBe(200);
    expect((await allowanceOf(second, ninety.id))?.value).toBe("12");
  });

  it("rounds the multiplier half to even, as Python does", async () => {
    const { course, learner, staffAuth } = await setup();
    const odd = await makeExam(test.db, { courseKey: course.courseKey, timeLimitMins: 5 });
    expect((await bulk(staffAuth, course, { exam_ids: [odd.id], user_ids: [learner.username], allowance_type: "time_multiplier", value: "1.5" })).status).toBe(200);
    expect((await allowanceOf(learner, odd.id))?.value).toBe("2");
  });

  it("reports every bad learner and exam, and writes nothing", async () => {
    const { course, learner, exam, staffAuth } = await setup();
    const inactive = await makeExam(test.db, { courseKey: course.courseKey, isActive: false });
    const foreign = await makeExam(test.db);
    const before = await counts();
    const res = await bulk(staffAuth, course, {
      exam_ids: [exam.id, inactive.id, foreign.id, 987654321],
      user_ids: [learner.username, "ghost", "ghost@example.test"],
      allowance_type: "additional_time_granted",
      value: "10",
    });
    expect(res.status).toBe(400);
    const json = res.json as { detail: string; field: string; errors: Record<string, unknown>[] };
    expect(json.detail).toBe("Enter a valid username or email");
    expect(json.field).toBe("user_info");
    expect(json.errors).toEqual(
      expect.arrayContaining([
        { exam_id: inactive.id, field: "exam_ids", message: `Attempted to add an allowance to exam_id=${inactive.id}, but this exam is not active.` },
        { exam_id: foreign.id, field: "exam_ids", message: `Attempted to get exam_id=${foreign.id}, but this exam does not exist in course_id=${course.courseKey}.` },
        { exam_id: 987654321, field: "exam_ids", message: `Attempted to get exam_id=987654321, but this exam does not exist in course_id=${course.courseKey}.` },
        { user_info: "ghost", field: "user_ids", message: "Cannot find user against ghost" },
        { user_info: "ghost@example.test", field: "user_ids", message: "Cannot find user against ghost@example.test" },
      ]),
    );
    expect(json.errors).toHaveLength(5);
    expect(await counts()).toEqual(before);
  });

  it("refuses bad values with upstream's detail and the exact reason", async () => {
    const { course, learner, exam, staffAuth } = await setup();
    const before = await counts();
    const low = await bulk(staffAuth, course, { exam_ids: [exam.id], user_ids: [learner.username], allowance_type: "time_multiplier", value: "0.5" });
    expect(low).toMatchObject({
      status: 400,
      json: { detail: "Enter a valid positive value number", field: "allowance_value", errors: [{ field: "value", message: 'allowance_value "0.5" should be a float value greater than 1.' }] },
    });
    const minutes = await bulk(staffAuth, course, { exam_ids: [exam.id], user_ids: [learner.username], allowance_type: "additional_time_granted", value: "1.5" });
    expect(minutes).toMatchObject({ status: 400, json: { detail: "Enter a valid positive value number", field: "allowance_value" } });
    const unknownExamsToo = await bulk(staffAuth, course, { exam_ids: [987654321], user_ids: ["ghost"], allowance_type: "additional_time_granted", value: "-1" });
    expect(unknownExamsToo).toMatchObject({ status: 400, json: { detail: "Enter a valid positive value number", field: "allowance_value" } });
    expect((unknownExamsToo.json as { errors: unknown[] }).errors).toHaveLength(3);
    const type = await bulk(staffAuth, course, { exam_ids: [exam.id], user_ids: [learner.username], allowance_type: "extra_beer", value: "1" });
    expect(type.status).toBe(400);
    expect((type.json as { errors: { field: string }[] }).errors[0]?.field).toBe("allowance_type");
    const empty = await bulk(staffAuth, course, { exam_ids: "", user_ids: learner.username, allowance_type: "additional_time_granted", value: "1" });
    expect(empty.status).toBe(400);
    expect(await bulk(staffAuth, course, "[not json")).toMatchObject({ status: 400 });
    expect(await counts()).toEqual(before);
  });

  it("is for course staff of the course in the path and admins; PUT works too", async () => {
    const { course, learner, exam, learnerAuth } = await setup();
    const other = await setup();
    const body = { exam_ids: [exam.id], user_ids: [learner.username], allowance_type: "additional_time_granted", value: "3" };
    const before = await counts();
    expect(await bulk(null, course, body)).toMatchObject({ status: 403, json: ANONYMOUS });
    expect(await bulk(learnerAuth, course, body)).toMatchObject({ status: 403, json: STAFF_ONLY });
    expect(await bulk(other.staffAuth, course, body)).toMatchObject({ status: 403, json: STAFF_ONLY });
    // Staff of another course cannot reach this course's exams through their own course either.
    const sneaky = await bulk(other.staffAuth, other.course, body);
    expect(sneaky.status).toBe(400);
    expect(await counts()).toEqual(before);
    const viaPut = await callRoute(bulkRoute.PUT, { method: "PUT", params: { courseId: course.courseKey }, auth: admin, body });
    expect(viaPut.status).toBe(200);
    expect((await allowanceOf(learner, exam.id))?.value).toBe("3");
  });
});
