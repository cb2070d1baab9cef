import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, timestamps, tstz } from "./_columns";
import { courses } from "./courses";
import { users } from "./users";

/** `proctoring_proctoredexam` (§2.1) plus where the exam's body comes from (docs/reference/what-we-build.md, point 5). */
export const exams = pgTable(
  "exams",
  {
    id: idColumn(),
    ...timestamps,
    /** Course key, as in the REST API's `course_id`. */
    courseKey: varchar("course_id", { length: 255 })
      .notNull()
      .references(() => courses.courseKey, { onDelete: "cascade", onUpdate: "cascade" }),
    /** Usage key of the sequence that holds the exam. */
    contentId: varchar("content_id", { length: 255 }).notNull(),
    externalId: varchar("external_id", { length: 255 }),
    examName: text("exam_name").notNull(),
    timeLimitMins: integer("time_limit_mins").notNull(),
    dueDate: tstz("due_date"),
    isProctored: boolean("is_proctored").notNull().default(false),
    isPracticeExam: boolean("is_practice_exam").notNull().default(false),
    isActive: boolean("is_active").notNull().default(false),
    hideAfterDue: boolean("hide_after_due").notNull().default(false),
    backend: varchar("backend", { length: 255 }),
    /** The LMS page holding the questions, shown in the exam frame; null when a question set is used. */
    contentUrl: text("content_url"),
  },
  (t) => [
    uniqueIndex("exams_course_content_key").on(t.courseKey, t.contentId),
    index("exams_content_idx").on(t.contentId),
    index("exams_external_idx").on(t.externalId),
    check("exams_time_limit_check", sql`${t.timeLimitMins} >= 0`),
  ],
);

/** `proctoring_proctoredexamreviewpolicy` (§2.2): one free-text policy per exam. */
export const reviewPolicies = pgTable(
  "review_policies",
  {
    id: idColumn(),
    ...timestamps,
    setByUserId: integer("set_by_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    examId: integer("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    reviewPolicy: text("review_policy").notNull().default(""),
  },
  // 3.8.1 enforces "one policy per exam" in code only; a constraint says it once for every writer.
  (t) => [uniqueIndex("review_policies_exam_key").on(t.examId)],
);

/** Archive of policies before each update and delete (§2.2). Rows are never deleted. */
export const reviewPolicyHistory = pgTable(
  "review_policy_history",
  {
    id: idColumn(),
    ...timestamps,
    originalId: integer("original_id").notNull(),
    setByUserId: integer("set_by_user_id").notNull(),
    examId: integer("exam_id").notNull(),
    reviewPolicy: text("review_policy").notNull(),
  },
  (t) => [index("review_policy_history_original_idx").on(t.originalId)],
);

export const QUESTION_KINDS = ["multiple_choice", "short_answer"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Built-in question set of an exam (docs/reference/what-we-build.md, point 5), authored by course staff. */
export const examQuestions = pgTable(
  "exam_questions",
  {
    id: idColumn(),
    ...timestamps,
    examId: integer("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: varchar("kind", { length: 32 }).$type<QuestionKind>().notNull(),
    prompt: text("prompt").notNull(),
    /** Multiple choice options, in display order; empty for short answer. */
    choices: jsonb("choices").$type<string[]>().notNull().default([]),
    /** Index into `choices` of the right answer; null for short answer (not auto-scored). */
    correctChoice: integer("correct_choice"),
    points: integer("points").notNull().default(1),
  },
  (t) => [
    uniqueIndex("exam_questions_exam_position_key").on(t.examId, t.position),
    check("exam_questions_kind_check", sql`${t.kind} in ('multiple_choice', 'short_answer')`),
    check("exam_questions_points_check", sql`${t.points} >= 0`),
  ],
);

export type Exam = typeof exams.$inferSelect;
export type NewExam = typeof exams.$inferInsert;
export type ReviewPolicy = typeof reviewPolicies.$inferSelect;
export type ReviewPolicyHistory = typeof reviewPolicyHistory.$inferSelect;
export type ExamQuestion = typeof examQuestions.$inferSelect;
