import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import type { Attempt, Exam, User } from "@/db/schema";
import { verifyUserJwt } from "@/lib/auth/jwt";
import { minterIsLive } from "@/lib/auth/principal";
import { apiRoute } from "@/lib/http/api-route";
import { clientAddress } from "@/lib/http/client-ip";
import { countTimerPoll } from "@/lib/metrics";
import { attemptJson } from "@/lib/data/edx-json";
import { optionalId, parseId } from "@/lib/http/ids";
import { accessibilityTimeString, remainingSeconds } from "@/lib/domain/time";
import { performAttemptAction } from "@/lib/services/attempt/actions";
import { isInProgress } from "@/lib/domain/statuses";
import { newRequestId } from "@/lib/data/context";
import { ownAttempt, runningOwnAttempt } from "@/lib/queries/learner-attempts";
import { expireAttempts } from "@/lib/services/attempt/expire";
import { heartbeatOf } from "@/lib/services/attempt/poll";
import { API_TOKEN_PREFIX } from "@/lib/services/tokens";
import { removeAttempt } from "@/lib/services/attempt/remove";
import { ServiceError } from "@/lib/domain/errors";
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

/**
 * §8.6: the owner reads an attempt, with the live remaining time; the timer poll is a heartbeat.
 * An attempt the read shows as expired is stored so first (the expiry verb: history, the
 * submission e-mail), then read again: the client reacts to the stored `submitted` (client-contract
 * L3, decision 025).
 */
const read = apiRoute<Params>(async ({ ctx, params, query, req }) => {
  const id = parseId(params.attemptId, "attempt_id");
  let found = await ownAttempt(ctx, id);
  if (found.expiring.length > 0) {
    await expireAttempts(ctx, found.expiring);
    found = await ownAttempt(ctx, id);
  }
  const { exam, user, remaining } = found.body;
  let { attempt } = found.body;
  if (query.get("sourceid") === "in_exam" && isInProgress(attempt.status)) attempt = heartbeatOf(ctx.db, attempt, ctx.now, clientAddress(req));
  return readResponse(attempt, exam, user, remaining);
});

/**
 * The timer poll of a running exam is the busiest request there is: for a learner JWT it first
 * tries one statement (heartbeat + attempt + exam + "learner still active"); anything else, and
 * every error, goes through the general path, which answers exactly as before.
 */
export async function GET(req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) {
  const now = new Date();
  // Every poll counts, whichever path answers it and whatever it answers (decision 046).
  if (req.nextUrl.searchParams.get("sourceid") === "in_exam") countTimerPoll();
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
  // The read (pure; null unless running and not yet due), then the poll's one write, its heartbeat.
  const hit = await runningOwnAttempt(db, { attemptId: Number(raw), userId: claims.userId, now });
  if (!hit) return null;
  const attempt = heartbeatOf(db, hit.attempt, now, clientAddress(req));
  const response = NextResponse.json(readResponse(attempt, hit.exam, hit.user, remainingSeconds(attempt, now)));
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
