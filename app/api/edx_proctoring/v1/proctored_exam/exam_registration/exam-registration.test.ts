import { asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, backendConfigs, courses, exams, reviewPolicies, reviewPolicyHistory } from "@/db/schema";
import { createApiToken } from "@/lib/services/tokens";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeExam, makeUser, nextId } from "@/lib/testing/factories";
import * as route from "./course_id/[courseId]/route";

const test = setupApiTestDatabase();

let sync: string;
let author: number;

beforeAll(async () => {
  await test.db.insert(backendConfigs).values({ name: "mock", kind: "mock", isDefault: true }).onConflictDoNothing();
  author = (await makeUser(test.db, { isAdmin: true })).id;
  // A token created by a person: that person signs the review policies it sends.
  const { token } = await createApiToken(test.db, { name: "studio", scopes: ["lms:sync"], createdById: author });
  sync = `Bearer ${token}`;
});

const register = (auth: string | null, courseKey: string, body: unknown, method: "POST" | "PATCH" = "POST") =>
  callRoute(method === "POST" ? route.POST : route.PATCH, { method, auth, body, params: { courseId: courseKey } });

function courseKey() {
  return `course-v1:RegX+R${nextId()}+2026`;
}

async function examsOf(key: string) {
  return test.db.select().from(exams).where(eq(exams.courseKey, key)).orderBy(asc(exams.id));
}

async function counts() {
  const [[e], [a], [p]] = await Promise.all([
    test.db.select({ n: count() }).from(exams),
    test.db.select({ n: count() }).from(auditLog),
    test.db.select({ n: count() }).from(reviewPolicies),
  ]);
  return { exams: e!.n, audit: a!.n, policies: p!.n };
}

describe("POST …/proctored_exam/exam_registration/course_id/<course_id> (4.12.0)", () => {
  it("creates the listed exams (and the course), with review policies, in one call", async () => {
    const key = courseKey();
    const res = await register(sync, key, [
      { content_id: "block-v1:a+type@sequential+block@final", exam_name: "Final", time_limit_mins: 120, is_proctored: true, due_date: "2026-06-01T00:00:00Z", review_policy: "Closed book" },
      { content_id: "block-v1:a+type@sequential+block@quiz", exam_name: "Quiz", time_limit_mins: "20", exam_type: "timed" },
      { content_id: "block-v1:a+type@sequential+block@onb", exam_name: "Onboarding", time_limit_mins: 15, exam_type: "onboarding", backend: "mock" },
    ]);
    expect(res.status).toBe(200);
    const rows = await examsOf(key);
    expect(res.json).toEqual(rows.map((r) => ({ exam_id: r.id })));
    expect(rows.map((r) => [r.examName, r.isProctored, r.isPracticeExam, r.isActive, r.backend])).toEqual([
      ["Final", true, false, true, "mock"],
      ["Quiz", false, false, true, "mock"],
      ["Onboarding", true, true, true, "mock"],
    ]);
    expect(rows[0]!.dueDate?.toISOString()).toBe("2026-06-01T00:00:00.000Z");
    const [policy] = await test.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, rows[0]!.id));
    expect(policy).toMatchObject({ reviewPolicy: "Closed book", setByUserId: author });
    const [course] = await test.db.select().from(courses).where(eq(courses.courseKey, key));
    expect(course).toBeDefined();
    const [audit] = await test.db.select().from(auditLog).where(eq(auditLog.action, "sync.exams")).orderBy(asc(auditLog.id));
    expect(audit).toBeDefined();
  });

  it("updates by content_id, deactivates what is no longer listed (never deletes), and repeats idempotently", async () => {
    const key = courseKey();
    const first = [
      { content_id: "seq-a", exam_name: "A", time_limit_mins: 30, is_proctored: true, review_policy: "Notes allowed" },
      { content_id: "seq-b", exam_name: "B", time_limit_mins: 30, is_proctored: "true" },
    ];
    expect((await register(sync, key, first)).status).toBe(200);
    const [a, b] = await examsOf(key);

    const second = [{ content_id: "seq-a", exam_name: "A (renamed)", time_limit_mins: 45, is_proctored: true, review_policy: "No notes" }];
    const res = await register(sync, encodeURIComponent(key), second, "PATCH");
    expect(res).toMatchObject({ status: 200, json: [{ exam_id: a!.id }] });
    const [a2, b2] = await examsOf(key);
    expect(a2).toMatchObject({ examName: "A (renamed)", timeLimitMins: 45, isActive: true, isProctored: true });
    expect(b2).toMatchObject({ id: b!.id, isActive: false, isProctored: false });
    const [policy] = await test.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, a!.id));
    expect(policy?.reviewPolicy).toBe("No notes");
    const archived = await test.db.select().from(reviewPolicyHistory).where(eq(reviewPolicyHistory.examId, a!.id));
    expect(archived.map((h) => h.reviewPolicy)).toEqual(["Notes allowed"]);

    // Same list again: nothing but the batch's own audit row.
    const before = await counts();
    expect((await register(sync, key, second)).status).toBe(200);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });

    // Listed again, B comes back; an empty policy removes A's.
    expect((await register(sync, key, [...second.map((s) => ({ ...s, review_policy: "" })), first[1]])).status).toBe(200);
    const [, b3] = await examsOf(key);
    expect(b3).toMatchObject({ isActive: true, isProctored: true });
    expect(await test.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, a!.id))).toEqual([]);
  });

  it("deactivates every exam of the course for an empty list", async () => {
    const key = courseKey();
    expect((await register(sync, key, [{ content_id: "only", exam_name: "Only", time_limit_mins: 10 }])).status).toBe(200);
    expect(await register(sync, key, [])).toMatchObject({ status: 200, json: [] });
    expect(await examsOf(key)).toMatchObject([{ isActive: false }]);
  });

  it("validates the whole list first and writes nothing when any item is bad", async () => {
    const key = courseKey();
    expect((await register(sync, key, [])).status).toBe(200); // creates the course
    const existing = await makeExam(test.db, { courseKey: key, contentId: "keep" });
    const before = await counts();
    const res = await register(sync, key, [
      { content_id: "new-1", exam_name: "New" },
      { content_id: "new-2", time_limit_mins: -3, is_proctored: "perhaps" },
      { content_id: "keep", backend: "nope" },
      { content_id: "new-1", exam_name: "Again", time_limit_mins: 1 },
    ]);
    expect(res.status).toBe(400);
    const errors = (res.json as { errors: { index: number; field: string }[] }).errors.map((e) => [e.index, e.field]);
    expect(errors).toEqual([
      [1, "time_limit_mins"],
      [1, "is_proctored"],
    ]);
    const second = await register(sync, key, [
      { content_id: "new-1", exam_name: "New" },
      { content_id: "keep", backend: "nope" },
      { content_id: "new-1", exam_name: "Again", time_limit_mins: 1 },
    ]);
    expect((second.json as { errors: { index: number; field: string }[] }).errors.map((e) => [e.index, e.field])).toEqual([[2, "content_id"]]);
    const third = await register(sync, key, [{ content_id: "new-1", exam_name: "New" }, { content_id: "keep", backend: "nope" }]);
    expect((third.json as { errors: { index: number; field: string }[] }).errors.map((e) => [e.index, e.field])).toEqual([
      [0, "time_limit_mins"],
      [1, "backend"],
    ]);
    expect(await counts()).toEqual(before);
    expect(await examsOf(key)).toMatchObject([{ id: existing.id, isActive: true }]);
  });

  it("needs a review policy author when the token has none", async () => {
    const orphan = await tokenAuth(test.db, ["lms:sync"]);
    const key = courseKey();
    const before = await counts();
    const res = await register(orphan, key, [{ content_id: "x", exam_name: "X", time_limit_mins: 5, is_proctored: true, review_policy: "Rules" }]);
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
    const ok = await register(orphan, key, [{ content_id: "x", exam_name: "X", time_limit_mins: 5, is_proctored: true, review_policy: "Rules", set_by_user_id: author }]);
    expect(ok.status).toBe(200);
  });

  it("is for admins and lms:sync / admin:api tokens", async () => {
    const key = courseKey();
    const learner = await userAuth((await makeUser(test.db)).id);
    const before = await counts();
    expect(await register(null, key, [])).toMatchObject({ status: 403, json: { detail: "Authentication credentials were not provided." } });
    expect(await register(learner, key, [])).toMatchObject({ status: 403, json: { detail: "Must be a Staff User to Perform this request." } });
    expect(await register(await tokenAuth(test.db, ["lms:act-as-user"]), key, [])).toMatchObject({ status: 403 });
    expect(await register(sync, "not a course", [])).toMatchObject({ status: 400 });
    expect((await counts()).exams).toBe(before.exams);
    expect((await register(await userAuth(author), key, [])).status).toBe(200);
  });
});
