import "server-only";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { attempts, exams, users, type Attempt } from "@/db/schema";
import { attemptJson, type AttemptJson } from "@/lib/data/edx-json";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import type { ServiceContext } from "@/lib/data/context";
import { loadSiteSettings } from "@/lib/data/settings";
import { djangoPathSegment, pageWindow, requireCourseStaffActor, userSearchCondition } from "./pagination";

/**
 * The instructor dashboard's "Special Exam Attempts" list (§8.9, §13.2, §6.6): one row per
 * (learner, exam), the newest attempt, with every attempt of the pair newest first.
 *
 * A course can hold 100,000 learners and 300,000 attempts, so nothing here loads the course:
 * the grouping, counting and paging run in SQL, and only the page's 25 pairs are fetched in full.
 * "Newest attempt of its pair" is an anti-join on attempts_exam_user_created_idx; the page walks
 * attempts_course_created_idx newest first and stops after 25 rows (a deep page walks further).
 * The ORDER BY says `nulls last` to match that index's order (created is never null, but the
 * planner only uses the index when the orderings agree: 0.7 ms instead of a 150 ms sort).
 */

export const GROUPED_ATTEMPTS_PATH = "/api/edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/";

export type GroupedAttemptJson = AttemptJson & { all_attempts: AttemptJson[] };

export interface GroupedAttemptsResponse {
  proctored_exam_attempts: GroupedAttemptJson[];
  pagination_info: { has_previous: boolean; has_next: boolean; current_page: number; total_pages: number };
  attempt_url: string;
}

export interface GroupedAttemptsInput {
  courseKey: string;
  /** Username or e-mail substring (case-insensitive); null or "" lists everyone. */
  searchBy: string | null;
  /** `?page=` as sent. */
  page: string | null;
}

/** The attempt is the newest of its (exam, learner) pair: no attempt of the pair is newer. */
const isNewestOfPair = sql`not exists (
  select 1 from attempts n
  where n.exam_id = a.exam_id and n.user_id = a.user_id
    and n.created >= a.created and (n.created > a.created or n.id > a.id)
)`;

/**
 * How many (learner, exam) pairs the list has. Without a search: per exam of the course, the
 * distinct learners of an index-only scan of attempts_exam_user_created_idx, already in user
 * order, so no hash of 300,000 pairs (this relies on attempts.course_id being its exam's course,
 * which attempt creation guarantees). With a search: the pairs of the matching learners.
 */
export async function countAttemptGroups(ctx: ServiceContext, courseKey: string, search: SQL | null): Promise<number> {
  const query = search
    ? sql`
      select count(*) as total from (
        select distinct a.exam_id, a.user_id
        from attempts a
        where a.course_id = ${courseKey} and ${search}
      ) pairs`
    : sql`
      select coalesce(sum(per_exam.n), 0) as total
      from exams x
      cross join lateral (
        select count(*) as n from (select distinct a.user_id from attempts a where a.exam_id = x.id) learners
      ) per_exam
      where x.course_id = ${courseKey}`;
  const rows = rowsOf<{ total: number | string }>(await ctx.db.execute(query));
  return Number(rows[0]?.total ?? 0);
}

/**
 * The newest attempt of each pair on one page, newest first. A page in the older half of the list
 * is read from the oldest end (the same index, scanned the other way) and reversed, so the last
 * page costs what the first one does instead of walking every newer group.
 */
export async function pageOfAttemptGroups(
  ctx: ServiceContext,
  courseKey: string,
  search: SQL | null,
  window: { offset: number; limit: number },
  total: number,
): Promise<{ examId: number; userId: number }[]> {
  const fromOldest = window.offset > total / 2;
  const remaining = Math.max(0, total - window.offset);
  const limit = fromOldest ? Math.min(window.limit, remaining) : window.limit;
  const offset = fromOldest ? remaining - limit : window.offset;
  const order = fromOldest ? sql`a.created asc nulls first, a.id asc` : sql`a.created desc nulls last, a.id desc`;
  const rows = rowsOf<{ exam_id: number; user_id: number }>(
    await ctx.db.execute(sql`
      select a.exam_id, a.user_id
      from attempts a
      where a.course_id = ${courseKey} ${search ? sql`and ${search}` : sql``} and ${isNewestOfPair}
      order by ${order}
      limit ${limit} offset ${offset}`),
  );
  const pairs = rows.map((r) => ({ examId: Number(r.exam_id), userId: Number(r.user_id) }));
  return fromOldest ? pairs.reverse() : pairs;
}

/** Path of this list for `attempt_url` (3.8.1: the URL of the request, search included). */
export function groupedAttemptsUrl(courseKey: string, searchBy: string | null): string {
  const base = `${GROUPED_ATTEMPTS_PATH}${djangoPathSegment(courseKey)}`;
  return searchBy ? `${base}/search/${djangoPathSegment(searchBy)}` : base;
}

/**
 * GET …/attempt/grouped/course_id/<course>[/search/<text>] (§8.9). Course staff and admins only.
 * The page's attempts are shown in their effective state (docs/reference/what-we-build.md, point 2); nothing is written.
 */
export async function listGroupedAttempts(ctx: ServiceContext, input: GroupedAttemptsInput): Promise<GroupedAttemptsResponse> {
  requireCourseStaffActor(ctx, input.courseKey);
  const searchBy = input.searchBy ? input.searchBy : null;

  const search = searchBy ? await userSearchCondition(ctx.db, searchBy, sql`a.user_id`) : null;
  const total = searchBy && !search ? 0 : await countAttemptGroups(ctx, input.courseKey, search);
  const window = pageWindow(input.page, total);
  const pairs = total === 0 ? [] : await pageOfAttemptGroups(ctx, input.courseKey, search, window, total);

  const rows: GroupedAttemptJson[] = [];
  if (pairs.length > 0) {
    const pairList = sql.join(
      pairs.map((p) => sql`(${p.examId}::int, ${p.userId}::int)`),
      sql`, `,
    );
    const fetched = await ctx.db
      .select()
      .from(attempts)
      .where(and(eq(attempts.courseKey, input.courseKey), sql`(${attempts.examId}, ${attempts.userId}) in (${pairList})`))
      .orderBy(desc(attempts.created), desc(attempts.id));
    const { allow_timed_out_state: allowTimedOutState } = await loadSiteSettings(ctx.db);
    const current = fetched.map((a) => effectiveAttempt(a, ctx.now, { allowTimedOutState }));

    const examIds = [...new Set(pairs.map((p) => p.examId))];
    const userIds = [...new Set(pairs.map((p) => p.userId))];
    const [examRows, userRows] = await Promise.all([
      ctx.db.select().from(exams).where(inArray(exams.id, examIds)),
      ctx.db.select({ id: users.id, username: users.username, email: users.email, lmsUserId: users.lmsUserId }).from(users).where(inArray(users.id, userIds)),
    ]);
    const examById = new Map(examRows.map((e) => [e.id, e]));
    const userById = new Map(userRows.map((u) => [u.id, u]));

    const byPair = new Map<string, Attempt[]>();
    for (const attempt of current) {
      const key = `${attempt.examId}:${attempt.userId}`;
      byPair.set(key, [...(byPair.get(key) ?? []), attempt]);
    }
    for (const pair of pairs) {
      const list = byPair.get(`${pair.examId}:${pair.userId}`);
      const exam = examById.get(pair.examId);
      const user = userById.get(pair.userId);
      // A pair removed between the two reads (a reset) simply drops off this page.
      if (!list?.length || !exam || !user) continue;
      const all = list.map((a) => attemptJson(a, exam, user));
      rows.push({ ...all[0]!, all_attempts: all });
    }
  }

  return {
    proctored_exam_attempts: rows,
    pagination_info: {
      has_previous: window.hasPrevious,
      has_next: window.hasNext,
      current_page: window.page,
      total_pages: window.numPages,
    },
    attempt_url: groupedAttemptsUrl(input.courseKey, searchBy),
  };
}
