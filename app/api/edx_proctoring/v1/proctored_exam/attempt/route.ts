import { apiRoute } from "@/lib/http/api-route";
import { timerStatus } from "@/lib/services/attempt/read";
import { createAttemptForLearner } from "@/lib/services/attempt/start-flow";

export const dynamic = "force-dynamic";

/** §8.4: the caller's running exam, for the timer. */
export const GET = apiRoute(async ({ ctx }) => timerStatus(ctx));

/** §8.5: create (and maybe start or decline) the caller's attempt. */
export const POST = apiRoute(async ({ ctx, body }) => ({ exam_attempt_id: await createAttemptForLearner(ctx, await body()) }));
