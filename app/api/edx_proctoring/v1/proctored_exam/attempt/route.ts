import { apiRoute } from "@/lib/http/api-route";
import { timerStatus } from "@/lib/queries/learner-attempts";
import { expireAttempts } from "@/lib/services/attempt/expire";
import { createAttemptForLearner } from "@/lib/services/attempt/start-flow";

export const dynamic = "force-dynamic";

/**
 * §8.4: the caller's running exam, for the timer. An attempt the read shows as expired is stored
 * so first (the expiry verb), then read again (decision 025).
 */
export const GET = apiRoute(async ({ ctx }) => {
  let read = await timerStatus(ctx);
  if (read.expiring.length > 0) {
    await expireAttempts(ctx, read.expiring);
    read = await timerStatus(ctx);
  }
  return read.body;
});

/** §8.5: create (and maybe start or decline) the caller's attempt. */
export const POST = apiRoute(async ({ ctx, body }) => ({ exam_attempt_id: await createAttemptForLearner(ctx, await body()) }));
