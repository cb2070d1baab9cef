import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { markAttemptReady } from "@/lib/services/attempt/ready";

export const dynamic = "force-dynamic";

/** §8.11: the vendor says the learner's setup is ready. The segment holds the vendor's attempt id. */
export const POST = apiRoute<{ attemptId: string }>(async ({ ctx, params, body }) => {
  // The body (`{"status": "ready"}`) says nothing we use, but a malformed one is still a 400.
  await body();
  await markAttemptReady(ctx, params.attemptId);
  return NextResponse.json("OK");
});
