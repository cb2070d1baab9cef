import type { DbOrTx } from "@/db/client";
import {
  allowances,
  attempts,
  type Attempt,
  courses,
  enrollments,
  exams,
  users,
  type Allowance,
  type Course,
  type Enrollment,
  type Exam,
  type User,
} from "@/db/schema";

/**
 * Insert helpers for tests: every call makes a new row with unique defaults, any column can be
 * overridden, and missing parents (the exam's course, the enrollment's user ...) are made too.
 * They return the inserted row. Tests build what they need with these, never with seed data.
 */

let sequence = 0;
/** A number unique within this test file's process, for usernames, course keys, content ids. */
export function nextId(): number {
  sequence += 1;
  return sequence;
}

export async function makeUser(db: DbOrTx, overrides: Partial<typeof users.$inferInsert> = {}): Promise<User> {
  const n = nextId();
  const [row] = await db
    .insert(users)
    .values({
      username: `user${n}`,
      email: `user${n}@example.test`,
      fullName: `Test User ${n}`,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeCourse(
  db: DbOrTx,
  overrides: Partial<typeof courses.$inferInsert> = {},
): Promise<Course> {
  const n = nextId();
  const [row] = await db
    .insert(courses)
    .values({ courseKey: `course-v1:TestX+T${n}+2026`, name: `Test Course ${n}`, ...overrides })
    .returning();
  return row!;
}

/** `courseKey` is the course-v1 key (the REST API's `course_id`); a new course is made when it is omitted. */
export async function makeExam(db: DbOrTx, overrides: Partial<typeof exams.$inferInsert> = {}): Promise<Exam> {
  const courseKey = overrides.courseKey ?? (await makeCourse(db)).courseKey;
  const n = nextId();
  const [row] = await db
    .insert(exams)
    .values({
      contentId: `block-v1:TestX+T+2026+type@sequential+block@exam${n}`,
      examName: `Test Exam ${n}`,
      timeLimitMins: 60,
      isActive: true,
      ...overrides,
      courseKey,
    })
    .returning();
  return row!;
}

/** `courseId` is the course's numeric id (enrollments reference courses.id). */
export async function makeEnrollment(
  db: DbOrTx,
  overrides: Partial<typeof enrollments.$inferInsert> = {},
): Promise<Enrollment> {
  const userId = overrides.userId ?? (await makeUser(db)).id;
  const courseId = overrides.courseId ?? (await makeCourse(db)).id;
  const [row] = await db
    .insert(enrollments)
    .values({ mode: "verified", ...overrides, userId, courseId })
    .returning();
  return row!;
}

export async function makeAllowance(
  db: DbOrTx,
  overrides: Partial<typeof allowances.$inferInsert> = {},
): Promise<Allowance> {
  const userId = overrides.userId ?? (await makeUser(db)).id;
  const examId = overrides.examId ?? (await makeExam(db)).id;
  const [row] = await db
    .insert(allowances)
    .values({ key: "additional_time_granted", value: "30", ...overrides, userId, examId })
    .returning();
  return row!;
}

/** An attempt on `exam` (a new proctored exam when omitted) for `userId` (a new learner when omitted). */
export async function makeAttempt(
  db: DbOrTx,
  overrides: Partial<typeof attempts.$inferInsert> & { exam?: Exam } = {},
): Promise<Attempt> {
  const { exam: givenExam, ...rest } = overrides;
  const exam = givenExam ?? (await makeExam(db, { isProctored: true }));
  const userId = rest.userId ?? (await makeUser(db)).id;
  const [row] = await db
    .insert(attempts)
    .values({
      userId,
      examId: exam.id,
      courseKey: exam.courseKey,
      status: "created",
      attemptCode: crypto.randomUUID().toUpperCase(),
      takingAsProctored: exam.isProctored,
      ...rest,
    })
    .returning();
  return row!;
}
