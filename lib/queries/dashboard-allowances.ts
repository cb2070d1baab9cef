import "server-only";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { allowances, exams, type Exam } from "@/db/schema";
import { allowedMinutes } from "@/lib/domain/time";
import { ADDITIONAL_TIME_GRANTED, ALLOWANCE_LABELS } from "@/lib/domain/allowances";
import type { ServiceContext } from "@/lib/data/context";
import { containsPattern, pageWindow, requestedPage, requireCourseStaffActor, type PageWindow, requirePageInRange } from "./pagination";
import type { DashboardExamType, DashboardAllowance, AllowanceGroup, AllowanceFormExam } from "@/lib/domain/dashboard-views";

/**
 * The instructor dashboard's allowances panel (§13.1, grouped by learner as §20's 3.16.0+ UI):
 * one row per learner who has an allowance on an exam of the course, with each allowance under
 * it and the time limit it gives.
 *
 * Built for 100,000 learners and 10,000 allowances per course: nothing loads the course. A page
 * is one or two queries on the learners who have allowances (a count and 25 of them by username,
 * see learnerRows), then one for those learners' allowances (allowances_user_exam_key_key). A search
 * looks only at the course's learners with allowances, never at every user of the site.
 */

export const ALLOWANCE_LEARNERS_PER_PAGE = 25;

export interface AllowanceGroupsResponse {
  results: AllowanceGroup[];
  /** Learners with at least one allowance (matching the search). */
  count: number;
  page: number;
  num_pages: number;
  has_previous: boolean;
  has_next: boolean;
}

export interface AllowanceGroupsInput {
  courseKey: string;
  /** Username or e-mail substring, any case; null or "" lists everyone. */
  search: string | null;
  /** `?page=` as sent (Django's rules: not a number is page 1, out of range the last page). */
  page: string | null;
}

export function dashboardExamType(exam: Pick<Exam, "isProctored" | "isPracticeExam">): DashboardExamType {
  if (!exam.isProctored) return "timed";
  return exam.isPracticeExam ? "practice" : "proctored";
}

interface LearnerRow {
  id: number;
  apiId: number;
  username: string;
  email: string;
}

type RawLearnerRow = { id: number | string; lms_user_id: number | string | null; username: string; email: string };
const learnerOf = (r: RawLearnerRow): LearnerRow => ({
  id: Number(r.id),
  apiId: Number(r.lms_user_id ?? r.id),
  username: r.username,
  email: r.email,
});

/** The learners who have an allowance on an exam of the course (an index-only scan of allowances_exam_user_idx per exam). */
const courseLearnerIds = (courseKey: string) =>
  sql`select distinct a.user_id from allowances a join exams x on x.id = a.exam_id where x.course_id = ${courseKey}`;

/**
 * Those learners as (id, username, email), or only those whose username or e-mail contains the
 * search text (any case). The search looks at the course's learners with allowances only (at most
 * about 10,000, by primary key), never at the whole users table: `offset 0` keeps the planner from
 * turning the lookups into a scan of every user of the site with the LIKE run on each (100,000
 * rows here: 60 ms against 20 ms). Unsearched, the planner picks (page 1 walks users_username_key
 * until 25 learners match; a deep page hashes).
 */
function learnerRows(courseKey: string, text: string | null): SQL {
  if (!text) return sql`select u.id, u.lms_user_id, u.username, u.email from users u where u.id in (${courseLearnerIds(courseKey)})`;
  const pattern = containsPattern(text);
  return sql`select u.id, u.lms_user_id, u.username, u.email
    from (${courseLearnerIds(courseKey)}) l
    cross join lateral (select id, lms_user_id, username, email from users where id = l.user_id offset 0) u
    where lower(u.username) like lower(${pattern}) or lower(u.email) like lower(${pattern})`;
}

async function countLearners(db: DbOrTx, courseKey: string, text: string | null): Promise<number> {
  const query = text
    ? sql`select count(*)::int as n from (${learnerRows(courseKey, text)}) m`
    : sql`select count(distinct a.user_id)::int as n from allowances a join exams x on x.id = a.exam_id where x.course_id = ${courseKey}`;
  return Number(rowsOf<{ n: number | string }>(await db.execute(query))[0]?.n ?? 0);
}

/** Learners in username order: a page (offset), or the batch after `after` (keyset). */
async function learnersPage(
  db: DbOrTx,
  courseKey: string,
  text: string | null,
  options: { limit: number; offset?: number; after?: { username: string; id: number } | null },
): Promise<LearnerRow[]> {
  const after = options.after ? sql`where (m.username, m.id) > (${options.after.username}, ${options.after.id}::int)` : sql``;
  const rows = rowsOf<RawLearnerRow>(
    await db.execute(sql`
      select m.id, m.lms_user_id, m.username, m.email from (${learnerRows(courseKey, text)}) m
      ${after}
      order by m.username, m.id
      limit ${options.limit} offset ${options.offset ?? 0}`),
  );
  return rows.map(learnerOf);
}

const allowanceColumns = {
  id: allowances.id,
  userId: allowances.userId,
  examId: allowances.examId,
  key: allowances.key,
  value: allowances.value,
  modified: allowances.modified,
  examName: exams.examName,
  timeLimitMins: exams.timeLimitMins,
  isProctored: exams.isProctored,
  isPracticeExam: exams.isPracticeExam,
  isActive: exams.isActive,
  contentId: exams.contentId,
};

type AllowanceRow = {
  id: number;
  userId: number;
  examId: number;
  key: string;
  value: string;
  modified: Date | null;
  examName: string;
  timeLimitMins: number;
  isProctored: boolean;
  isPracticeExam: boolean;
  isActive: boolean;
  contentId: string;
};

/** These learners' allowances on the course's exams, by learner, exam name, exam, key. */
async function allowancesOf(db: DbOrTx, courseKey: string, userIds: number[]): Promise<AllowanceRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select(allowanceColumns)
    .from(allowances)
    .innerJoin(exams, eq(exams.id, allowances.examId))
    .where(and(eq(exams.courseKey, courseKey), inArray(allowances.userId, userIds)))
    .orderBy(asc(allowances.userId), asc(sql`lower(${exams.examName})`), asc(exams.id), asc(allowances.key));
}

/** Each row with the learner's time limit on its exam: the exam's plus their additional time (§5.2). */
function withTimeLimits(rows: AllowanceRow[], now: Date): (AllowanceRow & { resultingTimeLimitMins: number })[] {
  const extra = new Map<string, string>();
  for (const r of rows) if (r.key === ADDITIONAL_TIME_GRANTED) extra.set(`${r.userId}:${r.examId}`, r.value);
  return rows.map((r) => ({
    ...r,
    resultingTimeLimitMins: allowedMinutes({
      timeLimitMins: r.timeLimitMins,
      additionalTimeAllowance: extra.get(`${r.userId}:${r.examId}`) ?? null,
      savedRemainingSeconds: null,
      dueDate: null,
      now,
    }),
  }));
}

function dashboardAllowance(r: AllowanceRow & { resultingTimeLimitMins: number }): DashboardAllowance {
  return {
    id: r.id,
    exam_id: r.examId,
    exam_name: r.examName,
    exam_type: dashboardExamType(r),
    exam_is_active: r.isActive,
    key: r.key,
    type_label: ALLOWANCE_LABELS[r.key] ?? r.key,
    value: r.value,
    time_limit_mins: r.timeLimitMins,
    resulting_time_limit_mins: r.resultingTimeLimitMins,
    modified: r.modified ? r.modified.toISOString() : null,
  };
}

/** GET /api/instructor/<course>/allowances: one page of learners (25) with their allowances. */
export async function listAllowanceGroups(ctx: ServiceContext, input: AllowanceGroupsInput): Promise<AllowanceGroupsResponse> {
  requireCourseStaffActor(ctx, input.courseKey);
  requirePageInRange(input.page);
  const text = normalizeSearchText(input.search);
  const { count, window, learners } = text ? await searchedPage(ctx.db, input.courseKey, text, input.page) : await plainPage(ctx.db, input.courseKey, input.page);

  const rows = withTimeLimits(await allowancesOf(ctx.db, input.courseKey, learners.map((l) => l.id)), ctx.now);
  const byUser = new Map<number, DashboardAllowance[]>();
  for (const r of rows) {
    const list = byUser.get(r.userId);
    if (list) list.push(dashboardAllowance(r));
    else byUser.set(r.userId, [dashboardAllowance(r)]);
  }
  return {
    results: learners.map((user) => ({ user, allowances: byUser.get(user.id) ?? [] })),
    count,
    page: window.page,
    num_pages: window.numPages,
    has_previous: window.hasPrevious,
    has_next: window.hasNext,
  };
}

type PageOfLearners = { count: number; window: PageWindow; learners: LearnerRow[] };

/** Unsearched: the count is an index-only scan of the course's allowances, then the page. */
async function plainPage(db: DbOrTx, courseKey: string, page: string | null): Promise<PageOfLearners> {
  const count = await countLearners(db, courseKey, null);
  const window = pageWindow(page, count, ALLOWANCE_LEARNERS_PER_PAGE);
  const learners = count === 0 ? [] : await learnersPage(db, courseKey, null, { limit: window.limit, offset: window.offset });
  return { count, window, learners };
}

/**
 * Searched: matching is the costly part, so the page and the count come from one pass
 * (`count(*) over ()`). Only a page out of range (which Django's paginator turns into the last
 * page) needs the count first and a second pass.
 */
async function searchedPage(db: DbOrTx, courseKey: string, text: string, page: string | null): Promise<PageOfLearners> {
  const asked = requestedPage(page);
  if (asked === null || asked >= 1) {
    const offset = ((asked ?? 1) - 1) * ALLOWANCE_LEARNERS_PER_PAGE;
    const rows = rowsOf<RawLearnerRow & { total: number | string }>(
      await db.execute(sql`
        select m.id, m.lms_user_id, m.username, m.email, count(*) over () as total from (${learnerRows(courseKey, text)}) m
        order by m.username, m.id
        limit ${ALLOWANCE_LEARNERS_PER_PAGE} offset ${offset}`),
    );
    if (rows.length > 0 || offset === 0) {
      const count = rows.length > 0 ? Number(rows[0]!.total) : 0;
      const learners = rows.map(learnerOf);
      return { count, window: pageWindow(page, count, ALLOWANCE_LEARNERS_PER_PAGE), learners };
    }
  }
  const count = await countLearners(db, courseKey, text);
  const window = pageWindow(page, count, ALLOWANCE_LEARNERS_PER_PAGE);
  const learners = count === 0 ? [] : await learnersPage(db, courseKey, text, { limit: window.limit, offset: window.offset });
  return { count, window, learners };
}

/** A search as typed: trimmed, at most an e-mail address long; blank is no search. */
export function normalizeSearchText(raw: string | null | undefined): string | null {
  const text = (raw ?? "").trim().slice(0, 254);
  return text === "" ? null : text;
}

/** The course's exams for the allowance forms (active ones first, then by name). */
export async function allowanceFormExams(ctx: ServiceContext, courseKey: string): Promise<AllowanceFormExam[]> {
  requireCourseStaffActor(ctx, courseKey);
  const rows = await ctx.db
    .select()
    .from(exams)
    .where(eq(exams.courseKey, courseKey))
    .orderBy(sql`${exams.isActive} desc`, asc(sql`lower(${exams.examName})`), asc(exams.id));
  return rows.map((e) => ({
    id: e.id,
    name: e.examName,
    content_id: e.contentId,
    type: dashboardExamType(e),
    time_limit_mins: e.timeLimitMins,
    is_active: e.isActive,
  }));
}

// -------------------------------------------------------------------------------------------------
// CSV export

/** The export's columns: the import's four first (so a file exported can be imported again), then context. */
export const EXPORT_COLUMNS = [
  "username_or_email",
  "exam",
  "type",
  "value",
  "email",
  "exam_id",
  "exam_name",
  "time_limit_mins",
  "resulting_time_limit_mins",
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number>;

/** Learners per export batch: one batch is two queries, and about a thousand rows. */
export const EXPORT_LEARNERS_PER_BATCH = 500;

/**
 * The course's allowances for GET …/allowances/export.csv, in batches of learners (username
 * order, keyset-paged on (username, id)), so a 10,000-row export never sits in memory whole.
 * The staff check happens here, before the first batch is asked for.
 */
export async function openAllowanceExport(
  ctx: ServiceContext,
  courseKey: string,
  searchText: string | null,
  batchSize = EXPORT_LEARNERS_PER_BATCH,
): Promise<AsyncIterable<ExportRow[]>> {
  requireCourseStaffActor(ctx, courseKey);
  const text = normalizeSearchText(searchText);
  const db = ctx.db;
  const now = ctx.now;
  return {
    async *[Symbol.asyncIterator]() {
      let after: { username: string; id: number } | null = null;
      for (;;) {
        const page = await learnersPage(db, courseKey, text, { limit: batchSize, after });
        if (page.length === 0) return;
        const userById = new Map(page.map((u) => [u.id, u]));
        const rows = withTimeLimits(await allowancesOf(db, courseKey, page.map((u) => u.id)), now);
        const byUser = new Map<number, ExportRow[]>();
        for (const r of rows) {
          const user = userById.get(r.userId)!;
          const row: ExportRow = {
            username_or_email: user.username,
            exam: r.contentId,
            type: r.key,
            value: r.value,
            email: user.email,
            exam_id: r.examId,
            exam_name: r.examName,
            time_limit_mins: r.timeLimitMins,
            resulting_time_limit_mins: r.resultingTimeLimitMins,
          };
          const list = byUser.get(r.userId);
          if (list) list.push(row);
          else byUser.set(r.userId, [row]);
        }
        yield page.flatMap((u) => byUser.get(u.id) ?? []);
        if (page.length < batchSize) return;
        const last = page[page.length - 1]!;
        after = { username: last.username, id: last.id };
      }
    },
  };
}
