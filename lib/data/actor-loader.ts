import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { courseRoles, courses, users } from "@/db/schema";
import type { CourseRoleName, UserActor } from "@/lib/domain/actor";
import { builtStatement, columnsReader } from "./built-statement";

const actorColumns = {
  id: users.id,
  username: users.username,
  email: users.email,
  fullName: users.fullName,
  isAdmin: users.isAdmin,
  isActive: users.isActive,
  locale: users.locale,
  courseKey: courses.courseKey,
  role: courseRoles.role,
};

function buildActorStatement(db: DbOrTx) {
  return db
    .select(actorColumns)
    .from(users)
    .leftJoin(courseRoles, eq(courseRoles.userId, users.id))
    .leftJoin(courses, eq(courses.id, courseRoles.courseId))
    .where(eq(users.id, sql.placeholder("userId")));
}
type ActorRow = Awaited<ReturnType<typeof buildActorStatement>>[number];

/** Built once (lib/data/built-statement.ts): it runs on every API request. */
const actorStatement = builtStatement("invigil_user_actor", buildActorStatement, columnsReader<ActorRow>(actorColumns).read as (row: readonly unknown[]) => ActorRow);

/**
 * Loads a user and their course roles as an actor, in one round trip (this runs on every API
 * request, the timer poll included); null for unknown or inactive users.
 */
export async function loadUserActor(db: DbOrTx, userId: number): Promise<UserActor | null> {
  const rows = await actorStatement(db, { userId });
  const user = rows[0];
  if (!user || !user.isActive) return null;
  const byCourse = new Map<string, CourseRoleName[]>();
  for (const { courseKey, role } of rows) {
    if (courseKey && role) byCourse.set(courseKey, [...(byCourse.get(courseKey) ?? []), role]);
  }
  return {
    kind: "user",
    userId: user.id,
    username: user.username,
    email: user.email,
    fullName: user.fullName,
    isAdmin: user.isAdmin,
    courseRoles: byCourse,
    locale: user.locale,
  };
}
