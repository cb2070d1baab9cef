import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import type { Attempt, Exam, User } from "@/db/schema";
import { verifyUserJwt } from "@/lib/auth/jwt";
import { minterIsLive } from "@/lib/auth/principal";
import { apiRoute } from "@/lib/http/api-route";
import { clientAddress } from "@/lib/http/client-ip";
import { attemptJson } from "@/lib/http/edx-json";
import { optionalId, parseId } from "@/lib/http/ids";
import { accessibilityTimeString, remainingSeconds } from "@/lib/domain/time";
import { performAttemptAction } from "@/lib/services/attempt/actions";
import { pollRunningAttempt } from "@/lib/services/attempt/poll";
import { readOwnAttempt } from "@/lib/services/attempt/read";
import { newRequestId } from "@/lib/services/context";
import { API_TOKEN_PREFIX } from "@/lib/services/tokens";
import { removeAttempt } from "@/lib/services/attempt/remove";
import { ServiceError } from "@/lib/services/errors";
import { internalUserId } from "@/lib/services/user-lookup";

export const dynamic = "force-dynamic";
type Params = { attemptId: string };

function readResponse(attempt: Attempt, exam: Exam, user: Pick<User, "id" | "username" | "email">, remaining: number) {
  return {
    ...attemptJson(attempt, exam, user),
    time_remaining_seconds: remaining,
    accessibility_time_string: accessibilityTimeString(remaining, { lessThanMinute: true }),
  };
}

/** §8.6: the owner reads an attempt, with the live remaining time; the timer poll is a heartbeat. */
const read = apiRoute<Params>(async ({ ctx, params, query, req }) => {
  const id = parseId(params.attemptId, "attempt_id");
  const { attempt, exam, user, remaining } = await readOwnAttempt(ctx, id, {
    heartbeat: query.get("sourceid") === "in_exam",
    ipAddress: clientAddress(req),
  });
  return readResponse(attempt, exam, user, remaining);
});

/**
 * The timer poll of a running exam is the busiest request there is: for a learner JWT it first
 * tries one statement (heartbeat + attempt + exam + "learner still active"); anything else, and
 * every error, goes through the general path, which answers exactly as before.
 */
export async function GET(req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) {
  const now = new Date();
  const fast = await tryFastPoll(req, context, now).catch(() => null);
  return fast ?? read(req, context);
}

async function tryFastPoll(req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }, now: Date) {
  if (req.nextUrl.searchParams.get("sourceid") !== "in_exam") return null;
  const match = /^(?:JWT|Bearer)\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (!match || match[1]!.startsWith(API_TOKEN_PREFIX)) return null;
  const raw = (await context.params)?.attemptId;
  if (typeof raw !== "string" || !/^\d{1,9}$/.test(raw)) return null;
  const claims = await verifyUserJwt(match[1]!, now);
  if (!claims) return null;
  const db = await getDb();
  if (!(await minterIsLive(db, claims.tokenId, now))) return null;
  const hit = await pollRunningAttempt(db, { attemptId: Number(raw), userId: claims.userId, now, ipAddress: clientAddress(req) });
  if (!hit) return null;
  const response = NextResponse.json(readResponse(hit.attempt, hit.exam, hit.user, remainingSeconds(hit.attempt, now)));
  response.headers.set("x-request-id", req.headers.get("x-request-id")?.slice(0, 64) || newRequestId());
  return response;
}

/** §8.7: an action on an attempt. */
export const PUT = apiRoute<Params>(async ({ ctx, params, body }) => {
  const id = parseId(params.attemptId, "attempt_id");
  const data = await body();
  if (typeof data.action !== "string" || data.action === "") throw new ServiceError("VALIDATION", "The action field is required.");
  // `user_id` (staff resuming a learner) is the LMS's id of a user synced with one (decision 13).
  const apiUserId = optionalId(data.user_id, "user_id");
  const userId = apiUserId === null ? null : await internalUserId(ctx.db, apiUserId);
  const result = await performAttemptAction(ctx, { attemptId: id, action: data.action, userId });
  return { exam_attempt_id: result };
});

/** §8.8: course staff remove one attempt. */
export const DELETE = apiRoute<Params>(async ({ ctx, params }) => {
  await removeAttempt(ctx, parseId(params.attemptId, "attempt_id"));
  return new NextResponse(null, { status: 200 });
});
