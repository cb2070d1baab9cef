import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { allowanceHistory, courses, enrollments, type Allowance, type Exam, type User } from "@/db/schema";
import { isCourseStaff } from "@/lib/domain/actor";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import { requireExamById } from "../exam/store";
import { findUsersByInfo, type UserInfo } from "../user-lookup";

/**
 * What every allowance verb shares: the permission rule (course staff of the exam's course, or an
 * admin; §8.13-8.15), the allowance keys and their labels (§3.4, §20), and the archive rule (§2.5).
 */

// The keys and labels are domain constants (lib/domain/allowances.ts, decision 022).
export {
  ADDITIONAL_TIME_GRANTED,
  ALLOWANCE_LABELS,
  normalizeAllowanceKey,
  REVIEW_POLICY_EXCEPTION,
  TIME_MULTIPLIER,
} from "@/lib/domain/allowances";

/** Course staff (either role) of that course, or an admin; users only (a service acts through a user JWT). */
export function requireCourseStaff(ctx: ServiceContext, courseKey: string): void {
  if (ctx.principal.kind === "user" && isCourseStaff(ctx.principal, courseKey)) return;
  throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
}

/** The exam named by a body's `exam_id`, for the staff check; 3.8.1 crashed here on unknown ids (§17.3). */
export async function examForAllowance(db: DbOrTx, rawId: unknown): Promise<Exam> {
  return requireExamById(db, rawId);
}

/** Copies an allowance into allowance_history before it is updated or deleted (§2.5). */
export async function archiveAllowance(tx: DbOrTx, ctx: ServiceContext, allowance: Allowance): Promise<void> {
  await tx.insert(allowanceHistory).values({
    allowanceId: allowance.id,
    userId: allowance.userId,
    examId: allowance.examId,
    key: allowance.key,
    value: allowance.value,
    created: ctx.now,
    modified: ctx.now,
  });
}

/**
 * `user_info` (a username, e-mail or id) resolved among the learners actively enrolled in the
 * course, as the CSV import does: course staff name their own learners, never any account of the
 * site (another course's learner, an admin), whose e-mail the allowance export would then show.
 * Someone outside the course is answered like someone unknown. Returns a map from each input, as
 * given, to its learner (absent when unknown or not enrolled).
 */
export async function findEnrolledUsersByInfo(db: DbOrTx, courseKey: string, infos: readonly UserInfo[]): Promise<Map<UserInfo, User>> {
  const found = await findUsersByInfo(db, infos);
  const ids = [...new Set([...found.values()].map((u) => u.id))];
  if (ids.length === 0) return found;
  const rows = await db
    .select({ userId: enrollments.userId })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(courses.courseKey, courseKey), eq(enrollments.isActive, true), inArray(enrollments.userId, ids)));
  const enrolled = new Set(rows.map((r) => r.userId));
  for (const [info, user] of found) if (!enrolled.has(user.id)) found.delete(info);
  return found;
}

/** One `user_info` among the course's active enrollments (see findEnrolledUsersByInfo), or null. */
export async function findEnrolledUserByInfo(db: DbOrTx, courseKey: string, info: UserInfo): Promise<User | null> {
  return (await findEnrolledUsersByInfo(db, courseKey, [info])).get(info) ?? null;
}
