import { apiRoute } from "@/lib/http/api-route";
import { optionalId } from "@/lib/http/ids";
import { isLearningMfeParam } from "@/lib/links/exam-links";
import { activeAttemptData } from "@/lib/services/attempt/read";

export const dynamic = "force-dynamic";

/** 4.15.0's GET …/active_attempt: the running attempt of the caller (admins may pass user_id). */
export const GET = apiRoute(async ({ ctx, query }) =>
  activeAttemptData(ctx, optionalId(query.get("user_id"), "user_id"), { isLearningMfe: isLearningMfeParam(query.get("is_learning_mfe")) }),
);
