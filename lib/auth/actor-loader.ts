import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { courseRoles, courses, users } from "@/db/schema";
import type { CourseRoleName, UserActor } from "@/lib/domain/actor";

/** Loads a user and their course roles as an actor; null for unknown or inactive users. */
export async function loadUserActor(db: DbOrTx, userId: number): Promise<UserActor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !user.isActive) return null;
  const roles = await db
    .select({ courseKey: courses.courseKey, role: courseRoles.role })
    .from(courseRoles)
    .innerJoin(courses, eq(courses.id, courseRoles.courseId))
    .where(eq(courseRoles.userId, userId));
  const byCourse = new Map<string, CourseRoleName[]>();
  for (const { courseKey, role } of roles) {
    byCourse.set(courseKey, [...(byCourse.get(courseKey) ?? []), role]);
  }
  return {
    kind: "user",
    userId: user.id,
    username: user.username,
    email: user.email,
    fullName: user.fullName,
    isAdmin: user.isAdmin,
    courseRoles: byCourse,
  };
}

