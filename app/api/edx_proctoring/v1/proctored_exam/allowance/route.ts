import { apiRoute } from "@/lib/http/api-route";
import { removeAllowance } from "@/lib/services/allowance/remove";
import { addOrUpdateAllowance } from "@/lib/services/allowance/upsert";

export const dynamic = "force-dynamic";

/** §8.14: add or update one allowance `{exam_id, user_info, key, value}` → 200 `null`. */
export const PUT = apiRoute(async ({ ctx, body }) => {
  await addOrUpdateAllowance(ctx, await body());
  return null;
});

/** §8.15: remove one allowance `{exam_id, user_id, key}` (JSON body) → 200 `null`, also when none matched. */
export const DELETE = apiRoute(async ({ ctx, body }) => {
  await removeAllowance(ctx, await body());
  return null;
});
