import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { attemptHistory, attempts, exams, reviewComments, reviewHistory, reviews, users, type Review } from "@/db/schema";
import { getBackendByName } from "@/lib/backends/registry";
import { isCourseStaff } from "@/lib/domain/actor";
import {
  isValidStandardStatus,
  reviewTargetStatus,
  shouldNotifySupport,
  toStoredReviewStatus,
  type StoredReviewStatus,
} from "@/lib/domain/reviews";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { MAX_INT32 } from "@/lib/domain/input";
import { enqueue, recordAudit } from "../journal";
import { loadSiteSettings } from "../settings";
import { requireVendorOf } from "../attempt/ready";
import { lockAttempt } from "../attempt/store";
import { transitionAttempt } from "../attempt/transition";

const Comment = z.object({
  comment: z.string().max(10_000),
  status: z.string().max(255),
  // Seconds into the recording, stored in 32-bit columns.
  start: z.coerce.number().int().min(0).max(MAX_INT32).optional(),
  stop: z.coerce.number().int().min(0).max(MAX_INT32).optional(),
  duration: z.coerce.number().int().min(0).max(MAX_INT32).optional(),
});

export const ReviewPayload = z.object({
  status: z.string(),
  comments: z.array(Comment).max(1000).default([]),
  reviewed_by: z.string().max(254).nullish(),
});
export type ReviewPayload = z.infer<typeof ReviewPayload>;

/**
 * make_review + finish_review_workflow (§10.2-10.3) for a REST vendor's review of the attempt
 * with this external id. Reviews of deleted attempts are stored, and change no attempt (§10.5).
 */
export async function submitVendorReview(ctx: ServiceContext, externalId: string, raw: unknown): Promise<Review> {
  const parsed = ReviewPayload.safeParse(raw);
  if (!parsed.success) {
    throw new ServiceError("VALIDATION", `Invalid review: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
  }
  const payload = parsed.data;
  const [live] = await ctx.db.select().from(attempts).where(eq(attempts.externalId, externalId)).limit(1);
  const [archived] = live
    ? [undefined]
    : await ctx.db
        .select()
        .from(attemptHistory)
        .where(eq(attemptHistory.externalId, externalId))
        .orderBy(sql`${attemptHistory.created} desc`)
        .limit(1);
  const subject = live ?? (archived ? { ...archived, id: archived.attemptId ?? 0 } : null);
  if (!subject || !subject.attemptCode) {
    throw new ServiceError("VALIDATION", `Attempted to access exam attempt with external_id=${externalId} but it does not exist.`);
  }
  // A removed attempt's review (§10.5) is still the vendor's to send: the same check as a live one.
  await requireVendorOf(ctx, subject);
  if (!isValidStandardStatus(payload.status)) {
    throw new ServiceError("VALIDATION", `Received unexpected review status "${payload.status}"; expected one of passed, violation, suspicious, not_reviewed.`);
  }
  const stored = toStoredReviewStatus(payload.status);
  return recordReview(ctx, {
    attemptCode: subject.attemptCode,
    attemptId: live ? live.id : null,
    examId: subject.examId,
    studentId: subject.userId,
    courseKey: subject.courseKey,
    stored,
    rawData: JSON.stringify(raw),
    reviewedByEmail: payload.reviewed_by ?? null,
    comments: payload.comments,
  });
}

interface RecordReviewInput {
  attemptCode: string;
  attemptId: number | null;
  examId: number;
  studentId: number;
  courseKey: string;
  stored: StoredReviewStatus;
  rawData: string;
  reviewedByEmail: string | null;
  /** A staff member deciding a second review in Invigil (instead of by e-mail in the payload). */
  reviewedByUserId?: number | null;
  comments: z.infer<typeof Comment>[];
}

/** Where an attempt is when a review is expected: submitted, or already decided by a review. */
const REVIEWABLE_STATUSES: ReadonlySet<string> = new Set(["submitted", "second_review_required", "verified", "rejected", "error"]);

/**
 * The stored review is this very review delivered again: same verdict, same payload. A reviewer
 * stamped since by staff (a human second review) does not make it new: a late retry of the
 * vendor's callback must not undo a person's decision.
 */
function isReplay(existing: Review, input: RecordReviewInput, reviewerId: number | null): boolean {
  if (existing.reviewStatus !== input.stored || existing.rawData !== input.rawData) return false;
  return reviewerId === null || reviewerId === existing.reviewedById;
}

/** Saves (or updates, with history) the review, runs §10.3, and appends the comments. */
export async function recordReview(ctx: ServiceContext, input: RecordReviewInput): Promise<Review> {
  const settings = await loadSiteSettings(ctx.db);
  const [exam] = await ctx.db.select().from(exams).where(eq(exams.id, input.examId)).limit(1);
  const backend = exam?.backend ? await getBackendByName(ctx.db, exam.backend) : null;

  let reviewerId = input.reviewedByUserId ?? null;
  if (reviewerId === null && input.reviewedByEmail) {
    const [reviewer] = await ctx.db.select().from(users).where(sql`lower(${users.email}) = lower(${input.reviewedByEmail})`).limit(1);
    if (reviewer) {
      const actor = await loadUserActor(ctx.db, reviewer.id);
      if (actor && isCourseStaff(actor, input.courseKey)) reviewerId = reviewer.id;
      // Not the attempt code in the log: it is the SoftwareSecure exam password (§15.3).
      else console.warn(`[invigil] reviewer user=${reviewer.id} lacks permission to review attempt_id=${input.attemptId ?? "(removed)"} of exam ${input.examId}`);
    }
  }

  return ctx.db.transaction(async (tx) => {
    // Two deliveries of one review at the same moment (a vendor retrying on a timeout) must not
    // both find no review and both insert: the second would fail on the unique attempt code.
    // The row lock below only covers a review that exists already.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`review:${input.attemptCode}`}, 0))`);
    const [existing] = await tx.select().from(reviews).where(eq(reviews.attemptCode, input.attemptCode)).for("update").limit(1);
    if (existing && isReplay(existing, input, reviewerId)) {
      // The same review again (a vendor retrying a callback whose answer it did not get): answer
      // as the first time and change nothing (no second comment, history row, e-mail or support
      // notification), whether or not updates are allowed. Audited, so a replay is visible.
      await recordAudit(tx, ctx, {
        action: "review.replay",
        entityType: "review",
        entityId: String(existing.id),
        courseKey: input.courseKey,
        attemptId: input.attemptId,
        subjectUserId: input.studentId,
        fromStatus: existing.reviewStatus,
        toStatus: input.stored,
        data: { comments: input.comments.length },
      });
      return existing;
    }
    if (existing && !settings.allow_review_updates) {
      throw new ServiceError(
        "VALIDATION",
        `We already have a review submitted regarding attempt_code=${input.attemptCode}. We do not allow for updates!`,
      );
    }
    let review: Review;
    if (existing) {
      const { id, created: _c, modified: _m, ...rest } = existing;
      await tx.insert(reviewHistory).values({ ...rest, reviewId: id, created: ctx.now, modified: ctx.now });
      [review] = (await tx
        .update(reviews)
        .set({ reviewStatus: input.stored, rawData: input.rawData, reviewedById: reviewerId })
        .where(eq(reviews.id, existing.id))
        .returning()) as [Review];
    } else {
      [review] = (await tx
        .insert(reviews)
        .values({
          attemptCode: input.attemptCode,
          isAttemptActive: input.attemptId !== null,
          reviewStatus: input.stored,
          rawData: input.rawData,
          reviewedById: reviewerId,
          studentId: input.studentId,
          examId: input.examId,
        })
        .returning()) as [Review];
    }

    let attemptStatusBefore: string | null = null;
    if (input.attemptId !== null) {
      const attempt = await lockAttempt(tx, input.attemptId);
      if (attempt) {
        attemptStatusBefore = attempt.status;
        const target = reviewTargetStatus({
          stored: input.stored,
          passingStatuses: backend && backend.passingStatuses.length > 0 ? (backend.passingStatuses as StoredReviewStatus[]) : undefined,
          reviewedBy: reviewerId !== null,
          requireFailureSecondReviews: settings.require_failure_second_reviews,
          backendSupportsOnboarding: backend?.supportsOnboarding ?? false,
          isSampleAttempt: attempt.isSampleAttempt,
        });
        await transitionAttempt(tx, ctx, attempt, target, {
          action: "attempt.review",
          attributableToUserId: reviewerId,
          auditData: { review_status: input.stored },
        });
      }
    }
    for (const c of input.comments) {
      await tx.insert(reviewComments).values({
        reviewId: review.id,
        startTime: c.start ?? 0,
        stopTime: c.stop ?? 0,
        duration: c.duration ?? 0,
        comment: c.comment,
        status: c.status,
      });
    }
    if (shouldNotifySupport(input.stored, reviewerId !== null)) {
      await enqueue(tx, ctx, "email.support_notification", {
        attempt_code: input.attemptCode,
        attempt_id: input.attemptId,
        exam_id: input.examId,
        user_id: input.studentId,
        course_id: input.courseKey,
        review_status: input.stored,
      });
    }
    await recordAudit(tx, ctx, {
      action: "review.receive",
      entityType: "review",
      entityId: String(review.id),
      courseKey: input.courseKey,
      attemptId: input.attemptId,
      subjectUserId: input.studentId,
      fromStatus: existing?.reviewStatus ?? null,
      toStatus: input.stored,
      data: {
        comments: input.comments.length,
        // A replaced review (updates allowed, §10.2 step 2): the earlier verdict is in review_history.
        update: existing !== undefined,
        // §10.5: the attempt was removed; the review is kept and no attempt changes.
        archived: input.attemptId === null,
        attempt_status_before: attemptStatusBefore,
        // A review of an attempt that was not yet submitted still decides it (§10.3 step 3), but
        // it is unusual enough to flag.
        out_of_order: attemptStatusBefore !== null && !REVIEWABLE_STATUSES.has(attemptStatusBefore),
      },
    });
    return review;
  });
}

/** PUT …/attempt/<id>/review_status (§8.10): the owner acknowledges the result. */
export async function acknowledgeReviewStatus(ctx: ServiceContext, attemptId: number): Promise<void> {
  const p = ctx.principal;
  if (p.kind !== "user") throw new ServiceError("FORBIDDEN", "Only the learner may acknowledge a result.");
  const [found] = await ctx.db.select().from(attempts).where(eq(attempts.id, attemptId)).limit(1);
  if (!found) throw new ServiceError("NOT_FOUND", `Attempted to access attempt_id=${attemptId} but it does not exist.`, { status: 400 });
  if (found.userId !== p.userId) {
    throw new ServiceError("FORBIDDEN", `user_id=${p.userId} attempted to update attempt_id=${attemptId} but does not have authorization.`);
  }
  await ctx.db.update(attempts).set({ isStatusAcknowledged: true }).where(and(eq(attempts.id, attemptId)));
}
