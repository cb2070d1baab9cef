import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  attemptHistory,
  attempts,
  auditLog,
  backendConfigs,
  courseRoles,
  creditRequirementStatuses,
  gradeOverrides,
  outbox,
  reviews,
  type Attempt,
  type AttemptStatus,
  type Course,
  type Exam,
  type User,
} from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { APPEAL_ACTION, changeStatusOnAppeal } from "./change-status";

const t = setupTestDatabase();

let course: Course;
let exam: Exam;
let admin: User;
let staff: User;

beforeAll(async () => {
  await t.db.insert(backendConfigs).values({ name: "mock", kind: "mock", verboseName: "Mock Backend", isDefault: true });
  course = await makeCourse(t.db, { overrideGradeOnRejectedExam: true });
  exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, backend: "mock", examName: "Final" });
  admin = await makeUser(t.db, { isAdmin: true, username: "appeal-admin" });
  staff = await makeUser(t.db);
  await t.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "instructor" });
});

async function ctxFor(who: User): Promise<ServiceContext> {
  return { db: t.db, principal: (await loadUserActor(t.db, who.id))!, now: new Date(), requestId: newRequestId(), source: "web" };
}

async function handedIn(status: AttemptStatus, withReview = false): Promise<Attempt> {
  const user = await makeUser(t.db);
  const attempt = await makeAttempt(t.db, {
    exam,
    userId: user.id,
    status,
    takingAsProctored: true,
    externalId: crypto.randomUUID(),
    startedAt: new Date(Date.now() - 3_600_000),
    completedAt: new Date(Date.now() - 1_800_000),
  });
  if (withReview) {
    await t.db.insert(reviews).values({ attemptCode: attempt.attemptCode!, reviewStatus: "Suspicious", rawData: "{}", studentId: user.id, examId: exam.id });
  }
  return attempt;
}

const count = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
const outboxOf = (attemptId: number, topic: string) =>
  t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, topic), sql`(${outbox.payload}->>'attempt_id')::int = ${attemptId}`));
const creditOf = async (userId: number) =>
  (await t.db.select().from(creditRequirementStatuses).where(and(eq(creditRequirementStatuses.userId, userId), eq(creditRequirementStatuses.name, exam.contentId))))[0]?.status;
const activeOverrides = (userId: number) =>
  t.db.select().from(gradeOverrides).where(and(eq(gradeOverrides.userId, userId), eq(gradeOverrides.usageKey, exam.contentId), eq(gradeOverrides.active, true)));

async function expectError(promise: Promise<unknown>, code: ServiceError["code"]): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
}

async function footprint(attemptId: number) {
  const [a] = await t.db.select().from(attempts).where(eq(attempts.id, attemptId));
  return {
    status: a?.status,
    history: await count(t.db.select({ n: sql<number>`count(*)` }).from(attemptHistory).where(eq(attemptHistory.attemptId, attemptId))),
    audit: await count(t.db.select({ n: sql<number>`count(*)` }).from(auditLog).where(eq(auditLog.attemptId, attemptId))),
    outbox: await count(t.db.select({ n: sql<number>`count(*)` }).from(outbox)),
  };
}

describe("changeStatusOnAppeal", () => {
  it("rejected → verified: audited with the admin, before, after and reason; credit satisfied, override undone, e-mail, webhook, reviewer stamped", async () => {
    const attempt = await handedIn("second_review_required", true);
    // First a rejection (writes the grade override), then the appeal overturns it.
    await changeStatusOnAppeal(await ctxFor(admin), { attemptId: attempt.id, status: "rejected", reason: "First look" });
    expect(await activeOverrides(attempt.userId)).toHaveLength(1);
    expect(await creditOf(attempt.userId)).toBe("failed");

    const ctx = await ctxFor(admin);
    const result = await changeStatusOnAppeal(ctx, { attemptId: attempt.id, status: "verified", reason: "  The second person was the approved aide.  ", expectedStatus: "rejected" });
    expect(result).toEqual({ attempt_id: attempt.id, from: "rejected", status: "verified", changed: true });

    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, APPEAL_ACTION)));
    const last = audit[audit.length - 1]!;
    expect(last).toMatchObject({ actorKind: "user", actorUserId: admin.id, fromStatus: "rejected", toStatus: "verified", requestId: ctx.requestId, courseKey: course.courseKey });
    expect(last.at.toISOString()).toBe(ctx.now.toISOString());
    expect(last.data).toMatchObject({ reason: "The second person was the approved aide." });

    expect(await creditOf(attempt.userId)).toBe("satisfied");
    expect(await activeOverrides(attempt.userId)).toHaveLength(0);
    const emails = await outboxOf(attempt.id, "email.attempt_status");
    expect(emails.map((e) => (e.payload as { template: string }).template)).toEqual(["rejected", "verified"]);
    expect((await outboxOf(attempt.id, "webhook.attempt_status")).map((w) => (w.payload as { status: string }).status)).toEqual(["rejected", "verified"]);
    const [review] = await t.db.select().from(reviews).where(eq(reviews.attemptCode, attempt.attemptCode!));
    expect(review!.reviewedById).toBe(admin.id);
  });

  it("verified → rejected: credit failed and the grade override attributed to the admin", async () => {
    const attempt = await handedIn("verified");
    await changeStatusOnAppeal(await ctxFor(admin), { attemptId: attempt.id, status: "rejected", reason: "Evidence of notes found later." });
    expect(await creditOf(attempt.userId)).toBe("failed");
    const overrides = await activeOverrides(attempt.userId);
    expect(overrides).toHaveLength(1);
    expect(overrides[0]!.overriderId).toBe(admin.id);
  });

  it.each([
    ["verified", "second_review_required", null],
    ["rejected", "submitted", "submitted"],
    ["submitted", "error", "failed"],
    ["error", "verified", "satisfied"],
  ] as const)("%s → %s is allowed, with the lifecycle's credit status", async (from, to, credit) => {
    const attempt = await handedIn(from);
    const result = await changeStatusOnAppeal(await ctxFor(admin), { attemptId: attempt.id, status: to, reason: "Appeal upheld" });
    expect(result.status).toBe(to);
    const [after] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(after!.status).toBe(to);
    expect((await creditOf(attempt.userId)) ?? null).toBe(credit);
    expect(await outboxOf(attempt.id, "webhook.attempt_status")).toHaveLength(1);
  });

  it("the same status again changes nothing", async () => {
    const attempt = await handedIn("verified");
    const before = await footprint(attempt.id);
    const result = await changeStatusOnAppeal(await ctxFor(admin), { attemptId: attempt.id, status: "verified", reason: "again" });
    expect(result.changed).toBe(false);
    expect(await footprint(attempt.id)).toEqual(before);
  });

  it.each(["started", "created", "ready_to_submit", "declined", "expired"] as const)("refuses an attempt that is %s, and changes nothing", async (status) => {
    const attempt = await handedIn(status);
    const before = await footprint(attempt.id);
    await expectError(changeStatusOnAppeal(await ctxFor(admin), { attemptId: attempt.id, status: "verified", reason: "x" }), "CONFLICT");
    expect(await footprint(attempt.id)).toEqual(before);
  });

  it("refuses targets outside the reviewer's statuses, a blank reason, a missing attempt", async () => {
    const attempt = await handedIn("rejected");
    const before = await footprint(attempt.id);
    const ctx = await ctxFor(admin);
    await expectError(changeStatusOnAppeal(ctx, { attemptId: attempt.id, status: "started", reason: "x" }), "VALIDATION");
    await expectError(changeStatusOnAppeal(ctx, { attemptId: attempt.id, status: "declined", reason: "x" }), "VALIDATION");
    await expectError(changeStatusOnAppeal(ctx, { attemptId: attempt.id, status: "verified", reason: "   " }), "VALIDATION");
    await expectError(changeStatusOnAppeal(ctx, { attemptId: 2_000_000_000, status: "verified", reason: "x" }), "NOT_FOUND");
    expect(await footprint(attempt.id)).toEqual(before);
  });

  it("refuses course staff (not admins), and a stale page's expected status", async () => {
    const attempt = await handedIn("rejected");
    const before = await footprint(attempt.id);
    await expectError(changeStatusOnAppeal(await ctxFor(staff), { attemptId: attempt.id, status: "verified", reason: "x" }), "FORBIDDEN");
    await expectError(changeStatusOnAppeal(await ctxFor(admin), { attemptId: attempt.id, status: "verified", reason: "x", expectedStatus: "second_review_required" }), "CONFLICT");
    expect(await footprint(attempt.id)).toEqual(before);
  });

  it("two admins at once from the same page: one change wins, the other is refused, one audit row", async () => {
    const attempt = await handedIn("rejected");
    const results = await Promise.allSettled([
      changeStatusOnAppeal(await ctxFor(admin), { attemptId: attempt.id, status: "verified", reason: "A", expectedStatus: "rejected" }),
      changeStatusOnAppeal(await ctxFor(admin), { attemptId: attempt.id, status: "second_review_required", reason: "B", expectedStatus: "rejected" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ServiceError);
    expect(await count(t.db.select({ n: sql<number>`count(*)` }).from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, APPEAL_ACTION))))).toBe(1);
  });
});
