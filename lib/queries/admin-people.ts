import "server-only";
import { and, asc, count, eq, gt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { courseRoles, courses, enrollments, users } from "@/db/schema";
import type { AdminCourseDetail, AdminPersonRow, AdminUserDetail, AdminUsersPage, AdminEnrollmentsPage } from "@/lib/domain/admin-people";
import { containsPattern } from "./pagination";

/**
 * The admin console's read models of people and courses. Lists page by id (keyset: the next page
 * starts after the last id shown), so a deep page of 50,000 learners costs what the first does.
 */

export const PEOPLE_PER_PAGE = 50;
const MAX_SEARCH = 254;

function afterId(raw: string | null | undefined): number {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** Users matching a search (username, e-mail, full name, or an exact LMS id), by id. */
export async function listAdminUsers(db: DbOrTx, input: { search?: string | null; after?: string | null }): Promise<AdminUsersPage> {
  const search = (input.search ?? "").trim().slice(0, MAX_SEARCH);
  const after = afterId(input.after);
  const conditions: SQL[] = [];
  if (search) {
    const pattern = containsPattern(search);
    const byText = sql`(lower(${users.username}) like lower(${pattern}) or lower(${users.email}) like lower(${pattern}) or lower(${users.fullName}) like lower(${pattern}))`;
    conditions.push(/^\d{1,9}$/.test(search) ? sql`(${byText} or ${users.lmsUserId} = ${Number(search)})` : byText);
  }
  if (after) conditions.push(gt(users.id, after));
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      fullName: users.fullName,
      isActive: users.isActive,
      isAdmin: users.isAdmin,
      lmsUserId: users.lmsUserId,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(users.id))
    .limit(PEOPLE_PER_PAGE + 1);
  const page = rows.slice(0, PEOPLE_PER_PAGE);
  return {
    search,
    rows: page.map(personRow),
    nextAfter: rows.length > PEOPLE_PER_PAGE ? String(page[page.length - 1]!.id) : null,
  };
}

function personRow(r: {
  id: number;
  username: string;
  email: string;
  fullName: string;
  isActive: boolean;
  isAdmin: boolean;
  lmsUserId: number | null;
  lastLoginAt: Date | null;
}): AdminPersonRow {
  return { ...r, lastLoginAt: r.lastLoginAt?.toISOString() ?? null };
}

/** One user with their course roles and how many enrollments they have; null if none. */
export async function getAdminUser(db: DbOrTx, userId: number): Promise<AdminUserDetail | null> {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      fullName: users.fullName,
      isActive: users.isActive,
      isAdmin: users.isAdmin,
      lmsUserId: users.lmsUserId,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  const roles = await db
    .select({ courseKey: courses.courseKey, courseName: courses.name, role: courseRoles.role })
    .from(courseRoles)
    .innerJoin(courses, eq(courses.id, courseRoles.courseId))
    .where(eq(courseRoles.userId, userId))
    .orderBy(asc(courses.courseKey), asc(courseRoles.role));
  const [enrolled] = await db.select({ n: count() }).from(enrollments).where(and(eq(enrollments.userId, userId), eq(enrollments.isActive, true)));
  return { ...personRow(row), roles, activeEnrollments: enrolled?.n ?? 0 };
}

/** A course's settings an admin edits, its staff and instructors, and its enrollment count; null if none. */
export async function getAdminCourse(db: DbOrTx, courseKey: string): Promise<AdminCourseDetail | null> {
  const [course] = await db.select().from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  if (!course) return null;
  const staff = await db
    .select({ userId: users.id, username: users.username, email: users.email, role: courseRoles.role })
    .from(courseRoles)
    .innerJoin(users, eq(users.id, courseRoles.userId))
    .where(eq(courseRoles.courseId, course.id))
    .orderBy(asc(users.username), asc(courseRoles.role));
  const [enrolled] = await db.select({ n: count() }).from(enrollments).where(and(eq(enrollments.courseId, course.id), eq(enrollments.isActive, true)));
  return {
    courseKey: course.courseKey,
    name: course.name,
    proctoringEscalationEmail: course.proctoringEscalationEmail,
    proctoringBackend: course.proctoringBackend,
    allowProctoringOptOut: course.allowProctoringOptOut,
    learningMicrofrontendUrl: course.learningMicrofrontendUrl,
    staff,
    activeEnrollments: enrolled?.n ?? 0,
  };
}

/** A page of a course's enrollments by id, with the learner's name and e-mail. */
export async function listAdminEnrollments(db: DbOrTx, courseKey: string, input: { after?: string | null }): Promise<AdminEnrollmentsPage> {
  const after = afterId(input.after);
  const rows = await db
    .select({ id: enrollments.id, username: users.username, email: users.email, mode: enrollments.mode, isActive: enrollments.isActive, userId: users.id })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .innerJoin(users, eq(users.id, enrollments.userId))
    .where(and(eq(courses.courseKey, courseKey), after ? gt(enrollments.id, after) : undefined))
    .orderBy(asc(enrollments.id))
    .limit(PEOPLE_PER_PAGE + 1);
  const page = rows.slice(0, PEOPLE_PER_PAGE);
  return { rows: page, nextAfter: rows.length > PEOPLE_PER_PAGE ? String(page[page.length - 1]!.id) : null };
}
