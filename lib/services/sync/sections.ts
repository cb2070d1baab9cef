import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { courseSections, type CourseSection } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { integerField, nullableDatetimeField, parseBatch, textField, type InputError } from "@/lib/domain/input";
import {
  auditBatch,
  duplicateErrors,
  rejectBatch,
  requireCourse,
  requireSyncCaller,
  sameTime,
  summarize,
  type SyncItemResult,
  type SyncResult,
} from "./common";

/** One sequence of the course outline, keyed by usage key. `display_name` is needed to create one. */
export const SyncSectionInput = z.object({
  usage_key: textField(255),
  display_name: textField(1000).optional(),
  release_date: nullableDatetimeField(),
  due_date: nullableDatetimeField(),
  position: integerField({ min: 0 }).optional(),
});
export type SyncSectionInput = z.input<typeof SyncSectionInput>;

/** PUT/POST /api/v1/courses/<course_key>/sections: the outline's sequences and their dates (§7.2). */
export async function syncSections(ctx: ServiceContext, courseKey: string, body: unknown): Promise<SyncResult> {
  requireSyncCaller(ctx);
  const items = parseBatch(SyncSectionInput, body);
  const errors: InputError[] = duplicateErrors(items, (i) => i.usage_key, "usage_key");
  if (errors.length) throw rejectBatch(errors);
  return ctx.db.transaction(async (tx) => {
    const course = await requireCourse(tx, courseKey);
    const keys = items.map((i) => i.usage_key);
    const existing = new Map(
      (
        await tx
          .select()
          .from(courseSections)
          .where(and(eq(courseSections.courseId, course.id), inArray(courseSections.usageKey, keys)))
          .for("update")
      ).map((s) => [s.usageKey, s]),
    );
    items.forEach((item, index) => {
      if (!existing.has(item.usage_key) && item.display_name === undefined) {
        errors.push({ index, field: "display_name", message: "This field is required to create a section." });
      }
    });
    if (errors.length) throw rejectBatch(errors);

    const results: SyncItemResult[] = [];
    for (const [index, item] of items.entries()) {
      const current = existing.get(item.usage_key);
      if (!current) {
        const [row] = await tx
          .insert(courseSections)
          .values({
            courseId: course.id,
            usageKey: item.usage_key,
            displayName: item.display_name!,
            releaseDate: item.release_date ?? null,
            dueDate: item.due_date ?? null,
            position: item.position ?? 0,
            created: ctx.now,
            modified: ctx.now,
          })
          .returning();
        results.push({ index, id: row!.id, status: "created" });
        continue;
      }
      const patch: Partial<CourseSection> = {};
      if (item.display_name !== undefined && item.display_name !== current.displayName) patch.displayName = item.display_name;
      if (item.release_date !== undefined && !sameTime(item.release_date, current.releaseDate)) patch.releaseDate = item.release_date;
      if (item.due_date !== undefined && !sameTime(item.due_date, current.dueDate)) patch.dueDate = item.due_date;
      if (item.position !== undefined && item.position !== current.position) patch.position = item.position;
      if (Object.keys(patch).length === 0) {
        results.push({ index, id: current.id, status: "unchanged" });
        continue;
      }
      await tx.update(courseSections).set({ ...patch, modified: ctx.now }).where(eq(courseSections.id, current.id));
      results.push({ index, id: current.id, status: "updated" });
    }
    const result = summarize(results);
    await auditBatch(tx, ctx, "sync.sections", result, { courseKey: course.courseKey });
    return result;
  });
}
