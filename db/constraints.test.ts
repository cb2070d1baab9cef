import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, migrationState } from "@/db/client";
import {
  allowanceHistory,
  attemptHistory,
  attempts,
  auditLog,
  courses,
  creditRequirementStatuses,
  creditRequirements,
  enrollments,
  exams,
  reviewHistory,
  reviewPolicyHistory,
  reviews,
  users,
} from "@/db/schema";
import { expectPgError, setupTestDatabase } from "@/lib/testing/db";
import { makeAllowance, makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";

// These run on whichever database the run uses: PGlite by default, the server in DATABASE_URL
// when it is set (CI runs both), so a constraint that one of them ignores shows up here.

const UNIQUE = "23505";
const FOREIGN_KEY = "23503";
const CHECK = "23514";
/** What migration 0001's trigger raises on the append-only tables. */
const RESTRICT = "23001";

const t = setupTestDatabase();

describe("migrations", () => {
  it("are all applied, and the newest is the journal's last entry", async () => {
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    const state = await migrationState(t.db);
    expect(state.pending).toBe(0);
    expect(state.latest).toBe(journal.entries.at(-1)?.tag);
    expect(state.current).toBe(state.latest);
  });
});

describe("unique constraints", () => {
  it("refuse a second exam for the same course and content id", async () => {
    const exam = await makeExam(t.db);
    await expectPgError(
      t.db.insert(exams).values({
        courseKey: exam.courseKey,
        contentId: exam.contentId,
        examName: "Duplicate",
        timeLimitMins: 30,
      }),
      UNIQUE,
      "exams_course_content_key",
    );
    // The same content id in another course is a different exam.
    const other = await makeCourse(t.db);
    await expect(makeExam(t.db, { courseKey: other.courseKey, contentId: exam.contentId })).resolves.toMatchObject({
      courseKey: other.courseKey,
    });
  });

  it("refuse a second allowance for the same user, exam and key", async () => {
    const allowance = await makeAllowance(t.db, { key: "additional_time_granted", value: "15" });
    await expectPgError(
      makeAllowance(t.db, { userId: allowance.userId, examId: allowance.examId, key: allowance.key, value: "20" }),
      UNIQUE,
      "allowances_user_exam_key_key",
    );
    await expect(
      makeAllowance(t.db, { userId: allowance.userId, examId: allowance.examId, key: "review_policy_exception" }),
    ).resolves.toMatchObject({ key: "review_policy_exception" });
  });

  it("refuse a second active enrollment in a course, but keep inactive ones beside it", async () => {
    const user = await makeUser(t.db);
    const course = await makeCourse(t.db);
    await makeEnrollment(t.db, { userId: user.id, courseId: course.id, isActive: false });
    await makeEnrollment(t.db, { userId: user.id, courseId: course.id, isActive: false });
    await makeEnrollment(t.db, { userId: user.id, courseId: course.id, isActive: true });
    await expectPgError(
      makeEnrollment(t.db, { userId: user.id, courseId: course.id, isActive: true, mode: "audit" }),
      UNIQUE,
      "enrollments_one_active_key",
    );
    const rows = await t.db.select().from(enrollments).where(eq(enrollments.userId, user.id));
    expect(rows.map((r) => r.isActive).sort()).toEqual([false, false, true]);
  });

  it("refuse a repeated attempt code, while attempts without one may coexist", async () => {
    const exam = await makeExam(t.db);
    const user = await makeUser(t.db);
    const attempt = { userId: user.id, examId: exam.id, courseKey: exam.courseKey, status: "created" as const };
    await t.db.insert(attempts).values([
      { ...attempt, attemptCode: "CODE-1" },
      { ...attempt, attemptCode: null },
      { ...attempt, attemptCode: null },
    ]);
    await expectPgError(
      t.db.insert(attempts).values({ ...attempt, attemptCode: "CODE-1" }),
      UNIQUE,
      "attempts_attempt_code_key",
    );
  });
});

describe("foreign keys", () => {
  it("refuse an exam for an unknown course key", async () => {
    await expectPgError(
      t.db.insert(exams).values({
        courseKey: "course-v1:Nobody+None+Never",
        contentId: "block-v1:Nobody+None+Never+type@sequential+block@x",
        examName: "Orphan",
        timeLimitMins: 10,
      }),
      FOREIGN_KEY,
    );
  });
});

describe("check constraints", () => {
  it("refuse an unknown enrollment mode", async () => {
    const user = await makeUser(t.db);
    const course = await makeCourse(t.db);
    await expectPgError(
      // The column type only admits known modes; the database must refuse what the types cannot see.
      t.db.insert(enrollments).values({ userId: user.id, courseId: course.id, mode: "bogus" as "audit" }),
      CHECK,
      "enrollments_mode_check",
    );
  });

  it("refuse an unknown review status", async () => {
    await expectPgError(
      t.db.insert(reviews).values({ attemptCode: "REVIEW-1", reviewStatus: "Great" as "Clean", rawData: "{}" }),
      CHECK,
      "reviews_status_check",
    );
  });

  it("refuse an unknown identity-verification status, and default to none", async () => {
    const user = await makeUser(t.db);
    expect(user.verificationStatus).toBe("none");
    await expectPgError(
      t.db.update(users).set({ verificationStatus: "verified" as "approved" }).where(eq(users.id, user.id)),
      CHECK,
      "users_verification_status_check",
    );
  });

  it("refuse an unknown credit requirement status or source, and a negative requirement order", async () => {
    const user = await makeUser(t.db);
    const course = await makeCourse(t.db);
    const row = { userId: user.id, courseId: course.id, namespace: "reverification", name: "icrv" };
    await expectPgError(
      t.db.insert(creditRequirementStatuses).values({ ...row, status: "in_progress" as "pending" }),
      CHECK,
      "credit_requirement_statuses_status_check",
    );
    await expectPgError(
      t.db.insert(creditRequirementStatuses).values({ ...row, status: "pending", source: "studio" as "lms" }),
      CHECK,
      "credit_requirement_statuses_source_check",
    );
    const [pending] = await t.db.insert(creditRequirementStatuses).values({ ...row, status: "pending" }).returning();
    expect(pending).toMatchObject({ source: "proctoring", statusDate: null });
    await expectPgError(
      t.db.insert(creditRequirements).values({ courseId: course.id, namespace: "grade", name: "grade", order: -1 }),
      CHECK,
      "credit_requirements_order_check",
    );
  });

  it("refuse a course's requirement twice under the same namespace and name", async () => {
    const course = await makeCourse(t.db);
    const requirement = { courseId: course.id, namespace: "proctored_exam", name: "block-v1:x", displayName: "Final", order: 1 };
    await t.db.insert(creditRequirements).values(requirement);
    await expectPgError(t.db.insert(creditRequirements).values({ ...requirement, order: 2 }), UNIQUE, "credit_requirements_key");
    await expect(t.db.insert(creditRequirements).values({ ...requirement, namespace: "reverification" })).resolves.toBeDefined();
  });
});

describe("append-only tables", () => {
  const row = { userId: 1, examId: 1, courseKey: "course-v1:X+Y+Z", status: "started" as const };
  const tables = [
    {
      name: "audit_log",
      insert: () =>
        t.db
          .insert(auditLog)
          .values({ actorKind: "system", action: "test.append", entityType: "test", source: "system" })
          .returning({ id: auditLog.id }),
      update: (id: number) => t.db.update(auditLog).set({ action: "test.rewritten" }).where(eq(auditLog.id, id)),
      remove: (id: number) => t.db.delete(auditLog).where(eq(auditLog.id, id)),
    },
    {
      name: "attempt_history",
      insert: () => t.db.insert(attemptHistory).values({ ...row, attemptId: 1 }).returning({ id: attemptHistory.id }),
      update: (id: number) =>
        t.db.update(attemptHistory).set({ status: "verified" }).where(eq(attemptHistory.id, id)),
      remove: (id: number) => t.db.delete(attemptHistory).where(eq(attemptHistory.id, id)),
    },
    {
      name: "allowance_history",
      insert: () =>
        t.db
          .insert(allowanceHistory)
          .values({ allowanceId: 1, userId: 1, examId: 1, key: "additional_time_granted", value: "5" })
          .returning({ id: allowanceHistory.id }),
      update: (id: number) => t.db.update(allowanceHistory).set({ value: "50" }).where(eq(allowanceHistory.id, id)),
      remove: (id: number) => t.db.delete(allowanceHistory).where(eq(allowanceHistory.id, id)),
    },
    {
      name: "review_policy_history",
      insert: () =>
        t.db
          .insert(reviewPolicyHistory)
          .values({ originalId: 1, setByUserId: 1, examId: 1, reviewPolicy: "no notes" })
          .returning({ id: reviewPolicyHistory.id }),
      update: (id: number) =>
        t.db.update(reviewPolicyHistory).set({ reviewPolicy: "notes" }).where(eq(reviewPolicyHistory.id, id)),
      remove: (id: number) => t.db.delete(reviewPolicyHistory).where(eq(reviewPolicyHistory.id, id)),
    },
    {
      name: "review_history",
      insert: () =>
        t.db
          .insert(reviewHistory)
          .values({ reviewId: 1, attemptCode: "HIST-1", reviewStatus: "Clean", rawData: "{}" })
          .returning({ id: reviewHistory.id }),
      update: (id: number) =>
        t.db.update(reviewHistory).set({ reviewStatus: "Suspicious" }).where(eq(reviewHistory.id, id)),
      remove: (id: number) => t.db.delete(reviewHistory).where(eq(reviewHistory.id, id)),
    },
  ];

  it.each(tables)("$name accepts inserts but refuses UPDATE and DELETE", async ({ insert, update, remove }) => {
    const [inserted] = await insert();
    const id = inserted!.id;
    await expectPgError(update(id), RESTRICT);
    await expectPgError(remove(id), RESTRICT);
  });
});

describe("renaming a course key", () => {
  it("carries the new key to its exams and to the copy on their attempts", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey });
    const attempt = await makeAttempt(t.db, { exam });
    const renamed = `${course.courseKey}-renamed`;
    await t.db.update(courses).set({ courseKey: renamed }).where(eq(courses.id, course.id));
    const [examAfter] = await t.db.select().from(exams).where(eq(exams.id, exam.id));
    const [attemptAfter] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(examAfter?.courseKey).toBe(renamed);
    expect(attemptAfter?.courseKey).toBe(renamed);
  });

  it("refuses an attempt whose course key names no course", async () => {
    const exam = await makeExam(t.db);
    await expectPgError(makeAttempt(t.db, { exam, courseKey: "course-v1:Nope+N+1" }), "23503");
  });
});
