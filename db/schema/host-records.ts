import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, real, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { idColumn, timestamps } from "./_columns";
import { courses } from "./courses";
import { users } from "./users";

export const CREDIT_REQUIREMENT_STATUSES = ["satisfied", "submitted", "declined", "failed"] as const;
export type CreditRequirementStatusValue = (typeof CREDIT_REQUIREMENT_STATUSES)[number];

/**
 * The credit service's requirement statuses (§16 `set_credit_requirement_status`): namespace
 * `proctored_exam`, name = the exam's content id.
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
  },
  (t) => [
    uniqueIndex("credit_requirement_statuses_key").on(t.userId, t.courseId, t.namespace, t.name),
    index("credit_requirement_statuses_course_idx").on(t.courseId),
    check("credit_requirement_statuses_status_check", sql`${t.status} in ('satisfied', 'submitted', 'declined', 'failed')`),
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

export type CreditRequirementStatus = typeof creditRequirementStatuses.$inferSelect;
export type GradeOverride = typeof gradeOverrides.$inferSelect;
