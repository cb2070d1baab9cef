import { apiRoute } from "@/lib/http/api-route";
import { optionalId } from "@/lib/http/ids";
import { isLearningMfeParam } from "@/lib/links/exam-links";
import { activeAttemptData } from "@/lib/queries/learner-attempts";
import { expireAttempts } from "@/lib/services/attempt/expire";

export const dynamic = "force-dynamic";

/**
 * 4.15.0's GET …/active_attempt: the running attempt of the caller (admins may pass user_id). An
 * attempt the read shows as expired is stored so first (the expiry verb), then read again: the
 * client reacts to the stored status (client-contract L3, decision 025).
 */
export const GET = apiRoute(async ({ ctx, query }) => {
  const userId = optionalId(query.get("user_id"), "user_id");
  const links = { isLearningMfe: isLearningMfeParam(query.get("is_learning_mfe")) };
  let read = await activeAttemptData(ctx, userId, links);
  if (read.expiring.length > 0) {
    await expireAttempts(ctx, read.expiring);
    read = await activeAttemptData(ctx, userId, links);
  }
  return read.body;
});
