import { eq } from "drizzle-orm";
import { attempts, reviews } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { AppealInput, isAppealable, type AppealTargetStatus } from "@/lib/domain/appeal-input";
import { ServiceError } from "@/lib/domain/errors";
import { parseInput } from "@/lib/domain/input";
import { lockAttempt } from "../attempt/store";
import { transitionAttempt } from "../attempt/transition";
import { stampReviewer } from "../review/staff-review";

/** The audit action of a status change on appeal (the attempt timeline shows it with the reason). */
export const APPEAL_ACTION = "attempt.appeal";

export const ADMINS_ONLY_DETAIL = "Only site administrators change an attempt's status on appeal.";

export interface AppealResult {
  attempt_id: number;
  from: string;
  status: string;
  changed: boolean;
}

/**
 * A site admin changes a handed-in attempt's status on appeal (issue 13 item 5, decision 039).
 *
 * - Admins only (a person: the reason and any grade override are attributed to them).
 * - From and to the statuses of lib/domain/appeal-input.ts; anything else is a 409 and nothing
 *   changes. When the admin's page showed another status than the attempt has now (someone or the
 *   vendor moved it meanwhile), also a 409: the decision was made on stale facts.
 * - Through `transitionAttempt` under the attempt's row lock, in one transaction: the history row,
 *   credit requirement status, grade override (or its undo), the learner's e-mail and the webhooks
 *   follow as for any review. The audit row (`attempt.appeal`) holds the admin, before and after
 *   and the reason, in the append-only audit log.
 * - To verified or rejected, the vendor's review (if any) is stamped as reviewed by the admin, as a
 *   staff review does, so the results report names who decided.
 */
export async function changeStatusOnAppeal(ctx: ServiceContext, raw: unknown): Promise<AppealResult> {
  const p = ctx.principal;
  if (p.kind !== "user" || !p.isAdmin) throw new ServiceError("FORBIDDEN", ADMINS_ONLY_DETAIL);
  const input = parseInput(AppealInput, raw, "Invalid status change");
  const target: AppealTargetStatus = input.status;

  return ctx.db.transaction(async (tx) => {
    // Locks in recordReview's order (the review, then the attempt) so a vendor's review arriving
    // now waits instead of deadlocking. The attempt code never changes: reading it first is safe.
    const [peek] = await tx.select({ code: attempts.attemptCode }).from(attempts).where(eq(attempts.id, input.attemptId)).limit(1);
    const [review] = peek?.code ? await tx.select().from(reviews).where(eq(reviews.attemptCode, peek.code)).for("update").limit(1) : [];
    const attempt = await lockAttempt(tx, input.attemptId);
    if (!attempt) throw new ServiceError("NOT_FOUND", `There is no attempt ${input.attemptId}.`);
    const from = attempt.status;
    if (input.expectedStatus !== undefined && input.expectedStatus !== from) {
      throw new ServiceError("CONFLICT", `Attempt ${attempt.id} is now ${from}, not ${input.expectedStatus}: it changed since the page was loaded. Reload and decide again.`);
    }
    if (from === target) return { attempt_id: attempt.id, from, status: from, changed: false };
    if (!isAppealable(from)) {
      throw new ServiceError("CONFLICT", `Attempt ${attempt.id} is ${from}: only attempts that were handed in (submitted, reviewed or in error) can be changed on appeal.`);
    }
    if (review && (target === "verified" || target === "rejected")) await stampReviewer(tx, ctx, review, p.userId);
    const { attempt: after } = await transitionAttempt(tx, ctx, attempt, target, {
      action: APPEAL_ACTION,
      attributableToUserId: p.userId,
      // Before and after are the audit row's own from/to status columns.
      auditData: { reason: input.reason, review_id: review?.id ?? null },
    });
    return { attempt_id: after.id, from, status: after.status, changed: true };
  });
}
