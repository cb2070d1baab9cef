import { eq } from "drizzle-orm";
import { users, type Attempt } from "@/db/schema";
import { isCreditGated } from "@/lib/domain/credit";
import { ServiceError } from "@/lib/domain/errors";
import { hasDueDatePassed } from "@/lib/domain/time";
import { learnerEligibility } from "@/lib/data/credit-eligibility";
import type { ServiceContext } from "@/lib/data/context";
import { createExamAttempt, isRefusedByEnrollment } from "./create";
import { currentAttempt, findCourse, findExam, learnerDueDate, lockAttempt } from "./store";
import { transitionAttempt } from "./transition";

/**
 * §12.3 "no attempt, some credit prerequisite declined": the attempt is created and declined at
 * once (3.8.1 `check_prerequisites` → `_create_and_decline_attempt`), so the learner gets the
 * exam's content without proctoring. The learner's page and the client's read
 * (`attempt/course_id/<course>`) call it before they read (a read never writes, decision 025;
 * docs/decisions/031-credit-eligibility.md).
 *
 * Idempotent: it does nothing (null) unless all of §12.3's earlier rows let it through — a
 * non-practice proctored, active exam, no attempt yet, an active account, the due date and the
 * course's end not passed, an enrollment that may take proctored exams — and a prerequisite before the exam is
 * declined. Otherwise it returns the declined attempt. Only the learner themselves (or
 * Invigil's own jobs) may call it: staff looking at a learner's page change nothing.
 */
export async function declineForPrerequisite(ctx: ServiceContext, input: { examId: number; userId: number }): Promise<Attempt | null> {
  const p = ctx.principal;
  if (!(p.kind === "system" || (p.kind === "user" && p.userId === input.userId))) {
    throw new ServiceError("FORBIDDEN", "Only the learner's own visit declines their exam for a declined prerequisite.");
  }
  const exam = await findExam(ctx.db, input.examId);
  if (!exam || !exam.isActive || !isCreditGated(exam)) return null;
  if (await currentAttempt(ctx.db, exam.id, input.userId)) return null;
  const [user] = await ctx.db.select().from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user || !user.isActive) return null;
  if (hasDueDatePassed(await learnerDueDate(ctx.db, user.id, exam), ctx.now)) return null;
  // §12.1 step 3, §12.6: after the course's end a proctored exam is plain content.
  const course = await findCourse(ctx.db, exam.courseKey);
  if (hasDueDatePassed(course?.end ?? null, ctx.now)) return null;
  if (await isRefusedByEnrollment(ctx, exam, user)) return null;
  const eligibility = await learnerEligibility(ctx.db, { userId: user.id, examId: exam.id });
  if (eligibility.prerequisites.declined.length === 0) return null;

  // Two visits racing: createExamAttempt returns the first one's attempt to the second.
  const attempt = await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: false });
  return ctx.db.transaction(async (tx) => {
    const locked = await lockAttempt(tx, attempt.id);
    if (!locked || locked.status !== "created") return locked ?? attempt;
    return (await transitionAttempt(tx, ctx, locked, "declined", { action: "attempt.decline_prerequisite" })).attempt;
  });
}
