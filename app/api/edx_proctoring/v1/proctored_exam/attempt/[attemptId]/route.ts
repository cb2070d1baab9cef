import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { attemptJson } from "@/lib/http/edx-json";
import { optionalId, parseId } from "@/lib/http/ids";
import { accessibilityTimeString } from "@/lib/domain/time";
import { performAttemptAction } from "@/lib/services/attempt/actions";
import { readOwnAttempt } from "@/lib/services/attempt/read";
import { removeAttempt } from "@/lib/services/attempt/remove";
import { ServiceError } from "@/lib/services/errors";

export const dynamic = "force-dynamic";
type Params = { attemptId: string };

/** §8.6: the owner reads an attempt, with the live remaining time; the timer poll is a heartbeat. */
export const GET = apiRoute<Params>(async ({ ctx, params, query, req }) => {
  const id = parseId(params.attemptId, "attempt_id");
  const { attempt, exam, user, remaining } = await readOwnAttempt(ctx, id, {
    heartbeat: query.get("sourceid") === "in_exam",
    ipAddress: req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
  });
  return {
    ...attemptJson(attempt, exam, user),
    time_remaining_seconds: remaining,
    accessibility_time_string: accessibilityTimeString(remaining, { lessThanMinute: true }),
  };
});

/** §8.7: an action on an attempt. */
export const PUT = apiRoute<Params>(async ({ ctx, params, body }) => {
  const id = parseId(params.attemptId, "attempt_id");
  const data = await body();
  if (typeof data.action !== "string" || data.action === "") throw new ServiceError("VALIDATION", "The action field is required.");
  const result = await performAttemptAction(ctx, { attemptId: id, action: data.action, userId: optionalId(data.user_id, "user_id") });
  return { exam_attempt_id: result };
});

/** §8.8: course staff remove one attempt. */
export const DELETE = apiRoute<Params>(async ({ ctx, params }) => {
  await removeAttempt(ctx, parseId(params.attemptId, "attempt_id"));
  return new NextResponse(null, { status: 200 });
});
