import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx, Tx } from "@/db/client";
import { courses, users, type Course, type User } from "@/db/schema";
import { hasScope } from "@/lib/domain/actor";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { invalidInput, parseBatch, type InputError } from "@/lib/domain/input";
import { recordAudit } from "../journal";

/**
 * The LMS sync API (docs/reference/what-we-build.md, point 4): an LMS keeps Invigil's users, courses, roles,
 * enrollments, outline and personal due dates in step with its own. Every verb takes one object
 * or a batch of up to 1000, validates all of it before writing, writes in one transaction, is
 * idempotent (a repeat reports `unchanged` and writes nothing), and leaves one audit row per batch.
 */

export const SYNC_SCOPE = "lms:sync";
export const SYNC_FORBIDDEN_DETAIL = "This endpoint needs a service token with the lms:sync scope.";

/** A service token with `lms:sync`, or an admin user. */
export function requireSyncCaller(ctx: ServiceContext): void {
  const p = ctx.principal;
  if (p.kind === "service" && hasScope(p, SYNC_SCOPE)) return;
  if (p.kind === "user" && p.isAdmin) return;
  throw new ServiceError("FORBIDDEN", SYNC_FORBIDDEN_DETAIL);
}

export type SyncStatus = "created" | "updated" | "unchanged" | "deleted";

export interface SyncItemResult {
  index: number;
  id: number | null;
  status: SyncStatus;
}

export interface SyncResult {
  results: SyncItemResult[];
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export function summarize(results: SyncItemResult[]): SyncResult {
  const counts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  for (const r of results) counts[r.status] += 1;
  return { results, ...counts };
}

/** The one audit row of a batch: what kind, how many, what changed. */
export async function auditBatch(
  tx: DbOrTx,
  ctx: ServiceContext,
  action: string,
  result: SyncResult,
  extra: { courseKey?: string | null; data?: Record<string, unknown> } = {},
): Promise<void> {
  await recordAudit(tx, ctx, {
    action,
    entityType: "sync",
    entityId: null,
    courseKey: extra.courseKey ?? null,
    data: {
      items: result.results.length,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      deleted: result.deleted,
      ...extra.data,
    },
  });
}

/** Errors found against the database (unknown learners ...) reject the batch like schema errors do. */
export function rejectBatch(errors: InputError[]): ServiceError {
  return invalidInput(errors, "Invalid batch");
}

/** Reports items whose key repeats an earlier item's: which one should win would be a guess. */
export function duplicateErrors<T>(items: readonly T[], keyOf: (item: T) => string, field: string): InputError[] {
  const first = new Map<string, number>();
  const errors: InputError[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else errors.push({ index, field, message: `Repeats item ${earlier} of this batch; send each one once.` });
  });
  return errors;
}

/** The course in the path, or 404. */
export async function requireCourse(db: DbOrTx, courseKey: string): Promise<Course> {
  const [course] = await db.select().from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  if (!course) throw new ServiceError("NOT_FOUND", `Cannot find course course_id=${courseKey}.`);
  return course;
}

/** Users by username; each unknown username becomes an item error. */
export async function usersByUsername(
  db: DbOrTx,
  items: readonly { username: string }[],
  errors: InputError[],
): Promise<Map<string, User>> {
  const names = [...new Set(items.map((i) => i.username))];
  const rows = names.length ? await db.select().from(users).where(inArray(users.username, names)) : [];
  const map = new Map(rows.map((u) => [u.username, u]));
  items.forEach((item, index) => {
    if (!map.has(item.username)) errors.push({ index, field: "username", message: `Cannot find user against ${item.username}` });
  });
  return map;
}

/** Same instant? (null-safe; a column read back may be a different Date object.) */
export function sameTime(a: Date | null | undefined, b: Date | null | undefined): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** How a per-learner batch settled one item: the row's id (null when there is none) and what happened. */
export type SyncOutcome = Omit<SyncItemResult, "index">;

/**
 * The frame of one course's per-learner batch (enrollments, roles, personal due dates, credit
 * statuses): the caller may sync; the body is a valid batch in which no two items share `itemKey`
 * (which should win would be a guess; `keyField` names the field in the error); then, in one
 * transaction, the course and every item's learner exist (an unknown one refuses the whole batch,
 * nothing written), `apply` settles each item in order, and the batch leaves one audit row.
 */
export async function syncCourseLearners<S extends z.ZodType<{ username: string }>>(
  ctx: ServiceContext,
  courseKey: string,
  body: unknown,
  batch: {
    schema: S;
    itemKey: (item: z.output<S>) => string;
    keyField: string;
    action: string;
    apply: (tx: Tx, item: z.output<S>, target: { course: Course; user: User }) => Promise<SyncOutcome>;
  },
): Promise<SyncResult> {
  requireSyncCaller(ctx);
  const items = parseBatch(batch.schema, body);
  const errors = duplicateErrors(items, batch.itemKey, batch.keyField);
  if (errors.length) throw rejectBatch(errors);
  return ctx.db.transaction(async (tx) => {
    const course = await requireCourse(tx, courseKey);
    const byName = await usersByUsername(tx, items, errors);
    if (errors.length) throw rejectBatch(errors);
    const results: SyncItemResult[] = [];
    for (const [index, item] of items.entries()) {
      results.push({ index, ...(await batch.apply(tx, item, { course, user: byName.get(item.username)! })) });
    }
    const result = summarize(results);
    await auditBatch(tx, ctx, batch.action, result, { courseKey: course.courseKey });
    return result;
  });
}
