import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { attempts, courses, exams, outbox } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { builtStatement, tableReader } from "./built-statement";

const t = setupTestDatabase("test");

const attemptById = builtStatement(
  "test_attempt_by_id",
  (db) => db.select().from(attempts).where(eq(attempts.id, sql.placeholder("id"))).limit(1),
  tableReader(attempts).read,
);

const examReader = tableReader(exams);
const courseReader = tableReader(courses, examReader.width, { nullable: true });
const examWithCourse = builtStatement(
  "test_exam_with_course",
  (db) =>
    db
      .select({ exam: exams, course: courses })
      .from(exams)
      .leftJoin(courses, and(eq(courses.courseKey, exams.courseKey), eq(courses.name, sql.placeholder("courseName"))))
      .where(eq(exams.id, sql.placeholder("id"))),
  (row) => ({ exam: examReader.read(row), course: courseReader.read(row) }),
);

describe("builtStatement", () => {
  it("reads what drizzle's own select reads: dates, nulls, booleans and numbers decoded alike", async () => {
    const user = await makeUser(t.db);
    const exam = await makeExam(t.db);
    const attempt = await makeAttempt(t.db, { userId: user.id, examId: exam.id, status: "started", startedAt: new Date("2031-05-01T10:00:00.123Z"), allowedTimeLimitMins: 60 });
    const [built] = await attemptById(t.db, { id: attempt.id });
    const [plain] = await t.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(built).toEqual(plain);
    expect(built!.startedAt).toEqual(new Date("2031-05-01T10:00:00.123Z"));
    expect(built!.expiresAt).toBeInstanceOf(Date);
    expect(built!.completedAt).toBeNull();
    expect(await attemptById(t.db, { id: attempt.id + 1_000_000 })).toEqual([]);
  });

  it("runs inside a transaction on the transaction's connection, seeing its uncommitted writes", async () => {
    const user = await makeUser(t.db);
    const exam = await makeExam(t.db);
    const attempt = await makeAttempt(t.db, { userId: user.id, examId: exam.id, status: "created" });
    await t.db
      .transaction(async (tx) => {
        await tx.update(attempts).set({ status: "ready_to_start" }).where(eq(attempts.id, attempt.id));
        const [inside] = await attemptById(tx, { id: attempt.id });
        expect(inside!.status).toBe("ready_to_start");
        tx.rollback();
      })
      .catch((error: Error) => {
        if (!/rollback/i.test(error.message)) throw error;
      });
    const [after] = await attemptById(t.db, { id: attempt.id });
    expect(after!.status).toBe("created");
  });

  it("gives null for a LEFT JOINed table without a row, and its row when there is one", async () => {
    const course = await makeCourse(t.db, { name: "Joined course" });
    const exam = await makeExam(t.db, { courseKey: course.courseKey });
    const [withCourse] = await examWithCourse(t.db, { id: exam.id, courseName: "Joined course" });
    expect(withCourse!.exam).toEqual((await t.db.select().from(exams).where(eq(exams.id, exam.id)))[0]);
    expect(withCourse!.course).toEqual((await t.db.select().from(courses).where(eq(courses.id, course.id)))[0]);
    const [withoutCourse] = await examWithCourse(t.db, { id: exam.id, courseName: "Another name" });
    expect(withoutCourse!.exam!.id).toBe(exam.id);
    expect(withoutCourse!.course).toBeNull();
  });

  it("decodes jsonb as drizzle does", async () => {
    const read = builtStatement("test_outbox_by_id", (db) => db.select().from(outbox).where(eq(outbox.id, sql.placeholder("id"))), tableReader(outbox).read);
    const [row] = await t.db.insert(outbox).values({ topic: "webhook.attempt_status", payload: { a: [1, "two", null], b: { c: true } }, nextAttemptAt: new Date() }).returning();
    const [back] = await read(t.db, { id: row!.id });
    expect(back).toEqual(row);
    expect(back!.payload).toEqual({ a: [1, "two", null], b: { c: true } });
  });

  it("is a prepared statement on PostgreSQL: prepared once per connection, then only executed", async () => {
    const user = await makeUser(t.db);
    const exam = await makeExam(t.db);
    const attempt = await makeAttempt(t.db, { userId: user.id, examId: exam.id, status: "created" });
    // One transaction: one connection, whose prepared statements PostgreSQL lists.
    const prepared = await t.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) expect((await attemptById(tx, { id: attempt.id }))[0]!.id).toBe(attempt.id);
      if (t.kind !== "postgres") return null;
      return tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like ${"%from \"attempts\" where \"attempts\".\"id\" = $1 limit $2%"}`);
    });
    // PGlite runs one session with no named statements of the driver's: nothing to list.
    if (t.kind === "postgres") expect(rowsOf<{ n: number }>(prepared)[0]!.n).toBe(1);
  });
});

