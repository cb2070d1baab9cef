import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { retireUserPii } from "@/lib/services/retire";
import { internalUserId } from "@/lib/services/user-lookup";

export const dynamic = "force-dynamic";

/**
 * §8.22: blank the learner's PII in attempts, allowances and their history; always 204. `user_id`
 * is the LMS's id of a user synced with one, else Invigil's (what-we-build decision 13).
 */
export const POST = apiRoute<{ userId: string }>(async ({ ctx, params }) => {
  await retireUserPii(ctx, await internalUserId(ctx.db, parseId(params.userId, "user_id")));
  return new Response(null, { status: 204 });
});
