import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import type { ServiceContext } from "@/lib/data/context";
import { isCourseStaff, type UserActor } from "@/lib/domain/actor";

/** `ATTEMPTS_PER_PAGE` of edx-proctoring: both instructor panels page by 25 (§8.9, §7.4). */
export const ROWS_PER_PAGE = 25;

/** What Python's `int()` takes from a query string: optional blanks and sign around digits. */
const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;

/**
 * The highest page anyone may ask for: 25 million rows at 25 a page. Far past any real list, and
 * low enough that its row offset stays an exact integer that Postgres takes.
 */
export const MAX_PAGE = 1_000_000;
export const PAGE_TOO_LARGE_DETAIL = `page: must be a whole number no greater than ${MAX_PAGE}.`;

/**
 * The requested page as Django's Paginator reads it: null when it is not an integer (absent,
 * "abc", "2.0"), which means page 1; any integer otherwise, even 0 or negative (which mean
 * "out of range", hence the last page).
 */
export function requestedPage(raw: string | null | undefined): number | null {
  if (raw == null || !INTEGER_TEXT.test(raw)) return null;
  const n = Number(raw.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * The instructor dashboard's panels (our API, not 3.8.1's) refuse a page above MAX_PAGE with a
 * 400 rather than compute a row offset from it that is no exact integer (or none Postgres takes).
 */
export function requirePageInRange(raw: string | null | undefined): void {
  const n = requestedPage(raw);
  if (n !== null && n > MAX_PAGE) throw new ServiceError("VALIDATION", PAGE_TOO_LARGE_DETAIL);
}

/**
 * `?page=` of a dashboard page (not an API): as requestedPage, but a page above MAX_PAGE is
 * MAX_PAGE, past the end like it, so the panel shows its last page instead of an error page.
 */
export function requestedPageOfView(raw: string | null | undefined): number | null {
  const n = requestedPage(raw);
  return n !== null && n > MAX_PAGE ? MAX_PAGE : n;
}

export interface PageWindow {
  page: number;
  numPages: number;
  offset: number;
  limit: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/**
 * Django's `Paginator(rows, 25)` + `page()`/`get_page()` as 3.8.1's views use them: an empty list
 * still has one page; a non-integer page is page 1; a page out of range (0, negative, too big)
 * is the last page.
 */
export function pageWindow(raw: string | null | undefined, total: number, perPage = ROWS_PER_PAGE): PageWindow {
  const numPages = Math.max(1, Math.ceil(total / perPage));
  const asked = requestedPage(raw);
  const page = asked === null ? 1 : asked < 1 || asked > numPages ? numPages : asked;
  return {
    page,
    numPages,
    offset: (page - 1) * perPage,
    limit: perPage,
    hasPrevious: page > 1,
    hasNext: page < numPages,
  };
}

/**
 * Builds a URL path segment the way Django's `reverse()` quotes it (RFC 3986 sub-delimiters,
 * `:`, `@` and `~` kept), so `course-v1:Org+Num+Run` stays readable in the URLs we hand out. Unlike
 * Django we encode `/`: an old-style `Org/Num/Run` key must stay one segment for our routes, which
 * decode both this form and a fully encoded one back to the same key.
 */
export function djangoPathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%(21|24|26|27|28|29|2A|2B|2C|3B|3D|3A|40|7E)/gi, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/**
 * `%`, `_` and `\` taken literally in a LIKE pattern (backslash is Postgres's default escape).
 * Callers match it as `lower(column) like lower(pattern)`: case-insensitive like ILIKE, and about
 * twice as fast on a users table that has to be scanned (there is no trigram index).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The signed-in person behind a request; service credentials are not people. */
export function requireUserActor(ctx: ServiceContext): UserActor {
  if (ctx.principal.kind !== "user") {
    throw new ServiceError("FORBIDDEN", "This endpoint is for signed-in users; a service token cannot call it.");
  }
  return ctx.principal;
}

/** Course staff of `courseKey` (either role) or an admin, else 403 with 3.8.1's message (§8.0). */
export function requireCourseStaffActor(ctx: ServiceContext, courseKey: string): UserActor {
  const actor = ctx.principal.kind === "user" ? ctx.principal : null;
  if (!actor || !isCourseStaff(actor, courseKey)) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
  return actor;
}

/** Above this many matching people, a search filters rows as it walks them instead of by id list. */
export const SEARCH_ID_LIST_CAP = 2000;

/**
 * A username/e-mail substring search (case-insensitive), planned by how many people match. With
 * no trigram index the users table is scanned once either way; then a narrow search (the usual
 * case: one learner's name) looks up just those people's rows by index, while a broad one (a
 * domain shared by thousands) filters rows as the list is walked, where matches come quickly.
 * Returns a condition on `userIdColumn` (an SQL expression such as `a.user_id`), or null when
 * nobody matches.
 */
export async function userSearchCondition(db: DbOrTx, text: string, userIdColumn: SQL): Promise<SQL | null> {
  const pattern = containsPattern(text);
  const matches = sql`(lower(u.username) like lower(${pattern}) or lower(u.email) like lower(${pattern}))`;
  const ids = rowsOf<{ id: number }>(
    await db.execute(sql`select u.id from users u where ${matches} limit ${SEARCH_ID_LIST_CAP + 1}`),
  ).map((r) => Number(r.id));
  if (ids.length === 0) return null;
  if (ids.length <= SEARCH_ID_LIST_CAP) return sql`${userIdColumn} in (${sql.join(ids.map((id) => sql`${id}::int`), sql`, `)})`;
  return sql`exists (select 1 from users u where u.id = ${userIdColumn} and ${matches})`;
}
