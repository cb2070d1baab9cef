import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, courseRoles, outbox, reviewPolicies, reviewPolicyHistory } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { Principal } from "@/lib/domain/actor";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { createOrUpdateReviewPolicy, removeReviewPolicy } from "./review-policy";

const t = setupTestDatabase();
const NOW = new Date("2026-04-01T10:00:00Z");

const ctxFor = (principal: Principal): ServiceContext => ({ db: t.db, principal, now: NOW, requestId: newRequestId(), source: "api" });

async function staffOf(courseId: number) {
  const user = await makeUser(t.db);
  await t.db.insert(courseRoles).values({ userId: user.id, courseId, role: "staff" });
  return ctxFor((await loadUserActor(t.db, user.id))!);
}

describe("review policies (§2.2, §9.8)", () => {
  it("creates, updates with history, and removes with history; re-pushes proctored exams", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, backend: "null" });
    const ctx = await staffOf(course.id);

    const created = await createOrUpdateReviewPolicy(ctx, { exam_id: exam.id, review_policy: "Closed book" });
    expect(created.outcome).toBe("created");
    expect(created.policy).toMatchObject({ examId: exam.id, reviewPolicy: "Closed book" });
    expect((await createOrUpdateReviewPolicy(ctx, { exam_id: exam.id, review_policy: "Closed book" })).outcome).toBe("unchanged");
    expect((await createOrUpdateReviewPolicy(ctx, { exam_id: String(exam.id), review_policy: "Open book" })).outcome).toBe("updated");
    await removeReviewPolicy(ctx, exam.id);

    expect(await t.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, exam.id))).toEqual([]);
    const history = await t.db.select().from(reviewPolicyHistory).where(eq(reviewPolicyHistory.examId, exam.id)).orderBy(asc(reviewPolicyHistory.id));
    expect(history.map((h) => [h.originalId, h.reviewPolicy])).toEqual([
      [created.policy!.id, "Closed book"],
      [created.policy!.id, "Open book"],
    ]);
    const actions = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.courseKey, course.courseKey)).orderBy(asc(auditLog.id));
    expect(actions.map((a) => a.action)).toEqual(["review_policy.upsert", "review_policy.upsert", "review_policy.delete"]);
    const pushes = (await t.db.select().from(outbox)).filter((m) => m.payload.exam_id === exam.id);
    expect(pushes).toHaveLength(3);

    await expect(removeReviewPolicy(ctx, exam.id)).rejects.toMatchObject({ status: 400, detail: `No review policy exists for exam_id=${exam.id}.` });
    // Empty text with no policy is a no-op, not an error.
    expect((await createOrUpdateReviewPolicy(ctx, { exam_id: exam.id, review_policy: "" })).outcome).toBe("unchanged");
  });

  it("is for course staff of the exam's course and exam admins", async () => {
    const exam = await makeExam(t.db);
    const otherCourse = await makeCourse(t.db);
    const other = await staffOf(otherCourse.id);
    const learner = ctxFor((await loadUserActor(t.db, (await makeUser(t.db)).id))!);
    for (const ctx of [other, learner]) {
      await expect(createOrUpdateReviewPolicy(ctx, { exam_id: exam.id, review_policy: "x" })).rejects.toMatchObject({
        status: 403,
        detail: "Must be a Staff User to Perform this request.",
      });
    }
    const service = ctxFor({ kind: "service", tokenId: 1, name: "lms", scopes: ["admin:api"], backendName: null });
    const author = await makeUser(t.db);
    const res = await createOrUpdateReviewPolicy(service, { exam_id: exam.id, review_policy: "x", set_by_user_id: author.id });
    expect(res.policy?.setByUserId).toBe(author.id);
    await expect(createOrUpdateReviewPolicy(service, { exam_id: 987654321, review_policy: "x" })).rejects.toBeInstanceOf(ServiceError);
  });
});
