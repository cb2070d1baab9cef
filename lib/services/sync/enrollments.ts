import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { ENROLLMENT_MODES, enrollments } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { booleanField, typeError } from "@/lib/domain/input";
import { Username } from "../users";
import { syncCourseLearners, type SyncResult } from "./common";

export const SyncEnrollmentInput = z.object({
  username: z.string({ error: typeError("Not a valid string.") }).pipe(Username),
  mode: z.enum(ENROLLMENT_MODES, { error: typeError(`Choose one of: ${ENROLLMENT_MODES.join(", ")}.`) }),
  is_active: booleanField().default(true),
});
export type SyncEnrollmentInput = z.input<typeof SyncEnrollmentInput>;

/**
 * PUT/POST /api/v1/courses/<course_key>/enrollments. A learner has at most one active enrollment
 * per course (a partial unique index): a new mode updates the active row rather than adding one;
 * unenrolling deactivates it; re-enrolling reactivates the latest row. So a repeat changes nothing.
 */
export async function syncEnrollments(ctx: ServiceContext, courseKey: string, body: unknown): Promise<SyncResult> {
  return syncCourseLearners(ctx, courseKey, body, {
    schema: SyncEnrollmentInput,
    itemKey: (i) => i.username,
    keyField: "username",
    action: "sync.enrollments",
    apply: async (tx, item, { course, user }) => {
      const rows = await tx
        .select()
        .from(enrollments)
        .where(and(eq(enrollments.userId, user.id), eq(enrollments.courseId, course.id)))
        .orderBy(desc(enrollments.isActive), desc(enrollments.modified), desc(enrollments.id))
        .for("update");
      // The active row if any, else the latest one.
      const current = rows[0];
      if (!current) {
        const [row] = await tx
          .insert(enrollments)
          .values({ userId: user.id, courseId: course.id, mode: item.mode, isActive: item.is_active, created: ctx.now, modified: ctx.now })
          .returning();
        return { id: row!.id, status: "created" };
      }
      if (current.mode === item.mode && current.isActive === item.is_active) return { id: current.id, status: "unchanged" };
      await tx
        .update(enrollments)
        .set({ mode: item.mode, isActive: item.is_active, modified: ctx.now })
        .where(eq(enrollments.id, current.id));
      return { id: current.id, status: "updated" };
    },
  });
}
