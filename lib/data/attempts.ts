import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  allowances,
  attempts,
  courseSections,
  courses,
  dueDateExtensions,
  exams,
  users,
  type Attempt,
  type Course,
  type Exam,
  type User,
} from "@/db/schema";
import { notFound } from "@/lib/domain/errors";
import { effectiveDueDate, type DueDateSources } from "@/lib/domain/time";

/*
 * Row look-ups of attempts, exams, users, courses, due dates and allowances: data access only, no
 * rule and no write, shared by the verbs (lib/services) and the reads (lib/queries), decision 022.
 */

/** Rows an attempt verb needs together. */
export interface AttemptBundle {
  attempt: Attempt;
  exam: Exam;
  user: User;
}

export async function findAttempt(db: DbOrTx, id: number): Promise<Attempt | null> {
  const [row] = await db.select().from(attempts).where(eq(attempts.id, id)).limit(1);
  return row ?? null;
}

export async function findExam(db: DbOrTx, id: number): Promise<Exam | null> {
  const [row] = await db.select().from(exams).where(eq(exams.id, id)).limit(1);
  return row ?? null;
}

export async function requireExam(db: DbOrTx, id: number): Promise<Exam> {
  const exam = await findExam(db, id);
  // 3.8.1 answers 400 here (ProctoredExamNotFoundException), and clients may rely on it.
  if (!exam) throw notFound(`Attempted to get exam_id=${id}, but this exam does not exist.`, 400);
  return exam;
}

export async function findUser(db: DbOrTx, id: number): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

export async function findCourse(db: DbOrTx, courseKey: string): Promise<Course | null> {
  const [row] = await db.select().from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  return row ?? null;
}

/** The current attempt of (exam, user): the newest by `created` (§2.3). */
export async function currentAttempt(db: DbOrTx, examId: number, userId: number): Promise<Attempt | null> {
  const [row] = await db
    .select()
    .from(attempts)
    .where(and(eq(attempts.examId, examId), eq(attempts.userId, userId)))
    .orderBy(desc(attempts.created), desc(attempts.id))
    .limit(1);
  return row ?? null;
}

export async function attemptsOfPair(db: DbOrTx, examId: number, userId: number): Promise<Attempt[]> {
  return db
    .select()
    .from(attempts)
    .where(and(eq(attempts.examId, examId), eq(attempts.userId, userId)))
    .orderBy(desc(attempts.created), desc(attempts.id));
}

/**
 * Where a learner's due date for an exam comes from: the exam row, its section in the synced
 * course outline and the learner's personal extension (edx-when, §5.3), read in one query.
 */
export async function dueDateSources(db: DbOrTx, userId: number, exam: Exam): Promise<DueDateSources> {
  const [row] = await db
    .select({ sectionDueDate: courseSections.dueDate, personalDueDate: dueDateExtensions.dueDate })
    .from(courses)
    .leftJoin(courseSections, and(eq(courseSections.courseId, courses.id), eq(courseSections.usageKey, exam.contentId)))
    .leftJoin(
      dueDateExtensions,
      and(
        eq(dueDateExtensions.courseId, courses.id),
        eq(dueDateExtensions.userId, userId),
        eq(dueDateExtensions.usageKey, exam.contentId),
      ),
    )
    .where(eq(courses.courseKey, exam.courseKey))
    .limit(1);
  return { examDueDate: exam.dueDate, sectionDueDate: row?.sectionDueDate ?? null, personalDueDate: row?.personalDueDate ?? null };
}

/** The exam's effective due date for this learner (effectiveDueDate, what-we-build decision 11). */
export async function learnerDueDate(db: DbOrTx, userId: number, exam: Exam): Promise<Date | null> {
  return effectiveDueDate(await dueDateSources(db, userId, exam));
}

export async function allowanceValue(db: DbOrTx, examId: number, userId: number, key: string): Promise<string | null> {
  const [row] = await db
    .select({ value: allowances.value })
    .from(allowances)
    .where(and(eq(allowances.examId, examId), eq(allowances.userId, userId), eq(allowances.key, key)))
    .limit(1);
  return row?.value ?? null;
}
