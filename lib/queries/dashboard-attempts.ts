import "server-only";
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { attemptHistory, attempts, auditLog, exams, users, type Attempt, type AttemptHistory, type AuditLogEntry } from "@/db/schema";
import { resolveExamBackend } from "@/lib/backends/registry";
import { ineligibleReason, type IneligibleReason } from "@/lib/domain/credit";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import { attemptKind, type SpecialExamKind } from "@/lib/domain/exam-kind";
import type { ServiceContext } from "@/lib/data/context";
import { loadSiteSettings } from "@/lib/data/settings";
import { courseEligibility } from "./credit-eligibility";
import { decodeCursor, encodeCursor, type ListCursor } from "./list-cursor";
import { containsPattern, requestedPage, requireCourseStaffActor, ROWS_PER_PAGE, SEARCH_ID_LIST_CAP, requirePageInRange } from "./pagination";

/**
 * Read models of the instructor dashboard's Attempts panel (§13.2, §6.6) and of one attempt's
 * timeline. The JSON shapes here are what app/api/instructor/<course>/attempts answers and what
 * components/dashboard/attempts renders (they import the types only).
 *
 * Scale (100,000 learners, 300,000 attempts): nothing loads the course, and nothing counts it.
 * - A page is one walk of the course's attempts newest first (attempts_course_created_idx; with
 *   `id` in that index the walk needs no sort even when many attempts share a `created`), keeping
 *   the newest attempt of each (exam, learner) pair (an anti-join on the pair's index), stopped
 *   COUNT_LOOKAHEAD rows past the page's start. The same walk gives the page and a bounded count:
 *   the exact total when the list ends within the lookahead, else "at least this many" (`more`).
 *   An exact count of 300,000 pairs costs a scan of every attempt (0.3 s when the visibility map
 *   is cold), which no page needs.
 * - A search first finds the matching people (trigram indexes when present, else one pass over
 *   users, see learnerSearchCondition), then walks only their attempts.
 * - Then one round of three small queries fetches the page's attempts, exams and learners, and
 *   one round per proctored exam on the page the learners' eligibility (§12.3, courseEligibility).
 * - Deep pages go by key, not by offset (`?cursor=`, list-cursor.ts): a page is then the walk from
 *   a row's (created, id) down, as cheap as page 1 wherever it is; page numbers stay for shallow
 *   pages and links (docs/decisions/025-learner-reads-and-keyset-paging.md).
 */

/** One attempt as the panel shows it. Dates are ISO strings (JSON). */
export interface DashboardAttempt {
  id: number;
  status: string;
  created: string;
  modified: string;
  startedAt: string | null;
  completedAt: string | null;
  allowedTimeLimitMins: number | null;
  takingAsProctored: boolean;
  isSampleAttempt: boolean;
  /** The vendor's attempt id, for the link to its dashboard (§8.20). */
  externalId: string | null;
  /** What kind of attempt it is (attemptKind): an onboarding attempt is not a practice one. */
  kind: SpecialExamKind;
}

/** One (learner, exam) pair: the newest attempt, and the earlier ones newest first. */
export interface DashboardAttemptGroup {
  /** `<examId>:<userId>`, stable across pages. */
  key: string;
  /** `apiId`: the id the edx-proctoring API takes as `user_id` (the LMS's id when synced). */
  user: { id: number; apiId: number; username: string; email: string };
  exam: { id: number; name: string; isProctored: boolean; isPracticeExam: boolean };
  latest: DashboardAttempt;
  earlier: DashboardAttempt[];
  /**
   * Why the learner cannot start this exam now (§12.3: account, prerequisites, identity
   * verification; docs/decisions/032), or null; always null for timed exams (no such gate).
   */
  eligibility: IneligibleReason | null;
}

export interface DashboardAttemptsPage {
  rows: DashboardAttemptGroup[];
  /** 1-based; an out-of-range page is answered with the last page. */
  page: number;
  /** Pages known to exist (at least this many when `more`). */
  pageCount: number;
  /** (learner, exam) rows that match: exact, or a lower bound when `more`. */
  total: number;
  /** The list goes on past `total` (the count stops COUNT_LOOKAHEAD rows past the page). */
  more: boolean;
  perPage: number;
  /** The search as applied (trimmed), or "" for everyone. */
  search: string;
  /** `?cursor=` of the next page (the rows after this one), or null at the end. */
  nextCursor: string | null;
  /** `?cursor=` of the previous page, or null on the first. */
  previousCursor: string | null;
  /** `?cursor=` of the oldest page, or null when this is it. */
  lastCursor: string | null;
}

/**
 * A page reached by `?cursor=`: the same rows and cursors, numbered only when the cursor knows
 * its page (it does along next/previous from a numbered page, not after a jump to the last page
 * of a list too long to count).
 */
export type DashboardAttemptsCursorPage = Omit<DashboardAttemptsPage, "page" | "pageCount" | "total"> & {
  /** The page's number, or null when not known. */
  page: number | null;
  /** Pages known to exist (at least this many when `more`), or null when the page is not known. */
  pageCount: number | null;
  /** Rows known to match (a lower bound when `more`), or null when the page is not known. */
  total: number | null;
};

export interface DashboardAttemptsInput {
  courseKey: string;
  /** `?page=` as sent (Django's rules: not a number → 1, out of range → last page). */
  page: string | null;
  /** `?search=`: a username or e-mail substring, case-insensitive. */
  search: string | null;
}

/** Longest search text taken; longer text cannot match a username (150) or an e-mail (254). */
export const MAX_SEARCH_LENGTH = 254;

/** How far past the page's first row the walk counts: 100 pages. */
export const COUNT_LOOKAHEAD = 100 * ROWS_PER_PAGE;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function attemptView(a: Attempt, supportsOnboarding: boolean): DashboardAttempt {
  return {
    id: a.id,
    status: a.status,
    created: a.created.toISOString(),
    modified: a.modified.toISOString(),
    startedAt: iso(a.startedAt),
    completedAt: iso(a.completedAt),
    allowedTimeLimitMins: a.allowedTimeLimitMins,
    takingAsProctored: a.takingAsProctored,
    isSampleAttempt: a.isSampleAttempt,
    externalId: a.externalId,
    kind: attemptKind(a, supportsOnboarding),
  };
}

/** The search as the list applies it: trimmed, at most MAX_SEARCH_LENGTH characters, "" for none. */
export function normalizeSearch(raw: string | null | undefined): string {
  return (raw ?? "").trim().slice(0, MAX_SEARCH_LENGTH);
}

/** The trigram indexes that make a substring search an index lookup (see the lead's migration note). */
export const TRIGRAM_INDEXES = ["users_username_trgm_idx", "users_email_trgm_idx"] as const;

const trigramReady = new WeakMap<object, Promise<boolean>>();

/** Whether users has both trigram indexes; asked once per database handle. */
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
 * Learners whose username or e-mail contains `text` in any case, as a condition on
 * `userIdColumn`, or null when nobody matches. With trigram indexes on lower(username) and
 * lower(email) this is `lower(col) like '%text%'`, an index lookup (a few ms at 100,000 users);
 * without them every user is read, and strpos on lower() does that in about half the time of
 * LIKE. Both take the text literally. A narrow search (the usual: one learner) becomes an id list
 * the walk looks up by index; a broad one (thousands share a domain) is checked row by row as the
 * walk goes, where matches come quickly.
 */
export async function learnerSearchCondition(
  db: DbOrTx,
  text: string,
  userIdColumn: SQL,
  options: { trigram?: boolean } = {},
): Promise<SQL | null> {
  const matches = (options.trigram ?? (await hasTrigramIndexes(db)))
    ? sql`(lower(u.username) like lower(${containsPattern(text)}) or lower(u.email) like lower(${containsPattern(text)}))`
    : sql`(strpos(lower(u.username), lower(${text})) > 0 or strpos(lower(u.email), lower(${text})) > 0)`;
  const ids = rowsOf<{ id: number }>(await db.execute(sql`select u.id from users u where ${matches} limit ${SEARCH_ID_LIST_CAP + 1}`)).map((r) =>
    Number(r.id),
  );
  if (ids.length === 0) return null;
  if (ids.length <= SEARCH_ID_LIST_CAP) return sql`${userIdColumn} in (${sql.join(ids.map((id) => sql`${id}::int`), sql`, `)})`;
  return sql`exists (select 1 from users u where u.id = ${userIdColumn} and ${matches})`;
}

/** A row's place in the list: its newest attempt's `created` (microseconds, UTC, as text) and id. */
export interface ListKey {
  created: string;
  id: number;
}

/** Where a walk starts: at the top, or at a key (that row included or not). */
export type WalkStart = (ListKey & { inclusive: boolean }) | null;

/** `created` to the microsecond, in UTC: what a cursor carries (a JS Date keeps milliseconds only). */
const createdText = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The anti-join that keeps the newest attempt of each (exam, learner) pair. */
const NEWEST_OF_PAIR = sql`not exists (
            select 1 from attempts n
            where n.exam_id = a.exam_id and n.user_id = a.user_id
              and n.created >= a.created and (n.created > a.created or n.id > a.id)
          )`;

/**
 * One walk of the list newest first, `offset + lookahead + 1` rows at most: how many rows it
 * found (the exact total when fewer than that) and the pairs of the page at `offset`, with their
 * keys. With `start`, the walk begins at that key (keyset paging: the index walk starts there).
 */
export async function walkAttemptGroups(
  db: DbOrTx,
  courseKey: string,
  search: SQL | null,
  offset: number,
  limit = ROWS_PER_PAGE,
  lookahead = COUNT_LOOKAHEAD,
  start: WalkStart = null,
): Promise<{ walked: number; bound: number; pairs: ({ examId: number; userId: number } & ListKey)[] }> {
  const bound = offset + Math.max(lookahead, limit) + 1;
  const from = start
    ? start.inclusive
      ? sql`and (a.created, a.id) <= (${start.created}::timestamptz, ${start.id}::int)`
      : sql`and (a.created, a.id) < (${start.created}::timestamptz, ${start.id}::int)`
    : sql``;
  const rows = rowsOf<{ walked: number | string; page: [number, number][] | string | null }>(
    await db.execute(sql`
      with walk as materialized (
        select a.exam_id, a.user_id, a.created, a.id
        from attempts a
        where a.course_id = ${courseKey} ${search ? sql`and ${search}` : sql``} ${from}
          and ${NEWEST_OF_PAIR}
        order by a.created desc nulls last, a.id desc nulls last
        limit ${bound}
      ), numbered as (
        select exam_id, user_id, created, id, row_number() over (order by created desc nulls last, id desc nulls last) as rn from walk
      )
      select count(*) as walked,
             coalesce(json_agg(json_build_array(exam_id, user_id, ${createdText(sql`created`)}, id) order by rn) filter (where rn > ${offset} and rn <= ${offset + limit}), '[]') as page
      from numbered`),
  );
  const row = rows[0];
  const raw = row?.page ?? [];
  const page = (typeof raw === "string" ? JSON.parse(raw) : raw) as [number, number, string, number][];
  return {
    walked: Number(row?.walked ?? 0),
    bound,
    pairs: page.map(([examId, userId, created, id]) => ({ examId: Number(examId), userId: Number(userId), created, id: Number(id) })),
  };
}

/**
 * The keys of up to `count` rows just above `key` (newer), or of the oldest rows without one,
 * nearest first: the walk upwards that finds where a previous (or the last) page starts.
 */
async function keysAbove(db: DbOrTx, courseKey: string, search: SQL | null, key: ListKey | null, count: number): Promise<ListKey[]> {
  const rows = rowsOf<{ created: string; id: number | string }>(
    await db.execute(sql`
      select ${createdText(sql`a.created`)} as created, a.id
      from attempts a
      where a.course_id = ${courseKey} ${search ? sql`and ${search}` : sql``}
        ${key ? sql`and (a.created, a.id) > (${key.created}::timestamptz, ${key.id}::int)` : sql``}
        and ${NEWEST_OF_PAIR}
      order by a.created asc nulls first, a.id asc nulls first
      limit ${count}`),
  );
  return rows.map((r) => ({ created: String(r.created), id: Number(r.id) }));
}

/** The cursors of a page whose rows are `pairs`, numbered `page` (null: unknown). */
function cursorsOf(
  pairs: readonly ListKey[],
  page: number | null,
  has: { next: boolean; previous: boolean; last: boolean },
): Pick<DashboardAttemptsPage, "nextCursor" | "previousCursor" | "lastCursor"> {
  const first = pairs[0];
  const last = pairs[pairs.length - 1];
  return {
    nextCursor: has.next && last ? encodeCursor({ kind: "after", created: last.created, id: last.id, page: page === null ? null : page + 1 }) : null,
    previousCursor:
      has.previous && first ? encodeCursor({ kind: "before", created: first.created, id: first.id, page: page !== null && page > 1 ? page - 1 : null }) : null,
    lastCursor: has.last ? encodeCursor({ kind: "last" }) : null,
  };
}

/** GET /api/instructor/<course>/attempts: one page of the Attempts panel. Course staff or admins. */
export async function listDashboardAttempts(ctx: ServiceContext, input: DashboardAttemptsInput): Promise<DashboardAttemptsPage> {
  requireCourseStaffActor(ctx, input.courseKey);
  requirePageInRange(input.page);
  const search = normalizeSearch(input.search);
  const condition = search ? await learnerSearchCondition(ctx.db, search, sql`a.user_id`) : null;
  const empty = (): DashboardAttemptsPage => ({
    rows: [],
    page: 1,
    pageCount: 1,
    total: 0,
    more: false,
    perPage: ROWS_PER_PAGE,
    search,
    nextCursor: null,
    previousCursor: null,
    lastCursor: null,
  });
  if (search && !condition) return empty();

  // Django's rules: not an integer → page 1; out of range (0, negative, past the end) → the last page.
  const asked = requestedPage(input.page) ?? 1;
  let page = Math.max(asked, 1);
  let walk = await walkAttemptGroups(ctx.db, input.courseKey, condition, (page - 1) * ROWS_PER_PAGE);
  if (walk.walked === 0) return empty();
  let more = walk.walked >= walk.bound;
  const pastTheEnd = !more && walk.walked <= (page - 1) * ROWS_PER_PAGE;
  // Page 0 or below of a list too long to count stays page 1: its last page is not known.
  if (pastTheEnd || (asked < 1 && !more)) {
    // The walk ended inside its bound, so it holds the whole list and the last page is known.
    const last = Math.ceil(walk.walked / ROWS_PER_PAGE);
    if (last !== page) {
      page = last;
      walk = await walkAttemptGroups(ctx.db, input.courseKey, condition, (page - 1) * ROWS_PER_PAGE);
      more = walk.walked >= walk.bound;
    }
  }
  const total = more ? walk.bound - 1 : walk.walked;
  const pageCount = Math.max(1, Math.ceil(total / ROWS_PER_PAGE));

  return {
    rows: await groupsOfPairs(ctx, input.courseKey, walk.pairs),
    page,
    pageCount,
    total,
    more,
    perPage: ROWS_PER_PAGE,
    search,
    ...cursorsOf(walk.pairs, page, { next: walk.walked > page * ROWS_PER_PAGE, previous: page > 1, last: more || page < pageCount }),
  };
}

/**
 * GET /api/instructor/<course>/attempts?cursor=…: the page at a cursor this list handed out
 * (keyset paging: the walk starts at the cursor's key, so page 2,000 costs what page 1 does). A
 * cursor that is not one is a 400. A previous page that reaches the top of the list is page 1.
 */
export async function listDashboardAttemptsAt(
  ctx: ServiceContext,
  input: { courseKey: string; cursor: string; search: string | null },
): Promise<DashboardAttemptsCursorPage> {
  requireCourseStaffActor(ctx, input.courseKey);
  const cursor: ListCursor = decodeCursor(input.cursor);
  const search = normalizeSearch(input.search);
  const condition = search ? await learnerSearchCondition(ctx.db, search, sql`a.user_id`) : null;
  const firstPage = () => listDashboardAttempts(ctx, { courseKey: input.courseKey, page: "1", search });
  if (search && !condition) return firstPage();

  let start: WalkStart;
  let page: number | null;
  let hasPrevious: boolean;
  if (cursor.kind === "after") {
    start = { created: cursor.created, id: cursor.id, inclusive: false };
    page = cursor.page;
    hasPrevious = true;
  } else {
    // One row more than a page: whether anything lies above the page found.
    const above = await keysAbove(ctx.db, input.courseKey, condition, cursor.kind === "before" ? cursor : null, ROWS_PER_PAGE + 1);
    if (above.length <= ROWS_PER_PAGE) return firstPage();
    start = { ...above[ROWS_PER_PAGE - 1]!, inclusive: true };
    page = cursor.kind === "before" ? cursor.page : null;
    hasPrevious = true;
  }

  const walk = await walkAttemptGroups(ctx.db, input.courseKey, condition, 0, ROWS_PER_PAGE, COUNT_LOOKAHEAD, start);
  const more = walk.walked >= walk.bound;
  const after = more ? walk.bound - 1 : walk.walked;
  const total = page === null ? null : (page - 1) * ROWS_PER_PAGE + after;
  return {
    rows: await groupsOfPairs(ctx, input.courseKey, walk.pairs),
    page,
    pageCount: total === null ? null : Math.max(1, Math.ceil(total / ROWS_PER_PAGE)),
    total,
    more,
    perPage: ROWS_PER_PAGE,
    search,
    ...cursorsOf(walk.pairs, page, { next: walk.walked > ROWS_PER_PAGE, previous: hasPrevious, last: walk.walked > ROWS_PER_PAGE }),
  };
}

/** Every attempt of the given pairs in its effective state (docs/reference/what-we-build.md, point 2), grouped, in the pairs' order. */
export async function groupsOfPairs(
  ctx: ServiceContext,
  courseKey: string,
  pairs: { examId: number; userId: number }[],
): Promise<DashboardAttemptGroup[]> {
  if (pairs.length === 0) return [];
  const pairList = sql.join(
    pairs.map((p) => sql`(${p.examId}::int, ${p.userId}::int)`),
    sql`, `,
  );
  const examIds = [...new Set(pairs.map((p) => p.examId))];
  const userIds = [...new Set(pairs.map((p) => p.userId))];
  const [fetched, examRows, userRows, settings] = await Promise.all([
    ctx.db
      .select()
      .from(attempts)
      .where(and(eq(attempts.courseKey, courseKey), sql`(${attempts.examId}, ${attempts.userId}) in (${pairList})`))
      .orderBy(desc(attempts.created), desc(attempts.id)),
    ctx.db
      .select({ id: exams.id, name: exams.examName, isProctored: exams.isProctored, isPracticeExam: exams.isPracticeExam, backend: exams.backend })
      .from(exams)
      .where(inArray(exams.id, examIds)),
    ctx.db
      .select({ id: users.id, apiId: sql<number>`coalesce(${users.lmsUserId}, ${users.id})`.mapWith(Number), username: users.username, email: users.email })
      .from(users)
      .where(inArray(users.id, userIds)),
    loadSiteSettings(ctx.db),
  ]);
  const current = fetched.map((a) => effectiveAttempt(a, ctx.now, { allowTimedOutState: settings.allow_timed_out_state }));
  // Whether each exam's backend has onboarding (an onboarding attempt is labelled so): few exams a page.
  const onboarding = new Map(
    await Promise.all(examRows.map(async (e) => [e.id, (await resolveExamBackend(ctx.db, e))?.supportsOnboarding ?? false] as const)),
  );
  const examById = new Map(examRows.map(({ backend: _backend, ...e }) => [e.id, e]));
  const userById = new Map(userRows.map((u) => [u.id, u]));
  const byPair = new Map<string, Attempt[]>();
  for (const a of current) {
    const key = `${a.examId}:${a.userId}`;
    const list = byPair.get(key);
    if (list) list.push(a);
    else byPair.set(key, [a]);
  }
  const eligibility = await pageEligibility(ctx.db, courseKey, examRows, pairs);
  const groups: DashboardAttemptGroup[] = [];
  for (const pair of pairs) {
    const key = `${pair.examId}:${pair.userId}`;
    const list = byPair.get(key);
    const exam = examById.get(pair.examId);
    const user = userById.get(pair.userId);
    // A pair reset between the two reads simply drops off this page.
    if (!list?.length || !exam || !user) continue;
    const [latest, ...earlier] = list.map((a) => attemptView(a, onboarding.get(pair.examId) ?? false));
    groups.push({ key, user, exam, latest: latest!, earlier, eligibility: eligibility.get(key) ?? null });
  }
  return groups;
}

/**
 * Each pair's reason not to start (ineligibleReason), keyed `<examId>:<userId>`: one
 * courseEligibility read per proctored, practice or onboarding exam of the page (timed exams have
 * no gate; for practice and onboarding exams only the account counts, as on the learner page).
 */
async function pageEligibility(
  db: DbOrTx,
  courseKey: string,
  examRows: { id: number; isProctored: boolean }[],
  pairs: { examId: number; userId: number }[],
): Promise<Map<string, IneligibleReason>> {
  const reasons = new Map<string, IneligibleReason>();
  await Promise.all(
    examRows
      .filter((e) => e.isProctored)
      .map(async (e) => {
        const userIds = pairs.filter((p) => p.examId === e.id).map((p) => p.userId);
        const found = await courseEligibility(db, { courseKey, examId: e.id, userIds });
        for (const [userId, eligibility] of found) {
          const reason = ineligibleReason(eligibility);
          if (reason) reasons.set(`${e.id}:${userId}`, reason);
        }
      }),
  );
  return reasons;
}

// -------------------------------------------------------------------------------------------------
// One attempt's timeline

// The shapes are domain types (decision 022): the timeline table component reads them too.
export type { AttemptTimeline, TimelineActor, TimelineEntry, TimelineSnapshot } from "@/lib/domain/attempt-timeline";
import type { AttemptTimeline, TimelineEntry, TimelineSnapshot } from "@/lib/domain/attempt-timeline";

function snapshotOf(h: AttemptHistory): TimelineSnapshot {
  return {
    status: h.status,
    startedAt: iso(h.startedAt),
    completedAt: iso(h.completedAt),
    allowedTimeLimitMins: h.allowedTimeLimitMins,
    timeRemainingSeconds: h.timeRemainingSeconds,
  };
}

/**
 * Merges audit rows and history snapshots into one list in time order. A status change writes
 * both in one transaction with the same `now` (history holds the state before the change), so a
 * snapshot is attached to the audit row of the same instant whose from-status it holds; a
 * snapshot without one (rows written before the audit log, or by hand) stands alone. Pure.
 */
export function mergeTimeline(
  audit: Pick<AuditLogEntry, "id" | "at" | "actorKind" | "actorUserId" | "actorTokenId" | "action" | "fromStatus" | "toStatus" | "source" | "requestId" | "data">[],
  history: AttemptHistory[],
  usernames: ReadonlyMap<number, string>,
): TimelineEntry[] {
  const unmatched = [...history];
  const entries: (TimelineEntry & { order: number })[] = audit.map((row) => {
    const i = unmatched.findIndex((h) => h.created.getTime() === row.at.getTime() && (row.fromStatus === null || h.status === row.fromStatus));
    const snap = i >= 0 ? unmatched.splice(i, 1)[0]! : null;
    return {
      key: `audit-${row.id}`,
      at: row.at.toISOString(),
      kind: "audit",
      action: row.action,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      actor: {
        kind: row.actorKind,
        userId: row.actorUserId,
        username: row.actorUserId === null ? null : (usernames.get(row.actorUserId) ?? null),
        tokenId: row.actorTokenId,
      },
      source: row.source,
      requestId: row.requestId,
      data: row.data ?? {},
      snapshot: snap ? snapshotOf(snap) : null,
      order: 1,
    };
  });
  for (const h of unmatched) {
    entries.push({
      key: `history-${h.id}`,
      at: h.created.toISOString(),
      kind: "history",
      action: null,
      fromStatus: h.status,
      toStatus: null,
      actor: null,
      source: null,
      requestId: null,
      data: {},
      snapshot: snapshotOf(h),
      order: 0,
    });
  }
  // Stable: audit rows keep their id order within one instant; a bare snapshot comes first.
  const indexed = entries.map((e, i) => ({ e, i }));
  indexed.sort((x, y) => x.e.at.localeCompare(y.e.at) || x.e.order - y.e.order || x.i - y.i);
  return indexed.map(({ e: { order: _order, ...entry } }) => entry);
}

/**
 * Every transition and action of one attempt of `courseKey` (course staff or admins), oldest
 * first; null when no attempt with that id belongs to the course (an attempt of another course
 * is answered like a missing one). A removed attempt still has its history and audit rows, and
 * is shown from them.
 */
export async function attemptTimeline(ctx: ServiceContext, courseKey: string, attemptId: number): Promise<AttemptTimeline | null> {
  requireCourseStaffActor(ctx, courseKey);
  if (!Number.isInteger(attemptId) || attemptId < 1 || attemptId > 2_147_483_647) return null;

  const [live] = await ctx.db
    .select()
    .from(attempts)
    .where(and(eq(attempts.id, attemptId), eq(attempts.courseKey, courseKey)))
    .limit(1);
  const [history, audit] = await Promise.all([
    ctx.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, attemptId)).orderBy(asc(attemptHistory.id)),
    ctx.db.select().from(auditLog).where(eq(auditLog.attemptId, attemptId)).orderBy(asc(auditLog.id)),
  ]);
  // Without a live row, the newest history row (the final state archived at removal) says whose it was.
  const last = history[history.length - 1];
  const base = live ?? (last && last.courseKey === courseKey ? last : null);
  if (!base) return null;
  // Audit rows of this attempt id that belong to another course cannot exist, but never show them.
  const auditRows = audit.filter((row) => row.courseKey === null || row.courseKey === courseKey);

  const actorIds = [...new Set(auditRows.map((r) => r.actorUserId).filter((id): id is number => id !== null))];
  const [examRow, userRows] = await Promise.all([
    ctx.db
      .select({ id: exams.id, name: exams.examName, isProctored: exams.isProctored, backend: exams.backend })
      .from(exams)
      .where(eq(exams.id, base.examId))
      .limit(1),
    ctx.db
      .select({ id: users.id, username: users.username, email: users.email })
      .from(users)
      .where(inArray(users.id, [...new Set([base.userId, ...actorIds])])),
  ]);
  const usernames = new Map(userRows.map((u) => [u.id, u.username]));
  const learner = userRows.find((u) => u.id === base.userId);
  const supportsOnboarding = examRow[0] ? ((await resolveExamBackend(ctx.db, examRow[0]))?.supportsOnboarding ?? false) : false;
  const created = live ? live.created : (history[0]?.created ?? null);
  const createdAudit = auditRows.find((r) => r.action === "attempt.create");

  return {
    attempt: {
      id: attemptId,
      courseKey,
      status: live ? live.status : null,
      removed: !live,
      created: iso(createdAudit?.at ?? created),
      startedAt: iso(base.startedAt),
      completedAt: iso(base.completedAt),
      takingAsProctored: base.takingAsProctored,
      isSampleAttempt: base.isSampleAttempt,
      kind: attemptKind(base, supportsOnboarding),
      exam: { id: base.examId, name: examRow[0]?.name ?? null },
      user: { id: base.userId, username: learner?.username ?? null, email: learner?.email ?? null },
    },
    entries: mergeTimeline(auditRows, history, usernames),
  };
}
