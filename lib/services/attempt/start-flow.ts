import { z } from "zod";
import { hasDueDatePassed } from "@/lib/domain/time";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { MAX_INT32 } from "@/lib/domain/input";
import { createExamAttempt } from "./create";
import { learnerDueDate, lockAttempt, requireExam } from "./store";
import { startLockedAttempt, transitionAttempt } from "./transition";

/** "true"/"false" strings (what the Open edX client sends) and JSON booleans alike. */
export const FlexibleBoolean = z
  .union([z.boolean(), z.enum(["true", "false", "True", "False", "1", "0", ""])])
  .transform((v) => (typeof v === "boolean" ? v : v.toLowerCase() === "true" || v === "1"));

export const CreateAttemptRequest = z.object({
  exam_id: z
    .union([z.number(), z.string().regex(/^\d+$/, "must be a positive integer").transform(Number)])
    .pipe(z.number().int().min(1, "must be a positive integer").max(MAX_INT32, "must be a positive integer")),
  attempt_proctored: FlexibleBoolean.optional().default(false),
  start_clock: FlexibleBoolean.optional().default(false),
});
export type CreateAttemptRequest = z.input<typeof CreateAttemptRequest>;

/**
 * POST …/attempt (§8.5): create the learner's attempt, then decline it (proctored exam taken
 * without proctoring) or start the clock. Returns the attempt id.
 */
export async function createAttemptForLearner(ctx: ServiceContext, raw: unknown): Promise<number> {
  const p = ctx.principal;
  if (p.kind !== "user") throw new ServiceError("FORBIDDEN", "Attempts are created by learners for themselves.");
  const parsed = CreateAttemptRequest.safeParse(raw);
  if (!parsed.success) {
    throw new ServiceError("VALIDATION", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  const input = parsed.data;
  const exam = await requireExam(ctx.db, input.exam_id);
  if (!exam.isActive) throw new ServiceError("VALIDATION", `Exam exam_id=${exam.id} is not active.`);
  const due = await learnerDueDate(ctx.db, p.userId, exam);
  if (!exam.isPracticeExam && hasDueDatePassed(due, ctx.now)) {
    throw new ServiceError(
      "FORBIDDEN",
      `user_id=${p.userId} attempted to create an attempt for expired exam with exam_id=${exam.id} in course_id=${exam.courseKey}`,
    );
  }
  const attempt = await createExamAttempt(ctx, { examId: exam.id, userId: p.userId, takingAsProctored: input.attempt_proctored });
  // Declined at creation: a credit prerequisite was declined (§12.3), the exam is taken unproctored.
  if (attempt.status === "declined") return attempt.id;
  const declining = exam.isProctored && !input.attempt_proctored;
  if (!declining && !input.start_clock) return attempt.id;
  return ctx.db.transaction(async (tx) => {
    const locked = await lockAttempt(tx, attempt.id);
    if (!locked) return attempt.id;
    if (declining) {
      if (locked.status === "created") await transitionAttempt(tx, ctx, locked, "declined", { action: "attempt.decline" });
      return locked.id;
    }
    // A repeated "start" click finds the attempt already running: answer with it, unchanged.
    if (locked.status === "started") return locked.id;
    await startLockedAttempt(tx, ctx, locked, exam);
    return locked.id;
  });
}
