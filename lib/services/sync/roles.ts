import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { COURSE_ROLES, courseRoles } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { booleanField, parseBatch, typeError, type InputError } from "@/lib/domain/input";
import { Username } from "../users";
import {
  auditBatch,
  duplicateErrors,
  rejectBatch,
  requireCourse,
  requireSyncCaller,
  summarize,
  usersByUsername,
  type SyncItemResult,
  type SyncResult,
} from "./common";

/** One role grant: `present: false` takes it away. */
export const SyncRoleInput = z.object({
  username: z.string({ error: typeError("Not a valid string.") }).pipe(Username),
  role: z.enum(COURSE_ROLES, { error: typeError(`Choose one of: ${COURSE_ROLES.join(", ")}.`) }),
  present: booleanField().default(true),
});
export type SyncRoleInput = z.input<typeof SyncRoleInput>;

/** PUT/POST /api/v1/courses/<course_key>/roles: course staff and instructors. */
export async function syncCourseRoles(ctx: ServiceContext, courseKey: string, body: unknown): Promise<SyncResult> {
  requireSyncCaller(ctx);
  const items = parseBatch(SyncRoleInput, body);
  const errors: InputError[] = duplicateErrors(items, (i) => `${i.username}\u0000${i.role}`, "username");
  if (errors.length) throw rejectBatch(errors);
  return ctx.db.transaction(async (tx) => {
    const course = await requireCourse(tx, courseKey);
    const byName = await usersByUsername(tx, items, errors);
    if (errors.length) throw rejectBatch(errors);

    const results: SyncItemResult[] = [];
    for (const [index, item] of items.entries()) {
      const user = byName.get(item.username)!;
      const match = and(eq(courseRoles.userId, user.id), eq(courseRoles.courseId, course.id), eq(courseRoles.role, item.role));
      if (item.present) {
        const [row] = await tx
          .insert(courseRoles)
          .values({ userId: user.id, courseId: course.id, role: item.role, created: ctx.now, modified: ctx.now })
          .onConflictDoNothing({ target: [courseRoles.userId, courseRoles.courseId, courseRoles.role] })
          .returning();
        if (row) results.push({ index, id: row.id, status: "created" });
        else {
          const [current] = await tx.select({ id: courseRoles.id }).from(courseRoles).where(match).limit(1);
          results.push({ index, id: current?.id ?? null, status: "unchanged" });
        }
      } else {
        const [gone] = await tx.delete(courseRoles).where(match).returning({ id: courseRoles.id });
        results.push({ index, id: gone?.id ?? null, status: gone ? "deleted" : "unchanged" });
      }
    }
    const result = summarize(results);
    await auditBatch(tx, ctx, "sync.course_roles", result, { courseKey: course.courseKey });
    return result;
  });
}
