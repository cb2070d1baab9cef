import type { Db } from "@/db/client";
import type { Attempt } from "@/db/schema";
import { recordHeartbeat } from "./heartbeats";

/**
 * The timer poll's write (docs/reference/what-we-build.md, point 9): records a running attempt's heartbeat (buffered,
 * heartbeats.ts, decision 010) and returns the attempt as it reads once that heartbeat is
 * written, so the poll's answer already shows it. The poll's read is
 * lib/queries/learner-attempts.ts.
 */
export function heartbeatOf(db: Db, attempt: Attempt, now: Date, ipAddress: string | null | undefined): Attempt {
  const ip = ipAddress ? ipAddress.slice(0, 64) : null;
  recordHeartbeat(db, attempt.id, now, ip);
  const newer = (a: Date | null) => a !== null && a > now;
  return {
    ...attempt,
    lastPollTimestamp: newer(attempt.lastPollTimestamp) ? attempt.lastPollTimestamp : now,
    lastPollIpaddr: newer(attempt.lastPollTimestamp) ? attempt.lastPollIpaddr : (ip ?? attempt.lastPollIpaddr),
    modified: attempt.modified > now ? attempt.modified : now,
  };
}
