import "server-only";
import { desc, eq, or, sql, type SQL } from "drizzle-orm";
import { attemptHistory, attempts, exams, users } from "@/db/schema";
import type { AttemptTimeline } from "@/lib/domain/attempt-timeline";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { attemptTimeline } from "./dashboard-attempts";

/**
 * The admin console's attempt finder (issue 13 item 5): any attempt of the site by learner
 * (username, e-mail or LMS user id), course key, external (vendor) id or attempt id. Exact
 * matches only, each on an index (users' lower(username) / lower(email) / lms_user_id, attempts'
 * course key and external id, the primary key): an appeal names a person or a session, and a
 * substring scan of every attempt of the site would not stay fast.
 */

export const ADMIN_ATTEMPT_LIMIT = 100;

export interface AdminAttemptRow {
  id: number;
  status: string;
  courseKey: string;
  examName: string;
  username: string;
  email: string;
  lmsUserId: number | null;
  externalId: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

const ADMINS_ONLY = "Only site administrators search attempts across the site.";

function requireAdminPrincipal(ctx: ServiceContext): void {
  if (ctx.principal.kind !== "user" || !ctx.principal.isAdmin) throw new ServiceError("FORBIDDEN", ADMINS_ONLY);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Newest first, at most ADMIN_ATTEMPT_LIMIT; an empty query finds nothing. */
export async function searchAttemptsForAdmin(ctx: ServiceContext, query: string): Promise<AdminAttemptRow[]> {
  requireAdminPrincipal(ctx);
  const q = query.trim().slice(0, 255);
  if (!q) return [];
  const lower = q.toLowerCase();
  const matches: SQL[] = [
    sql`lower(${users.username}) = ${lower}`,
    sql`lower(${users.email}) = ${lower}`,
    eq(attempts.courseKey, q),
    eq(attempts.externalId, q),
  ];
  if (/^\d{1,10}$/.test(q) && Number(q) <= 2_147_483_647) {
    matches.push(eq(users.lmsUserId, Number(q)), eq(attempts.id, Number(q)));
  }
  const rows = await ctx.db
    .select({
      id: attempts.id,
      status: attempts.status,
      courseKey: attempts.courseKey,
      examName: exams.examName,
      username: users.username,
      email: users.email,
      lmsUserId: users.lmsUserId,
      externalId: attempts.externalId,
      startedAt: attempts.startedAt,
      completedAt: attempts.completedAt,
    })
    .from(attempts)
    .innerJoin(users, eq(users.id, attempts.userId))
    .innerJoin(exams, eq(exams.id, attempts.examId))
    .where(or(...matches))
    .orderBy(desc(attempts.created), desc(attempts.id))
    .limit(ADMIN_ATTEMPT_LIMIT);
  return rows.map((r) => ({ ...r, startedAt: iso(r.startedAt), completedAt: iso(r.completedAt) }));
}

/** Any attempt's timeline (a removed one's from its history), for an admin; null when unknown. */
export async function adminAttemptTimeline(ctx: ServiceContext, attemptId: number): Promise<AttemptTimeline | null> {
  requireAdminPrincipal(ctx);
  if (!Number.isInteger(attemptId) || attemptId < 1 || attemptId > 2_147_483_647) return null;
  const [live] = await ctx.db.select({ courseKey: attempts.courseKey }).from(attempts).where(eq(attempts.id, attemptId)).limit(1);
  const courseKey =
    live?.courseKey ??
    (await ctx.db.select({ courseKey: attemptHistory.courseKey }).from(attemptHistory).where(eq(attemptHistory.attemptId, attemptId)).orderBy(desc(attemptHistory.id)).limit(1))[0]
      ?.courseKey;
  return courseKey ? attemptTimeline(ctx, courseKey, attemptId) : null;
}
