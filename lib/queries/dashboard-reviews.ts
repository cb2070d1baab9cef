import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { attempts, exams, reviews, users, type Attempt, type Exam, type Review } from "@/db/schema";
import { resolveExamBackend } from "@/lib/backends/registry";
import { examKind, type ExamKind } from "@/lib/domain/exam-kind";
import { fromStoredReviewStatus, isValidStoredStatus } from "@/lib/domain/reviews";
import { STAFF_REVIEWABLE_STATUSES, type StaffReviewableStatus } from "@/lib/domain/reviews";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { learnerSearchCondition, normalizeSearch } from "./dashboard-attempts";
import { djangoPathSegment, pageWindow, requireCourseStaffActor, ROWS_PER_PAGE, requirePageInRange } from "./pagination";
import type { ReviewQueueComment, ReviewQueueRow } from "@/lib/domain/dashboard-views";

/**
 * The instructor dashboard's Reviews panel: the course's attempts that wait for
 * a person, second_review_required (the vendor flagged the session, §10.3) and error, with the
 * vendor's review and its comments, oldest first (the longest wait at the top).
 *
 * Scale: the list and its count read the course's attempts in those two statuses only. Without a
 * partial index that is a pass over the course's attempts (attempts_course_created_idx, ~30 ms
 * for 300,000); with
 *   CREATE INDEX attempts_review_queue_idx ON attempts (course_id, modified, id)
 *     WHERE status IN ('second_review_required', 'error');
 * both are index-only. A page then fetches its 25 attempts, their learners, exams, reviews and at
 * most COMMENTS_PER_REVIEW comments per review by id.
 */

/** Comments sent with a page, per review (the newest ones); `commentCount` says how many there are. */
export const COMMENTS_PER_REVIEW = 100;

export interface ReviewQueuePage {
  rows: ReviewQueueRow[];
  /** 1-based; an out-of-range page is answered with the last page. */
  page: number;
  pageCount: number;
  total: number;
  perPage: number;
  /** The search as applied (trimmed), or "". */
  search: string;
  /** The status filter as applied; null for both. */
  status: StaffReviewableStatus | null;
}

export interface ReviewQueueInput {
  courseKey: string;
  /** `?page=` as sent (Django's rules). */
  page: string | null;
  /** `?search=`: username or e-mail substring, any case. */
  search: string | null;
  /** `?status=`: second_review_required or error; empty for both. */
  status: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function parseStatus(raw: string | null): StaffReviewableStatus | null {
  const text = (raw ?? "").trim();
  if (!text) return null;
  if ((STAFF_REVIEWABLE_STATUSES as readonly string[]).includes(text)) return text as StaffReviewableStatus;
  throw new ServiceError("VALIDATION", `Unknown status "${text.slice(0, 64)}": use second_review_required or error (or nothing for both).`);
}

/** GET /api/instructor/<course>/reviews: one page of the course's review queue. Course staff or admins. */
export async function listReviewQueue(ctx: ServiceContext, input: ReviewQueueInput): Promise<ReviewQueuePage> {
  requireCourseStaffActor(ctx, input.courseKey);
  requirePageInRange(input.page);
  const status = parseStatus(input.status);
  const search = normalizeSearch(input.search);
  const empty = (): ReviewQueuePage => ({ rows: [], page: 1, pageCount: 1, total: 0, perPage: ROWS_PER_PAGE, search, status });
  const searchCondition = search ? await learnerSearchCondition(ctx.db, search, sql`a.user_id`) : null;
  if (search && !searchCondition) return empty();

  const statuses = status ? [status] : [...STAFF_REVIEWABLE_STATUSES];
  const where: SQL = sql`a.course_id = ${input.courseKey}
    and a.status in (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)})
    ${searchCondition ? sql`and ${searchCondition}` : sql``}`;
  const [counted] = rowsOf<{ total: number | string }>(await ctx.db.execute(sql`select count(*) as total from attempts a where ${where}`));
  const total = Number(counted?.total ?? 0);
  if (total === 0) return empty();
  const window = pageWindow(input.page, total);
  const ids = rowsOf<{ id: number }>(
    await ctx.db.execute(sql`select a.id from attempts a where ${where} order by a.modified, a.id limit ${window.limit} offset ${window.offset}`),
  ).map((r) => Number(r.id));

  return {
    rows: await queueRows(ctx, input.courseKey, ids),
    page: window.page,
    pageCount: window.numPages,
    total,
    perPage: ROWS_PER_PAGE,
    search,
    status,
  };
}

/** The page's attempts with their learners, exams, reviews and comments, in the order of `ids`. */
async function queueRows(ctx: ServiceContext, courseKey: string, ids: number[]): Promise<ReviewQueueRow[]> {
  if (ids.length === 0) return [];
  const found = await ctx.db
    .select()
    .from(attempts)
    .where(and(eq(attempts.courseKey, courseKey), inArray(attempts.id, ids)));
  const byId = new Map(found.map((a) => [a.id, a]));
  // Between the two reads a row may have been decided; it simply drops out of this page.
  const page = ids.map((id) => byId.get(id)).filter((a): a is Attempt => a !== undefined && (STAFF_REVIEWABLE_STATUSES as readonly string[]).includes(a.status));
  if (page.length === 0) return [];

  const codes = page.map((a) => a.attemptCode).filter((c): c is string => c !== null);
  const [examRows, userRows, reviewRows] = await Promise.all([
    ctx.db.select().from(exams).where(inArray(exams.id, [...new Set(page.map((a) => a.examId))])),
    ctx.db
      .select({ id: users.id, apiId: sql<number>`coalesce(${users.lmsUserId}, ${users.id})`.mapWith(Number), username: users.username, email: users.email })
      .from(users)
      .where(inArray(users.id, [...new Set(page.map((a) => a.userId))])),
    codes.length > 0 ? ctx.db.select().from(reviews).where(inArray(reviews.attemptCode, codes)) : Promise.resolve([] as Review[]),
  ]);
  const examById = new Map(examRows.map((e) => [e.id, e]));
  const userById = new Map(userRows.map((u) => [u.id, u]));
  const reviewByCode = new Map(reviewRows.map((r) => [r.attemptCode, r]));

  const reviewIds = reviewRows.map((r) => r.id);
  const reviewerIds = [...new Set(reviewRows.map((r) => r.reviewedById).filter((id): id is number => id !== null))];
  const [commentRows, reviewerRows, backends] = await Promise.all([
    reviewIds.length > 0
      ? ctx.db.execute(sql`
          select c.id, c.review_id, c.comment, c.status, c.start_time, c.stop_time, c.duration, c.created, c.total
          from (
            select rc.*, row_number() over (partition by rc.review_id order by rc.id desc) as nth, count(*) over (partition by rc.review_id) as total
            from review_comments rc where rc.review_id in (${sql.join(reviewIds.map((id) => sql`${id}::int`), sql`, `)})
          ) c
          where c.nth <= ${COMMENTS_PER_REVIEW}
          order by c.review_id, c.id`)
      : Promise.resolve([]),
    reviewerIds.length > 0
      ? ctx.db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, reviewerIds))
      : Promise.resolve([] as { id: number; username: string }[]),
    dashboardLinks(ctx, examRows),
  ]);
  const reviewerById = new Map(reviewerRows.map((u) => [u.id, u]));
  const commentsByReview = new Map<number, { list: ReviewQueueComment[]; total: number }>();
  for (const c of rowsOf<CommentRow>(commentRows)) {
    const reviewId = Number(c.review_id);
    const entry = commentsByReview.get(reviewId) ?? { list: [], total: Number(c.total) };
    entry.list.push({
      id: Number(c.id),
      comment: c.comment,
      status: c.status,
      startTime: Number(c.start_time),
      stopTime: Number(c.stop_time),
      duration: Number(c.duration),
      created: new Date(c.created).toISOString(),
    });
    commentsByReview.set(reviewId, entry);
  }

  return page.map((a) => {
    const exam = examById.get(a.examId)!;
    const user = userById.get(a.userId) ?? { id: a.userId, apiId: a.userId, username: "(unknown)", email: "" };
    const review = a.attemptCode ? reviewByCode.get(a.attemptCode) : undefined;
    const link = backends.get(exam.id);
    const comments = review ? commentsByReview.get(review.id) : undefined;
    return {
      attemptId: a.id,
      status: a.status as StaffReviewableStatus,
      modified: a.modified.toISOString(),
      startedAt: iso(a.startedAt),
      completedAt: iso(a.completedAt),
      takingAsProctored: a.takingAsProctored,
      isSampleAttempt: a.isSampleAttempt,
      user,
      exam: { id: exam.id, name: exam.examName, kind: link?.kind ?? examKind(exam, false) },
      review: review
        ? {
            id: review.id,
            status: review.reviewStatus,
            standardStatus: isValidStoredStatus(review.reviewStatus) ? fromStoredReviewStatus(review.reviewStatus) : null,
            received: review.created.toISOString(),
            modified: review.modified.toISOString(),
            reviewedBy: review.reviewedById !== null ? (reviewerById.get(review.reviewedById) ?? null) : null,
            reviewUrl: reviewDashboardUrl({ courseKey, examId: exam.id, externalId: a.externalId, hasDashboard: link?.hasDashboard ?? false }),
            comments: comments?.list ?? [],
            commentCount: comments?.total ?? 0,
          }
        : null,
    };
  });
}

/**
 * Where staff see the attempt at the vendor: §8.20's redirect with `?attempt=<vendor id>` (the
 * review_url of §10.2-8), only when the backend has an instructor dashboard and the vendor knows
 * the attempt.
 */
export function reviewDashboardUrl(input: { courseKey: string; examId: number; externalId: string | null; hasDashboard: boolean }): string | null {
  if (!input.hasDashboard || !input.externalId) return null;
  return `/api/edx_proctoring/v1/instructor/${djangoPathSegment(input.courseKey)}/${input.examId}?attempt=${encodeURIComponent(input.externalId)}`;
}

interface CommentRow {
  id: number;
  review_id: number;
  comment: string;
  status: string;
  start_time: number;
  stop_time: number;
  duration: number;
  created: Date | string;
  total: number | string;
}

/** Per exam: its kind, and whether its backend shows attempts in a vendor dashboard (§8.20). */
async function dashboardLinks(ctx: ServiceContext, examRows: Exam[]): Promise<Map<number, { kind: ExamKind; hasDashboard: boolean }>> {
  const out = new Map<number, { kind: ExamKind; hasDashboard: boolean }>();
  for (const exam of examRows) {
    // A backend that is no longer configured has no dashboard; the row still shows.
    const backend = await resolveExamBackend(ctx.db, exam).catch(() => null);
    out.set(exam.id, {
      kind: examKind(exam, backend?.supportsOnboarding ?? false),
      hasDashboard: Boolean(backend?.hasDashboard),
    });
  }
  return out;
}
