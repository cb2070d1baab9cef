import { count, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { allowanceHistory, allowances, auditLog, courseRoles } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth, type CallResult } from "@/lib/testing/api";
import { makeAllowance, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { parseCsv } from "@/lib/csv";
import { AllowanceImportResultSchema } from "@/lib/domain/dashboard-answers";
import * as exportRoute from "./export.csv/route";
import * as importRoute from "./import/route";
import * as listRoute from "./route";

const test = setupApiTestDatabase();
const STAFF_ONLY = { detail: "Must be a Staff User to Perform this request." };

let admin: string;
let service: string;

beforeAll(async () => {
  admin = await userAuth((await makeUser(test.db, { isAdmin: true })).id);
  service = await tokenAuth(test.db, ["lms:sync", "admin:api"]);
});

/** A course with a staff member, an enrolled learner with an allowance, and a 60-minute exam. */
async function setup() {
  const course = await makeCourse(test.db);
  const staff = await makeUser(test.db);
  await test.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "staff" });
  const learner = await makeUser(test.db);
  await makeEnrollment(test.db, { userId: learner.id, courseId: course.id });
  const exam = await makeExam(test.db, { courseKey: course.courseKey, examName: "Final", timeLimitMins: 60 });
  await makeAllowance(test.db, { userId: learner.id, examId: exam.id, value: "15" });
  const otherCourse = await makeCourse(test.db);
  const otherStaff = await makeUser(test.db);
  await test.db.insert(courseRoles).values({ userId: otherStaff.id, courseId: otherCourse.id, role: "instructor" });
  return {
    course,
    learner,
    exam,
    staffAuth: await userAuth(staff.id),
    learnerAuth: await userAuth(learner.id),
    otherStaffAuth: await userAuth(otherStaff.id),
  };
}

const base = (courseKey: string) => `/api/instructor/${encodeURIComponent(courseKey)}/allowances`;

const list = (auth: string | null, courseKey: string, query = "") =>
  callRoute(listRoute.GET, { path: `${base(courseKey)}${query}`, params: { courseKey: encodeURIComponent(courseKey) }, auth });

const importCsv = (auth: string | null, courseKey: string, body: unknown, query = "?dry_run=1", headers: Record<string, string> = {}) =>
  callRoute(importRoute.POST, { method: "POST", path: `${base(courseKey)}/import${query}`, params: { courseKey }, auth, body, headers });

const exportCsv = (auth: string | null, courseKey: string, query = "") =>
  callRoute(exportRoute.GET, { path: `${base(courseKey)}/export.csv${query}`, params: { courseKey }, auth });

async function counts() {
  const [[a], [h], [l]] = await Promise.all([
    test.db.select({ n: count() }).from(allowances),
    test.db.select({ n: count() }).from(allowanceHistory),
    test.db.select({ n: count() }).from(auditLog),
  ]);
  return { allowances: a!.n, history: h!.n, audit: l!.n };
}

describe("authorization: course staff and admins only", () => {
  it.each(["list", "import", "export"] as const)("%s: 403 for anonymous, learners, other courses' staff and service tokens", async (route) => {
    const s = await setup();
    const csv = `username_or_email,exam,type,value\n${s.learner.username},${s.exam.id},additional_time_granted,30`;
    const call = (auth: string | null): Promise<CallResult> =>
      route === "list" ? list(auth, s.course.courseKey) : route === "import" ? importCsv(auth, s.course.courseKey, { csv }) : exportCsv(auth, s.course.courseKey);
    expect(await call(null)).toMatchObject({ status: 403, json: { detail: "Authentication credentials were not provided." } });
    for (const auth of [s.learnerAuth, s.otherStaffAuth, service]) {
      const res = await call(auth);
      expect(res.status, auth).toBe(403);
      expect(res.json).toEqual(STAFF_ONLY);
    }
    for (const auth of [s.staffAuth, admin]) expect((await call(auth)).status).toBe(200);
  });

  it("import: a non-staff caller gets 403 before the body is read (even a broken one)", async () => {
    const s = await setup();
    const res = await importCsv(s.learnerAuth, s.course.courseKey, "{not json");
    expect(res).toMatchObject({ status: 403, json: STAFF_ONLY });
  });
});

describe("GET …/allowances", () => {
  it("answers a page of learners with their allowances (course key raw or encoded)", async () => {
    const s = await setup();
    const res = await list(s.staffAuth, s.course.courseKey, "?page=1");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      count: 1,
      page: 1,
      num_pages: 1,
      results: [
        {
          user: { id: s.learner.id, username: s.learner.username, email: s.learner.email },
          allowances: [{ exam_id: s.exam.id, exam_name: "Final", key: "additional_time_granted", value: "15", time_limit_mins: 60, resulting_time_limit_mins: 75 }],
        },
      ],
    });
    const raw = await callRoute(listRoute.GET, { path: `${base(s.course.courseKey)}?search=${s.learner.username}`, params: { courseKey: s.course.courseKey }, auth: s.staffAuth });
    expect(raw.json).toMatchObject({ count: 1 });
    expect((await list(s.staffAuth, s.course.courseKey, "?search=zz-nobody")).json).toMatchObject({ count: 0, results: [] });
  });
});

describe("POST …/allowances/import", () => {
  it("dry-runs a JSON {csv} body, then imports it with the preview token; a text/csv body works too", async () => {
    const s = await setup();
    const other = await makeUser(test.db);
    await makeEnrollment(test.db, { userId: other.id, courseId: s.course.id });
    const csv = `\uFEFFUsername,Exam,Type,Value\r\n${s.learner.email},Final,additional_time_granted,30\r\n${other.username},${s.exam.contentId},time_multiplier,1.5\r\n`;
    const before = await counts();
    const dry = await importCsv(s.staffAuth, s.course.courseKey, { csv });
    expect(dry.status).toBe(200);
    // The dashboard parses the answer with this schema (lib/domain/dashboard-answers.ts).
    expect(AllowanceImportResultSchema.safeParse(dry.json).success).toBe(true);
    expect(dry.json).toMatchObject({ dry_run: true, committed: false, counts: { rows: 2, ok: 2, problems: 0, created: 1, updated: 1 } });
    expect(await counts()).toEqual(before);

    const token = (dry.json as { preview_token: string }).preview_token;
    const done = await importCsv(s.staffAuth, s.course.courseKey, { csv, preview_token: token }, "");
    expect(done).toMatchObject({ status: 200, json: { committed: true, counts: { created: 1, updated: 1 } } });
    expect(await counts()).toEqual({ allowances: before.allowances + 1, history: before.history + 1, audit: before.audit + 2 });

    // The same file as text/csv: the dry run says nothing would change; the token goes in the query.
    const textDry = await importCsv(s.staffAuth, s.course.courseKey, csv, "?dry_run=true", { "content-type": "text/csv; charset=utf-8" });
    expect(textDry.json).toMatchObject({ counts: { unchanged: 2 } });
    const textToken = (textDry.json as { preview_token: string }).preview_token;
    const textDone = await importCsv(s.staffAuth, s.course.courseKey, csv, `?preview_token=${textToken}`, { "content-type": "text/csv" });
    expect(textDone).toMatchObject({ status: 200, json: { committed: true, counts: { unchanged: 2 } } });
  });

  it("reports row problems in a 200 dry run, and refuses the import with 400, writing nothing", async () => {
    const s = await setup();
    const csv = `username_or_email,exam,type,value\n${s.learner.username},Final,additional_time_granted,abc\nghost,Final,additional_time_granted,5\n`;
    const before = await counts();
    const dry = await importCsv(s.staffAuth, s.course.courseKey, { csv });
    expect(dry).toMatchObject({ status: 200, json: { preview_token: null, counts: { rows: 2, problems: 2 } } });
    const refused = await importCsv(s.staffAuth, s.course.courseKey, { csv, preview_token: "0".repeat(64) }, "");
    expect(refused).toMatchObject({ status: 400, json: { detail: "2 of 2 rows have a problem: nothing was imported.", counts: { problems: 2 } } });
    expect(await counts()).toEqual(before);
  });

  it("answers 409 with the new preview when the data changed since the dry run", async () => {
    const s = await setup();
    const csv = `username_or_email,exam,type,value\n${s.learner.username},Final,additional_time_granted,30\n`;
    const dry = await importCsv(s.staffAuth, s.course.courseKey, { csv });
    expect(dry.json).toMatchObject({ counts: { updated: 1 } });
    // Someone else sets the learner's 15 minutes to 30 meanwhile: the row would now change nothing.
    await test.db.update(allowances).set({ value: "30" }).where(eq(allowances.userId, s.learner.id));
    const res = await importCsv(s.staffAuth, s.course.courseKey, { csv, preview_token: (dry.json as { preview_token: string }).preview_token }, "");
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ detail: expect.stringContaining("changed since the preview"), counts: { unchanged: 1 }, preview_token: expect.any(String) });
  });

  it("refuses bad bodies: too large (413), wrong media type (415), broken JSON, no csv, empty file", async () => {
    const s = await setup();
    const key = s.course.courseKey;
    const big = await importCsv(s.staffAuth, key, { csv: "x".repeat(2 * 1024 * 1024 + 5000) });
    expect(big.status).toBe(413);
    expect((big.json as { detail: string }).detail).toContain("1 MiB");
    const csvTooBig = await importCsv(s.staffAuth, key, `username,exam,type,value\nalice,1,review_policy_exception,${"y".repeat(1024 * 1024)}`, "?dry_run=1", { "content-type": "text/csv" });
    expect(csvTooBig.status).toBe(413);
    expect((await importCsv(s.staffAuth, key, "csv=a", "?dry_run=1", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    expect(await importCsv(s.staffAuth, key, "{oops")).toMatchObject({ status: 400, json: { detail: "The request body is not valid JSON." } });
    expect((await importCsv(s.staffAuth, key, {})).status).toBe(400);
    expect(await importCsv(s.staffAuth, key, { csv: "\n\n" })).toMatchObject({ status: 400, json: { detail: "The CSV file is empty." } });
    expect(await importCsv(s.staffAuth, key, { csv: "username,exam\nalice,1" })).toMatchObject({ status: 400, json: { detail: expect.stringContaining("no column for type, value") } });
  });
});

describe("GET …/allowances/export.csv", () => {
  it("streams an attachment: BOM, CRLF, every cell quoted, formulas neutralised in any part; it imports back unchanged", async () => {
    const s = await setup();
    const risky = await makeUser(test.db, { username: "-risky", email: "=cmd|'/c calc'!A1@x.test" });
    await makeEnrollment(test.db, { userId: risky.id, courseId: s.course.id });
    const exam2 = await makeExam(test.db, { courseKey: s.course.courseKey, examName: '=SUM(1,2) "quoted"', timeLimitMins: 30 });
    await makeAllowance(test.db, { userId: risky.id, examId: exam2.id, key: "review_policy_exception", value: "@notes, with comma\nand a line" });
    // Harmless as one comma-separated cell; two formulas where a spreadsheet splits on ";".
    const semicolons = await makeUser(test.db, { username: "semicolons", email: "semi@x.test" });
    await makeEnrollment(test.db, { userId: semicolons.id, courseId: s.course.id });
    await makeAllowance(test.db, { userId: semicolons.id, examId: exam2.id, key: "review_policy_exception", value: "x;=1+1;@SUM(1+1)" });

    const res = await exportCsv(s.staffAuth, s.course.courseKey);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const stem = s.course.courseKey.replace(/[^A-Za-z0-9._-]+/g, "_");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="allowances-${stem}.csv"; filename*=UTF-8''allowances-${stem}.csv`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    // Response.text() drops a byte-order mark: look at the bytes for it.
    const raw = await exportRoute.GET(new NextRequest(new URL(`http://127.0.0.1:3000${base(s.course.courseKey)}/export.csv`), { headers: { authorization: s.staffAuth } }), {
      params: Promise.resolve({ courseKey: s.course.courseKey }),
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(
      res.text.startsWith('"username_or_email","exam","type","value","email","exam_id","exam_name","time_limit_mins","resulting_time_limit_mins"\r\n'),
    ).toBe(true);
    expect(res.text).toContain(
      `"'-risky","${exam2.contentId}","review_policy_exception","'@notes, with comma\nand a line","'=cmd|'/c calc'!A1@x.test","${exam2.id}","'=SUM(1,2) ""quoted""","30","30"\r\n`,
    );
    expect(res.text).toContain(
      `"semicolons","${exam2.contentId}","review_policy_exception","'x;=1+1;@SUM(1+1)","semi@x.test","${exam2.id}","'=SUM(1,2) ""quoted""","30","30"\r\n`,
    );
    expect(res.text).toContain(`"${s.learner.username}","${s.exam.contentId}","additional_time_granted","15","${s.learner.email}","${s.exam.id}","Final","60","75"\r\n`);
    const records = parseCsv(res.text);
    expect(records).toHaveLength(4);
    expect(records.every((r) => !r.error && r.cells.length === 9)).toBe(true);

    // Round trip: the export, imported as it is, changes nothing.
    const dry = await importCsv(s.staffAuth, s.course.courseKey, { csv: res.text });
    expect(dry.json).toMatchObject({ counts: { rows: 3, ok: 3, unchanged: 3 }, ignored_columns: ["email", "exam_id", "exam_name", "time_limit_mins", "resulting_time_limit_mins"] });
  });

  it("narrows to a search, and has only the header when nothing matches", async () => {
    const s = await setup();
    const res = await exportCsv(s.staffAuth, s.course.courseKey, "?search=zz-nobody");
    expect(res.status).toBe(200);
    expect(parseCsv(res.text)).toHaveLength(1);
  });
});
