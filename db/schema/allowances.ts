import { index, integer, pgTable, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { idColumn, timestamps } from "./_columns";
import { exams } from "./exams";
import { users } from "./users";

/** Allowance keys with meaning (§3.4); any other key is stored and shown but has no effect. */
export const ALLOWANCE_KEYS = ["additional_time_granted", "review_policy_exception"] as const;

/** `proctoring_proctoredexamstudentallowance` (§2.5). */
export const allowances = pgTable(
  "allowances",
  {
    id: idColumn(),
    ...timestamps,
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    examId: integer("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    key: varchar("key", { length: 255 }).notNull(),
    value: varchar("value", { length: 255 }).notNull(),
  },
  (t) => [
    uniqueIndex("allowances_user_exam_key_key").on(t.userId, t.examId, t.key),
    index("allowances_exam_user_idx").on(t.examId, t.userId),
  ],
);

/** Archive of allowances before every update and delete (§2.5). Append-only. */
export const allowanceHistory = pgTable(
  "allowance_history",
  {
    id: idColumn(),
    ...timestamps,
    allowanceId: integer("allowance_id").notNull(),
    userId: integer("user_id").notNull(),
    examId: integer("exam_id").notNull(),
    key: varchar("key", { length: 255 }).notNull(),
    value: varchar("value", { length: 255 }).notNull(),
  },
  (t) => [index("allowance_history_allowance_idx").on(t.allowanceId)],
);

export type Allowance = typeof allowances.$inferSelect;
export type NewAllowance = typeof allowances.$inferInsert;
export type AllowanceHistory = typeof allowanceHistory.$inferSelect;
