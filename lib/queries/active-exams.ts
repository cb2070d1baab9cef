import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { allowances, attempts, exams, users } from "@/db/schema";
import { isCourseStaff } from "@/lib/domain/actor";
import { isInProgress } from "@/lib/domain/statuses";
import { allowanceJson, attemptJson, examJson, type AttemptJson, type ExamJson } from "@/lib/data/edx-json";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import type { ServiceContext } from "@/lib/data/context";
import { resolveSubjectUser } from "@/lib/data/users";
import { requireUserActor } from "./pagination";

export interface ActiveExamJson {
  exam: ExamJson;
  attempt: AttemptJson;
  allowances: ReturnType<typeof allowanceJson>[];
}

/**
 * GET …/proctored_exam/active_exams_for_user (§8.17): the learner's running attempts (started or
 * ready_to_submit, newest first; one whose time ran out is, in effect, submitted and left out) with their exams and allowances.
 *
 * 3.8.1 serves anyone's data to anyone signed in (§17.5). We serve the caller's own; another
 * learner's only to admins, or to staff of `course_id` and then only that course's exams.
 */
export async function activeExamsForUser(
  ctx: ServiceContext,
  input: { userId: number | null; courseKey: string | null },
): Promise<ActiveExamJson[]> {
  const me = requireUserActor(ctx);
  const userId = await resolveSubjectUser(ctx, input.userId, me.isAdmin || (input.courseKey !== null && isCourseStaff(me, input.courseKey)));

  const running = await ctx.db
    .select()
    .from(attempts)
    .where(
      and(
        eq(attempts.userId, userId),
        inArray(attempts.status, ["started", "ready_to_submit"]),
        ...(input.courseKey ? [eq(attempts.courseKey, input.courseKey)] : []),
      ),
    )
    .orderBy(desc(attempts.created), desc(attempts.id));
  const active = running.filter((a) => isInProgress(effectiveAttempt(a, ctx.now).status));
  if (active.length === 0) return [];

  const examIds = [...new Set(active.map((a) => a.examId))];
  const [examRows, [user], allowanceRows] = await Promise.all([
    ctx.db.select().from(exams).where(inArray(exams.id, examIds)),
    ctx.db.select({ id: users.id, username: users.username, email: users.email, lmsUserId: users.lmsUserId }).from(users).where(eq(users.id, userId)).limit(1),
    ctx.db
      .select()
      .from(allowances)
      .where(and(eq(allowances.userId, userId), inArray(allowances.examId, examIds)))
      .orderBy(allowances.id),
  ]);
  if (!user) return [];
  const examById = new Map(examRows.map((e) => [e.id, e]));
  return active.flatMap((attempt) => {
    const exam = examById.get(attempt.examId);
    if (!exam) return [];
    return [
      {
        exam: examJson(exam),
        attempt: attemptJson(attempt, exam, user),
        allowances: allowanceRows.filter((a) => a.examId === exam.id).map((a) => allowanceJson(a, exam, user)),
      },
    ];
  });
}
