import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { retireBackendUser } from "@/lib/services/retire";

export const dynamic = "force-dynamic";

/** §8.21: delete the learner at every vendor they used; `{backend: bool}`, 500 if any failed. */
export const POST = apiRoute<{ userId: string }>(async ({ ctx, params }) => {
  const { status, results } = await retireBackendUser(ctx, parseId(params.userId, "user_id"));
  return NextResponse.json(results, { status });
});
