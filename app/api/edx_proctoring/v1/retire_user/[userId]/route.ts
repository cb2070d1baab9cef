import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { retireUserPii } from "@/lib/services/retire";

export const dynamic = "force-dynamic";

/** §8.22: blank the learner's PII in attempts, allowances and their history; always 204. */
export const POST = apiRoute<{ userId: string }>(async ({ ctx, params }) => {
  await retireUserPii(ctx, parseId(params.userId, "user_id"));
  return new Response(null, { status: 204 });
});
