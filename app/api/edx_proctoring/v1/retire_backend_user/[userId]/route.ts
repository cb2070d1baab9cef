import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { retireBackendUser } from "@/lib/services/retire";
import { internalUserId } from "@/lib/services/user-lookup";

export const dynamic = "force-dynamic";

/**
 * §8.21: delete the learner at every vendor they used; `{backend: bool}`, 500 if any failed.
 * `user_id` is the LMS's id of a user synced with one, else Invigil's (what-we-build decision 13).
 */
export const POST = apiRoute<{ userId: string }>(async ({ ctx, params }) => {
  const { status, results } = await retireBackendUser(ctx, await internalUserId(ctx.db, parseId(params.userId, "user_id")));
  return NextResponse.json(results, { status });
});
