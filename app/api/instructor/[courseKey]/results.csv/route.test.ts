import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { courseRoles, reviews } from "@/db/schema";
import { parseCsv } from "@/lib/csv";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeAllowance, makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import * as reportRoute from "./route";

const test = setupApiTestDatabase();
const STAFF_ONLY = { detail: "Must be a Staff User to Perform this request." };

let admin: string;
let adminId: number;

beforeAll(async () => {
  const user = await makeUser(test.db, { isAdmin: true, username: "report-admin" });
  adminId = user.id;
  admin = await userAuth(user.id);
});

const report = (auth: string | null, courseKey: string, query = "") =>
  callRoute(reportRoute.GET, { path: `/api/instructor/${encodeURIComponent(courseKey)}/results.csv${query}`, params: { courseKey }, auth });

const HEADER =
  '"course_id","exam_name","username","email","attempt_code","allowed_time_limit_mins","is_sample_attempt","started_at","completed_at","status","review_status","provider","user_id","additional_time_granted","review_policy_exception","other_allowances","reviewed_by","attempt_id","lms_user_id"\r\n';

describe("GET /api/instructor/<course>/results.csv", () => {
  it("course staff of the course and admins only", async () => {
    const course = await makeCourse(test.db);
    const staff = await makeUser(test.db);
    const otherStaff = await makeUser(test.db);
    const other = await makeCourse(test.db);
    const learner = await makeUser(test.db);
    await test.db.insert(courseRoles).values([
      { userId: staff.id, courseId: course.id, role: "staff" },
      { userId: otherStaff.id, courseId: other.id, role: "instructor" },
    ]);
    expect((await report(null, course.courseKey)).status).toBe(403);
    for (const auth of [await userAuth(learner.id), await userAuth(otherStaff.id), await tokenAuth(test.db, ["lms:sync", "admin:api"])]) {
      expect(await report(auth, course.courseKey)).toMatchObject({ status: 403, json: STAFF_ONLY });
    }
    for (const auth of [await userAuth(staff.id), admin]) expect((await report(auth, course.courseKey)).status).toBe(200);
  });

  it("one row per attempt with edx-proctoring's columns then ours, exams in name order, formulas neutralised", async () => {
    const course = await makeCourse(test.db);
    const final = await makeExam(test.db, { courseKey: course.courseKey, examName: "Final", isProctored: true, backend: "mock" });
    const early = await makeExam(test.db, { courseKey: course.courseKey, examName: "=Early exam", timeLimitMins: 30 });
    const risky = await makeUser(test.db, { username: "-risky", email: "@risky@x.test", lmsUserId: 987_654 });
    const plain = await makeUser(test.db, { username: "plain-learner" });
    const started = new Date("2026-05-01T10:00:00Z");
    const done = new Date("2026-05-01T11:00:00Z");
    const a1 = await makeAttempt(test.db, { exam: final, userId: risky.id, status: "rejected", takingAsProctored: true, startedAt: started, completedAt: done, allowedTimeLimitMins: 75 });
    await test.db.insert(reviews).values({ attemptCode: a1.attemptCode!, reviewStatus: "Suspicious", rawData: "{}", studentId: risky.id, examId: final.id, reviewedById: adminId });
    await makeAllowance(test.db, { userId: risky.id, examId: final.id, value: "15" });
    await makeAllowance(test.db, { userId: risky.id, examId: final.id, key: "+extra", value: "x;=1+1" });
    const a2 = await makeAttempt(test.db, { exam: early, userId: plain.id, status: "submitted" });

    const res = await report(admin, course.courseKey);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("attachment; filename=\"proctored-exam-results-");
    expect(res.text.startsWith(HEADER)).toBe(true);
    const records = parseCsv(res.text);
    expect(records.map((r) => r.cells[17])).toEqual(["attempt_id", String(a2.id), String(a1.id)]);
    expect(records[2]!.cells).toEqual([
      course.courseKey,
      "Final",
      "'-risky",
      "'@risky@x.test",
      a1.attemptCode,
      "75",
      "False",
      started.toISOString(),
      done.toISOString(),
      "rejected",
      "Suspicious",
      "mock",
      String(risky.id),
      "15",
      "",
      "'+extra=x;=1+1",
      "report-admin",
      String(a1.id),
      "987654",
    ]);
    expect(records[1]!.cells.slice(0, 3)).toEqual([course.courseKey, "'=Early exam", "plain-learner"]);

    // One exam only; another course's exam is not found.
    const one = parseCsv((await report(admin, course.courseKey, `?exam_id=${early.id}`)).text);
    expect(one.map((r) => r.cells[17])).toEqual(["attempt_id", String(a2.id)]);
    const otherCourse = await makeCourse(test.db);
    const foreign = await makeExam(test.db, { courseKey: otherCourse.courseKey });
    expect((await report(admin, course.courseKey, `?exam_id=${foreign.id}`)).status).toBe(404);
    expect((await report(admin, course.courseKey, "?exam_id=abc")).status).toBe(400);
  });

  it("streams a large course in keyset batches: every attempt once, in id order", async () => {
    const course = await makeCourse(test.db);
    const exam = await makeExam(test.db, { courseKey: course.courseKey, examName: "Big" });
    const n = 5_000;
    await test.db.execute(sql`
      with u as (
        insert into users (username, email) select 'bulk-' || ${course.id}::text || '-' || g, 'bulk' || g || '@x.test' from generate_series(1, ${n}) g returning id
      )
      insert into attempts (user_id, exam_id, course_id, status, attempt_code) select id, ${exam.id}, ${course.courseKey}, 'verified', 'code-' || id from u`);
    const res = await report(admin, course.courseKey);
    expect(res.status).toBe(200);
    const records = parseCsv(res.text);
    expect(records).toHaveLength(n + 1);
    const ids = records.slice(1).map((r) => Number(r.cells[17]));
    expect(new Set(ids).size).toBe(n);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
