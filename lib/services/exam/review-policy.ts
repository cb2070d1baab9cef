import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens, reviewPolicies, reviewPolicyHistory, users, type Exam, type ReviewPolicy } from "@/db/schema";
import { isCourseStaff } from "@/lib/domain/actor";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import { recordAudit } from "../journal";
import { parseInput } from "@/lib/domain/input";
import { canAdministerExams, enqueueExamSaved, requireExamById } from "./store";

/**
 * Review policies (§2.2, §9.8): one free-text policy per exam, given to reviewers and vendors.
 * Every update and delete first copies the old row into review_policy_history.
 */

export { MAX_REVIEW_POLICY_CHARS, ReviewPolicyInput } from "@/lib/domain/exam-input";
import { ReviewPolicyInput } from "@/lib/domain/exam-input";

function requirePolicyEditor(ctx: ServiceContext, exam: Exam): void {
  if (canAdministerExams(ctx)) return;
  if (ctx.principal.kind === "user" && isCourseStaff(ctx.principal, exam.courseKey)) return;
  throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
}

/**
 * `set_by_user` is required: the calling user, else the given user id, else the person who
 * created the calling service token.
 */
export async function resolvePolicyAuthor(tx: DbOrTx, ctx: ServiceContext, explicit?: number): Promise<number> {
  if (ctx.principal.kind === "user") return ctx.principal.userId;
  if (explicit !== undefined) {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, explicit)).limit(1);
    if (user) return user.id;
    throw new ServiceError("VALIDATION", `Cannot find user against ${explicit}`);
  }
  if (ctx.principal.kind === "service" && ctx.principal.tokenId !== null) {
    const [token] = await tx
      .select({ createdById: apiTokens.createdById })
      .from(apiTokens)
      .where(eq(apiTokens.id, ctx.principal.tokenId))
      .limit(1);
    if (token?.createdById) return token.createdById;
  }
  throw new ServiceError(
    "VALIDATION",
    "A review policy needs an author: send set_by_user_id, or call with a token created by a user.",
  );
}

async function archive(tx: DbOrTx, ctx: ServiceContext, policy: ReviewPolicy): Promise<void> {
  await tx.insert(reviewPolicyHistory).values({
    originalId: policy.id,
    setByUserId: policy.setByUserId,
    examId: policy.examId,
    reviewPolicy: policy.reviewPolicy,
    created: ctx.now,
    modified: ctx.now,
  });
}

export type PolicyOutcome = "created" | "updated" | "deleted" | "unchanged";

/**
 * Inside the caller's transaction: sets the exam's policy text. Empty text deletes an existing
 * policy (Studio's rule, §9.8) and is a no-op when there is none. Re-pushes a proctored exam to
 * its backend, since the policy is its `rule_summary`.
 */
export async function setReviewPolicyInTx(
  tx: DbOrTx,
  ctx: ServiceContext,
  exam: Exam,
  text: string,
  setByUserId: () => Promise<number>,
): Promise<{ outcome: PolicyOutcome; policy: ReviewPolicy | null }> {
  const [current] = await tx.select().from(reviewPolicies).where(eq(reviewPolicies.examId, exam.id)).for("update").limit(1);
  const trimmed = text.trim();
  let outcome: PolicyOutcome;
  let policy: ReviewPolicy | null;
  if (trimmed === "") {
    if (!current) return { outcome: "unchanged", policy: null };
    await archive(tx, ctx, current);
    await tx.delete(reviewPolicies).where(eq(reviewPolicies.id, current.id));
    outcome = "deleted";
    policy = null;
  } else if (!current) {
    const [row] = await tx
      .insert(reviewPolicies)
      .values({ examId: exam.id, setByUserId: await setByUserId(), reviewPolicy: text, created: ctx.now, modified: ctx.now })
      .returning();
    outcome = "created";
    policy = row ?? null;
  } else if (current.reviewPolicy === text) {
    return { outcome: "unchanged", policy: current };
  } else {
    await archive(tx, ctx, current);
    const [row] = await tx
      .update(reviewPolicies)
      .set({ reviewPolicy: text, setByUserId: await setByUserId(), modified: ctx.now })
      .where(eq(reviewPolicies.id, current.id))
      .returning();
    outcome = "updated";
    policy = row ?? null;
  }
  await recordAudit(tx, ctx, {
    action: outcome === "deleted" ? "review_policy.delete" : "review_policy.upsert",
    entityType: "review_policy",
    entityId: String(policy?.id ?? current?.id ?? ""),
    courseKey: exam.courseKey,
    data: { exam_id: exam.id, outcome, previous: current?.reviewPolicy ?? null, review_policy: policy?.reviewPolicy ?? null },
  });
  if (exam.isProctored) await enqueueExamSaved(tx, ctx, null, exam);
  return { outcome, policy };
}

/** Creates, updates or (with empty text) removes an exam's review policy. */
export async function createOrUpdateReviewPolicy(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ outcome: PolicyOutcome; policy: ReviewPolicy | null }> {
  const data = parseInput(ReviewPolicyInput, input, "Invalid review policy");
  return ctx.db.transaction(async (tx) => {
    const exam = await requireExamById(tx, data.exam_id);
    requirePolicyEditor(ctx, exam);
    return setReviewPolicyInTx(tx, ctx, exam, data.review_policy, () => resolvePolicyAuthor(tx, ctx, data.set_by_user_id));
  });
}

/** `remove_review_policy`: 400 when the exam has none (ProctoredExamReviewPolicyNotFound, §9.8). */
export async function removeReviewPolicy(ctx: ServiceContext, examId: unknown): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const exam = await requireExamById(tx, examId);
    requirePolicyEditor(ctx, exam);
    const [current] = await tx.select({ id: reviewPolicies.id }).from(reviewPolicies).where(eq(reviewPolicies.examId, exam.id)).limit(1);
    if (!current) {
      throw new ServiceError("NOT_FOUND", `No review policy exists for exam_id=${exam.id}.`, { status: 400 });
    }
    await setReviewPolicyInTx(tx, ctx, exam, "", async () => 0);
  });
}
