import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, timestamps, tstz } from "./_columns";
import { courses } from "./courses";
import { examQuestions, exams } from "./exams";
import { users } from "./users";
import type { AttemptStatus } from "@/lib/domain/statuses";

// The status tuple lives with the rest of the state machine in lib/domain; re-exported here so
// existing `@/db/schema` imports keep working.
export { ATTEMPT_STATUSES, type AttemptStatus } from "@/lib/domain/statuses";

const attemptColumns = {
  userId: integer("user_id").notNull(),
  examId: integer("exam_id").notNull(),
  /** Course key of the exam, copied at creation so course-wide lists need no join to filter. */
  courseKey: varchar("course_id", { length: 255 }).notNull(),
  startedAt: tstz("started_at"),
  completedAt: tstz("completed_at"),
  /** Last timer poll from the learner's browser: the live board's "last heartbeat" (what-we-build decision 9). */
  lastPollTimestamp: tstz("last_poll_timestamp"),
  lastPollIpaddr: varchar("last_poll_ipaddr", { length: 64 }),
  attemptCode: varchar("attempt_code", { length: 255 }),
  externalId: varchar("external_id", { length: 255 }),
  allowedTimeLimitMins: integer("allowed_time_limit_mins"),
  status: varchar("status", { length: 64 }).$type<AttemptStatus>().notNull(),
  takingAsProctored: boolean("taking_as_proctored").notNull().default(false),
  isSampleAttempt: boolean("is_sample_attempt").notNull().default(false),
  studentName: varchar("student_name", { length: 255 }).notNull().default(""),
  reviewPolicyId: integer("review_policy_id"),
};

/** `proctoring_proctoredexamstudentattempt` (§2.3). The current attempt is the newest `created`. */
export const attempts = pgTable(
  "attempts",
  {
    id: idColumn(),
    ...timestamps,
    ...attemptColumns,
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    examId: integer("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    // The copied course key follows a renamed course, as the exam's does.
    courseKey: varchar("course_id", { length: 255 })
      .notNull()
      .references(() => courses.courseKey, { onDelete: "cascade", onUpdate: "cascade" }),
    isStatusAcknowledged: boolean("is_status_acknowledged").notNull().default(false),
    timeRemainingSeconds: integer("time_remaining_seconds"),
    /**
     * started_at + allowed_time_limit_mins, kept by a trigger (migration 0004) so every writer
     * agrees: the sweeper and the timer poll find due or running attempts through one index.
     */
    expiresAt: tstz("expires_at"),
    /** Multiple-choice score of the built-in question set, set at submission. */
    scoreEarned: real("score_earned"),
    scorePossible: real("score_possible"),
  },
  (t) => [
    uniqueIndex("attempts_attempt_code_key").on(t.attemptCode),
    uniqueIndex("attempts_external_id_key").on(t.externalId),
    // Current attempt of (exam, user), and every attempt of the pair newest first.
    index("attempts_exam_user_created_idx").on(t.examId, t.userId, t.created.desc()),
    index("attempts_user_created_idx").on(t.userId, t.created.desc()),
    // Course-wide grouped list (newest first) and its per-learner lookups.
    // Newest first within a course, id as the tie-break: the dashboard walks this order page by page,
    // and bulk-loaded rows share `created`, so without the id every page would sort the whole tie.
    index("attempts_course_created_idx").on(t.courseKey, t.created.desc(), t.id.desc()),
    index("attempts_course_user_idx").on(t.courseKey, t.userId),
    // The expiry sweeper and the live board only look at attempts with a running clock.
    index("attempts_running_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.status} in ('started', 'ready_to_submit')`),
    // The onboarding panel's "verified" checks (in this course and, for "approved in another
    // course", in any): a learner's verified onboarding attempts, newest change last.
    index("attempts_verified_onboarding_idx")
      .on(t.examId, t.userId, t.modified)
      .where(sql`${t.status} = 'verified' and ${t.takingAsProctored}`),
    // "Has this learner a proctored attempt at the onboarding exam?" for every learner of a course
    // (the onboarding panel's not-started filter): an index-only merge instead of reading the rows.
    index("attempts_proctored_exam_user_idx").on(t.examId, t.userId).where(sql`${t.takingAsProctored}`),
    // The dashboard's review queue: a course's attempts waiting for a person, longest-waiting first.
    index("attempts_review_queue_idx")
      .on(t.courseKey, t.modified, t.id)
      .where(sql`${t.status} in ('second_review_required', 'error')`),
  ],
);

/**
 * `proctoring_proctoredexamstudentattempthistory` (§2.4): the state before every status change,
 * and the final state of a deleted attempt. Append-only.
 */
export const attemptHistory = pgTable(
  "attempt_history",
  {
    id: idColumn(),
    ...timestamps,
    attemptId: integer("attempt_id"),
    ...attemptColumns,
    // Kept (unlike 3.8.1, §17.12) so a resumed attempt's saved time stays auditable.
    isStatusAcknowledged: boolean("is_status_acknowledged").notNull().default(false),
    timeRemainingSeconds: integer("time_remaining_seconds"),
  },
  (t) => [
    index("attempt_history_attempt_idx").on(t.attemptId),
    index("attempt_history_attempt_code_idx").on(t.attemptCode),
    index("attempt_history_external_id_idx").on(t.externalId),
  ],
);

/** Answers to the built-in question set, autosaved during the attempt. */
export const attemptAnswers = pgTable(
  "attempt_answers",
  {
    id: idColumn(),
    ...timestamps,
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id, { onDelete: "cascade" }),
    questionId: integer("question_id")
      .notNull()
      .references(() => examQuestions.id, { onDelete: "cascade" }),
    /** Chosen index for multiple choice, text for short answer. */
    answer: jsonb("answer").$type<{ choice: number } | { text: string }>().notNull(),
    /** Client-side revision counter: a stale autosave never overwrites a newer answer. */
    revision: integer("revision").notNull().default(0),
    feedback: text("feedback"),
  },
  (t) => [uniqueIndex("attempt_answers_attempt_question_key").on(t.attemptId, t.questionId)],
);

export type Attempt = typeof attempts.$inferSelect;
export type NewAttempt = typeof attempts.$inferInsert;
export type AttemptHistory = typeof attemptHistory.$inferSelect;
export type AttemptAnswer = typeof attemptAnswers.$inferSelect;
