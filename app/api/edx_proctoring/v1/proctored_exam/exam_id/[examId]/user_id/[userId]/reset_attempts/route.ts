import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { resetAttempts } from "@/lib/services/attempt/remove";

export const dynamic = "force-dynamic";

/** §8.16: course staff remove every attempt of a learner on an exam. */
export const DELETE = apiRoute<{ examId: string; userId: string }>(async ({ ctx, params }) => {
  await resetAttempts(ctx, parseId(params.examId, "exam_id"), parseId(params.userId, "user_id"));
  return new NextResponse(null, { status: 200 });
});
