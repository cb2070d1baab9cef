import { sql, type SQL } from "drizzle-orm";
import { IN_PROGRESS_STATUSES } from "@/lib/domain/statuses";
import { rewriteTarget } from "@/lib/domain/transitions";

/**
 * effectiveAttempt (lib/domain/effective-attempt.ts) in SQL, for reads that compute statuses in
 * the database (the onboarding panel): `<alias>.status` as it is in effect at `now`. A running
 * attempt whose `expires_at` (started_at + allowed minutes, kept by a trigger; null without a
 * limit) is strictly before `now` reads as the status its expiry will store. Nothing is written.
 * effective-sql.test.ts checks the two agree on every status.
 */
export function effectiveStatusSql(alias: string, now: Date, options: { allowTimedOutState?: boolean } = {}): SQL {
  return sql`(case when ${isExpiredSql(alias, now)} then ${sql.raw(`'${expiredStatus(options)}'`)} else ${column(alias, "status")} end)`;
}

/** Whether `<alias>` is a running attempt past its expiry at `now` (isExpired of lib/domain/time.ts). */
export function isExpiredSql(alias: string, now: Date): SQL {
  const running = sql.raw([...IN_PROGRESS_STATUSES].map((s) => `'${s}'`).join(", "));
  return sql`(${column(alias, "status")} in (${running}) and ${column(alias, "expires_at")} < ${now.toISOString()}::timestamptz)`;
}

function expiredStatus(options: { allowTimedOutState?: boolean }): string {
  return rewriteTarget("started", "timed_out", { allowTimedOutState: options.allowTimedOutState }).to;
}

function column(alias: string, name: string): SQL {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not a table alias: ${alias}`);
  return sql.raw(`${alias}.${name}`);
}
