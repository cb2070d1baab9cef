import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  unique,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, timestamps, tstz } from "./_columns";
import { users } from "./users";

/** The LMS's course records that edx-proctoring reads through host services (§14.1, §16). */
export const courses = pgTable(
  "courses",
  {
    id: idColumn(),
    ...timestamps,
    /** `course-v1:Org+Num+Run` (or the old `Org/Num/Run`); what the REST API calls course_id. */
    courseKey: varchar("course_key", { length: 255 }).notNull(),
    name: text("name").notNull(),
    start: tstz("start"),
    end: tstz("end"),
    proctoringEscalationEmail: varchar("proctoring_escalation_email", { length: 254 }),
    /** Backend name for this course's proctored exams; null = the site default. */
    proctoringBackend: varchar("proctoring_backend", { length: 255 }),
    allowProctoringOptOut: boolean("allow_proctoring_opt_out").notNull().default(false),
    enableProctoredExams: boolean("enable_proctored_exams").notNull().default(true),
    enableTimedExams: boolean("enable_timed_exams").notNull().default(true),
    /** grades service `should_override_grade_on_rejected_exam(course_id)` (§16). */
    overrideGradeOnRejectedExam: boolean("override_grade_on_rejected_exam").notNull().default(false),
    /**
     * This course's Learning MFE host (`https://apps.example.com/learning`), overriding the site
     * setting: links the Open edX client follows point there (what-we-build decision 14).
     */
    learningMicrofrontendUrl: varchar("learning_microfrontend_url", { length: 2048 }),
  },
  // A constraint, not just an index: exams reference the course key.
  (t) => [unique("courses_course_key_key").on(t.courseKey)],
);

export const COURSE_ROLES = ["staff", "instructor"] as const;
export type CourseRoleName = (typeof COURSE_ROLES)[number];

/** Course staff and instructors: who may run a course's instructor dashboard. */
export const courseRoles = pgTable(
  "course_roles",
  {
    id: idColumn(),
    ...timestamps,
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    role: varchar("role", { length: 32 }).$type<CourseRoleName>().notNull(),
  },
  (t) => [
    uniqueIndex("course_roles_user_course_role_key").on(t.userId, t.courseId, t.role),
    index("course_roles_course_idx").on(t.courseId),
    check("course_roles_role_check", sql`${t.role} in ('staff', 'instructor')`),
  ],
);

export { ENROLLMENT_MODES, type EnrollmentMode } from "@/lib/domain/enrollment-modes";
import type { EnrollmentMode } from "@/lib/domain/enrollment-modes";

export const enrollments = pgTable(
  "enrollments",
  {
    id: idColumn(),
    ...timestamps,
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    mode: varchar("mode", { length: 64 }).$type<EnrollmentMode>().notNull(),
    isActive: boolean("is_active").notNull().default(true),
  },
  (t) => [
    // One active enrollment per learner and course; inactive rows are kept as history.
    uniqueIndex("enrollments_one_active_key")
      .on(t.userId, t.courseId)
      .where(sql`${t.isActive}`),
    // The onboarding panel pages through a course's active enrollments in proctoring modes.
    index("enrollments_course_active_idx")
      .on(t.courseId, t.mode, t.userId)
      .where(sql`${t.isActive}`),
    index("enrollments_user_idx").on(t.userId),
    check(
      "enrollments_mode_check",
      sql`${t.mode} in ('audit', 'honor', 'verified', 'professional', 'no-id-professional', 'masters', 'executive-education')`,
    ),
  ],
);

/**
 * The course outline's sequences (subsections) with their release dates: the learning_sequences
 * service of §16. The onboarding exam's release date comes from here (§7.2).
 */
export const courseSections = pgTable(
  "course_sections",
  {
    id: idColumn(),
    ...timestamps,
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    /** Usage key of the sequence, e.g. `block-v1:Org+Num+Run+type@sequential+block@abc`. */
    usageKey: varchar("usage_key", { length: 255 }).notNull(),
    displayName: text("display_name").notNull(),
    releaseDate: tstz("release_date"),
    dueDate: tstz("due_date"),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("course_sections_course_usage_key").on(t.courseId, t.usageKey)],
);

/** Personal due dates (the edx-when service of §5.3): they win over the exam's own due date. */
export const dueDateExtensions = pgTable(
  "due_date_extensions",
  {
    id: idColumn(),
    ...timestamps,
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    usageKey: varchar("usage_key", { length: 255 }).notNull(),
    dueDate: tstz("due_date").notNull(),
    reason: text("reason").notNull().default(""),
  },
  (t) => [uniqueIndex("due_date_extensions_user_course_usage_key").on(t.userId, t.courseId, t.usageKey)],
);

export type Course = typeof courses.$inferSelect;
export type NewCourse = typeof courses.$inferInsert;
export type CourseRole = typeof courseRoles.$inferSelect;
export type Enrollment = typeof enrollments.$inferSelect;
export type CourseSection = typeof courseSections.$inferSelect;
export type DueDateExtension = typeof dueDateExtensions.$inferSelect;
