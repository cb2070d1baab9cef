import "server-only";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { courses, creditRequirementStatuses, gradeOverrides, users } from "@/db/schema";
import { ServiceError } from "@/lib/domain/errors";
import { MAX_INT32 } from "@/lib/domain/numbers";

/**
 * What an LMS pulls instead of (or besides) receiving webhooks (decision 040): a course's credit
 * requirement statuses and grade overrides, optionally for one learner, in pages ordered by id.
 * Keyset paging on the row id: `after` is `next_after` of the previous page, so pages stay stable
 * while rows are added. A status updated in place keeps its id (and shows its new `modified`): to
 * catch changes, an LMS walks the list again or listens to the webhooks.
 */

export const PULL_DEFAULT_LIMIT = 100;
export const PULL_MAX_LIMIT = 1000;

export interface PullQuery {
  username: string | null;
  after: number;
  limit: number;
}

/** `?username=&after=&limit=` checked, or a 400 naming the parameter. */
export function parsePullQuery(query: URLSearchParams): PullQuery {
  const whole = (name: string, raw: string | null, min: number, max: number, fallback: number): number => {
    if (raw === null || raw === "") return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new ServiceError("VALIDATION", `${name}: must be a whole number from ${min} to ${max}.`);
    }
    return Number(raw);
  };
  const username = query.get("username");
  return {
    username: username ? username : null,
    after: whole("after", query.get("after"), 0, MAX_INT32, 0),
    limit: whole("limit", query.get("limit"), 1, PULL_MAX_LIMIT, PULL_DEFAULT_LIMIT),
  };
}

export interface PullPage<T> {
  course_key: string;
  results: T[];
  /** Give as `after` for the next page; null on the last page. */
  next_after: number | null;
}

async function courseId(db: DbOrTx, courseKey: string): Promise<number> {
  const [row] = await db.select({ id: courses.id }).from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  if (!row) throw new ServiceError("NOT_FOUND", `No course '${courseKey}'.`);
  return row.id;
}

function page<T extends { id: number }>(courseKey: string, rows: T[], limit: number): PullPage<T> {
  const more = rows.length > limit;
  const results = more ? rows.slice(0, limit) : rows;
  return { course_key: courseKey, results, next_after: more ? results[results.length - 1]!.id : null };
}

export interface CreditStatusPullRow {
  id: number;
  username: string;
  lms_user_id: number | null;
  namespace: string;
  name: string;
  status: string;
  status_date: string | null;
  source: string;
  modified: string;
}

export async function pullCreditStatuses(db: DbOrTx, courseKey: string, q: PullQuery): Promise<PullPage<CreditStatusPullRow>> {
  const id = await courseId(db, courseKey);
  const where: SQL[] = [eq(creditRequirementStatuses.courseId, id), gt(creditRequirementStatuses.id, q.after)];
  if (q.username) where.push(eq(users.username, q.username));
  const rows = await db
    .select({
      id: creditRequirementStatuses.id,
      username: users.username,
      lmsUserId: users.lmsUserId,
      namespace: creditRequirementStatuses.namespace,
      name: creditRequirementStatuses.name,
      status: creditRequirementStatuses.status,
      statusDate: creditRequirementStatuses.statusDate,
      source: creditRequirementStatuses.source,
      modified: creditRequirementStatuses.modified,
    })
    .from(creditRequirementStatuses)
    .innerJoin(users, eq(users.id, creditRequirementStatuses.userId))
    .where(and(...where))
    .orderBy(asc(creditRequirementStatuses.id))
    .limit(q.limit + 1);
  return page(
    courseKey,
    rows.map((r) => ({
      id: r.id,
      username: r.username,
      lms_user_id: r.lmsUserId,
      namespace: r.namespace,
      name: r.name,
      status: r.status,
      status_date: r.statusDate?.toISOString() ?? null,
      source: r.source,
      modified: r.modified.toISOString(),
    })),
    q.limit,
  );
}

export interface GradeOverridePullRow {
  id: number;
  username: string;
  lms_user_id: number | null;
  usage_key: string;
  earned_all: number;
  earned_graded: number;
  comment: string;
  /** false once undone: the history of overrides stays visible. */
  active: boolean;
  created: string;
  modified: string;
}

export async function pullGradeOverrides(db: DbOrTx, courseKey: string, q: PullQuery): Promise<PullPage<GradeOverridePullRow>> {
  const id = await courseId(db, courseKey);
  const where: SQL[] = [eq(gradeOverrides.courseId, id), gt(gradeOverrides.id, q.after)];
  if (q.username) where.push(eq(users.username, q.username));
  const rows = await db
    .select({
      id: gradeOverrides.id,
      username: users.username,
      lmsUserId: users.lmsUserId,
      usageKey: gradeOverrides.usageKey,
      earnedAll: gradeOverrides.earnedAll,
      earnedGraded: gradeOverrides.earnedGraded,
      comment: gradeOverrides.comment,
      active: gradeOverrides.active,
      created: gradeOverrides.created,
      modified: gradeOverrides.modified,
    })
    .from(gradeOverrides)
    .innerJoin(users, eq(users.id, gradeOverrides.userId))
    .where(and(...where))
    .orderBy(asc(gradeOverrides.id))
    .limit(q.limit + 1);
  return page(
    courseKey,
    rows.map((r) => ({
      id: r.id,
      username: r.username,
      lms_user_id: r.lmsUserId,
      usage_key: r.usageKey,
      earned_all: r.earnedAll,
      earned_graded: r.earnedGraded,
      comment: r.comment,
      active: r.active,
      created: r.created.toISOString(),
      modified: r.modified.toISOString(),
    })),
    q.limit,
  );
}
