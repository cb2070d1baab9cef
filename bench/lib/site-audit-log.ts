/**
 * The admin console's site audit log (/admin/audit) at a million rows: the page's read
 * (lib/queries/admin-audit.ts), called in-process, for the first page, filtered pages and a page
 * deep in the log reached by its keyset. Called from bench/dashboard.ts, which loads the course
 * (whose attempts already wrote audit rows); this tops the log up to BENCH_AUDIT_ROWS.
 */
import type postgres from "postgres";
import type { DbOrTx } from "@/db/client";
import { intEnv } from "./config";

export const AUDIT_ROWS = intEnv("BENCH_AUDIT_ROWS", 1_000_000);

const ACTIONS = ["allowance.upsert", "exam.update", "review.receive", "sync.enrollments", "attempt.submit", "attempt.start", "api_token.create"];

/**
 * Rows spread over a year, one actor among 1,000 admins and staff, a course among 50; one row in
 * 5,000 is a site setting change by `auditadmin1` (the rare action an admin looks for).
 */
export async function loadAuditLog(pg: postgres.Sql): Promise<void> {
  const [row] = await pg.unsafe(`SELECT count(*)::int AS n FROM audit_log`);
  const missing = AUDIT_ROWS - Number(row!.n);
  await pg.unsafe(
    `INSERT INTO users (username, email, full_name, is_admin)
     SELECT 'auditadmin' || g, 'auditadmin' || g || '@admins.bench.invalid', 'Audit Admin ' || g, g <= 10
     FROM generate_series(1, 1000) g`,
  );
  if (missing <= 0) return;
  await pg.unsafe(
    `INSERT INTO audit_log (at, actor_kind, actor_user_id, action, entity_type, entity_id, course_id, source, data)
     SELECT now() - (($1::int - g) * (365.0 * 86400 / $1::int)) * interval '1 second',
            'user', a.id,
            CASE WHEN g % 5000 = 0 THEN 'site_setting.update' ELSE ($2::text[])[1 + g % ${ACTIONS.length}] END,
            CASE WHEN g % 5000 = 0 THEN 'site_setting' ELSE 'entity' END, g::text,
            CASE WHEN g % 5000 = 0 THEN NULL ELSE 'course-v1:AuditX+C' || (g % 50) || '+2026' END, 'web',
            CASE WHEN g % 5000 = 0 THEN jsonb_build_object('before', 'a', 'after', 'b') ELSE '{}'::jsonb END
     FROM generate_series(1, $1::int) g
     JOIN users a ON a.username = 'auditadmin' || (1 + CASE WHEN g % 5000 = 0 THEN 0 ELSE g % 1000 END)`,
    [missing, ACTIONS],
  );
}

export interface TimedScenario {
  name: string;
  run: () => Promise<{ status: number; bytes: number }>;
}

/** The page's read for each kind of request an admin makes of the log. */
export async function siteAuditLogScenarios(db: DbOrTx): Promise<TimedScenario[]> {
  const { parseAuditLogFilter } = await import("@/lib/domain/audit-log");
  const { listAuditLog } = await import("@/lib/queries/admin-audit");
  const { auditLog } = await import("@/db/schema");
  const { asc } = await import("drizzle-orm");
  // A keyset position 50,000 rows above the oldest: the far end of the log.
  const oldest = await db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id)).offset(50_000).limit(1);
  const deep = oldest[0]?.id ?? null;
  const day = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
  const page = (query: Record<string, string>, before: number | null = null) => async () => {
    const result = await listAuditLog(db, parseAuditLogFilter((name) => query[name] ?? null), before);
    return { status: result.rows.length ? 200 : 204, bytes: JSON.stringify(result).length };
  };
  return [
    { name: "site audit log: first page", run: page({}) },
    { name: "site audit log: deep keyset page", run: page({}, deep) },
    { name: "site audit log: by actor", run: page({ actor: "auditadmin7" }) },
    { name: "site audit log: by actor, deep page", run: page({ actor: "auditadmin7" }, deep) },
    { name: "site audit log: rare action (site_setting.update)", run: page({ action: "site_setting.update" }) },
    { name: "site audit log: action prefix (attempt.)", run: page({ action: "attempt." }) },
    { name: "site audit log: by course", run: page({ course: "course-v1:AuditX+C7+2026" }) },
    { name: "site audit log: one day 200 days ago", run: page({ from: day, to: day }) },
    { name: "site audit log: actor + action + month", run: page({ actor: "auditadmin1", action: "site_setting.update", from: day.slice(0, 8) + "01" }) },
  ];
}
