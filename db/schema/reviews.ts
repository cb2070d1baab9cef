import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { idColumn, timestamps } from "./_columns";
import { exams } from "./exams";
import { users } from "./users";

/** Stored review statuses, in SoftwareSecure vocabulary (§3.3). */
export const REVIEW_STATUSES = ["Clean", "Rules Violation", "Suspicious", "Not Reviewed"] as const;
export type StoredReviewStatus = (typeof REVIEW_STATUSES)[number];

const reviewColumns = {
  attemptCode: varchar("attempt_code", { length: 255 }).notNull(),
  isAttemptActive: boolean("is_attempt_active").notNull().default(true),
  reviewStatus: varchar("review_status", { length: 255 }).$type<StoredReviewStatus>().notNull(),
  /** JSON of the payload as received (video links removed). */
  rawData: text("raw_data").notNull(),
  videoUrl: text("video_url").notNull().default(""),
  reviewedById: integer("reviewed_by_id"),
  studentId: integer("student_id"),
  examId: integer("exam_id"),
};

/** `proctoring_proctoredexamsoftwaresecurereview` (§2.6): one review per attempt, from any backend. */
export const reviews = pgTable(
  "reviews",
  {
    id: idColumn(),
    ...timestamps,
    ...reviewColumns,
    reviewedById: integer("reviewed_by_id").references(() => users.id, { onDelete: "cascade" }),
    studentId: integer("student_id").references(() => users.id, { onDelete: "cascade" }),
    examId: integer("exam_id").references(() => exams.id, { onDelete: "cascade" }),
  },
  (t) => [
    uniqueIndex("reviews_attempt_code_key").on(t.attemptCode),
    index("reviews_exam_idx").on(t.examId),
    index("reviews_student_idx").on(t.studentId),
    check(
      "reviews_status_check",
      sql`${t.reviewStatus} in ('Clean', 'Rules Violation', 'Suspicious', 'Not Reviewed')`,
    ),
  ],
);

/** Archive of reviews before every update and delete (§2.6), with the review id 3.8.1 lacked. */
export const reviewHistory = pgTable(
  "review_history",
  {
    id: idColumn(),
    ...timestamps,
    reviewId: integer("review_id"),
    ...reviewColumns,
  },
  (t) => [index("review_history_attempt_code_idx").on(t.attemptCode)],
);

/** `proctoring_proctoredexamstudentattemptcomment` (§2.7): reviewer comments, only ever appended. */
export const reviewComments = pgTable(
  "review_comments",
  {
    id: idColumn(),
    ...timestamps,
    reviewId: integer("review_id")
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    startTime: integer("start_time").notNull(),
    stopTime: integer("stop_time").notNull(),
    duration: integer("duration").notNull(),
    comment: text("comment").notNull(),
    status: varchar("status", { length: 255 }).notNull(),
  },
  (t) => [index("review_comments_review_idx").on(t.reviewId)],
);

export type Review = typeof reviews.$inferSelect;
export type NewReview = typeof reviews.$inferInsert;
export type ReviewHistory = typeof reviewHistory.$inferSelect;
export type ReviewComment = typeof reviewComments.$inferSelect;
