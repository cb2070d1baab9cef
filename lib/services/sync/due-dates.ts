import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { dueDateExtensions } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { blankableTextField, requiredNullableDatetimeField, textField, typeError } from "@/lib/domain/input";
import { Username } from "../users";
import { sameTime, syncCourseLearners, type SyncResult } from "./common";

/** A learner's personal due date for one sequence (edx-when, §5.3); `due_date: null` removes it. */
export const SyncDueDateInput = z.object({
  username: z.string({ error: typeError("Not a valid string.") }).pipe(Username),
  usage_key: textField(255),
  due_date: requiredNullableDatetimeField(),
  reason: blankableTextField(1000).optional(),
});
export type SyncDueDateInput = z.input<typeof SyncDueDateInput>;

/** PUT/POST /api/v1/courses/<course_key>/due_dates: personal due-date extensions. */
export async function syncDueDates(ctx: ServiceContext, courseKey: string, body: unknown): Promise<SyncResult> {
  return syncCourseLearners(ctx, courseKey, body, {
    schema: SyncDueDateInput,
    itemKey: (i) => `${i.username}\u0000${i.usage_key}`,
    keyField: "usage_key",
    action: "sync.due_dates",
    apply: async (tx, item, { course, user }) => {
      const match = and(
        eq(dueDateExtensions.userId, user.id),
        eq(dueDateExtensions.courseId, course.id),
        eq(dueDateExtensions.usageKey, item.usage_key),
      );
      const [current] = await tx.select().from(dueDateExtensions).where(match).for("update").limit(1);
      if (item.due_date === null || item.due_date === undefined) {
        if (current) await tx.delete(dueDateExtensions).where(eq(dueDateExtensions.id, current.id));
        return { id: current?.id ?? null, status: current ? "deleted" : "unchanged" };
      }
      if (!current) {
        const [row] = await tx
          .insert(dueDateExtensions)
          .values({
            userId: user.id,
            courseId: course.id,
            usageKey: item.usage_key,
            dueDate: item.due_date,
            reason: item.reason ?? "",
            created: ctx.now,
            modified: ctx.now,
          })
          .returning();
        return { id: row!.id, status: "created" };
      }
      const reason = item.reason ?? current.reason;
      if (sameTime(current.dueDate, item.due_date) && reason === current.reason) return { id: current.id, status: "unchanged" };
      await tx
        .update(dueDateExtensions)
        .set({ dueDate: item.due_date, reason, modified: ctx.now })
        .where(eq(dueDateExtensions.id, current.id));
      return { id: current.id, status: "updated" };
    },
  });
}
