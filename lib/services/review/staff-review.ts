import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attempts, reviewHistory, reviews, type Attempt, type Review } from "@/db/schema";
import { isCourseStaff } from "@/lib/domain/actor";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import { parseInput } from "@/lib/domain/input";
import { lockAttempt } from "../attempt/store";
import { transitionAttempt } from "../attempt/transition";
import {
  DECISION_TARGET,
  STAFF_REVIEWABLE_STATUSES,
  StaffReviewInput,
  type StaffReviewDecisionName,
} from "@/lib/domain/review-input";

export { StaffReviewDecision, StaffReviewInput, STAFF_REVIEW_DECISIONS, STAFF_REVIEWABLE_STATUSES } from "@/lib/domain/review-input";

/** The audit action of a staff decision (the attempt timeline shows it with the note). */
export const STAFF_REVIEW_ACTION = "attempt.staff_review";

// The answer's shape is the domain's (lib/domain/reviews.ts): the dashboard reads it too (decision 022).
export type { StaffReviewResult } from "@/lib/domain/reviews";
import type { StaffReviewResult } from "@/lib/domain/reviews";

const NOT_FOUND_DETAIL = (id: number) => `Attempted to access attempt_id=${id} but it does not exist.`;

/**
 * A course staff member's (or an admin's) decision on a flagged attempt: the human second review
 * of §10.4, done from the instructor dashboard instead of Django admin.
 *
 * - Only from second_review_required or error; anything else is a 409 and nothing changes. The
 *   same decision again (a double click, a stale page) answers `changed: false` and writes
 *   nothing; the other decision on a decided attempt is a 409.
 * - verify → verified, reject → rejected through `transitionAttempt`, in one transaction under
 *   the attempt's row lock: the history row, credit requirement, grade override (attributed to
 *   the staff member) or its undo, the learner's e-mail and the webhooks follow exactly as for a
 *   vendor's review.
 * - The note is stored in the transition's audit row (`attempt.staff_review`, with the decision,
 *   the actor, the time, the source and the request id): the audit log is append-only (a trigger
 *   refuses UPDATE and DELETE), so the reason for a grade change cannot be edited away, and it
 *   exists whether or not the vendor sent a review (an errored session often has none).
 * - The vendor's review, when there is one, keeps the vendor's verdict (review_status, raw data,
 *   comments) and is stamped `reviewed_by` = the staff member, with its previous state archived
 *   in review_history: a human has looked at it (§10.4's "internally reviewed"), and support is
 *   not asked to again.
 */
export async function staffReview(ctx: ServiceContext, raw: unknown): Promise<StaffReviewResult> {
  const p = ctx.principal;
  // People only: a decision is a person's judgement, and the grade override is attributed to them.
  if (p.kind !== "user") throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
  const input = parseInput(StaffReviewInput, raw, "Invalid review decision");
  if (input.courseKey !== undefined && !isCourseStaff(p, input.courseKey)) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
  const target = DECISION_TARGET[input.decision];

  return ctx.db.transaction(async (tx) => {
    // Locks in recordReview's order, the review and then the attempt, so a vendor's review that
    // arrives at the same moment waits for this decision (or this one for it) instead of
    // deadlocking. The attempt code never changes, so reading it before the lock is safe.
    const [peek] = await tx.select({ code: attempts.attemptCode }).from(attempts).where(eq(attempts.id, input.attemptId)).limit(1);
    const [review] = peek?.code ? await tx.select().from(reviews).where(eq(reviews.attemptCode, peek.code)).for("update").limit(1) : [];
    const attempt = await lockAttempt(tx, input.attemptId);
    if (!attempt) {
      // Asked without a course, only admins learn which ids exist.
      if (input.courseKey === undefined && !p.isAdmin) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
      throw new ServiceError("NOT_FOUND", NOT_FOUND_DETAIL(input.attemptId));
    }
    // The dashboard's course scopes the id: another course's attempt is not found here.
    if (input.courseKey !== undefined && attempt.courseKey !== input.courseKey) {
      throw new ServiceError("NOT_FOUND", NOT_FOUND_DETAIL(input.attemptId));
    }
    if (!isCourseStaff(p, attempt.courseKey)) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);

    if (attempt.status === target) {
      return { attempt_id: attempt.id, decision: input.decision, status: attempt.status, changed: false };
    }
    if (!(STAFF_REVIEWABLE_STATUSES as readonly string[]).includes(attempt.status)) {
      throw new ServiceError("CONFLICT", conflictDetail(attempt, input.decision));
    }

    if (review) await stampReviewer(tx, ctx, review, p.userId);
    const { attempt: after } = await transitionAttempt(tx, ctx, attempt, target, {
      action: STAFF_REVIEW_ACTION,
      attributableToUserId: p.userId,
      auditData: {
        decision: input.decision,
        note: input.note,
        review_id: review?.id ?? null,
        review_status: review?.reviewStatus ?? null,
      },
    });
    return { attempt_id: after.id, decision: input.decision, status: after.status, changed: true };
  });
}

function conflictDetail(attempt: Attempt, decision: StaffReviewDecisionName): string {
  const decided = attempt.status === "verified" || attempt.status === "rejected";
  if (decided) {
    return `Attempt ${attempt.id} is already ${attempt.status}; it cannot be ${decision === "verify" ? "verified" : "rejected"} now. Reload to see its current state.`;
  }
  return `Attempt ${attempt.id} is ${attempt.status}: only attempts that need a second review or ended in error can be verified or rejected by staff.`;
}

/** Marks the vendor's review as looked at by this person; its former state goes to history. */
export async function stampReviewer(tx: DbOrTx, ctx: ServiceContext, review: Review, userId: number): Promise<void> {
  const { id, created: _created, modified: _modified, ...rest } = review;
  await tx.insert(reviewHistory).values({ ...rest, reviewId: id, created: ctx.now, modified: ctx.now });
  await tx.update(reviews).set({ reviewedById: userId, modified: ctx.now }).where(eq(reviews.id, id));
}
