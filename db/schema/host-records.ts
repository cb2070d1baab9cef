import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, real, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { idColumn, timestamps, tstz } from "./_columns";
import { courses } from "./courses";
import { users } from "./users";

/**
 * Stored requirement statuses: the four of the credit service (`pending` included, as the LMS
 * may send it) and `submitted`, which proctoring writes when an attempt is submitted (§4.3-6a).
 * The prerequisite rule reads anything but satisfied/failed/declined as pending (§12.3,
 * lib/domain/credit.ts).
 */
export const CREDIT_REQUIREMENT_STATUSES = ["satisfied", "submitted", "declined", "failed", "pending"] as const;
export type CreditRequirementStatusValue = (typeof CREDIT_REQUIREMENT_STATUSES)[number];

/** Who wrote a requirement status: the LMS through the sync API, or Invigil on an attempt change. */
export const CREDIT_STATUS_SOURCES = ["lms", "proctoring"] as const;
export type CreditStatusSource = (typeof CREDIT_STATUS_SOURCES)[number];

/**
 * A course's credit requirements in order (the credit service's `CreditRequirement`, synced by
 * the LMS: `PUT /api/v1/courses/<course>/credit_requirements`). Namespace `proctored_exam`
 * requirements are the proctored exams themselves, named by content id; `grade` is never a
 * prerequisite (§12.3). The statuses are kept apart (credit_requirement_statuses), so a list
 * replaced by the LMS never loses a learner's status.
 */
export const creditRequirements = pgTable(
  "credit_requirements",
  {
    id: idColumn(),
    ...timestamps,
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    namespace: varchar("namespace", { length: 64 }).notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    displayName: varchar("display_name", { length: 255 }).notNull().default(""),
    order: integer("order").notNull().default(0),
  },
  (t) => [
    uniqueIndex("credit_requirements_key").on(t.courseId, t.namespace, t.name),
    check("credit_requirements_order_check", sql`${t.order} >= 0`),
  ],
);

/**
 * The credit service's requirement statuses (§16 `set_credit_requirement_status`): written by
 * Invigil when an attempt changes (namespace `proctored_exam`, name = the exam's content id,
 * source `proctoring`) and by the LMS sync for any requirement (source `lms`). One row per
 * learner and requirement, whoever wrote it last.
 */
export const creditRequirementStatuses = pgTable(
  "credit_requirement_statuses",
  {
    id: idColumn(),
    ...timestamps,
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    namespace: varchar("namespace", { length: 64 }).notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    status: varchar("status", { length: 32 }).$type<CreditRequirementStatusValue>().notNull(),
    /** When the status was reached (the credit service's `status_date`); null when the LMS sent none. */
    statusDate: tstz("status_date"),
    source: varchar("source", { length: 16 }).$type<CreditStatusSource>().notNull().default("proctoring"),
  },
  (t) => [
    uniqueIndex("credit_requirement_statuses_key").on(t.userId, t.courseId, t.namespace, t.name),
    index("credit_requirement_statuses_course_idx").on(t.courseId),
    check(
      "credit_requirement_statuses_status_check",
      sql`${t.status} in ('satisfied', 'submitted', 'declined', 'failed', 'pending')`,
    ),
    check("credit_requirement_statuses_source_check", sql`${t.source} in ('lms', 'proctoring')`),
  ],
);

/**
 * Subsection grade overrides (§16 `override_subsection_grade` / `undo_override_subsection_grade`).
 * An undo keeps the row with `active = false`, so the history of overrides stays visible.
 */
export const gradeOverrides = pgTable(
  "grade_overrides",
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
    earnedAll: real("earned_all").notNull(),
    earnedGraded: real("earned_graded").notNull(),
    overriderId: integer("overrider_id").references(() => users.id, { onDelete: "set null" }),
    comment: text("comment").notNull().default(""),
    active: boolean("active").notNull().default(true),
  },
  (t) => [
    uniqueIndex("grade_overrides_one_active_key")
      .on(t.userId, t.courseId, t.usageKey)
      .where(sql`${t.active}`),
  ],
);

export type CreditRequirementRow = typeof creditRequirements.$inferSelect;
export type CreditRequirementStatus = typeof creditRequirementStatuses.$inferSelect;
export type GradeOverride = typeof gradeOverrides.$inferSelect;
