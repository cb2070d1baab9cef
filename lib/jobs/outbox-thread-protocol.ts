import type { MetricEvent } from "@/lib/metrics";
import type { MailConfig } from "./mailer";

/**
 * What the main thread and the outbox worker's thread say to each other (decision 056). Types
 * and one constant, shared by both sides: lib/jobs/outbox-thread.ts (the host) and
 * lib/jobs/outbox-thread-entry.ts (the thread).
 */

/** Given to the thread when it starts (structured-cloned: plain data only). */
export interface OutboxThreadData {
  databaseUrl: string;
  mail: MailConfig | null;
  baseUrl: string | undefined;
  intervalMs: number;
  /** The thread's nice value (0 keeps the process's priority; 10 lets requests go first). */
  nice: number;
  /**
   * The process's count of API requests in flight (lib/requests-in-flight.ts), shared memory the
   * thread reads between batches.
   */
  requestsInFlight: SharedArrayBuffer;
}

/**
 * Requests in flight at and above which the thread delivers one batch per tick: learners are
 * waiting, so the cores go to them first. A few requests at a time (timer polls, the odd submit)
 * leave the thread its full speed.
 */
export const BUSY_REQUESTS_IN_FLIGHT = 8;

/** Main thread → outbox thread. */
export type OutboxThreadMessage = { type: "stop" };

/** Outbox thread → main thread. */
export type OutboxThreadReply =
  | { type: "ready" }
  | { type: "metric"; event: MetricEvent }
  | { type: "stopped" }
  | { type: "failed"; message: string };
