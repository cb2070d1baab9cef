import "server-only";
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { attempts, courseSections, courses, dueDateExtensions, exams, users, type Course, type Exam } from "@/db/schema";
import { defaultBackendName, getBackendByName } from "@/lib/backends/registry";
import { isCourseStaff } from "@/lib/domain/actor";
import {
  INSTRUCTOR_ONBOARDING_STATUSES,
  instructorOnboardingStatus,
  learnerOnboardingStatus,
  type InstructorOnboardingStatus,
  type LearnerOnboardingStatus,
} from "@/lib/domain/onboarding";
import { ATTEMPT_STATUSES } from "@/lib/domain/statuses";
import { effectiveDueDate, hasDueDatePassed } from "@/lib/domain/time";
import type { ServiceContext } from "@/lib/services/context";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/services/errors";
import { expireLocked, runningStatusSql } from "@/lib/services/attempt/expire";
import { examLink } from "@/lib/links/exam-links";
import { loadSiteSettings } from "@/lib/services/settings";
import { djangoPathSegment, pageWindow, requestedPage, requireUserActor, ROWS_PER_PAGE, userSearchCondition } from "./pagination";

/**
 * Onboarding read models (§7): the learner's own status (§7.2, with §20's past-due flag) and the
 * instructor panel's per-learner statuses (§7.4), both from our own tables standing in for the
 * host's enrollments and learning_sequences services (§16, spec README point 4).
 */

/** Enrollment modes that may take proctored exams (spec README point 4). */
export const PROCTORING_ELIGIBLE_MODES = ["verified", "professional", "no-id-professional", "masters", "executive-education"] as const;

export const NO_ONBOARDING_EXAM = "There is no onboarding exam related to this course id.";
export const NO_ACCESSIBLE_ONBOARDING_EXAM = "There is no onboarding exam accessible to this user.";
export const ONBOARDING_BY_COURSE_PATH = "/api/edx_proctoring/v1/user_onboarding/status/course_id/";

const MS_PER_DAY = 86_400_000;

interface OnboardingSetup {
  course: Course;
  /** Active practice proctored exams of the course, newest first (§7.2 step 3). */
  candidates: Exam[];
  /** Name of the first candidate's backend: "same backend" for cross-course verification. */
  backendName: string;
  /** What a null `exams.backend` stands for. */
  defaultName: string;
  validityDays: number;
}

/** The course's onboarding exams and their backend; 404 when there are none or it has no onboarding. */
async function onboardingSetup(db: DbOrTx, courseKey: string): Promise<OnboardingSetup> {
  const candidates = await db
    .select()
    .from(exams)
    .where(and(eq(exams.courseId, courseKey), eq(exams.isActive, true), eq(exams.isProctored, true), eq(exams.isPracticeExam, true)))
    .orderBy(desc(exams.created), desc(exams.id));
  const first = candidates[0];
  if (!first) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const defaultName = await defaultBackendName(db);
  const backendName = first.backend || defaultName;
  // A backend that is no longer configured cannot run onboarding either: same answer, not a 500.
  const backend = await getBackendByName(db, backendName).catch(() => null);
  if (!backend?.supportsOnboarding) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const [course] = await db.select().from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  if (!course) throw new ServiceError("NOT_FOUND", NO_ONBOARDING_EXAM);
  const settings = await loadSiteSettings(db);
  return { course, candidates, backendName, defaultName, validityDays: settings.onboarding_validity_days };
}

/** Ids of the course's active practice exams: whose attempts count as the learner's onboarding (§7.2 step 6). */
async function practiceExamIds(db: DbOrTx, courseKey: string): Promise<number[]> {
  const rows = await db
    .select({ id: exams.id })
    .from(exams)
    .where(and(eq(exams.courseId, courseKey), eq(exams.isActive, true), eq(exams.isPracticeExam, true)));
  return rows.map((r) => r.id);
}

/**
 * Submits the running onboarding attempts whose time is up before statuses are computed (spec
 * README point 2), so a learner who closed the browser mid-exam shows as submitted, not started.
 * Only running attempts are looked at (a handful, through the in-progress partial index).
 */
async function expireRunningOnboardingAttempts(ctx: ServiceContext, courseKey: string, examIds: number[], userId?: number) {
  if (examIds.length === 0) return;
  const due = await ctx.db
    .select({ id: attempts.id })
    .from(attempts)
    .where(
      and(
        runningStatusSql(),
        eq(attempts.courseId, courseKey),
        inArray(attempts.examId, examIds),
        ...(userId === undefined ? [] : [eq(attempts.userId, userId)]),
        // expires_at (kept by a trigger) is started_at + allowed minutes; an attempt without allowed
        // minutes has none and is never ended by expireLocked, so leaving it out changes nothing.
        lt(attempts.expiresAt, ctx.now),
      ),
    )
    // In the partial expiry index's order (see sweepExpiredAttempts). The sweeper catches up on the
    // rest; a read must not turn into a bulk job.
    .orderBy(asc(attempts.expiresAt))
    .limit(200);
  for (const { id } of due) await ctx.db.transaction((tx) => expireLocked(tx, ctx, id));
}

/** Oldest `modified` a verified onboarding attempt may have and still count elsewhere (§7.1). */
function validityCutoff(now: Date, validityDays: number): Date {
  return new Date(now.getTime() - validityDays * MS_PER_DAY);
}

// ---------------------------------------------------------------------------------------------
// Learner status (§7.2, §20)

export interface OnboardingCandidate {
  exam: Exam;
  releaseDate: Date | null;
  dueDate: Date | null;
}

/**
 * Which onboarding exam the learner is pointed at (§7.2 steps 4–5 as intended, §17.1; §20
 * 3.11.0): among accessible candidates, newest first, the first one open now; else the first one
 * not released yet; else (all past due) the first past-due one.
 */
export function chooseOnboardingExam(
  accessible: readonly OnboardingCandidate[],
  now: Date,
): { chosen: OnboardingCandidate; available: boolean; pastDue: boolean } | null {
  const isFuture = (c: OnboardingCandidate) => c.releaseDate !== null && c.releaseDate.getTime() > now.getTime();
  const isPastDue = (c: OnboardingCandidate) => hasDueDatePassed(c.dueDate, now);
  const open = accessible.find((c) => !isFuture(c) && !isPastDue(c));
  if (open) return { chosen: open, available: true, pastDue: false };
  const future = accessible.find(isFuture);
  if (future) return { chosen: future, available: false, pastDue: false };
  const first = accessible[0];
  return first ? { chosen: first, available: false, pastDue: true } : null;
}

export interface LearnerOnboardingStatusResponse {
  onboarding_status: LearnerOnboardingStatus | null;
  onboarding_link: string | null;
  expiration_date: string | null;
  onboarding_past_due: boolean;
  onboarding_release_date: string | null;
}

/**
 * GET …/user_onboarding/status?course_id=<c>[&username=<u>] (§7.2). The caller's own status, or
 * with `username` another learner's for course staff and admins.
 */
export async function learnerOnboardingStatusView(
  ctx: ServiceContext,
  input: { courseKey: string | null; username: string | null; isLearningMfe?: boolean },
): Promise<LearnerOnboardingStatusResponse> {
  const me = requireUserActor(ctx);
  if (!input.courseKey) throw new ServiceError("VALIDATION", "Missing required query parameter course_id");
  const courseKey = input.courseKey;
  if (input.username && input.username !== me.username && !isCourseStaff(me, courseKey)) {
    throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
  }

  const setup = await onboardingSetup(ctx.db, courseKey);

  let userId = me.userId;
  if (input.username && input.username !== me.username) {
    const [subject] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, input.username)).limit(1);
    if (!subject) throw new ServiceError("NOT_FOUND", `There is no user with username '${input.username}'.`);
    userId = subject.id;
  }

  // The learning_sequences outline "at the end of time" (§7.2 step 4): every sequence of the
  // course counts as accessible, released or not; an exam outside the outline does not.
  const contentIds = setup.candidates.map((e) => e.contentId);
  const [sections, extensions] = await Promise.all([
    ctx.db
      .select()
      .from(courseSections)
      .where(and(eq(courseSections.courseId, setup.course.id), inArray(courseSections.usageKey, contentIds))),
    ctx.db
      .select()
      .from(dueDateExtensions)
      .where(
        and(
          eq(dueDateExtensions.userId, userId),
          eq(dueDateExtensions.courseId, setup.course.id),
          inArray(dueDateExtensions.usageKey, contentIds),
        ),
      ),
  ]);
  const sectionByKey = new Map(sections.map((s) => [s.usageKey, s]));
  const extensionByKey = new Map(extensions.map((x) => [x.usageKey, x.dueDate]));
  const accessible: OnboardingCandidate[] = setup.candidates.flatMap((exam) => {
    const section = sectionByKey.get(exam.contentId);
    if (!section) return [];
    return [
      {
        exam,
        releaseDate: section.releaseDate,
        dueDate: effectiveDueDate({
          examDueDate: exam.dueDate,
          sectionDueDate: section.dueDate,
          personalDueDate: extensionByKey.get(exam.contentId) ?? null,
        }),
      },
    ];
  });
  const choice = chooseOnboardingExam(accessible, ctx.now);
  if (!choice) throw new ServiceError("NOT_FOUND", NO_ACCESSIBLE_ONBOARDING_EXAM);

  const examIds = await practiceExamIds(ctx.db, courseKey);
  await expireRunningOnboardingAttempts(ctx, courseKey, examIds, userId);
  const [localAttempts, [latestOtherVerified]] = await Promise.all([
    examIds.length === 0
      ? Promise.resolve([])
      : ctx.db
          .select({ status: attempts.status, modified: attempts.modified })
          .from(attempts)
          .where(
            and(
              eq(attempts.userId, userId),
              eq(attempts.courseId, courseKey),
              inArray(attempts.examId, examIds),
              eq(attempts.takingAsProctored, true),
            ),
          )
          .orderBy(desc(attempts.modified), desc(attempts.id)),
    ctx.db
      .select({ modified: attempts.modified })
      .from(attempts)
      .innerJoin(exams, eq(exams.id, attempts.examId))
      .where(
        and(
          eq(attempts.userId, userId),
          eq(attempts.status, "verified"),
          eq(attempts.takingAsProctored, true),
          eq(exams.isPracticeExam, true),
          // The backend of the exam the learner is pointed at (as upstream since 3.9.4).
          sameBackend({ backendName: choice.chosen.exam.backend || setup.defaultName, defaultName: setup.defaultName }),
          gte(attempts.modified, validityCutoff(ctx.now, setup.validityDays)),
        ),
      )
      .orderBy(desc(attempts.modified))
      .limit(1),
  ]);

  const status = learnerOnboardingStatus({
    localAttempts,
    latestOtherVerified: latestOtherVerified ?? null,
    validityDays: setup.validityDays,
    now: ctx.now,
  });
  const release = choice.chosen.releaseDate ?? setup.course.start;
  return {
    onboarding_status: status.onboardingStatus,
    onboarding_link: choice.available
      ? await examLink(ctx, choice.chosen.exam, await loadSiteSettings(ctx.db), { isLearningMfe: input.isLearningMfe ?? false })
      : null,
    expiration_date: status.expirationDate?.toISOString() ?? null,
    onboarding_past_due: choice.pastDue,
    onboarding_release_date: release?.toISOString() ?? null,
  };
}

/** The exam runs on the onboarding exam's backend (a null backend is the default one). */
function sameBackend(setup: Pick<OnboardingSetup, "backendName" | "defaultName">, examAlias?: string): SQL {
  const column = examAlias ? sql.raw(`${examAlias}.backend`) : sql`${exams.backend}`;
  return sql`coalesce(nullif(${column}, ''), ${setup.defaultName}) = ${setup.backendName}`;
}

// ---------------------------------------------------------------------------------------------
// Instructor panel (§7.4, §13.3)

export interface OnboardingPanelRow {
  username: string;
  enrollment_mode: string;
  status: InstructorOnboardingStatus | null;
  modified: string | null;
}

export interface OnboardingPanelResponse {
  results: OnboardingPanelRow[];
  count: number;
  previous: string | null;
  next: string | null;
  num_pages: number;
}

export interface OnboardingPanelInput {
  courseKey: string;
  page: string | null;
  textSearch: string | null;
  /** Comma-separated dashboard statuses, as sent. */
  statuses: string | null;
}

/** A constant of our own (a status or mode name) as an SQL literal, so EXPLAIN output stays readable. */
function literal(value: string): SQL {
  if (!/^[a-z_-]+$/.test(value)) throw new Error(`not a status or mode name: ${value}`);
  return sql.raw(`'${value}'`);
}

const literalList = (values: readonly string[]) => sql.join(values.map(literal), sql`, `);

/**
 * The dashboard status of a learner as SQL (§3.5, §7.4 step 6), generated from the domain's
 * `instructorOnboardingStatus` so the two cannot drift apart.
 */
function dashboardStatusSql(): SQL {
  const byDashboard = new Map<string, string[]>();
  for (const status of ATTEMPT_STATUSES) {
    const mapped = instructorOnboardingStatus(status);
    if (mapped) byDashboard.set(mapped, [...(byDashboard.get(mapped) ?? []), status]);
  }
  const branches = [...byDashboard].map(([mapped, from]) => sql`when loc.status in (${literalList(from)}) then ${literal(mapped)}`);
  return sql`case
      when oth.modified is not null and loc.status is distinct from 'verified' then 'other_course_approved'
      when loc.status is null then ${literal(instructorOnboardingStatus(null)!)}
      ${sql.join(branches, sql` `)}
      else null end`;
}

/**
 * Per learner of `source` (rows with user_id and mode): the relevant local onboarding attempt
 * (§7.4 step 5: the newest verified, else the newest) and the newest verified onboarding attempt
 * on the same backend anywhere within the validity window (step 4), then the dashboard status.
 *
 * Two plans for the same rules: `perLearner` looks each learner up through the indexes
 * (attempts_exam_user_created_idx), right for the 25 learners of an unfiltered page; `wholeCourse`
 * reads the course's onboarding attempts and the backend's verified ones once and hash-joins
 * them, right when every learner's status is needed (a status filter). The tests run both.
 */
function statusRowsSql(
  source: SQL,
  setup: OnboardingSetup,
  examIds: number[],
  cutoff: Date,
  plan: "perLearner" | "wholeCourse",
): SQL {
  // The onboarding exam itself is among them, unless it was deactivated a moment ago.
  const examList = examIds.length > 0 ? sql.join(examIds.map((id) => sql`${id}::int`), sql`, `) : sql`null`;
  const local = sql`a.exam_id in (${examList}) and a.taking_as_proctored`;
  const verifiedElsewhere = sql`a.status = 'verified' and a.taking_as_proctored
        and x.is_practice_exam and ${sameBackend(setup, "x")}
        and a.modified >= ${cutoff.toISOString()}::timestamptz`;
  const joins =
    plan === "perLearner"
      ? sql`
    left join lateral (
      select a.status, a.modified from attempts a
      where a.user_id = el.user_id and ${local}
      order by (a.status = 'verified') desc, a.modified desc, a.id desc
      limit 1
    ) loc on true
    left join lateral (
      select a.modified from attempts a
      join exams x on x.id = a.exam_id
      where a.user_id = el.user_id and ${verifiedElsewhere}
      order by a.modified desc
      limit 1
    ) oth on true`
      : sql`
    left join (
      select distinct on (a.user_id) a.user_id, a.status, a.modified from attempts a
      where ${local}
      order by a.user_id, (a.status = 'verified') desc, a.modified desc, a.id desc
    ) loc on loc.user_id = el.user_id
    left join (
      select a.user_id, max(a.modified) as modified from attempts a
      join exams x on x.id = a.exam_id
      where ${verifiedElsewhere}
      group by a.user_id
    ) oth on oth.user_id = el.user_id`;
  return sql`
    select el.user_id, el.mode,
      ${dashboardStatusSql()} as status,
      case when oth.modified is not null and loc.status is distinct from 'verified' then oth.modified else loc.modified end as modified
    from (${source}) el ${joins}`;
}

/**
 * Active enrollments in proctoring modes, optionally narrowed by a username/e-mail search (§16
 * enrollments; see userSearchCondition), as (user_id, mode). Usernames are joined in only for the
 * rows of the page.
 */
function eligibleSql(course: Course, search: SQL | null | "nobody"): SQL {
  // The host answers "nobody" when the course has proctored exams turned off (§16).
  if (!course.enableProctoredExams || search === "nobody") return sql`select 0 as user_id, '' as mode where false`;
  return sql`
    select e.user_id, e.mode
    from enrollments e
    where e.course_id = ${course.id} and e.is_active and e.mode in (${literalList(PROCTORING_ELIGIBLE_MODES)})
    ${search ? sql`and ${search}` : sql``}`;
}

/** The page's rows with their usernames, in panel order. */
const withUsernames = (page: SQL) =>
  sql`select p.*, u.username from (${page}) p join users u on u.id = p.user_id order by p.user_id`;

interface StatusRow {
  user_id: number;
  username: string;
  mode: string;
  status: string | null;
  modified: Date | string | null;
  total?: number | string;
}

const toRow = (r: StatusRow): OnboardingPanelRow => ({
  username: r.username,
  enrollment_mode: r.mode,
  status: (r.status as InstructorOnboardingStatus | null) ?? null,
  modified: r.modified === null ? null : new Date(r.modified).toISOString(),
});

/** `?statuses=a,b` as a set; null when absent or empty (no filter). */
export function parseStatusFilter(raw: string | null): string[] | null {
  if (!raw) return null;
  const list = [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))];
  return list.length > 0 ? list : null;
}

/** This endpoint's URL for another page, query parameters as 3.8.1 orders them (§7.4 step 9). */
function pageUrl(courseKey: string, input: OnboardingPanelInput, page: number): string {
  const query = new URLSearchParams();
  if (input.textSearch) query.set("text_search", input.textSearch);
  if (input.statuses) query.set("statuses", input.statuses);
  query.set("page", String(page));
  return `${ONBOARDING_BY_COURSE_PATH}${djangoPathSegment(courseKey)}?${query.toString()}`;
}

/**
 * GET …/user_onboarding/status/course_id/<course>?page=&text_search=&statuses= (§7.4). Statuses
 * are computed, filtered, counted and paged in one SQL statement; without a status filter only
 * the page's 25 learners have their status computed.
 */
export async function courseOnboardingStatuses(ctx: ServiceContext, input: OnboardingPanelInput): Promise<OnboardingPanelResponse> {
  const me = requireUserActor(ctx);
  if (!isCourseStaff(me, input.courseKey)) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
  const setup = await onboardingSetup(ctx.db, input.courseKey);
  const examIds = await practiceExamIds(ctx.db, input.courseKey);
  await expireRunningOnboardingAttempts(ctx, input.courseKey, examIds);

  const cutoff = validityCutoff(ctx.now, setup.validityDays);
  const search = input.textSearch ? ((await userSearchCondition(ctx.db, input.textSearch, sql`e.user_id`)) ?? "nobody") : null;
  const eligible = eligibleSql(setup.course, search);
  const filter = parseStatusFilter(input.statuses);
  // Unknown filter values match nobody, as in 3.8.1; they must not reach the SQL as literals.
  const known = filter?.filter((s) => (INSTRUCTOR_ONBOARDING_STATUSES as readonly string[]).includes(s)) ?? null;

  let total: number;
  let rows: StatusRow[];
  let window: ReturnType<typeof pageWindow>;
  if (!filter) {
    const [counted] = rowsOf<{ total: number | string }>(await ctx.db.execute(sql`select count(*) as total from (${eligible}) el`));
    total = Number(counted?.total ?? 0);
    window = pageWindow(input.page, total);
    const page = sql`select * from (${eligible}) el order by el.user_id limit ${window.limit} offset ${window.offset}`;
    rows = rowsOf<StatusRow>(await ctx.db.execute(withUsernames(statusRowsSql(page, setup, examIds, cutoff, "perLearner"))));
  } else if (!known || known.length === 0) {
    total = 0;
    window = pageWindow(input.page, 0);
    rows = [];
  } else {
    const filtered = (limit: number, offset: number) =>
      withUsernames(sql`select s.*, count(*) over () as total
        from (${statusRowsSql(eligible, setup, examIds, cutoff, "wholeCourse")}) s
        where s.status in (${literalList(known)})
        order by s.user_id
        limit ${limit} offset ${offset}`);
    // Optimistically read the requested page with its total in one pass; only a page out of
    // range (or not a positive integer) needs the total first and a second read.
    const asked = requestedPage(input.page);
    const guessOffset = asked !== null && asked >= 1 ? (asked - 1) * ROWS_PER_PAGE : 0;
    rows = rowsOf<StatusRow>(await ctx.db.execute(filtered(ROWS_PER_PAGE, guessOffset)));
    if (rows.length > 0) {
      total = Number(rows[0]!.total);
    } else {
      const [counted] = rowsOf<{ total: number | string }>(
        await ctx.db.execute(
          sql`select count(*) as total from (${statusRowsSql(eligible, setup, examIds, cutoff, "wholeCourse")}) s where s.status in (${literalList(known)})`,
        ),
      );
      total = Number(counted?.total ?? 0);
    }
    window = pageWindow(input.page, total);
    if (total > 0 && window.offset !== guessOffset) rows = rowsOf<StatusRow>(await ctx.db.execute(filtered(window.limit, window.offset)));
  }

  return {
    results: rows.map(toRow),
    count: total,
    previous: window.hasPrevious ? pageUrl(input.courseKey, input, window.page - 1) : null,
    next: window.hasNext ? pageUrl(input.courseKey, input, window.page + 1) : null,
    num_pages: window.numPages,
  };
}
