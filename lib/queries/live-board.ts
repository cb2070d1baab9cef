import "server-only";
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attempts, exams, users } from "@/db/schema";
import { resolveExamBackend } from "@/lib/backends/registry";
import {
  DEFAULT_PING_INTERVAL_SECONDS,
  isLiveBoardStatus,
  isRunningStatus,
  LIVE_BOARD_STATUSES,
} from "@/lib/domain/live-board";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import { ServiceError } from "@/lib/domain/errors";
import type { ServiceContext } from "@/lib/data/context";
import { requireCourseStaffActor } from "./pagination";
import type { LiveBoardRow, LiveBoardSnapshot, LiveBoardUpdate } from "@/lib/domain/dashboard-views";

/**
 * The instructor live board: a course's (or one exam's) learners in an exam now
 * (started, ready_to_submit) and the attempts that need a person (error, second review), with
 * what the browser needs to tick their clocks and judge their heartbeats itself
 * (lib/domain/live-board.ts). Course staff of the course, or admins.
 */

/** A board shows at most this many attempts (then says it is truncated). */
export const LIVE_BOARD_MAX_ROWS = 1000;

export interface LiveBoardScope {
  courseKey: string;
  /** One exam of the course, or null for all of them. */
  examId: number | null;
}

/** The caller's check and the exam's: 403 for anyone but the course's staff, 404 for another course's exam. */
export async function resolveLiveBoardScope(ctx: ServiceContext, courseKey: string, examId: number | null): Promise<LiveBoardScope> {
  requireCourseStaffActor(ctx, courseKey);
  if (examId !== null) {
    const [exam] = await ctx.db
      .select({ courseKey: exams.courseKey })
      .from(exams)
      .where(eq(exams.id, examId))
      .limit(1);
    // Another course's exam answers like a missing one: staff of one course learn nothing of others.
    if (!exam || exam.courseKey !== courseKey) throw new ServiceError("NOT_FOUND", `No exam with exam_id=${examId} in this course.`);
  }
  return { courseKey, examId };
}

/** The whole board. */
export async function liveBoardSnapshot(ctx: ServiceContext, scope: LiveBoardScope): Promise<LiveBoardSnapshot> {
  const { rows, truncated } = await readRows(ctx, scope, null);
  return { server_now: ctx.now.toISOString(), course_id: scope.courseKey, exam_id: scope.examId, rows, truncated };
}

/** The board's view of some attempts that changed: their rows, or that they left the board. */
export async function liveBoardChanges(ctx: ServiceContext, scope: LiveBoardScope, attemptIds: readonly number[]): Promise<LiveBoardUpdate> {
  const ids = [...new Set(attemptIds)];
  if (ids.length === 0) return { server_now: ctx.now.toISOString(), rows: [], removed: [] };
  const { rows } = await readRows(ctx, scope, ids);
  const present = new Set(rows.map((r) => r.attempt_id));
  return { server_now: ctx.now.toISOString(), rows, removed: ids.filter((id) => !present.has(id)) };
}

async function readRows(
  ctx: ServiceContext,
  scope: LiveBoardScope,
  ids: readonly number[] | null,
): Promise<{ rows: LiveBoardRow[]; truncated: boolean }> {
  const where: SQL[] = [eq(attempts.courseKey, scope.courseKey), inArray(attempts.status, [...LIVE_BOARD_STATUSES])];
  if (scope.examId !== null) where.push(eq(attempts.examId, scope.examId));
  if (ids !== null) where.push(inArray(attempts.id, [...ids]));
  const found = await ctx.db
    .select({
      attempt: attempts,
      username: users.username,
      fullName: users.fullName,
      examName: exams.examName,
      isProctored: exams.isProctored,
      backend: exams.backend,
    })
    .from(attempts)
    .innerJoin(users, eq(users.id, attempts.userId))
    .innerJoin(exams, eq(exams.id, attempts.examId))
    .where(and(...where))
    .orderBy(asc(attempts.expiresAt), asc(attempts.id))
    .limit(LIVE_BOARD_MAX_ROWS + 1);
  const truncated = found.length > LIVE_BOARD_MAX_ROWS;
  const list = truncated ? found.slice(0, LIVE_BOARD_MAX_ROWS) : found;

  // Every read shows the effective state (docs/reference/what-we-build.md, point 2): a learner whose time ran out is,
  // in effect, submitted and leaves the board rather than showing as running at 0:00. The sweeper
  // stores it; this read writes nothing.

  const pingOf = pingIntervals(ctx.db);
  const rows: LiveBoardRow[] = [];
  for (const r of list) {
    const a = effectiveAttempt(r.attempt, ctx.now);
    if (!isLiveBoardStatus(a.status)) continue;
    rows.push({
      attempt_id: a.id,
      exam_id: a.examId,
      exam_name: r.examName,
      user_id: a.userId,
      username: r.username,
      full_name: r.fullName,
      status: a.status,
      taking_as_proctored: a.takingAsProctored,
      started_at: iso(a.startedAt),
      expires_at: isRunningStatus(a.status) ? iso(a.expiresAt) : null,
      last_poll_at: iso(a.lastPollTimestamp),
      saved_time_remaining_seconds: a.timeRemainingSeconds,
      allowed_time_limit_mins: a.allowedTimeLimitMins,
      ping_interval_seconds: await pingOf(r.isProctored, r.backend),
    });
  }
  return { rows, truncated };
}

/** The backend ping interval of an exam (§5.7), memoised per backend name for one read. */
function pingIntervals(db: DbOrTx) {
  const cache = new Map<string, Promise<number>>();
  return (isProctored: boolean, backend: string | null): Promise<number> => {
    // §1.4: a timed exam has no backend, whatever name it stores.
    if (!isProctored) return Promise.resolve(DEFAULT_PING_INTERVAL_SECONDS);
    const key = backend ?? "";
    let pending = cache.get(key);
    if (!pending) {
      pending = resolveExamBackend(db, { isProctored, backend })
        .then((b) => b?.pingInterval ?? DEFAULT_PING_INTERVAL_SECONDS)
        // A backend disabled since the attempt began still has learners on the board.
        .catch(() => DEFAULT_PING_INTERVAL_SECONDS);
      cache.set(key, pending);
    }
    return pending;
  };
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
