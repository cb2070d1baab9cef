import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { clientAddress } from "@/lib/http/client-ip";
import { parseId } from "@/lib/http/ids";
import { expiryInstant, timerThresholds } from "@/lib/domain/time";
import type { ClockResponse } from "@/lib/domain/timer-clock";
import { loadSiteSettings } from "@/lib/data/settings";
import { isInProgress } from "@/lib/domain/statuses";
import { ownAttempt } from "@/lib/queries/learner-attempts";
import { expireAttempts } from "@/lib/services/attempt/expire";
import { heartbeatOf } from "@/lib/services/attempt/poll";

export const dynamic = "force-dynamic";
type Params = { attemptId: string };

/**
 * Invigil's own timer clock: the absolute deadline and the server's time, so the browser
 * can count with its monotonic clock whatever its wall clock says (lib/domain/timer-clock.ts).
 * Owner only; every read is a heartbeat, and an attempt the read shows as expired is stored so by
 * the expiry verb before the answer, as the §8.6 poll does (decision 025).
 *
 * The thresholds come from the learner's own allowed minutes (allowance included, frozen at the
 * start), not the exam's base limit the Open edX client uses (client-contract §8). Before the
 * attempt starts there is no clock: `deadline` and `allowed_time_limit_mins` are null.
 */
export const GET = apiRoute<Params>(async ({ ctx, params, req }) => {
  const id = parseId(params.attemptId, "attempt_id");
  let read = await ownAttempt(ctx, id);
  if (read.expiring.length > 0) {
    await expireAttempts(ctx, read.expiring);
    read = await ownAttempt(ctx, id);
  }
  const { remaining } = read.body;
  const attempt = isInProgress(read.body.attempt.status) ? heartbeatOf(ctx.db, read.body.attempt, ctx.now, clientAddress(req)) : read.body.attempt;
  const settings = await loadSiteSettings(ctx.db);
  const { startedAt, allowedTimeLimitMins } = attempt;
  const deadline = startedAt && allowedTimeLimitMins !== null ? expiryInstant(startedAt, allowedTimeLimitMins) : null;
  const allowed = deadline ? allowedTimeLimitMins : null;
  const thresholds = timerThresholds(allowed, { lowPct: settings.low_threshold_pct, criticalPct: settings.critically_low_threshold_pct });
  const body: ClockResponse = {
    attempt_id: attempt.id,
    status: attempt.status,
    deadline: deadline?.toISOString() ?? null,
    server_now: ctx.now.toISOString(),
    time_remaining_seconds: remaining,
    allowed_time_limit_mins: allowed,
    low_threshold_sec: thresholds.lowThresholdSec,
    critically_low_threshold_sec: thresholds.criticallyLowThresholdSec,
  };
  // A clock must never come from a cache.
  return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
});
