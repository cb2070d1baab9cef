import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attempts, courseRoles, users, type Course, type Exam, type NewAttempt, type User } from "@/db/schema";
import { SEARCH_ID_LIST_CAP } from "@/lib/queries/pagination";
import { writeSnapshot } from "@/lib/testing/writes";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { GET } from "./route";
import { GET as SEARCH } from "./search/[searchBy]/route";

const t = setupApiTestDatabase();

async function makeAttempt(db: Db, exam: Exam, user: User, over: Partial<NewAttempt> = {}) {
  const [row] = await db
    .insert(attempts)
    .values({
      userId: user.id,
      examId: exam.id,
      courseKey: exam.courseKey,
      status: "created",
      attemptCode: randomUUID().toUpperCase(),
      takingAsProctored: exam.isProctored,
      isSampleAttempt: exam.isPracticeExam,
      ...over,
    })
    .returning();
  return row!;
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

const ATTEMPT_KEYS = [
  "id",
  "created",
  "modified",
  "user",
  "started_at",
  "completed_at",
  "external_id",
  "status",
  "proctored_exam",
  "allowed_time_limit_mins",
  "attempt_code",
  "is_sample_attempt",
  "taking_as_proctored",
  "last_poll_timestamp",
  "last_poll_ipaddr",
  "review_policy_id",
  "student_name",
  "is_status_acknowledged",
  "time_remaining_seconds",
  "use_legacy_attempt_api",
].sort();

interface GroupedBody {
  proctored_exam_attempts: (Record<string, unknown> & { id: number; status: string; all_attempts: { id: number }[] })[];
  pagination_info: { has_previous: boolean; has_next: boolean; current_page: number; total_pages: number };
  attempt_url: string;
}

let course: Course;
let midterm: Exam;
let final: Exam;
let alice: User;
let bob: User;
let carol: User;
let staff: User;
let admin: User;
let otherStaff: User;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const db = t.db;
  course = await makeCourse(db);
  const otherCourse = await makeCourse(db);
  midterm = await makeExam(db, { courseKey: course.courseKey, examName: "Midterm", isProctored: true });
  final = await makeExam(db, { courseKey: course.courseKey, examName: "Final" });
  alice = await makeUser(db, { username: "alice_w", email: "Alice.Wonder@Example.org" });
  bob = await makeUser(db, { username: "bob", email: "bob@example.org" });
  carol = await makeUser(db, { username: "carol%", email: "carol@example.net" });
  staff = await makeUser(db);
  admin = await makeUser(db, { isAdmin: true });
  otherStaff = await makeUser(db);
  await db.insert(courseRoles).values([
    { userId: staff.id, courseId: course.id, role: "staff" },
    { userId: otherStaff.id, courseId: otherCourse.id, role: "instructor" },
  ]);
  // alice: three attempts at the midterm (newest 10 minutes ago) and one at the final (5 minutes ago).
  ids.a1 = (await makeAttempt(db, midterm, alice, { status: "error", created: minutesAgo(300) })).id;
  ids.a2 = (await makeAttempt(db, midterm, alice, { status: "resumed", created: minutesAgo(200) })).id;
  ids.a3 = (await makeAttempt(db, midterm, alice, { status: "submitted", created: minutesAgo(10) })).id;
  ids.a4 = (await makeAttempt(db, final, alice, { status: "submitted", created: minutesAgo(5) })).id;
  // bob: one attempt, newest of all.
  ids.b1 = (await makeAttempt(db, midterm, bob, { status: "verified", created: minutesAgo(1) })).id;
  // carol: oldest.
  ids.c1 = (await makeAttempt(db, final, carol, { status: "created", created: minutesAgo(400) })).id;
  // An attempt in another course never shows.
  const elsewhere = await makeExam(db, { courseKey: otherCourse.courseKey });
  await makeAttempt(db, elsewhere, alice, { created: minutesAgo(0) });
});

const get = async (user: User | null, courseKey: string, page?: string) =>
  callRoute(GET, {
    path: `/api/edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/${courseKey}${page === undefined ? "" : `?page=${page}`}`,
    params: { courseId: courseKey },
    auth: user ? await userAuth(user.id) : null,
  });

const search = async (user: User, courseKey: string, text: string, page?: string) =>
  callRoute(SEARCH, {
    path: `/api/x${page === undefined ? "" : `?page=${page}`}`,
    params: { courseId: courseKey, searchBy: text },
    auth: await userAuth(user.id),
  });

describe("GET …/attempt/grouped/course_id/<course> (§8.9)", () => {
  it("answers one row per (learner, exam), newest attempt first, with all attempts of the pair", async () => {
    const res = await get(staff, course.courseKey);
    expect(res.status).toBe(200);
    const body = res.json as GroupedBody;
    expect(Object.keys(body).sort()).toEqual(["attempt_url", "pagination_info", "proctored_exam_attempts"]);
    expect(body.pagination_info).toEqual({ has_previous: false, has_next: false, current_page: 1, total_pages: 1 });
    expect(body.attempt_url).toBe(`/api/edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/${course.courseKey}`);

    const rows = body.proctored_exam_attempts;
    expect(rows.map((r) => r.id)).toEqual([ids.b1, ids.a4, ids.a3, ids.c1]);
    const aliceMidterm = rows[2]!;
    expect(Object.keys(aliceMidterm).sort()).toEqual([...ATTEMPT_KEYS, "all_attempts"].sort());
    expect(aliceMidterm.all_attempts.map((a) => a.id)).toEqual([ids.a3, ids.a2, ids.a1]);
    for (const a of aliceMidterm.all_attempts) expect(Object.keys(a).sort()).toEqual(ATTEMPT_KEYS);
    const { all_attempts: all, ...latest } = aliceMidterm;
    expect(all[0]).toEqual(latest);
    expect(aliceMidterm.user).toEqual({ id: alice.id, username: "alice_w", email: "Alice.Wonder@Example.org" });
    expect((aliceMidterm.proctored_exam as { exam_name: string }).exam_name).toBe("Midterm");
    expect(rows[0]!.all_attempts).toHaveLength(1);
  });

  it("is open to admins and takes the course key URL-encoded too", async () => {
    const res = await get(admin, encodeURIComponent(course.courseKey));
    expect(res.status).toBe(200);
    expect((res.json as GroupedBody).proctored_exam_attempts).toHaveLength(4);
  });

  it("refuses learners, staff of another course, service tokens and anonymous callers", async () => {
    for (const user of [alice, otherStaff]) {
      const res = await get(user, course.courseKey);
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    }
    const token = await callRoute(GET, { params: { courseId: course.courseKey }, auth: await tokenAuth(t.db, ["lms:sync"]) });
    expect(token.status).toBe(403);
    const anonymous = await get(null, course.courseKey);
    expect(anonymous.status).toBe(403);
    expect(anonymous.json).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("answers an empty first page for a course without attempts (or an unknown course)", async () => {
    const res = await get(admin, "course-v1:Nobody+None+2020", "3");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      proctored_exam_attempts: [],
      pagination_info: { has_previous: false, has_next: false, current_page: 1, total_pages: 1 },
      attempt_url: "/api/edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/course-v1:Nobody+None+2020",
    });
  });

  it("shows the page's attempts in their effective state and writes nothing (decision 022)", async () => {
    const db = t.db;
    const late = await makeUser(db, { username: "late_learner" });
    const running = await makeAttempt(db, midterm, late, {
      status: "started",
      created: minutesAgo(200),
      startedAt: minutesAgo(120),
      allowedTimeLimitMins: 60,
    });
    const before = await writeSnapshot(db);
    const res = await search(staff, course.courseKey, "late_learner");
    expect(await writeSnapshot(db)).toEqual(before);
    const row = (res.json as GroupedBody).proctored_exam_attempts[0]!;
    expect(row.id).toBe(running.id);
    expect(row.status).toBe("submitted");
    expect(row.completed_at).toBe(new Date(running.startedAt!.getTime() + 60 * 60_000).toISOString());
    const [stored] = await db.select().from(attempts).where(eq(attempts.id, running.id));
    expect(stored!.status).toBe("started");
    expect(stored!.completedAt).toBeNull();
  });
});

describe("search (…/search/<text>)", () => {
  it("matches a username or e-mail substring, in any case", async () => {
    const byEmail = await search(staff, course.courseKey, "wonder@EXAMPLE");
    expect((byEmail.json as GroupedBody).proctored_exam_attempts.map((r) => r.id)).toEqual([ids.a4, ids.a3]);
    const byName = await search(staff, course.courseKey, "BO");
    expect((byName.json as GroupedBody).proctored_exam_attempts.map((r) => r.id)).toEqual([ids.b1]);
    const byDomain = await search(staff, course.courseKey, "example.org");
    expect((byDomain.json as GroupedBody).proctored_exam_attempts.map((r) => r.id)).toEqual([ids.b1, ids.a4, ids.a3]);
  });

  it("takes LIKE wildcards literally and returns the search URL", async () => {
    const res = await search(staff, course.courseKey, "l%");
    const body = res.json as GroupedBody;
    expect(body.proctored_exam_attempts.map((r) => r.id)).toEqual([ids.c1]);
    expect(body.attempt_url).toBe(`/api/edx_proctoring/v1/proctored_exam/attempt/grouped/course_id/${course.courseKey}/search/l%25`);
    const underscore = await search(staff, course.courseKey, "e_w");
    expect((underscore.json as GroupedBody).proctored_exam_attempts.map((r) => r.id)).toEqual([ids.a4, ids.a3]);
    const none = await search(staff, course.courseKey, "zzz nobody");
    expect((none.json as GroupedBody).proctored_exam_attempts).toEqual([]);
    expect((none.json as GroupedBody).attempt_url).toMatch(/\/search\/zzz%20nobody$/);
  });

  it("filters while walking when more people match than an id list holds", async () => {
    const db = t.db;
    const crowd = await db
      .insert(users)
      .values(Array.from({ length: SEARCH_ID_LIST_CAP + 1 }, (_, i) => ({ username: `crowd_${i}`, email: `c${i}@broad.test` })))
      .returning();
    const made = [];
    for (const [i, person] of crowd.slice(0, 3).entries()) {
      made.push(await makeAttempt(db, final, person, { created: minutesAgo(500 + i) }));
    }
    const res = (await search(staff, course.courseKey, "BROAD.TEST")).json as GroupedBody;
    expect(res.proctored_exam_attempts.map((r) => r.id)).toEqual(made.map((a) => a.id));
  });

  it("is for course staff only", async () => {
    expect((await search(otherStaff, course.courseKey, "a")).status).toBe(403);
    expect((await search(bob, course.courseKey, "a")).status).toBe(403);
  });
});

describe("pagination (25 per page)", () => {
  let big: Course;
  const newestFirst: number[] = [];

  beforeAll(async () => {
    const db = t.db;
    big = await makeCourse(db);
    const exam = await makeExam(db, { courseKey: big.courseKey });
    const exam2 = await makeExam(db, { courseKey: big.courseKey });
    const learners = await Promise.all(Array.from({ length: 26 }, (_, i) => makeUser(db, { username: `pager_${i}` })));
    // 27 pairs: 26 learners on exam, learner 0 also on exam2; every pair has two attempts.
    const made: { id: number; created: Date }[] = [];
    let minute = 1000;
    for (const [i, learner] of learners.entries()) {
      await makeAttempt(db, exam, learner, { created: minutesAgo(minute--) });
      made.push(await makeAttempt(db, exam, learner, { created: minutesAgo(minute--), status: i % 2 ? "submitted" : "verified" }));
    }
    await makeAttempt(db, exam2, learners[0]!, { created: minutesAgo(minute--) });
    made.push(await makeAttempt(db, exam2, learners[0]!, { created: minutesAgo(minute--) }));
    newestFirst.push(...made.sort((a, b) => b.created.getTime() - a.created.getTime()).map((a) => a.id));
  });

  const page = async (raw?: string) => (await get(staff, big.courseKey, raw)).json as GroupedBody;

  it("pages 27 groups into 25 + 2", async () => {
    await t.db.insert(courseRoles).values({ userId: staff.id, courseId: big.id, role: "staff" });
    const first = await page();
    expect(first.pagination_info).toEqual({ has_previous: false, has_next: true, current_page: 1, total_pages: 2 });
    expect(first.proctored_exam_attempts.map((r) => r.id)).toEqual(newestFirst.slice(0, 25));
    expect(first.proctored_exam_attempts.every((r) => r.all_attempts.length === 2)).toBe(true);
    const second = await page("2");
    expect(second.pagination_info).toEqual({ has_previous: true, has_next: false, current_page: 2, total_pages: 2 });
    expect(second.proctored_exam_attempts.map((r) => r.id)).toEqual(newestFirst.slice(25));
  });

  it("sends a page beyond the range to the last page and a non-integer page to the first", async () => {
    expect((await page("99")).pagination_info.current_page).toBe(2);
    expect((await page("0")).pagination_info.current_page).toBe(2);
    expect((await page("-4")).pagination_info.current_page).toBe(2);
    expect((await page("abc")).pagination_info.current_page).toBe(1);
    expect((await page("1.5")).pagination_info.current_page).toBe(1);
    expect((await page("99")).proctored_exam_attempts.map((r) => r.id)).toEqual(newestFirst.slice(25));
  });

  it("pages search results too", async () => {
    const res = (await search(staff, big.courseKey, "PAGER_1", "2")).json as GroupedBody;
    // pager_1 and pager_10..pager_19: 11 groups, one page.
    expect(res.pagination_info).toEqual({ has_previous: false, has_next: false, current_page: 1, total_pages: 1 });
    expect(res.proctored_exam_attempts).toHaveLength(11);
  });

  it("reads every page of a longer list, the older half from the oldest end, in one consistent order", async () => {
    const db = t.db;
    const long = await makeCourse(db);
    await db.insert(courseRoles).values({ userId: staff.id, courseId: long.id, role: "staff" });
    const exam = await makeExam(db, { courseKey: long.courseKey });
    const people = await db
      .insert(users)
      .values(Array.from({ length: 80 }, (_, i) => ({ username: `long_${i}`, email: `long_${i}@example.test` })))
      .returning();
    // Two attempts share a timestamp: the id breaks the tie the same way in both directions.
    const base = Date.now() - 10_000_000;
    const made = await db
      .insert(attempts)
      .values(
        people.map((p, i) => ({
          userId: p.id,
          examId: exam.id,
          courseKey: long.courseKey,
          status: "submitted" as const,
          attemptCode: randomUUID(),
          created: new Date(base + (i === 41 ? 40 : i) * 1000),
        })),
      )
      .returning();
    const expected = made
      .sort((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id)
      .map((a) => a.id);
    const seen: number[] = [];
    for (const n of ["1", "2", "3", "4"]) {
      const body = (await get(staff, long.courseKey, n)).json as GroupedBody;
      expect(body.pagination_info.total_pages).toBe(4);
      seen.push(...body.proctored_exam_attempts.map((r) => r.id));
    }
    expect(seen).toEqual(expected);
  });
});
