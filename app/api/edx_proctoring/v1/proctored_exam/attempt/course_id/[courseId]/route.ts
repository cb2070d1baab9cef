import { apiRoute } from "@/lib/http/api-route";
import { optionalId } from "@/lib/http/ids";
import { isLearningMfeParam } from "@/lib/links/exam-links";
import { sequenceExamData } from "@/lib/queries/learner-attempts";
import { expireAttempts } from "@/lib/services/attempt/expire";
import { declineForPrerequisite } from "@/lib/services/attempt/prerequisites";

export const dynamic = "force-dynamic";

/**
 * Client contract L1/L2: the exam of a sequence with the learner's attempt, and the running
 * attempt. An attempt the read shows as expired is stored so first (the expiry verb: history, the
 * submission e-mail), then read again: the client reacts to the stored `submitted` (decision 025).
 * Likewise a learner's own read that finds a declined credit prerequisite and no attempt has the
 * attempt created and declined first (§12.3; docs/decisions/031-credit-eligibility.md).
 */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params, query }) => {
  const input = {
    courseKey: params.courseId,
    contentId: query.get("content_id") || null,
    userId: optionalId(query.get("user_id"), "user_id"),
    isLearningMfe: isLearningMfeParam(query.get("is_learning_mfe")),
  };
  let read = await sequenceExamData(ctx, input);
  if (read.expiring.length > 0 || read.declining !== null) {
    if (read.expiring.length > 0) await expireAttempts(ctx, read.expiring);
    if (read.declining !== null && ctx.principal.kind === "user") {
      await declineForPrerequisite(ctx, { examId: read.declining, userId: ctx.principal.userId });
    }
    read = await sequenceExamData(ctx, input);
  }
  return read.body;
});
