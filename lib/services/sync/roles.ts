import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { COURSE_ROLES, courseRoles } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { booleanField, typeError } from "@/lib/domain/input";
import { Username } from "../users";
import { syncCourseLearners, type SyncResult } from "./common";

/** One role grant: `present: false` takes it away. */
export const SyncRoleInput = z.object({
  username: z.string({ error: typeError("Not a valid string.") }).pipe(Username),
  role: z.enum(COURSE_ROLES, { error: typeError(`Choose one of: ${COURSE_ROLES.join(", ")}.`) }),
  present: booleanField().default(true),
});
export type SyncRoleInput = z.input<typeof SyncRoleInput>;

/** PUT/POST /api/v1/courses/<course_key>/roles: course staff and instructors. */
export async function syncCourseRoles(ctx: ServiceContext, courseKey: string, body: unknown): Promise<SyncResult> {
  return syncCourseLearners(ctx, courseKey, body, {
    schema: SyncRoleInput,
    itemKey: (i) => `${i.username}\u0000${i.role}`,
    keyField: "username",
    action: "sync.course_roles",
    apply: async (tx, item, { course, user }) => {
      const match = and(eq(courseRoles.userId, user.id), eq(courseRoles.courseId, course.id), eq(courseRoles.role, item.role));
      if (!item.present) {
        const [gone] = await tx.delete(courseRoles).where(match).returning({ id: courseRoles.id });
        return { id: gone?.id ?? null, status: gone ? "deleted" : "unchanged" };
      }
      const [row] = await tx
        .insert(courseRoles)
        .values({ userId: user.id, courseId: course.id, role: item.role, created: ctx.now, modified: ctx.now })
        .onConflictDoNothing({ target: [courseRoles.userId, courseRoles.courseId, courseRoles.role] })
        .returning();
      if (row) return { id: row.id, status: "created" };
      const [current] = await tx.select({ id: courseRoles.id }).from(courseRoles).where(match).limit(1);
      return { id: current?.id ?? null, status: "unchanged" };
    },
  });
}
