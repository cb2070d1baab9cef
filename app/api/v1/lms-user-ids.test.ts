import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allowances, attempts, backendConfigs, users } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser, nextId } from "@/lib/testing/factories";
import * as allowanceRoute from "../edx_proctoring/v1/proctored_exam/allowance/route";
import * as courseAllowances from "../edx_proctoring/v1/proctored_exam/[courseId]/allowance/route";
import * as sequence from "../edx_proctoring/v1/proctored_exam/attempt/course_id/[courseId]/route";
import * as resetAttempts from "../edx_proctoring/v1/proctored_exam/exam_id/[examId]/user_id/[userId]/reset_attempts/route";
import * as retireUser from "../edx_proctoring/v1/retire_user/[userId]/route";
import * as dashboardAttempts from "../instructor/[courseKey]/attempts/route";
import * as usersRoute from "./users/route";

/**
 * An LMS knows its learners by its own ids. Users synced with `lms_user_id` are addressed by it
 * wherever the edx-proctoring API takes a `user_id` (what-we-build decision 13), and the sync never
 * changes a site administrator.
 */
const test = setupApiTestDatabase();
let sync: string;
let admin: string;

beforeAll(async () => {
  sync = await tokenAuth(test.db, ["lms:sync"]);
  admin = await userAuth((await makeUser(test.db, { isAdmin: true })).id);
  await test.db.insert(backendConfigs).values({ name: "mock", kind: "mock", isDefault: true }).onConflictDoNothing();
});

const putUsers = (body: unknown) => callRoute(usersRoute.PUT, { method: "PUT", auth: sync, body });
const userRow = async (username: string) => (await test.db.select().from(users).where(eq(users.username, username)))[0]!;

/**
 * `synced` carries an LMS id equal to Invigil's id of `bystander` (who has none): the id must
 * address `synced`, never `bystander`.
 */
async function collidingLearners() {
  const bystander = await makeUser(test.db);
  const synced = await makeUser(test.db, { lmsUserId: bystander.id });
  return { bystander, synced, lmsId: bystander.id };
}

describe("PUT /api/v1/users with lms_user_id", () => {
  it("stores, changes and clears the LMS id; refuses one another user holds or a batch repeats", async () => {
    const n = nextId();
    const lmsId = 700_000 + n;
    const created = await putUsers({ username: `lms${n}`, email: `lms${n}@example.test`, lms_user_id: lmsId });
    expect(created).toMatchObject({ status: 200, json: { created: 1 } });
    expect((await userRow(`lms${n}`)).lmsUserId).toBe(lmsId);

    const taken = await putUsers({ username: `other${n}`, email: `other${n}@example.test`, lms_user_id: String(lmsId) });
    expect(taken.status).toBe(400);
    expect((taken.json as { errors: unknown[] }).errors).toEqual([
      { index: 0, field: "lms_user_id", message: `Another user (lms${n}) already has lms_user_id=${lmsId}.` },
    ]);
    const repeated = await putUsers([
      { username: `a${n}`, email: `a${n}@example.test`, lms_user_id: lmsId + 1 },
      { username: `b${n}`, email: `b${n}@example.test`, lms_user_id: lmsId + 1 },
    ]);
    expect((repeated.json as { errors: unknown[] }).errors).toEqual([
      { index: 1, field: "lms_user_id", message: "Repeats item 0 of this batch; send each one once." },
    ]);
    const bad = await putUsers({ username: `c${n}`, email: `c${n}@example.test`, lms_user_id: 0 });
    expect((bad.json as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["lms_user_id"]);
    expect((await test.db.select().from(users).where(eq(users.username, `other${n}`))).length).toBe(0);

    expect((await putUsers({ username: `lms${n}`, lms_user_id: lmsId })).json).toMatchObject({ unchanged: 1 });
    expect((await putUsers({ username: `lms${n}`, lms_user_id: null })).json).toMatchObject({ updated: 1 });
    expect((await userRow(`lms${n}`)).lmsUserId).toBeNull();
    // Once released, another user may take it.
    expect((await putUsers({ username: `other${n}`, email: `other${n}@example.test`, lms_user_id: lmsId })).status).toBe(200);
  });
});

describe("the sync never changes a site administrator", () => {
  it("refuses to deactivate, re-address, rename or re-identify one, and changes nothing", async () => {
    const root = await makeUser(test.db, { isAdmin: true });
    const n = nextId();
    for (const change of [
      { is_active: false },
      { email: `attacker${n}@example.test` },
      { full_name: "Someone Else" },
      { lms_user_id: 800_000 + n },
    ]) {
      const res = await putUsers([{ username: `fine${n}`, email: `fine${n}@example.test` }, { username: root.username, ...change }]);
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect((res.json as { errors: unknown[] }).errors).toEqual([
        {
          index: 1,
          field: "username",
          message: "This user is a site administrator: the LMS sync cannot change them. Edit administrators in Invigil.",
        },
      ]);
    }
    expect(await userRow(root.username)).toEqual(root);
    expect((await test.db.select().from(users).where(eq(users.username, `fine${n}`))).length).toBe(0);
    // Naming an administrator with what they already have is harmless.
    expect((await putUsers({ username: root.username, email: root.email, is_active: true })).json).toMatchObject({ unchanged: 1 });
  });
});

describe("user_id in the edx-proctoring API is the LMS's id", () => {
  it("retire_user/<id> blanks the learner with that LMS id, not the user whose Invigil id it is", async () => {
    const { bystander, synced, lmsId } = await collidingLearners();
    const exam = await makeExam(test.db, { isProctored: true });
    const mine = await makeAttempt(test.db, { exam, userId: synced.id, studentName: "Synced Learner" });
    const theirs = await makeAttempt(test.db, { exam, userId: bystander.id, studentName: "Bystander" });
    const res = await callRoute(retireUser.POST, { method: "POST", auth: admin, params: { userId: String(lmsId) } });
    expect(res.status).toBe(204);
    const name = async (id: number) => (await test.db.select().from(attempts).where(eq(attempts.id, id)))[0]!.studentName;
    expect(await name(mine.id)).toBe("");
    expect(await name(theirs.id)).toBe("Bystander");
  });

  it("reset_attempts/user_id/<id> removes the attempts of the learner with that LMS id", async () => {
    const { bystander, synced, lmsId } = await collidingLearners();
    const exam = await makeExam(test.db, { isProctored: true });
    const mine = await makeAttempt(test.db, { exam, userId: synced.id, status: "submitted" });
    const theirs = await makeAttempt(test.db, { exam, userId: bystander.id, status: "submitted" });
    const res = await callRoute(resetAttempts.DELETE, {
      method: "DELETE",
      auth: admin,
      params: { examId: String(exam.id), userId: String(lmsId) },
    });
    expect(res.status).toBe(200);
    const exists = async (id: number) => (await test.db.select().from(attempts).where(eq(attempts.id, id))).length === 1;
    expect(await exists(mine.id)).toBe(false);
    expect(await exists(theirs.id)).toBe(true);
  });

  it("user_id= on the sequence read names the learner by LMS id; their Invigil id names no one", async () => {
    const { synced, lmsId } = await collidingLearners();
    const course = await makeCourse(test.db);
    const exam = await makeExam(test.db, { courseKey: course.courseKey });
    const attempt = await makeAttempt(test.db, { exam, userId: synced.id, status: "submitted", takingAsProctored: false });
    const read = (userId: number) =>
      callRoute(sequence.GET, {
        path: `/x?content_id=${encodeURIComponent(exam.contentId)}&user_id=${userId}`,
        params: { courseId: course.courseKey },
        auth: admin,
      });
    const res = await read(lmsId);
    expect(res.status).toBe(200);
    expect((res.json as { exam: { attempt: { attempt_id: number } } }).exam.attempt.attempt_id).toBe(attempt.id);
    const byInvigilId = await read(synced.id);
    expect(byInvigilId).toMatchObject({ status: 404, json: { detail: `Cannot find user with user_id=${synced.id}.` } });
  });

  it("allowances take the LMS id as user_info and user_id, and list learners by it", async () => {
    const { bystander, synced, lmsId } = await collidingLearners();
    const course = await makeCourse(test.db);
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true });
    // Allowances name only learners of the course: both are enrolled, so only the id decides.
    await makeEnrollment(test.db, { userId: synced.id, courseId: course.id });
    await makeEnrollment(test.db, { userId: bystander.id, courseId: course.id });
    const put = await callRoute(allowanceRoute.PUT, {
      method: "PUT",
      auth: admin,
      body: { exam_id: exam.id, user_info: lmsId, key: "additional_time_granted", value: "15" },
    });
    expect(put.status).toBe(200);
    const rows = await test.db.select().from(allowances).where(eq(allowances.examId, exam.id));
    expect(rows.map((r) => r.userId)).toEqual([synced.id]);

    const list = await callRoute(courseAllowances.GET, { auth: admin, params: { courseId: course.courseKey } });
    expect((list.json as { user: { id: number; username: string } }[]).map((a) => a.user)).toEqual([
      expect.objectContaining({ id: lmsId, username: synced.username }),
    ]);

    const del = await callRoute(allowanceRoute.DELETE, {
      method: "DELETE",
      auth: admin,
      body: { exam_id: exam.id, user_id: lmsId, key: "additional_time_granted" },
    });
    expect(del.status).toBe(200);
    expect(await test.db.select().from(allowances).where(and(eq(allowances.examId, exam.id), eq(allowances.userId, synced.id)))).toEqual([]);
    expect(bystander.lmsUserId).toBeNull();
  });

  it("the dashboard's attempt rows carry the id its Reset and Resume send back", async () => {
    const { synced, lmsId } = await collidingLearners();
    const course = await makeCourse(test.db);
    const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true });
    await makeAttempt(test.db, { exam, userId: synced.id, status: "error" });
    const res = await callRoute(dashboardAttempts.GET, { auth: admin, params: { courseKey: course.courseKey } });
    expect(res.status).toBe(200);
    expect((res.json as { rows: { user: { id: number; apiId: number } }[] }).rows.map((r) => r.user)).toEqual([
      expect.objectContaining({ id: synced.id, apiId: lmsId }),
    ]);
  });
});
