import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  attemptHistory,
  attempts,
  auditLog,
  backendConfigs,
  courseRoles,
  creditRequirementStatuses,
  gradeOverrides,
  outbox,
  reviewComments,
  reviewHistory,
  reviews,
  type Attempt,
  type AttemptStatus,
  type Course,
  type Exam,
  type User,
} from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { Principal } from "@/lib/domain/actor";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { STAFF_REVIEW_ACTION, staffReview } from "./staff-review";
import { StaffReviewDecision } from "@/lib/domain/review-input";

const t = setupTestDatabase();

let course: Course;
let otherCourse: Course;
let proctored: Exam;
let onboarding: Exam;
let staff: User;
let instructor: User;
let otherStaff: User;
let admin: User;
let learner: User;

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values({ name: "mock", kind: "mock", verboseName: "Mock Backend", isDefault: true });
  course = await makeCourse(db, { overrideGradeOnRejectedExam: true });
  otherCourse = await makeCourse(db);
  proctored = await makeExam(db, { courseKey: course.courseKey, isProctored: true, backend: "mock", examName: "Final" });
  onboarding = await makeExam(db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "mock", examName: "Onboarding" });
  staff = await makeUser(db);
  instructor = await makeUser(db);
  otherStaff = await makeUser(db);
  admin = await makeUser(db, { isAdmin: true });
  learner = await makeUser(db);
  await db.insert(courseRoles).values([
    { userId: staff.id, courseId: course.id, role: "staff" },
    { userId: instructor.id, courseId: course.id, role: "instructor" },
    { userId: otherStaff.id, courseId: otherCourse.id, role: "staff" },
  ]);
});

async function ctxFor(who: User | Principal, source: ServiceContext["source"] = "web"): Promise<ServiceContext> {
  const principal = "kind" in who ? who : (await loadUserActor(t.db, who.id))!;
  return { db: t.db, principal, now: new Date(), requestId: newRequestId(), source };
}

/** A learner's flagged attempt, with the vendor's review and two comments when `review` is given. */
async function flagged(status: AttemptStatus, options: { review?: "Suspicious" | "Not Reviewed" | "Rules Violation"; exam?: Exam } = {}): Promise<Attempt> {
  const user = await makeUser(t.db);
  const exam = options.exam ?? proctored;
  const attempt = await makeAttempt(t.db, {
    exam,
    userId: user.id,
    status,
    takingAsProctored: true,
    isSampleAttempt: exam.isPracticeExam,
    externalId: crypto.randomUUID(),
    startedAt: new Date(Date.now() - 3_600_000),
    completedAt: new Date(Date.now() - 1_800_000),
  });
  if (options.review) {
    const [review] = await t.db
      .insert(reviews)
      .values({ attemptCode: attempt.attemptCode!, reviewStatus: options.review, rawData: "{}", studentId: user.id, examId: exam.id })
      .returning();
    await t.db.insert(reviewComments).values([
      { reviewId: review!.id, startTime: 10, stopTime: 20, duration: 10, comment: "Looked away", status: "Suspicious" },
      { reviewId: review!.id, startTime: 30, stopTime: 40, duration: 10, comment: "Phone visible", status: "Rules Violation" },
    ]);
  }
  return attempt;
}

/** Rows a decision may write, for "nothing changed" checks. */
async function footprint(db: Db, attemptId: number) {
  const [a] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  const count = async (query: Promise<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);
  return {
    status: a?.status,
    modified: a?.modified.toISOString(),
    history: await count(db.select({ n: sql<number>`count(*)` }).from(attemptHistory).where(eq(attemptHistory.attemptId, attemptId))),
    audit: await count(db.select({ n: sql<number>`count(*)` }).from(auditLog).where(eq(auditLog.attemptId, attemptId))),
    outbox: await count(db.select({ n: sql<number>`count(*)` }).from(outbox)),
    reviewHistory: await count(db.select({ n: sql<number>`count(*)` }).from(reviewHistory)),
  };
}

async function expectError(promise: Promise<unknown>, code: ServiceError["code"], status: number): Promise<ServiceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe(code);
  expect((error as ServiceError).status).toBe(status);
  return error as ServiceError;
}

const emailsOf = (attemptId: number) =>
  t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, "email.attempt_status"), sql`(${outbox.payload}->>'attempt_id')::int = ${attemptId}`));

describe("staffReview: verify", () => {
  it("verifies a second_review_required attempt like a passing review: history, audit with the note, credit, e-mail, reviewer stamp", async () => {
    const attempt = await flagged("second_review_required", { review: "Suspicious" });
    const ctx = await ctxFor(staff);
    const result = await staffReview(ctx, { attemptId: attempt.id, decision: "verify", note: "  Phone was the proctor's call, allowed.  " });
    expect(result).toEqual({ attempt_id: attempt.id, decision: "verify", status: "verified", changed: true });

    const [after] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(after!.status).toBe("verified");

    const history = await t.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, attempt.id));
    expect(history.map((h) => h.status)).toEqual(["second_review_required"]);

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.attemptId, attempt.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: STAFF_REVIEW_ACTION,
      actorKind: "user",
      actorUserId: staff.id,
      source: "web",
      requestId: ctx.requestId,
      fromStatus: "second_review_required",
      toStatus: "verified",
      subjectUserId: attempt.userId,
      courseKey: course.courseKey,
    });
    expect(audit[0]!.at.toISOString()).toBe(ctx.now.toISOString());
    expect(audit[0]!.data).toMatchObject({ decision: "verify", note: "Phone was the proctor's call, allowed.", review_status: "Suspicious" });

    // The learner's e-mail goes out after commit, as for a vendor's passing review (§11.1).
    const emails = await emailsOf(attempt.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.payload).toMatchObject({ attempt_id: attempt.id, template: "verified", backend: "mock" });
    expect(emails[0]!.requestId).toBe(ctx.requestId);

    const [credit] = await t.db
      .select()
      .from(creditRequirementStatuses)
      .where(and(eq(creditRequirementStatuses.userId, attempt.userId), eq(creditRequirementStatuses.name, proctored.contentId)));
    expect(credit!.status).toBe("satisfied");

    // The vendor's verdict stays; the review is marked as looked at by this person, the old row archived.
    const [review] = await t.db.select().from(reviews).where(eq(reviews.attemptCode, attempt.attemptCode!));
    expect(review).toMatchObject({ reviewStatus: "Suspicious", reviewedById: staff.id });
    const archived = await t.db.select().from(reviewHistory).where(eq(reviewHistory.reviewId, review!.id));
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatchObject({ reviewStatus: "Suspicious", reviewedById: null });
    // Comments are the vendor's and stay as they were.
    expect(await t.db.select().from(reviewComments).where(eq(reviewComments.reviewId, review!.id))).toHaveLength(2);
  });

  it("verifies an errored attempt without any review (the note lives in the audit row)", async () => {
    const attempt = await flagged("error");
    const result = await staffReview(await ctxFor(instructor), { attemptId: attempt.id, decision: "verify", note: "Network blip, session complete." });
    expect(result.status).toBe("verified");
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.attemptId, attempt.id));
    expect(audit!.data).toMatchObject({ decision: "verify", note: "Network blip, session complete.", review_id: null });
    expect(await emailsOf(attempt.id)).toHaveLength(1);
  });

  it("lets an admin decide in any course", async () => {
    const attempt = await flagged("second_review_required", { review: "Rules Violation" });
    expect((await staffReview(await ctxFor(admin), { attemptId: attempt.id, decision: "verify", note: "ok" })).status).toBe("verified");
  });
});

describe("staffReview: reject", () => {
  it("rejects a second_review_required attempt: credit failed, grade override attributed to the staff member, certificate, e-mail", async () => {
    const attempt = await flagged("second_review_required", { review: "Suspicious" });
    const ctx = await ctxFor(staff);
    const result = await staffReview(ctx, { attemptId: attempt.id, decision: "reject", note: "Second person in the room at 12:40." });
    expect(result).toEqual({ attempt_id: attempt.id, decision: "reject", status: "rejected", changed: true });

    const [override] = await t.db
      .select()
      .from(gradeOverrides)
      .where(and(eq(gradeOverrides.userId, attempt.userId), eq(gradeOverrides.usageKey, proctored.contentId)));
    expect(override).toMatchObject({ earnedAll: 0, earnedGraded: 0, overriderId: staff.id, active: true, comment: "Failed Mock Backend proctoring" });
    const [credit] = await t.db.select().from(creditRequirementStatuses).where(eq(creditRequirementStatuses.userId, attempt.userId));
    expect(credit!.status).toBe("failed");

    const topics = (await t.db.select().from(outbox).where(eq(outbox.requestId, ctx.requestId))).map((r) => r.topic).sort();
    expect(topics).toEqual(
      ["email.attempt_status", "webhook.attempt_status", "webhook.certificate_invalidate", "webhook.credit_requirement", "webhook.grade_override"].sort(),
    );
    expect((await emailsOf(attempt.id))[0]!.payload).toMatchObject({ template: "rejected" });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.attemptId, attempt.id));
    expect(audit).toMatchObject({ action: STAFF_REVIEW_ACTION, actorUserId: staff.id, fromStatus: "second_review_required", toStatus: "rejected" });
    expect(audit!.data).toMatchObject({ decision: "reject", note: "Second person in the room at 12:40." });
  });

  it("rejects an errored attempt with a Not Reviewed review", async () => {
    const attempt = await flagged("error", { review: "Not Reviewed" });
    const result = await staffReview(await ctxFor(staff), { attemptId: attempt.id, decision: "reject", note: "Recording missing; ID never shown." });
    expect(result.status).toBe("rejected");
    const history = await t.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, attempt.id));
    expect(history.map((h) => h.status)).toEqual(["error"]);
    expect((await emailsOf(attempt.id)).map((e) => e.payload.template)).toEqual(["rejected"]);
    const [review] = await t.db.select().from(reviews).where(eq(reviews.attemptCode, attempt.attemptCode!));
    expect(review).toMatchObject({ reviewStatus: "Not Reviewed", reviewedById: staff.id });
  });

  it("sends no e-mail for an onboarding (sample) attempt, as for a vendor's review (§11.1)", async () => {
    const attempt = await flagged("second_review_required", { review: "Suspicious", exam: onboarding });
    await staffReview(await ctxFor(staff), { attemptId: attempt.id, decision: "reject", note: "Not the learner on the ID." });
    expect(await emailsOf(attempt.id)).toEqual([]);
  });
});

describe("staffReview: refusals and repeats", () => {
  it.each(["submitted", "started", "created", "ready_to_resume", "declined"] as const)("refuses an attempt in %s with a 409 and writes nothing", async (status) => {
    const attempt = await flagged(status);
    const before = await footprint(t.db, attempt.id);
    const error = await expectError(staffReview(await ctxFor(staff), { attemptId: attempt.id, decision: "verify", note: "x" }), "CONFLICT", 409);
    expect(error.detail).toContain(`is ${status}: only attempts that need a second review or ended in error`);
    expect(await footprint(t.db, attempt.id)).toEqual(before);
  });

  it("answers a repeated decision with changed: false and writes nothing; the other decision is a 409", async () => {
    const attempt = await flagged("second_review_required", { review: "Suspicious" });
    await staffReview(await ctxFor(staff), { attemptId: attempt.id, decision: "reject", note: "first" });
    const before = await footprint(t.db, attempt.id);
    const again = await staffReview(await ctxFor(instructor), { attemptId: attempt.id, decision: "reject", note: "double click" });
    expect(again).toEqual({ attempt_id: attempt.id, decision: "reject", status: "rejected", changed: false });
    expect(await footprint(t.db, attempt.id)).toEqual(before);
    const flip = await expectError(staffReview(await ctxFor(staff), { attemptId: attempt.id, decision: "verify", note: "changed my mind" }), "CONFLICT", 409);
    expect(flip.detail).toBe(`Attempt ${attempt.id} is already rejected; it cannot be verified now. Reload to see its current state.`);
    expect(await footprint(t.db, attempt.id)).toEqual(before);
  });

  it("runs two decisions at once one after the other (row lock): one decides, the other sees it", async () => {
    const attempt = await flagged("second_review_required", { review: "Suspicious" });
    const results = await Promise.allSettled([
      staffReview(await ctxFor(staff), { attemptId: attempt.id, decision: "verify", note: "a" }),
      staffReview(await ctxFor(instructor), { attemptId: attempt.id, decision: "reject", note: "b" }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0]!.reason as ServiceError).code).toBe("CONFLICT");
    const history = await t.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, attempt.id));
    expect(history).toHaveLength(1);
  });

  it("is for staff of the attempt's course and admins: learners, other courses' staff and service tokens get 403 and nothing changes", async () => {
    const attempt = await flagged("second_review_required", { review: "Suspicious" });
    const owner = (await t.db.select().from(attempts).where(eq(attempts.id, attempt.id)))[0]!.userId;
    const before = await footprint(t.db, attempt.id);
    const service: Principal = { kind: "service", tokenId: 1, name: "lms", scopes: ["admin:api", "lms:sync"], backendName: null };
    const vendor: Principal = { kind: "service", tokenId: 2, name: "vendor", scopes: ["vendor:callbacks"], backendName: "mock" };
    const callers: (User | Principal)[] = [learner, otherStaff, { ...(await loadUserActor(t.db, owner))! }, service, vendor, { kind: "system", name: "x" }];
    for (const who of callers) {
      await expectError(staffReview(await ctxFor(who), { attemptId: attempt.id, decision: "reject", note: "x" }), "FORBIDDEN", 403);
      // Naming the attempt's own course does not help.
      await expectError(staffReview(await ctxFor(who), { attemptId: attempt.id, courseKey: course.courseKey, decision: "reject", note: "x" }), "FORBIDDEN", 403);
    }
    // Staff of another course naming their own course: the attempt is not in it.
    await expectError(staffReview(await ctxFor(otherStaff), { attemptId: attempt.id, courseKey: otherCourse.courseKey, decision: "reject", note: "x" }), "NOT_FOUND", 404);
    expect(await footprint(t.db, attempt.id)).toEqual(before);
  });

  it("answers an unknown attempt 404 to staff of the named course and admins, 403 to others", async () => {
    await expectError(staffReview(await ctxFor(staff), { attemptId: 99_999_999, courseKey: course.courseKey, decision: "verify", note: "x" }), "NOT_FOUND", 404);
    await expectError(staffReview(await ctxFor(admin), { attemptId: 99_999_999, decision: "verify", note: "x" }), "NOT_FOUND", 404);
    await expectError(staffReview(await ctxFor(staff), { attemptId: 99_999_999, decision: "verify", note: "x" }), "FORBIDDEN", 403);
  });

  it("validates the decision and the note with the form's schema (every problem at once, nothing written)", async () => {
    const attempt = await flagged("error");
    const before = await footprint(t.db, attempt.id);
    const ctx = await ctxFor(staff);
    const missing = await expectError(staffReview(ctx, { attemptId: attempt.id }), "VALIDATION", 400);
    expect((missing.extra?.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(["decision", "note"]);
    const blank = await expectError(staffReview(ctx, { attemptId: attempt.id, decision: "verify", note: "   " }), "VALIDATION", 400);
    expect(blank.detail).toContain("Write a note");
    await expectError(staffReview(ctx, { attemptId: attempt.id, decision: "approve", note: "x" }), "VALIDATION", 400);
    await expectError(staffReview(ctx, { attemptId: attempt.id, decision: "verify", note: "x".repeat(2001) }), "VALIDATION", 400);
    await expectError(staffReview(ctx, { attemptId: "abc", decision: "verify", note: "x" }), "VALIDATION", 400);
    expect(await footprint(t.db, attempt.id)).toEqual(before);
    // The form parses with the very same rules.
    expect(StaffReviewDecision.safeParse({ decision: "verify", note: "   " }).success).toBe(false);
    expect(StaffReviewDecision.parse({ decision: "reject", note: " why " })).toEqual({ decision: "reject", note: "why" });
  });
});

describe("the audit rows of decisions", () => {
  it("are one per decision, findable by action", async () => {
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, STAFF_REVIEW_ACTION));
    const ids = rows.map((r) => r.attemptId!);
    expect(new Set(ids).size).toBe(ids.length);
    const decided = await t.db.select().from(attempts).where(inArray(attempts.id, ids));
    expect(decided.every((a) => a.status === "verified" || a.status === "rejected")).toBe(true);
  });
});
