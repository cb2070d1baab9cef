import "server-only";
import { eq } from "drizzle-orm";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb, type DbOrTx } from "@/db/client";
import { courseRoles, courses, users } from "@/db/schema";
import { isCourseStaff, type Actor, type CourseRoleName, type UserActor } from "@/lib/domain/actor";
import { auth } from "./index";

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

/** The signed-in actor of this request (read once per request), or null. */
export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  return loadUserActor(await getDb(), id);
});

/** Anonymous visitors go to the sign-in page and come back to `returnTo` afterwards. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

export async function requireCourseStaff(courseKey: string, returnTo: string): Promise<Actor> {
  const actor = await requireActor(returnTo);
  if (!isCourseStaff(actor, courseKey)) forbidden();
  return actor;
}

export async function requireAdmin(returnTo: string): Promise<Actor> {
  const actor = await requireActor(returnTo);
  if (!actor.isAdmin) forbidden();
  return actor;
}
