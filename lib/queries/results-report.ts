import "server-only";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { allowances, attempts, exams, reviews, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { requireCourseStaffActor } from "./pagination";

/**
 * The proctored exam results report (§13.5 `get_exam_violation_report`, issue 13 item 7): every
 * attempt of a course's exams, one row each, exam by exam in name order. Read in keyset batches
 * (attempt id within an exam), so a 300,000-attempt course is streamed a batch at a time and never
 * held in memory (decision 039). The staff check happens here, before the first batch.
 *
 * Columns: edx-proctoring's, in its order, then ours: the learner's allowances (the two with
 * meaning, then any other as `key=value`), who reviewed (a person's second review or appeal), the
 * attempt id and the LMS user id. Not its per-comment-status columns ("Suspicious Comments" …):
 * those depend on every row and so cannot be known when the header is written.
 */
export const RESULTS_REPORT_COLUMNS = [
  "course_id",
  "exam_name",
  "username",
  "email",
  "attempt_code",
  "allowed_time_limit_mins",
  "is_sample_attempt",
  "started_at",
  "completed_at",
  "status",
  "review_status",
  "provider",
  "user_id",
  "additional_time_granted",
  "review_policy_exception",
  "other_allowances",
  "reviewed_by",
  "attempt_id",
  "lms_user_id",
] as const;
export type ResultsReportColumn = (typeof RESULTS_REPORT_COLUMNS)[number];
export type ResultsReportRow = Record<ResultsReportColumn, string | number | null>;

export const RESULTS_REPORT_BATCH = 2000;

const reviewer = alias(users, "reviewer");
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Opens the report of `courseKey` (one exam with `examId`). A missing exam of the course is a 404;
 * an exam of another course is answered the same way.
 */
export async function openResultsReport(
  ctx: ServiceContext,
  courseKey: string,
  options: { examId?: number | null; batchSize?: number } = {},
): Promise<AsyncIterable<ResultsReportRow[]>> {
  requireCourseStaffActor(ctx, courseKey);
  const db = ctx.db;
  const batchSize = options.batchSize ?? RESULTS_REPORT_BATCH;
  const examRows = await db
    .select({ id: exams.id, name: exams.examName, backend: exams.backend })
    .from(exams)
    .where(options.examId != null ? and(eq(exams.courseKey, courseKey), eq(exams.id, options.examId)) : eq(exams.courseKey, courseKey))
    .orderBy(asc(exams.examName), asc(exams.id));
  if (options.examId != null && examRows.length === 0) throw new ServiceError("NOT_FOUND", `There is no exam ${options.examId} in this course.`);

  return {
    async *[Symbol.asyncIterator]() {
      for (const exam of examRows) {
        let after = 0;
        for (;;) {
          const page = await db
            .select({
              id: attempts.id,
              userId: attempts.userId,
              attemptCode: attempts.attemptCode,
              allowedTimeLimitMins: attempts.allowedTimeLimitMins,
              isSampleAttempt: attempts.isSampleAttempt,
              startedAt: attempts.startedAt,
              completedAt: attempts.completedAt,
              status: attempts.status,
              username: users.username,
              email: users.email,
              lmsUserId: users.lmsUserId,
              reviewStatus: reviews.reviewStatus,
              reviewer: reviewer.username,
            })
            .from(attempts)
            .innerJoin(users, eq(users.id, attempts.userId))
            .leftJoin(reviews, eq(reviews.attemptCode, attempts.attemptCode))
            .leftJoin(reviewer, eq(reviewer.id, reviews.reviewedById))
            .where(and(eq(attempts.examId, exam.id), gt(attempts.id, after)))
            .orderBy(asc(attempts.id))
            .limit(batchSize);
          if (page.length === 0) break;
          const userIds = [...new Set(page.map((r) => r.userId))];
          const granted = await db
            .select({ userId: allowances.userId, key: allowances.key, value: allowances.value })
            .from(allowances)
            .where(and(eq(allowances.examId, exam.id), inArray(allowances.userId, userIds)))
            .orderBy(asc(allowances.key));
          const byUser = new Map<number, { key: string; value: string }[]>();
          for (const a of granted) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);

          yield page.map((r) => {
            const own = byUser.get(r.userId) ?? [];
            const value = (key: string) => own.find((a) => a.key === key)?.value ?? null;
            return {
              course_id: courseKey,
              exam_name: exam.name,
              username: r.username,
              email: r.email,
              attempt_code: r.attemptCode,
              allowed_time_limit_mins: r.allowedTimeLimitMins,
              is_sample_attempt: r.isSampleAttempt ? "True" : "False",
              started_at: iso(r.startedAt),
              completed_at: iso(r.completedAt),
              status: r.status,
              review_status: r.reviewStatus ?? null,
              provider: exam.backend,
              user_id: r.userId,
              additional_time_granted: value("additional_time_granted"),
              review_policy_exception: value("review_policy_exception"),
              other_allowances:
                own
                  .filter((a) => a.key !== "additional_time_granted" && a.key !== "review_policy_exception")
                  .map((a) => `${a.key}=${a.value}`)
                  .join("; ") || null,
              reviewed_by: r.reviewer ?? null,
              attempt_id: r.id,
              lms_user_id: r.lmsUserId,
            };
          });
          if (page.length < batchSize) break;
          after = page[page.length - 1]!.id;
        }
      }
    },
  };
}
