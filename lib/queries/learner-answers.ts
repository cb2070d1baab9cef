import "server-only";
import type { AttemptStatus } from "@/db/schema";
import { isCourseStaff } from "@/lib/domain/actor";
import { effectiveAttempt, isExpiryPending } from "@/lib/domain/effective-attempt";
import { ServiceError } from "@/lib/domain/errors";
import { answersOfAttempt, type AnswerView } from "@/lib/data/answers";
import { findAttempt } from "@/lib/data/attempts";
import type { ServiceContext } from "@/lib/data/context";
import { loadSiteSettings } from "@/lib/data/settings";
import type { LearnerRead } from "./learner-attempts";

/**
 * The answers of an attempt, by question (GET /api/attempts/<id>/answers): for its owner (the
 * exam page, a reload) and for course staff of its course (review). Pure: the status is the
 * effective one, and an attempt whose expiry is not stored yet comes back in `expiring` for the
 * route's expiry verb, as the other learner reads (lib/queries/learner-attempts.ts).
 */
export async function listAnswers(
  ctx: ServiceContext,
  attemptId: number,
): Promise<LearnerRead<{ attemptId: number; status: AttemptStatus; answers: AnswerView[] }>> {
  if (ctx.principal.kind !== "user") throw new ServiceError("FORBIDDEN", "Answers are saved and read by signed-in learners and course staff.");
  const me = ctx.principal;
  const found = await findAttempt(ctx.db, attemptId);
  // One answer for every kind of "not yours": an id that exists says nothing more than one that does not.
  if (!found || (found.userId !== me.userId && !isCourseStaff(me, found.courseKey))) throw new ServiceError("NOT_FOUND", `Attempt ${attemptId} was not found.`);
  const pending = isExpiryPending(found, ctx.now);
  const attempt = pending ? effectiveAttempt(found, ctx.now, { allowTimedOutState: (await loadSiteSettings(ctx.db)).allow_timed_out_state }) : found;
  const answers = await answersOfAttempt(ctx.db, attempt.id);
  return { body: { attemptId: attempt.id, status: attempt.status, answers }, expiring: pending ? [attempt.id] : [] };
}
