import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { allowanceHistory, allowances, auditLog, courseRoles, enrollments, exams, type Course } from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { Principal } from "@/lib/domain/actor";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAllowance, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import {
  importAllowancesCsv,
  importType,
  isDryRun,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  normalizeHeader,
  readAllowanceSheet,
} from "./csv-import";

const t = setupTestDatabase();
const NOW = new Date("2026-05-01T12:00:00Z");
const ctxFor = (principal: Principal): ServiceContext => ({ db: t.db, principal, now: NOW, requestId: newRequestId(), source: "api" });

describe("readAllowanceSheet", () => {
  it("takes header variants in any order, and lists the columns it does not read", () => {
    const sheet = readAllowanceSheet("Allowance Value,E-mail,Exam Name,ALLOWANCE-TYPE,Username,notes\n30,a@x.test,Final,additional_time_granted,alice,hi\n");
    expect(sheet.header).toBe(true);
    expect(sheet.columns).toEqual({ value: 0, username_or_email: 1, exam: 2, type: 3 });
    expect(sheet.width).toBe(6);
    expect(sheet.ignoredColumns).toEqual(["Username", "notes"]);
  });

  it("reads a file without a header in the documented order", () => {
    const sheet = readAllowanceSheet("alice,Final,additional_time_granted,30\nbob,Final,time_multiplier,1.5");
    expect(sheet.header).toBe(false);
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.columns).toEqual({ username_or_email: 0, exam: 1, type: 2, value: 3 });
  });

  it("refuses a missing column, a header alone, an empty file and NUL characters", () => {
    expect(() => readAllowanceSheet("username,exam,value\nalice,1,30")).toThrow(/no column for type/);
    expect(() => readAllowanceSheet("username,exam,type,value\r\n\r\n")).toThrow(/header but no rows/);
    expect(() => readAllowanceSheet("\uFEFF\n\n")).toThrow(/empty/);
    expect(() => readAllowanceSheet("alice,1,additional_time_granted,3\u00000")).toThrow(/NUL/);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows or ${MAX_IMPORT_BYTES} bytes with a 413`, () => {
    const ok = "username,exam,type,value\n" + "a,1,additional_time_granted,1\n".repeat(MAX_IMPORT_ROWS);
    expect(readAllowanceSheet(ok).rows).toHaveLength(MAX_IMPORT_ROWS);
    const tooMany = ok + "a,1,additional_time_granted,1\n";
    expect(() => readAllowanceSheet(tooMany)).toThrow(expect.objectContaining({ status: 413, detail: expect.stringContaining("10,001 rows") }));
    const tooBig = "username,exam,type,value\n" + `a,1,review_policy_exception,${"x".repeat(MAX_IMPORT_BYTES)}\n`;
    expect(() => readAllowanceSheet(tooBig)).toThrow(expect.objectContaining({ status: 413 }));
  });

  it("normalizes header names and types", () => {
    expect(normalizeHeader("\uFEFF Username or E-mail ")).toBe("username_or_e_mail");
    expect(importType("Additional Time (minutes)")).toBe("additional_time_granted");
    expect(importType("ADDITIONAL TIME")).toBe("additional_time_granted");
    expect(importType("Time multiplier")).toBe("time_multiplier");
    expect(importType("review_policy_exception")).toBe("review_policy_exception");
    expect(importType("something_else")).toBe("something_else");
    expect([isDryRun("1"), isDryRun("true"), isDryRun("0"), isDryRun(null), isDryRun("")]).toEqual([true, true, false, false, false]);
  });
});

// -------------------------------------------------------------------------------------------------
// Against the database

async function setup() {
  const course = await makeCourse(t.db);
  const staff = await makeUser(t.db);
  await t.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "staff" });
  const enrolled = async (overrides: Parameters<typeof makeUser>[1] = {}) => {
    const user = await makeUser(t.db, overrides);
    await makeEnrollment(t.db, { userId: user.id, courseId: course.id });
    return user;
  };
  const alice = await enrolled();
  const bob = await enrolled();
  const final = await makeExam(t.db, { courseKey: course.courseKey, examName: "Final", timeLimitMins: 60, isProctored: true });
  const midterm = await makeExam(t.db, { courseKey: course.courseKey, examName: "Midterm", timeLimitMins: 45 });
  const staffCtx = ctxFor((await loadUserActor(t.db, staff.id))!);
  return { course, staff, alice, bob, final, midterm, staffCtx, enrolled };
}

async function counts() {
  const [[a], [h], [l]] = await Promise.all([
    t.db.select({ n: count() }).from(allowances),
    t.db.select({ n: count() }).from(allowanceHistory),
    t.db.select({ n: count() }).from(auditLog),
  ]);
  return { allowances: a!.n, history: h!.n, audit: l!.n };
}

const csvOf = (rows: string[][]) => ["username_or_email,exam,type,value", ...rows.map((r) => r.join(","))].join("\r\n");

describe("importAllowancesCsv: dry run", () => {
  it("previews every row with its action and resulting time limit, and writes nothing", async () => {
    const { alice, bob, final, midterm, staffCtx, course } = await setup();
    await makeAllowance(t.db, { userId: bob.id, examId: final.id, value: "10" });
    const before = await counts();
    const csv = csvOf([
      [alice.username, String(final.id), "additional_time_granted", "30"],
      [alice.email.toUpperCase(), "midterm", "Time Multiplier", "1.5"],
      [bob.username, final.contentId, "Additional Time (minutes)", "10"],
      [bob.username, "Final", "review_policy_exception", '"Calculator, notes"'],
    ]);
    const result = await importAllowancesCsv(staffCtx, course.courseKey, { csv }, { dryRun: true });
    expect(result).toMatchObject({ dry_run: true, committed: false, header: true, counts: { rows: 4, ok: 4, problems: 0, created: 3, updated: 0, unchanged: 1 } });
    expect(result.preview_token).toMatch(/^[0-9a-f]{64}$/);
    expect(result.rows.map((r) => [r.line, r.user?.id, r.exam_id, r.key, r.stored_value, r.action, r.resulting_time_limit_mins])).toEqual([
      [2, alice.id, final.id, "additional_time_granted", "30", "created", 90],
      [3, alice.id, midterm.id, "additional_time_granted", "22", "created", 67], // 45 × 0.5 = 22.5: half to even (§20)
      [4, bob.id, final.id, "additional_time_granted", "10", "unchanged", 70],
      [5, bob.id, final.id, "review_policy_exception", "Calculator, notes", "created", 70],
    ]);
    expect(await counts()).toEqual(before);
  });

  it("reports every problem of every row, and still writes nothing", async () => {
    const { alice, bob, final, course, staffCtx } = await setup();
    const outsider = await makeUser(t.db);
    const inactive = await makeExam(t.db, { courseKey: course.courseKey, examName: "Old quiz", isActive: false });
    await makeExam(t.db, { courseKey: course.courseKey, examName: "Twin" });
    await makeExam(t.db, { courseKey: course.courseKey, examName: "twin" });
    const otherCourseExam = await makeExam(t.db, { examName: "Elsewhere" });
    const unenrolled = await makeUser(t.db);
    await makeEnrollment(t.db, { userId: unenrolled.id, courseId: course.id, isActive: false });
    const before = await counts();
    const csv = [
      "Username,Exam,Type,Value",
      `nobody-here,${final.id},additional_time_granted,30`,
      `${outsider.username},${final.id},additional_time_granted,30`,
      `${unenrolled.email},${final.id},additional_time_granted,30`,
      `${alice.username},${otherCourseExam.id},additional_time_granted,30`,
      `${alice.username},Twin,additional_time_granted,30`,
      `${alice.username},${inactive.id},additional_time_granted,30`,
      `${alice.username},${final.id},extra_credit,30`,
      `${alice.username},${final.id},additional_time_granted,-5`,
      `${alice.username},Midterm,time_multiplier,0.5`,
      `${bob.username},${final.id},additional_time_granted,30`,
      `${bob.username},${final.id},time_multiplier,2`,
      `${bob.username},${final.id},review_policy_exception,calculator, notes`,
      " ,x,,",
      `"${alice.username}"x,${final.id},additional_time_granted,5`,
    ].join("\n");
    const result = await importAllowancesCsv(staffCtx, course.courseKey, { csv }, { dryRun: true });
    expect(result.preview_token).toBeNull();
    expect(result.counts).toMatchObject({ rows: 14, ok: 1, problems: 13 });
    const problems = Object.fromEntries(result.rows.map((r) => [r.line, r.problems.join(" | ")]));
    expect(problems).toEqual({
      2: "Cannot find user against nobody-here",
      3: `${outsider.username} is not enrolled in this course.`,
      4: `${unenrolled.username} is not enrolled in this course.`,
      5: `No exam "${otherCourseExam.id}" in this course (give its id, content id or name).`,
      6: expect.stringContaining('2 exams of this course are named "Twin"'),
      7: `Attempted to add an allowance to exam_id=${inactive.id}, but this exam is not active.`,
      8: 'Unknown type "extra_credit": use one of additional_time_granted, review_policy_exception, time_multiplier.',
      9: 'allowance_value "-5" should be non-negative integer value.',
      10: 'allowance_value "0.5" should be a float value greater than 1.',
      11: "",
      12: "Duplicate of the row on line 11: the same learner, exam and type.",
      13: "The row has 5 cells but the file has 4 columns: put a value holding a comma in double quotes.",
      14: 'username_or_email is blank. | No exam "x" in this course (give its id, content id or name). | type is blank. | value is blank.',
      15: expect.stringContaining("closing quote"),
    });
    expect(await counts()).toEqual(before);
  });

  it("checks the value against the type even when the exam is unknown", async () => {
    const { alice, course, staffCtx } = await setup();
    const result = await importAllowancesCsv(staffCtx, course.courseKey, { csv: csvOf([[alice.username, "nope", "additional_time_granted", "abc"]]) }, { dryRun: true });
    expect(result.rows[0]!.problems).toEqual(['No exam "nope" in this course (give its id, content id or name).', 'allowance_value "abc" should be non-negative integer value.']);
  });

  it("is for course staff and admins only, and 404s an unknown course", async () => {
    const { course, alice, final } = await setup();
    const csv = csvOf([[alice.username, String(final.id), "additional_time_granted", "30"]]);
    const learnerCtx = ctxFor((await loadUserActor(t.db, alice.id))!);
    await expect(importAllowancesCsv(learnerCtx, course.courseKey, { csv }, { dryRun: true })).rejects.toMatchObject({ status: 403 });
    const service = ctxFor({ kind: "service", tokenId: 1, name: "lms", scopes: ["admin:api", "lms:sync"], backendName: null });
    await expect(importAllowancesCsv(service, course.courseKey, { csv }, { dryRun: true })).rejects.toMatchObject({ status: 403 });
    const admin = ctxFor((await loadUserActor(t.db, (await makeUser(t.db, { isAdmin: true })).id))!);
    expect((await importAllowancesCsv(admin, course.courseKey, { csv }, { dryRun: true })).counts.ok).toBe(1);
    await expect(importAllowancesCsv(admin, "course-v1:No+Such+Course", { csv }, { dryRun: true })).rejects.toMatchObject({ status: 404 });
  });
});

describe("importAllowancesCsv: commit", () => {
  async function preview(ctx: ServiceContext, course: Course, csv: string) {
    return importAllowancesCsv(ctx, course.courseKey, { csv }, { dryRun: true });
  }

  it("writes every row through the allowance verb (archive and audit), then a repeat changes nothing", async () => {
    const { alice, bob, final, midterm, staffCtx, course } = await setup();
    const old = await makeAllowance(t.db, { userId: bob.id, examId: final.id, value: "10" });
    const csv = csvOf([
      [alice.username, String(final.id), "additional_time_granted", "30"],
      [alice.username, String(midterm.id), "time_multiplier", "2"],
      [bob.username, String(final.id), "additional_time_granted", "15"],
    ]);
    const before = await counts();
    const { preview_token } = await preview(staffCtx, course, csv);
    const done = await importAllowancesCsv(staffCtx, course.courseKey, { csv, preview_token }, { dryRun: false });
    expect(done).toMatchObject({ dry_run: false, committed: true, preview_token: null, counts: { rows: 3, ok: 3, created: 2, updated: 1, unchanged: 0 } });
    const rows = await t.db.select().from(allowances).where(eq(allowances.examId, final.id));
    expect(rows.map((r) => [r.userId, r.value]).sort()).toEqual([[alice.id, "30"], [bob.id, "15"]].sort());
    const [mid] = await t.db.select().from(allowances).where(eq(allowances.examId, midterm.id));
    expect(mid).toMatchObject({ userId: alice.id, key: "additional_time_granted", value: "45" });
    expect(await t.db.select().from(allowanceHistory).where(eq(allowanceHistory.allowanceId, old.id))).toMatchObject([{ value: "10" }]);
    expect(await counts()).toEqual({ allowances: before.allowances + 2, history: before.history + 1, audit: before.audit + 3 });
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.courseKey, course.courseKey));
    expect(audits.map((a) => a.action)).toEqual(["allowance.upsert", "allowance.upsert", "allowance.upsert"]);

    const again = await preview(staffCtx, course, csv);
    expect(again.counts).toMatchObject({ unchanged: 3 });
    const repeat = await importAllowancesCsv(staffCtx, course.courseKey, { csv, preview_token: again.preview_token }, { dryRun: false });
    expect(repeat.counts).toMatchObject({ unchanged: 3 });
    expect((await counts()).audit).toBe(before.audit + 3);
  });

  it("writes nothing when one row has a problem (400 with every row's result)", async () => {
    const { alice, final, staffCtx, course } = await setup();
    const csv = csvOf([
      [alice.username, String(final.id), "additional_time_granted", "30"],
      ["ghost", String(final.id), "additional_time_granted", "30"],
    ]);
    const before = await counts();
    const error = await importAllowancesCsv(staffCtx, course.courseKey, { csv, preview_token: "x".repeat(64) }, { dryRun: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, detail: "1 of 2 rows have a problem: nothing was imported." });
    expect((error as { extra: { rows: unknown[] } }).extra.rows).toHaveLength(2);
    expect(await counts()).toEqual(before);
  });

  it("refuses (409) when anything the preview showed changed, and (400) when a row became invalid", async () => {
    const { alice, bob, final, staffCtx, course } = await setup();
    const csv = csvOf([
      [alice.username, String(final.id), "additional_time_granted", "30"],
      [bob.username, String(final.id), "additional_time_granted", "20"],
    ]);
    const first = await preview(staffCtx, course, csv);
    // Someone gives bob 20 minutes meanwhile: bob's row would now be "unchanged", not "created".
    await makeAllowance(t.db, { userId: bob.id, examId: final.id, value: "20" });
    const before = await counts();
    const conflict = await importAllowancesCsv(staffCtx, course.courseKey, { csv, preview_token: first.preview_token }, { dryRun: false }).catch((e: unknown) => e);
    expect(conflict).toMatchObject({ status: 409, code: "CONFLICT" });
    const fresh = (conflict as { extra: { preview_token: string; counts: object } }).extra;
    expect(fresh.counts).toMatchObject({ created: 1, unchanged: 1 });
    expect(fresh.preview_token).not.toBe(first.preview_token);
    expect(await counts()).toEqual(before);

    // The exam's time limit changes: the resulting limits shown are no longer true.
    const second = await preview(staffCtx, course, csv);
    await t.db.update(exams).set({ timeLimitMins: 90 }).where(eq(exams.id, final.id));
    await expect(importAllowancesCsv(staffCtx, course.courseKey, { csv, preview_token: second.preview_token }, { dryRun: false })).rejects.toMatchObject({ status: 409 });

    // Alice is unenrolled: her row is now a problem.
    const third = await preview(staffCtx, course, csv);
    await t.db.update(enrollments).set({ isActive: false }).where(eq(enrollments.userId, alice.id));
    await expect(importAllowancesCsv(staffCtx, course.courseKey, { csv, preview_token: third.preview_token }, { dryRun: false })).rejects.toMatchObject({ status: 400 });
    expect(await counts()).toEqual(before);
  });

  it("needs the preview token", async () => {
    const { alice, final, staffCtx, course } = await setup();
    const csv = csvOf([[alice.username, String(final.id), "additional_time_granted", "30"]]);
    await expect(importAllowancesCsv(staffCtx, course.courseKey, { csv }, { dryRun: false })).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ field: "preview_token" }] },
    });
    await expect(importAllowancesCsv(staffCtx, course.courseKey, { csv: 5 }, { dryRun: true })).rejects.toMatchObject({ status: 400 });
  });

  it("rolls every row back when a write fails half-way", async () => {
    const { alice, bob, final, staffCtx, course } = await setup();
    const csv = csvOf([
      [alice.username, String(final.id), "additional_time_granted", "30"],
      [bob.username, String(final.id), "additional_time_granted", "30"],
    ]);
    const { preview_token } = await preview(staffCtx, course, csv);
    const before = await counts();
    // A context whose audit writes fail on the second row: the first row's writes must not survive.
    let inserts = 0;
    const failing: ServiceContext = {
      ...staffCtx,
      db: new Proxy(t.db, {
        get(target, prop, receiver) {
          if (prop !== "transaction") return Reflect.get(target, prop, receiver);
          return (fn: (tx: unknown) => Promise<unknown>) =>
            target.transaction((tx) =>
              fn(
                new Proxy(tx, {
                  get(txTarget, txProp, txReceiver) {
                    if (txProp === "insert") {
                      return (table: unknown) => {
                        if (table === auditLog && ++inserts === 2) throw new Error("disk full");
                        return txTarget.insert(table as typeof auditLog);
                      };
                    }
                    return Reflect.get(txTarget, txProp, txReceiver);
                  },
                }),
              ),
            );
        },
      }),
    };
    await expect(importAllowancesCsv(failing, course.courseKey, { csv, preview_token }, { dryRun: false })).rejects.toThrow("disk full");
    expect(inserts).toBe(2);
    expect(await counts()).toEqual(before);
  });
});
