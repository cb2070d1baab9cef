/**
 * The admin console's health page and dead-message list: read models (lib/queries/admin-health.ts)
 * and action results, shared with the page's client components.
 */

export interface AdminHealth {
  checkedAt: string;
  databaseLatencyMs: number;
  migrations: { current: string | null; latest: string | null; pending: number };
  outbox: { topic: string; pending: number; dead: number; oldestPendingSeconds: number | null }[];
  jobs: { name: string; lastRunAt: string; lastOkAt: string | null; lastError: string | null; lastDurationMs: number }[];
  vendors: { backend: string; calls: number; failed: number; dead: number; errorRate: number }[];
  vendorWindowHours: number;
}

export interface DeadMessageRow {
  id: number;
  topic: string;
  tries: number;
  lastError: string | null;
  created: string;
  modified: string;
  requestId: string | null;
  attemptId: string | null;
}

export interface DeadMessagesPage {
  topic: string;
  rows: DeadMessageRow[];
  nextBefore: string | null;
}

export type SmtpCheck = { state: "not_configured" } | { state: "ok"; ms: number } | { state: "down"; reason: string };

export type OutboxActionResult = { ok: true; count: number } | { ok: false; detail: string };

/** A job run older than this many seconds means the loop is not running anywhere. */
export const JOB_STALE_SECONDS = 120;

/** How a loop looks from its last run: running, failing, or not running at all. */
export function jobState(job: { lastRunAt: string; lastError: string | null }, now: Date): "ok" | "failing" | "stale" {
  if (now.getTime() - new Date(job.lastRunAt).getTime() > JOB_STALE_SECONDS * 1000) return "stale";
  return job.lastError ? "failing" : "ok";
}
