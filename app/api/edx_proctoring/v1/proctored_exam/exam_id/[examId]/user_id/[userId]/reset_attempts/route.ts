import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { resetAttempts } from "@/lib/services/attempt/remove";
import { internalUserId } from "@/lib/services/user-lookup";

export const dynamic = "force-dynamic";

/**
 * §8.16: course staff remove every attempt of a learner on an exam. `user_id` is the LMS's id of
 * a user synced with one, else Invigil's (what-we-build decision 13).
 */
export const DELETE = apiRoute<{ examId: string; userId: string }>(async ({ ctx, params }) => {
  await resetAttempts(ctx, parseId(params.examId, "exam_id"), await internalUserId(ctx.db, parseId(params.userId, "user_id")));
  return new NextResponse(null, { status: 200 });
});
