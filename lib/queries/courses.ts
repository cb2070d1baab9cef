import "server-only";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { courses, enrollments, exams, type Course } from "@/db/schema";
import { isCourseStaff, staffedCourseKeys, type Actor } from "@/lib/domain/actor";

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
    .where(and(eq(exams.courseId, courseKey), eq(exams.isActive, true)))
    .orderBy(asc(exams.id));
}

export async function courseCounts(db: DbOrTx, course: Course) {
  const [examCount] = await db.select({ n: count() }).from(exams).where(eq(exams.courseId, course.courseKey));
  const [enrollmentCount] = await db
    .select({ n: count() })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, course.id), eq(enrollments.isActive, true)));
  return { exams: examCount?.n ?? 0, enrollments: enrollmentCount?.n ?? 0 };
}
