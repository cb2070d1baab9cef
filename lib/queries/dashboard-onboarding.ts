import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { courses, exams, type Course } from "@/db/schema";
import { defaultBackendName, getBackendByName } from "@/lib/backends/registry";
import { isCourseStaff } from "@/lib/domain/actor";
import {
  INSTRUCTOR_ONBOARDING_STATUSES,
  instructorOnboardingStatus,
  type InstructorOnboardingStatus,
} from "@/lib/domain/onboarding";
import { ATTEMPT_STATUSES, type AttemptStatus } from "@/lib/domain/statuses";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import type { ServiceContext } from "@/lib/data/context";
import { loadSiteSettings } from "@/lib/data/settings";
import { PROCTORING_ELIGIBLE_MODES } from "@/lib/domain/enrollment-modes";
import { effectiveStatusSql, isExpiredSql } from "./effective-sql";
import {
  NO_ONBOARDING_EXAM,
  ONBOARDING_BY_COURSE_PATH,
  parseStatusFilter,
  type OnboardingPanelInput,
  type OnboardingPanelResponse,
  type OnboardingPanelRow,
} from "./onboarding";
import { normalizeSearch, TRIGRAM_INDEXES } from "./dashboard-attempts";
import {
  containsPattern,
  djangoPathSegment,
  pageWindow,
  requestedPage,
  requirePageInRange,
  requireUserActor,
  ROWS_PER_PAGE,
  SEARCH_ID_LIST_CAP,
  type PageWindow,
} from "./pagination";

/**
 * The onboarding read model of §7.4 and §13.3: the REST endpoint (GET …/user_onboarding/status/
 * course_id/<course>, onboardingPanelResponse) and the instructor dashboard's panel
 * (listOnboardingStatuses) answer from this one plan, made for courses of 100,000 learners.
 *
 * The plain way (computing every learner's status — a CASE over the relevant local attempt, found
 * by sorting every onboarding attempt of the course by learner, and the newest verification
 * elsewhere — and only then filtering) cost 150–500 ms of database CPU per filtered page at
 * 100,000 learners; it was the REST endpoint's read model until decision 022 kept only this one.
 * Here:
 *
 * - each dashboard status is a condition on the learner's attempts (generated from the domain's
 *   mapping, as the CASE is), so a filter is a union of semi/anti joins: nothing is sorted per
 *   learner, other courses are only tested for existence, and "verified" alone never looks at
 *   them (filteredCourseSql);
 * - the backend's practice exams are read first, as an id list, so the planner sizes the
 *   other-course lookups right (the join with exams estimated one row and chose nested loops);
 * - a search that matches at most SEARCH_ID_LIST_CAP people is computed for those people only,
 *   learner by learner through the indexes (perLearnerSql), not by a course scan;
 * - the page and the total come from one pass; the page's 25 rows are then computed by the
 *   per-learner plan, so a row reads the same with or without a filter.
 *
 * dashboard-onboarding.test.ts checks the output against a model of §7.4 written in plain
 * TypeScript on a sample with every status and edge case. Attempts are read in their effective
 * state (docs/reference/what-we-build.md, point 2): nothing here writes. It is correct without extra indexes; the other-course
 * lookups become index-only with this partial index (not created by a migration yet):
 *
 *   CREATE INDEX attempts_verified_onboarding_idx ON attempts (exam_id, user_id, modified)
 *     WHERE status = 'verified' AND taking_as_proctored;
 */

const MS_PER_DAY = 86_400_000;

interface Setup {
  course: Course;
  validityDays: number;
  /** Active practice exams of the course: whose attempts are the learner's onboarding here. */
  localExamIds: number[];
  /**
   * Practice exams of any course on the onboarding exam's backend: where a verification counts
   * everywhere (§7.4 step 4). A list, not a join, so Postgres knows how many attempts to expect.
   */
  backendExamIds: number[];
  /** An attempt alias's status in effect now (effectiveStatusSql): expired running attempts read as handed in. */
  status: (alias: string) => SQL;
  /** An attempt alias's `modified` as shown: the expiry instant of an attempt expired in effect. */
  modified: (alias: string) => SQL;
}

/** §7.4 step 1: 404 without an onboarding exam on an onboarding backend. */
async function loadSetup(db: DbOrTx, courseKey: string, now: Date): Promise<Setup> {
  const [first] = await db
    .select()
    .from(exams)
    .where(and(eq(exams.courseKey, courseKey), eq(exams.isActive, true), eq(exams.isProctored, true), eq(exams.isPracticeExam, true)))
    .orderBy(desc(exams.created), desc(exams.id))
    .limit(1);
  if (!first) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const defaultName = await defaultBackendName(db);
  const backendName = first.backend || defaultName;
  const backend = await getBackendByName(db, backendName).catch(() => null);
  if (!backend?.supportsOnboarding) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const [course] = await db.select().from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  if (!course) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const [settings, local, onBackend] = await Promise.all([
    loadSiteSettings(db),
    db
      .select({ id: exams.id })
      .from(exams)
      .where(and(eq(exams.courseKey, courseKey), eq(exams.isActive, true), eq(exams.isPracticeExam, true))),
    db
      .select({ id: exams.id })
      .from(exams)
      .where(and(eq(exams.isPracticeExam, true), sql`coalesce(nullif(${exams.backend}, ''), ${defaultName}) = ${backendName}`)),
  ]);
  return {
    course,
    validityDays: settings.onboarding_validity_days,
    localExamIds: local.map((r) => r.id),
    backendExamIds: onBackend.map((r) => r.id),
    status: (alias) => effectiveStatusSql(alias, now, { allowTimedOutState: settings.allow_timed_out_state }),
    modified: (alias) => sql`(case when ${isExpiredSql(alias, now)} then ${sql.raw(alias)}.expires_at else ${sql.raw(alias)}.modified end)`,
  };
}

// ---------------------------------------------------------------------------------------------
// SQL pieces

/** One of our own constants (a status or mode name) as an SQL literal. */
function literal(value: string): SQL {
  if (!/^[a-z_-]+$/.test(value)) throw new Error(`not a status or mode name: ${value}`);
  return sql.raw(`'${value}'`);
}
const literalList = (values: readonly string[]) => sql.join(values.map(literal), sql`, `);
const intList = (ids: readonly number[]) => (ids.length > 0 ? sql.join(ids.map((id) => sql`${id}::int`), sql`, `) : sql`null`);

/** Attempt statuses that map to each dashboard status (§3.5), from the domain's function. */
function attemptStatusesByDashboardStatus(): Map<InstructorOnboardingStatus, AttemptStatus[]> {
  const out = new Map<InstructorOnboardingStatus, AttemptStatus[]>();
  for (const status of ATTEMPT_STATUSES) {
    const mapped = instructorOnboardingStatus(status);
    if (mapped) out.set(mapped, [...(out.get(mapped) ?? []), status]);
  }
  return out;
}

/** `loc` = the relevant local attempt (or nulls), `oth` = verified elsewhere (a flag or a date). */
function statusCase(othPresent: SQL): SQL {
  const branches = [...attemptStatusesByDashboardStatus()].map(
    ([mapped, from]) => sql`when loc.status in (${literalList(from)}) then ${literal(mapped)}`,
  );
  return sql`case
      when ${othPresent} and loc.status is distinct from 'verified' then 'other_course_approved'
      when loc.status is null then ${literal(instructorOnboardingStatus(null)!)}
      ${sql.join(branches, sql` `)}
      else null end`;
}

/** Eligible learners (§7.4 step 2, our tables standing in for the host's enrollments service). */
function eligibleSql(course: Course, narrowing: SQL | null): SQL {
  return sql`
    select e.user_id, e.mode
    from enrollments e
    where e.course_id = ${course.id} and e.is_active and e.mode in (${literalList(PROCTORING_ELIGIBLE_MODES)})
    ${narrowing ? sql`and ${narrowing}` : sql``}`;
}

/**
 * Per learner of `source` (user_id, mode), looked up one by one through the indexes: the relevant
 * local attempt (§7.4 step 5: newest verified, else newest) and the newest verified onboarding
 * attempt on the same backend within the validity window anywhere (step 4).
 */
function perLearnerSql(source: SQL, setup: Setup, cutoff: Date): SQL {
  return sql`
    select el.user_id, el.mode,
      ${statusCase(sql`oth.modified is not null`)} as status,
      case when oth.modified is not null and loc.status is distinct from 'verified' then oth.modified else loc.modified end as modified
    from (${source}) el
    left join lateral (
      select ${setup.status("a")} as status, ${setup.modified("a")} as modified from attempts a
      where a.user_id = el.user_id and a.exam_id in (${intList(setup.localExamIds)}) and a.taking_as_proctored
      order by (a.status = 'verified') desc, a.modified desc, a.id desc
      limit 1
    ) loc on true
    left join lateral (
      select a.modified from attempts a
      where a.user_id = el.user_id and a.status = 'verified' and a.taking_as_proctored
        and a.exam_id in (${intList(setup.backendExamIds)})
        and a.modified >= ${cutoff.toISOString()}::timestamptz
      order by a.modified desc
      limit 1
    ) oth on true`;
}

/**
 * The learners of `source` whose status is in `wanted`, as (user_id, mode), without computing
 * anyone's status: each dashboard status is a condition on the learner's attempts (§7.4 steps
 * 4–6 read backwards), generated from the domain's mapping like the CASE, and the conditions are
 * disjoint, so the union has each learner at most once:
 *
 * - verified: a verified local attempt (the relevant one whenever there is one);
 * - other_course_approved: no verified local attempt, and a verified one on the backend within
 *   the validity window (any course);
 * - not_started: no local attempt at all, and no such verification;
 * - the others: the newest local attempt (there is no verified one) has a status that maps to
 *   it, and no such verification.
 *
 * Postgres answers these with semi and anti joins (hashes over the course's onboarding attempts
 * and the backend's verified ones) instead of sorting every attempt of the course by learner.
 */
function filteredCourseSql(source: SQL, setup: Setup, cutoff: Date, wanted: readonly InstructorOnboardingStatus[]): SQL {
  const local = sql`a.exam_id in (${intList(setup.localExamIds)}) and a.taking_as_proctored`;
  const localVerified = sql`exists (select 1 from attempts a where a.user_id = el.user_id and ${local} and a.status = 'verified')`;
  const anyLocal = sql`exists (select 1 from attempts a where a.user_id = el.user_id and ${local})`;
  const verifiedElsewhere = sql`exists (
      select 1 from attempts v
      where v.user_id = el.user_id and v.status = 'verified' and v.taking_as_proctored
        and v.modified >= ${cutoff.toISOString()}::timestamptz
        and v.exam_id in (${intList(setup.backendExamIds)})
    )`;
  const byStatus = attemptStatusesByDashboardStatus();
  const parts: SQL[] = [];
  const newestIn: AttemptStatus[] = [];
  for (const status of wanted) {
    if (status === "verified") parts.push(sql`select el.user_id, el.mode from (${source}) el where ${localVerified}`);
    else if (status === "other_course_approved") {
      parts.push(sql`select el.user_id, el.mode from (${source}) el where ${verifiedElsewhere} and not ${localVerified}`);
    } else if (status === "not_started") {
      parts.push(sql`select el.user_id, el.mode from (${source}) el where not ${anyLocal} and not ${verifiedElsewhere}`);
    } else newestIn.push(...(byStatus.get(status) ?? []));
  }
  if (newestIn.length > 0) {
    // The newest local attempt, when none is verified: no other local attempt is verified or newer.
    parts.push(sql`
      select el.user_id, el.mode from (${source}) el
      join attempts n on n.user_id = el.user_id and n.exam_id in (${intList(setup.localExamIds)}) and n.taking_as_proctored
        and ${setup.status("n")} in (${literalList(newestIn)})
      where not exists (
          select 1 from attempts a
          where a.user_id = n.user_id and ${local} and a.id <> n.id
            and (a.status = 'verified' or (a.modified, a.id) > (n.modified, n.id))
        )
        and not ${verifiedElsewhere}`);
  }
  return parts.length > 0 ? sql.join(parts, sql` union all `) : sql`select 0 as user_id, '' as mode where false`;
}

interface StatusRow {
  user_id: number;
  username: string;
  mode: string;
  status: string | null;
  modified: Date | string | null;
  total?: number | string;
}

/** The rows with their usernames, in panel (user id) order. */
const withUsernames = (rows: SQL) => sql`select p.*, u.username from (${rows}) p join users u on u.id = p.user_id order by p.user_id`;

/** (user_id, mode) pairs as an SQL source. */
function valuesSource(rows: readonly { user_id: number; mode: string }[]): SQL {
  if (rows.length === 0) return sql`select 0 as user_id, '' as mode where false`;
  const tuples = rows.map((r) => sql`(${Number(r.user_id)}::int, ${r.mode}::text)`);
  return sql`select v.user_id, v.mode from (values ${sql.join(tuples, sql`, `)}) as v(user_id, mode)`;
}

// ---------------------------------------------------------------------------------------------
// The read

type Narrowing = { kind: "all" } | { kind: "nobody" } | { kind: "ids"; ids: number[] } | { kind: "condition"; sql: SQL };

const trigramReady = new WeakMap<object, Promise<boolean>>();

/** Whether users has the trigram indexes the Attempts panel's search uses; asked once per handle. */
function hasTrigramIndexes(db: DbOrTx): Promise<boolean> {
  let known = trigramReady.get(db);
  if (!known) {
    known = db
      .execute(sql`select count(*) as n from pg_indexes where tablename = 'users' and indexname in (${sql.join(TRIGRAM_INDEXES.map((n) => sql`${n}`), sql`, `)})`)
      .then((r) => Number(rowsOf<{ n: number | string }>(r)[0]?.n ?? 0) === TRIGRAM_INDEXES.length)
      .catch(() => false);
    trigramReady.set(db, known);
  }
  return known;
}

/**
 * A username/e-mail search (case-insensitive substring, taken literally), as the REST read model
 * does it, but saying whether it came out as a short id list (so the per-learner plan is used).
 * `like` when trigram indexes exist (an index lookup), else strpos on lower() (the same matches,
 * about twice as fast over a users table that has to be read).
 */
async function searchNarrowing(db: DbOrTx, text: string | null): Promise<Narrowing> {
  if (!text) return { kind: "all" };
  const matches = (await hasTrigramIndexes(db))
    ? sql`(lower(u.username) like lower(${containsPattern(text)}) or lower(u.email) like lower(${containsPattern(text)}))`
    : sql`(strpos(lower(u.username), lower(${text})) > 0 or strpos(lower(u.email), lower(${text})) > 0)`;
  const ids = rowsOf<{ id: number }>(await db.execute(sql`select u.id from users u where ${matches} limit ${SEARCH_ID_LIST_CAP + 1}`)).map((r) =>
    Number(r.id),
  );
  if (ids.length === 0) return { kind: "nobody" };
  if (ids.length <= SEARCH_ID_LIST_CAP) return { kind: "ids", ids };
  return { kind: "condition", sql: sql`exists (select 1 from users u where u.id = e.user_id and ${matches})` };
}

export interface OnboardingPageResult {
  rows: OnboardingPanelRow[];
  /** Learners matching the search and filter. */
  count: number;
  window: PageWindow;
}

export interface OnboardingPageQuery {
  courseKey: string;
  /** As sent (`?page=`): Django's rules, see pageWindow. */
  page: string | null;
  search: string | null;
  /** Dashboard statuses; null or empty for no filter. Unknown values match nobody, as in 3.8.1. */
  statuses: readonly string[] | null;
}

/** Course staff of the course or an admin; the panel's rows, count and page (§7.4, §13.3). */
export async function onboardingPanelPage(ctx: ServiceContext, input: OnboardingPageQuery): Promise<OnboardingPageResult> {
  const me = requireUserActor(ctx);
  if (!isCourseStaff(me, input.courseKey)) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
  const setup = await loadSetup(ctx.db, input.courseKey, ctx.now);

  const cutoff = new Date(ctx.now.getTime() - setup.validityDays * MS_PER_DAY);
  const filter = input.statuses && input.statuses.length > 0 ? [...new Set(input.statuses)] : null;
  const known = filter?.filter((s): s is InstructorOnboardingStatus => (INSTRUCTOR_ONBOARDING_STATUSES as readonly string[]).includes(s)) ?? null;

  // The host answers "nobody" when the course has proctored exams turned off (§16).
  const narrowing: Narrowing = setup.course.enableProctoredExams ? await searchNarrowing(ctx.db, input.search) : { kind: "nobody" };
  if (narrowing.kind === "nobody" || (known !== null && known.length === 0)) {
    return { rows: [], count: 0, window: pageWindow(input.page, 0) };
  }
  const eligible = eligibleSql(
    setup.course,
    narrowing.kind === "ids" ? sql`e.user_id in (${intList(narrowing.ids)})` : narrowing.kind === "condition" ? narrowing.sql : null,
  );

  if (!known) {
    const [counted] = rowsOf<{ total: number | string }>(await ctx.db.execute(sql`select count(*) as total from (${eligible}) el`));
    const total = Number(counted?.total ?? 0);
    const window = pageWindow(input.page, total);
    const page = sql`select * from (${eligible}) el order by el.user_id limit ${window.limit} offset ${window.offset}`;
    const rows = rowsOf<StatusRow>(await ctx.db.execute(withUsernames(perLearnerSql(page, setup, cutoff))));
    return { rows: rows.map(toRow), count: total, window };
  }

  // A filter. A short search result is computed learner by learner, the whole course in one
  // pass; either way the page and the total come from the same pass: the page is picked in SQL
  // from the total by Django's rules (not an integer: 1; out of range: the last).
  const matching =
    narrowing.kind === "ids"
      ? sql`select s.user_id, s.mode from (${perLearnerSql(eligible, setup, cutoff)}) s where s.status in (${literalList(known)})`
      : filteredCourseSql(eligible, setup, cutoff, known);
  const requested = requestedPage(input.page);
  // Any page past 2^31 is as far out of range as that one (and keeps the SQL in bigint).
  const asked = requested === null ? null : Math.max(-1, Math.min(requested, 2_147_483_647));
  const pageStart = asked === null ? sql`0` : sql`case
      when ${asked}::bigint < 1 or (${asked}::bigint - 1) * ${ROWS_PER_PAGE} >= m.total then greatest(m.total - 1, 0) / ${ROWS_PER_PAGE} * ${ROWS_PER_PAGE}
      else (${asked}::bigint - 1) * ${ROWS_PER_PAGE} end`;
  const picked = rowsOf<{ user_id: number; mode: string; total: number | string }>(
    await ctx.db.execute(sql`
      select m.user_id, m.mode, m.total from (
        select f.user_id, f.mode, count(*) over () as total, row_number() over (order by f.user_id) - 1 as position
        from (${matching}) f
      ) m
      where m.position >= ${pageStart} and m.position < ${pageStart} + ${ROWS_PER_PAGE}
      order by m.user_id`),
  );
  // No row on the page means no row at all: an out-of-range page falls back to the last one.
  const total = picked.length > 0 ? Number(picked[0]!.total) : 0;
  const window = pageWindow(input.page, total);
  const rows = picked.length === 0 ? [] : rowsOf<StatusRow>(await ctx.db.execute(withUsernames(perLearnerSql(valuesSource(picked), setup, cutoff))));
  return { rows: rows.map(toRow), count: total, window };
}

const toRow = (r: StatusRow): OnboardingPanelRow => ({
  username: r.username,
  enrollment_mode: r.mode,
  status: (r.status as InstructorOnboardingStatus | null) ?? null,
  modified: r.modified === null ? null : new Date(r.modified).toISOString(),
});

/**
 * The REST endpoint's answer (§7.4 step 9): `{results, count, previous, next, num_pages}` with
 * 3.8.1's page links.
 */
export async function onboardingPanelResponse(ctx: ServiceContext, input: OnboardingPanelInput): Promise<OnboardingPanelResponse> {
  const result = await onboardingPanelPage(ctx, {
    courseKey: input.courseKey,
    page: input.page,
    search: input.textSearch,
    statuses: parseStatusFilter(input.statuses),
  });
  const link = (page: number) => {
    const query = new URLSearchParams();
    if (input.textSearch) query.set("text_search", input.textSearch);
    if (input.statuses) query.set("statuses", input.statuses);
    query.set("page", String(page));
    return `${ONBOARDING_BY_COURSE_PATH}${djangoPathSegment(input.courseKey)}?${query.toString()}`;
  };
  const { window } = result;
  return {
    results: result.rows,
    count: result.count,
    previous: window.hasPrevious ? link(window.page - 1) : null,
    next: window.hasNext ? link(window.page + 1) : null,
    num_pages: window.numPages,
  };
}

// ---------------------------------------------------------------------------------------------
// The dashboard's JSON (app/api/instructor/<course>/onboarding)

export interface DashboardOnboardingRow {
  username: string;
  /** Enrollment mode as stored (verified, professional, …). */
  enrollmentMode: string;
  /** Dashboard status (§3.5); null for attempt statuses 3.8.1 leaves unmapped (e.g. second_review_required). */
  status: InstructorOnboardingStatus | null;
  /** When that status was reached: the relevant attempt's last change, or the other course's verification. */
  modified: string | null;
}

export interface DashboardOnboardingPage {
  rows: DashboardOnboardingRow[];
  /** 1-based; an out-of-range page is answered with the last page. */
  page: number;
  pageCount: number;
  total: number;
  perPage: number;
  /** The search as applied (trimmed), or "". */
  search: string;
  /** The status filter as applied, in the dashboard's order; [] for everyone. */
  statuses: InstructorOnboardingStatus[];
}

export interface DashboardOnboardingInput {
  courseKey: string;
  page: string | null;
  search: string | null;
  /** Comma-separated dashboard statuses; empty for everyone. */
  statuses: string | null;
}

/** GET /api/instructor/<course>/onboarding: the onboarding panel's page. Unknown statuses are a 400. */
export async function listOnboardingStatuses(ctx: ServiceContext, input: DashboardOnboardingInput): Promise<DashboardOnboardingPage> {
  requirePageInRange(input.page);
  const asked = parseStatusFilter(input.statuses) ?? [];
  const unknown = asked.filter((s) => !(INSTRUCTOR_ONBOARDING_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new ServiceError(
      "VALIDATION",
      `Unknown onboarding status "${unknown[0]!.slice(0, 64)}": use ${INSTRUCTOR_ONBOARDING_STATUSES.join(", ")}.`,
    );
  }
  const statuses = INSTRUCTOR_ONBOARDING_STATUSES.filter((s) => asked.includes(s));
  const search = normalizeSearch(input.search);
  const result = await onboardingPanelPage(ctx, { courseKey: input.courseKey, page: input.page, search: search || null, statuses });
  return {
    rows: result.rows.map((r) => ({ username: r.username, enrollmentMode: r.enrollment_mode, status: r.status, modified: r.modified })),
    page: result.window.page,
    pageCount: result.window.numPages,
    total: result.count,
    perPage: ROWS_PER_PAGE,
    search,
    statuses,
  };
}
