import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { creditRequirementStatuses, type Attempt, type Exam } from "@/db/schema";
import { isCourseStaff } from "@/lib/domain/actor";
import { CREDIT_UPDATE_STATUSES } from "@/lib/domain/statuses";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import { enqueue } from "../journal";
import { attemptsOfPair, findAttempt, findCourse, lockAttempt, requireExam } from "./store";
import { deleteAttemptRow, undoGradeOverride } from "./transition";

/** remove_exam_attempt (§4.10) inside a transaction, on a locked attempt. */
export async function removeAttemptInTx(tx: DbOrTx, ctx: ServiceContext, attempt: Attempt, exam: Exam, action: string): Promise<void> {
  await deleteAttemptRow(tx, ctx, attempt, action);
  const course = await findCourse(tx, exam.courseKey);
  if (course) {
    await undoGradeOverride(tx, ctx, attempt.userId, course.id, exam);
    if (CREDIT_UPDATE_STATUSES.has(attempt.status)) {
      await tx
        .delete(creditRequirementStatuses)
        .where(
          and(
            eq(creditRequirementStatuses.userId, attempt.userId),
            eq(creditRequirementStatuses.courseId, course.id),
            eq(creditRequirementStatuses.namespace, "proctored_exam"),
            eq(creditRequirementStatuses.name, exam.contentId),
          ),
        );
    }
  }
  // The LMS clears the learner's state in the subsection (instructor.delete_student_attempt).
  await enqueue(tx, ctx, "webhook.attempt_deleted", {
    attempt_id: attempt.id,
    user_id: attempt.userId,
    course_id: exam.courseKey,
    content_id: exam.contentId,
  });
}

function requireStaffOf(ctx: ServiceContext, courseKey: string): void {
  const p = ctx.principal;
  if (p.kind !== "user" || !isCourseStaff(p, courseKey)) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
}

/** DELETE …/attempt/<id> (§8.8): course staff remove one attempt. */
export async function removeAttempt(ctx: ServiceContext, attemptId: number): Promise<void> {
  const attempt = await findAttempt(ctx.db, attemptId);
  if (!attempt) {
    // Say nothing about other courses' attempts to non-admins: same answer as a missing one.
    throw new ServiceError("NOT_FOUND", `Cannot remove attempt for attempt_id=${attemptId} because it does not exist!`, { status: 400 });
  }
  requireStaffOf(ctx, attempt.courseKey);
  const exam = await requireExam(ctx.db, attempt.examId);
  await ctx.db.transaction(async (tx) => {
    const locked = await lockAttempt(tx, attemptId);
    if (locked) await removeAttemptInTx(tx, ctx, locked, exam, "attempt.remove");
  });
}

/** DELETE …/exam_id/<e>/user_id/<u>/reset_attempts (§8.16): every attempt of the pair. */
export async function resetAttempts(ctx: ServiceContext, examId: number, userId: number): Promise<number> {
  const exam = await requireExam(ctx.db, examId);
  requireStaffOf(ctx, exam.courseKey);
  const list = await attemptsOfPair(ctx.db, examId, userId);
  if (list.length === 0) {
    throw new ServiceError("NOT_FOUND", "There are no attempts related to this user id and exam id");
  }
  await ctx.db.transaction(async (tx) => {
    for (const a of list) {
      const locked = await lockAttempt(tx, a.id);
      if (locked) await removeAttemptInTx(tx, ctx, locked, exam, "attempt.reset_all");
    }
  });
  return list.length;
}
