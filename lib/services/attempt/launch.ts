import { eq } from "drizzle-orm";
import { attempts, type Attempt, type Exam } from "@/db/schema";
import { resolveExamBackend } from "@/lib/backends/registry";
import { isInProgress } from "@/lib/domain/statuses";
import { shouldMarkReadyToStart } from "@/lib/domain/transitions";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { expireLocked } from "./expire";
import { requireExam } from "./store";
import { transitionAttempt } from "./transition";

export const INVALID_EXAM_CODE_DETAIL = "You have entered an exam code that is not valid.";

/**
 * SoftwareSecure's launch callback (§8.23): RPNow's secure browser opens it with the attempt code
 * (the code is the credential, §15.2). A set-up attempt becomes `ready_to_start`; an attempt
 * already in progress is submitted (entering a running exam again ends it, as in 3.8.1); any other
 * status is left alone. The caller then sends the browser to the exam with the signed cookie.
 *
 * Ours: only attempts of exams proctored with RPNow (3.8.1 takes any code). Learners see their own
 * attempt code in the API's attempt JSON, so without this a learner of another vendor's exam could
 * skip that vendor's set-up (created → ready_to_start) with a bare URL.
 */
export async function launchSoftwareSecureAttempt(ctx: ServiceContext, attemptCode: string): Promise<{ attempt: Attempt; exam: Exam }> {
  const code = attemptCode.trim();
  if (code === "" || code.length > 255) throw new ServiceError("NOT_FOUND", INVALID_EXAM_CODE_DETAIL);
  const [found] = await ctx.db.select().from(attempts).where(eq(attempts.attemptCode, code)).limit(1);
  if (!found) throw new ServiceError("NOT_FOUND", INVALID_EXAM_CODE_DETAIL);
  const backend = await resolveExamBackend(ctx.db, await requireExam(ctx.db, found.examId));
  if (backend?.kind !== "software_secure") throw new ServiceError("NOT_FOUND", INVALID_EXAM_CODE_DETAIL);
  const attempt = await ctx.db.transaction(async (tx) => {
    // Locks it, and first applies the expiry rule: time that ran out ends the attempt at its expiry
    // instant, not at this call.
    const locked = await expireLocked(tx, ctx, found.id);
    if (!locked) throw new ServiceError("NOT_FOUND", INVALID_EXAM_CODE_DETAIL);
    if (shouldMarkReadyToStart(locked.status)) {
      return (await transitionAttempt(tx, ctx, locked, "ready_to_start", { action: "attempt.launch_ready" })).attempt;
    }
    if (isInProgress(locked.status)) {
      return (
        await transitionAttempt(tx, ctx, locked, "submitted", {
          action: "attempt.launch_submit",
          auditData: { reason: "the secure browser entered the running exam again" },
        })
      ).attempt;
    }
    return locked;
  });
  return { attempt, exam: await requireExam(ctx.db, attempt.examId) };
}
