import { apiRoute } from "@/lib/http/api-route";
import { optionalId } from "@/lib/http/ids";
import { isLearningMfeParam } from "@/lib/links/exam-links";
import { sequenceExamData } from "@/lib/services/attempt/read";

export const dynamic = "force-dynamic";

/** Client contract L1/L2: the exam of a sequence with the learner's attempt, and the running attempt. */
export const GET = apiRoute<{ courseId: string }>(async ({ ctx, params, query }) =>
  sequenceExamData(ctx, {
    courseKey: params.courseId,
    contentId: query.get("content_id") || null,
    userId: optionalId(query.get("user_id"), "user_id"),
    isLearningMfe: isLearningMfeParam(query.get("is_learning_mfe")),
  }),
);
