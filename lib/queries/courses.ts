import "server-only";
import { and, asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { courses, enrollments, exams, type Course } from "@/db/schema";
import { isCourseStaff, staffedCourseKeys, type Actor } from "@/lib/domain/actor";
import type { CourseListPage } from "@/lib/domain/dashboard-lists";
import { containsPattern, pageWindow, ROWS_PER_PAGE } from "./pagination";

export interface LearnerCourse {
  courseKey: string;
  name: string;
  mode: string;
  start: Date | null;
  end: Date | null;
}

/** The courses a learner is actively enrolled in. */
export async function listLearnerCourses(db: DbOrTx, userId: number): Promise<LearnerCourse[]> {
  return db
    .select({ courseKey: courses.courseKey, name: courses.name, mode: enrollments.mode, start: courses.start, end: courses.end })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(enrollments.userId, userId), eq(enrollments.isActive, true)))
    .orderBy(asc(courses.name));
}

/** Courses the actor may run the instructor dashboard of: their staffed courses, or all for admins. */
export async function listStaffCourses(db: DbOrTx, actor: Actor): Promise<Course[]> {
  if (actor.isAdmin) return db.select().from(courses).orderBy(asc(courses.name));
  const keys = staffedCourseKeys(actor);
  if (keys.length === 0) return [];
  return db.select().from(courses).where(inArray(courses.courseKey, keys)).orderBy(asc(courses.name));
}

/** Longest course search applied (a course key is at most 255 characters). */
const MAX_COURSE_SEARCH = 254;

/**
 * One page of the courses the actor may run the dashboard of (every course for an admin), by name,
 * 25 a page, the shape of the dashboard's other lists: `search` matches the name or the course
 * key, case-insensitive and literal; a page past the end is the last page.
 */
export async function listStaffCoursesPage(db: DbOrTx, actor: Actor, input: { page: string | null; search: string | null }): Promise<CourseListPage> {
  const search = (input.search ?? "").trim().slice(0, MAX_COURSE_SEARCH);
  const conditions: SQL[] = [];
  if (!actor.isAdmin) {
    const keys = staffedCourseKeys(actor);
    if (keys.length === 0) return { rows: [], page: 1, pageCount: 1, total: 0, perPage: ROWS_PER_PAGE, search };
    conditions.push(inArray(courses.courseKey, keys));
  }
  if (search) {
    const pattern = containsPattern(search);
    conditions.push(or(sql`lower(${courses.name}) like lower(${pattern})`, sql`lower(${courses.courseKey}) like lower(${pattern})`)!);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [counted] = await db.select({ n: count() }).from(courses).where(where);
  const total = counted?.n ?? 0;
  const window = pageWindow(input.page, total);
  const rows = await db
    .select({ courseKey: courses.courseKey, name: courses.name, start: courses.start, end: courses.end })
    .from(courses)
    .where(where)
    .orderBy(asc(courses.name), asc(courses.id))
    .limit(window.limit)
    .offset(window.offset);
  return {
    rows: rows.map((r) => ({ courseKey: r.courseKey, name: r.name, start: r.start?.toISOString() ?? null, end: r.end?.toISOString() ?? null })),
    page: window.page,
    pageCount: window.numPages,
    total,
    perPage: ROWS_PER_PAGE,
    search,
  };
}

export async function getCourseByKey(db: DbOrTx, courseKey: string): Promise<Course | null> {
  const [row] = await db.select().from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  return row ?? null;
}

/**
 * A course as its learner sees it: only when the actor is actively enrolled, or is course staff.
 * Null otherwise, so an unknown course and someone else's course look the same.
 */
export async function getCourseForLearner(db: DbOrTx, actor: Actor, courseKey: string): Promise<Course | null> {
  const course = await getCourseByKey(db, courseKey);
  if (!course) return null;
  if (isCourseStaff(actor, courseKey)) return course;
  const [enrollment] = await db
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, course.id), eq(enrollments.userId, actor.userId), eq(enrollments.isActive, true)))
    .limit(1);
  return enrollment ? course : null;
}

export async function listActiveExams(db: DbOrTx, courseKey: string) {
  return db
    .select()
    .from(exams)
    .where(and(eq(exams.courseKey, courseKey), eq(exams.isActive, true)))
    .orderBy(asc(exams.id));
}

export async function courseCounts(db: DbOrTx, course: Course) {
  const [examCount] = await db.select({ n: count() }).from(exams).where(eq(exams.courseKey, course.courseKey));
  const [enrollmentCount] = await db
    .select({ n: count() })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, course.id), eq(enrollments.isActive, true)));
  return { exams: examCount?.n ?? 0, enrollments: enrollmentCount?.n ?? 0 };
}
