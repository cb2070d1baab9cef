import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { attemptHistory, auditLog, users, type AttemptHistory, type Course, type Exam, type User } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { SEARCH_ID_LIST_CAP } from "@/lib/queries/pagination";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { writeSnapshot } from "@/lib/testing/writes";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import {
  COUNT_LOOKAHEAD,
  attemptTimeline,
  learnerSearchCondition,
  listDashboardAttempts,
  listDashboardAttemptsAt,
  mergeTimeline,
  normalizeSearch,
  walkAttemptGroups,
  type DashboardAttemptsCursorPage,
} from "./dashboard-attempts";
import { BAD_CURSOR_DETAIL, encodeCursor } from "./list-cursor";

const t = setupTestDatabase("file");

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function staffOf(user: User, courseKey: string, isAdmin = false): UserActor {
  return {
    kind: "user",
    userId: user.id,
    username: user.username,
    email: user.email,
    fullName: user.fullName,
    isAdmin,
    courseRoles: new Map(isAdmin ? [] : [[courseKey, ["staff" as const]]]),
  };
}

const ctxOf = (principal: ServiceContext["principal"], now = new Date()): ServiceContext => ({
  db: t.db,
  principal,
  now,
  requestId: newRequestId(),
  source: "web",
});

let course: Course;
let other: Course;
let midterm: Exam;
let practice: Exam;
let alice: User;
let bob: User;
let carol: User;
let staffUser: User;
let staff: ServiceContext;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const db = t.db;
  course = await makeCourse(db);
  other = await makeCourse(db);
  midterm = await makeExam(db, { courseKey: course.courseKey, examName: "Midterm", isProctored: true });
  practice = await makeExam(db, { courseKey: course.courseKey, examName: "Practice", isProctored: true, isPracticeExam: true });
  alice = await makeUser(db, { username: "alice_w", email: "Alice.Wonder@Example.org" });
  bob = await makeUser(db, { username: "bob", email: "bob@school.example" });
  carol = await makeUser(db, { username: "carol", email: "carol@example.net" });
  staffUser = await makeUser(db, { username: "teacher" });
  staff = ctxOf(staffOf(staffUser, course.courseKey));

  // alice: three midterm attempts (the newest is in error), one practice attempt.
  ids.a1 = (await makeAttempt(db, { exam: midterm, userId: alice.id, status: "error", created: minutesAgo(300) })).id;
  ids.a2 = (await makeAttempt(db, { exam: midterm, userId: alice.id, status: "resumed", created: minutesAgo(200) })).id;
  ids.a3 = (await makeAttempt(db, { exam: midterm, userId: alice.id, status: "error", created: minutesAgo(10), startedAt: minutesAgo(9) })).id;
  ids.a4 = (await makeAttempt(db, { exam: practice, userId: alice.id, status: "submitted", created: minutesAgo(5), isSampleAttempt: true })).id;
  ids.b1 = (await makeAttempt(db, { exam: midterm, userId: bob.id, status: "verified", created: minutesAgo(1) })).id;
  ids.c1 = (await makeAttempt(db, { exam: practice, userId: carol.id, status: "created", created: minutesAgo(400), isSampleAttempt: true })).id;
  // Another course's attempt of alice never shows here.
  const elsewhere = await makeExam(db, { courseKey: other.courseKey });
  ids.x1 = (await makeAttempt(db, { exam: elsewhere, userId: alice.id, created: minutesAgo(0) })).id;
});

describe("listDashboardAttempts", () => {
  it("lists one row per (learner, exam) with the newest attempt, newest first, and the earlier ones", async () => {
    const page = await listDashboardAttempts(staff, { courseKey: course.courseKey, page: null, search: null });
    expect(page).toMatchObject({ page: 1, pageCount: 1, total: 4, more: false, perPage: 25, search: "" });
    expect(page.rows.map((r) => r.latest.id)).toEqual([ids.b1, ids.a4, ids.a3, ids.c1]);
    const aliceMidterm = page.rows[2]!;
    expect(aliceMidterm.key).toBe(`${midterm.id}:${alice.id}`);
    expect(aliceMidterm.user).toEqual({ id: alice.id, apiId: alice.id, username: "alice_w", email: "Alice.Wonder@Example.org" });
    expect(aliceMidterm.exam).toEqual({ id: midterm.id, name: "Midterm", isProctored: true, isPracticeExam: false });
    expect(aliceMidterm.latest).toMatchObject({ id: ids.a3, status: "error", takingAsProctored: true, isSampleAttempt: false });
    expect(aliceMidterm.latest.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(aliceMidterm.earlier.map((a) => [a.id, a.status])).toEqual([
      [ids.a2, "resumed"],
      [ids.a1, "error"],
    ]);
    expect(page.rows[0]!.earlier).toEqual([]);
  });

  it("searches usernames and e-mails, in any case, and trims the text", async () => {
    const byName = await listDashboardAttempts(staff, { courseKey: course.courseKey, page: "1", search: "  ALICE " });
    expect(byName.search).toBe("ALICE");
    expect(byName.total).toBe(2);
    expect(byName.rows.map((r) => r.latest.id)).toEqual([ids.a4, ids.a3]);

    const byEmail = await listDashboardAttempts(staff, { courseKey: course.courseKey, page: null, search: "school.EXAMPLE" });
    expect(byEmail.rows.map((r) => r.user.username)).toEqual(["bob"]);

    // LIKE wildcards are literal.
    const wildcard = await listDashboardAttempts(staff, { courseKey: course.courseKey, page: null, search: "%" });
    expect(wildcard).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1 });

    const nobody = await listDashboardAttempts(staff, { courseKey: course.courseKey, page: null, search: "zelda" });
    expect(nobody).toMatchObject({ rows: [], total: 0, pageCount: 1 });
  });

  it("pages by 25, and answers an out-of-range page with the last one", async () => {
    const db = t.db;
    const big = await makeCourse(db);
    const exam = await makeExam(db, { courseKey: big.courseKey, examName: "Big" });
    const learners: number[] = [];
    for (let i = 0; i < 27; i++) {
      const u = await makeUser(db, { username: `pager${String(i).padStart(2, "0")}` });
      learners.push(u.id);
      // Learner i's attempt is i minutes old, so pager00 is the newest.
      await makeAttempt(db, { exam, userId: u.id, status: "submitted", created: minutesAgo(i + 1) });
    }
    const ctx = ctxOf(staffOf(staffUser, big.courseKey));
    const first = await listDashboardAttempts(ctx, { courseKey: big.courseKey, page: "1", search: null });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 27 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]!.user.username).toBe("pager00");

    const second = await listDashboardAttempts(ctx, { courseKey: big.courseKey, page: "2", search: null });
    expect(second.rows.map((r) => r.user.username)).toEqual(["pager25", "pager26"]);

    for (const page of ["99", "0", "-1"]) {
      const last = await listDashboardAttempts(ctx, { courseKey: big.courseKey, page, search: null });
      expect(last.page, page).toBe(2);
      expect(last.rows).toHaveLength(2);
    }
    const junk = await listDashboardAttempts(ctx, { courseKey: big.courseKey, page: "abc", search: null });
    expect(junk.page).toBe(1);

    // A search pages too.
    const searched = await listDashboardAttempts(ctx, { courseKey: big.courseKey, page: "2", search: "pager" });
    expect(searched).toMatchObject({ page: 2, pageCount: 2, total: 27, more: false });

    // The count is bounded: a walk stops `lookahead` rows past the page's first row.
    const short = await walkAttemptGroups(t.db, big.courseKey, null, 0, 5, 10);
    expect(short).toMatchObject({ walked: 11, bound: 11 });
    expect(short.pairs.map((p) => p.userId)).toEqual(learners.slice(0, 5));
    const deeper = await walkAttemptGroups(t.db, big.courseKey, null, 20, 5, 10);
    expect(deeper).toMatchObject({ walked: 27, bound: 31 });
    expect(deeper.pairs.map((p) => p.userId)).toEqual(learners.slice(20, 25));
    const none = await walkAttemptGroups(t.db, big.courseKey, null, 30, 5, 10);
    expect(none).toMatchObject({ walked: 27, pairs: [] });
  });

  it("counts a long list only so far, and says there is more", async () => {
    const db = t.db;
    const huge = await makeCourse(db);
    const exam = await makeExam(db, { courseKey: huge.courseKey, examName: "Huge" });
    const n = COUNT_LOOKAHEAD + 60;
    await db.execute(sql`
      with people as (
        insert into users (username, email) select 'huge' || g, 'huge' || g || '@huge.test' from generate_series(1, ${n}::int) g returning id
      )
      insert into attempts (user_id, exam_id, course_id, status, attempt_code, created)
      select id, ${exam.id}::int, ${huge.courseKey}, 'submitted', 'HUGE-' || id, now() - id * interval '1 second' from people`);
    const ctx = ctxOf(staffOf(staffUser, huge.courseKey));
    const first = await listDashboardAttempts(ctx, { courseKey: huge.courseKey, page: null, search: null });
    expect(first).toMatchObject({ page: 1, total: COUNT_LOOKAHEAD, pageCount: COUNT_LOOKAHEAD / 25, more: true });
    expect(first.rows).toHaveLength(25);
    // Further on, the count reaches the end and is exact.
    const later = await listDashboardAttempts(ctx, { courseKey: huge.courseKey, page: "5", search: null });
    expect(later).toMatchObject({ page: 5, total: n, pageCount: Math.ceil(n / 25), more: false });
    const last = await listDashboardAttempts(ctx, { courseKey: huge.courseKey, page: "9999", search: null });
    expect(last).toMatchObject({ page: Math.ceil(n / 25), total: n, more: false });
    expect(last.rows).toHaveLength(n % 25 || 25);
    // Page 0 of a list too long to count: page 1, not a full count.
    const zero = await listDashboardAttempts(ctx, { courseKey: huge.courseKey, page: "0", search: null });
    expect(zero).toMatchObject({ page: 1, more: true });
  });

  it("pages by cursor (keyset): next, previous and last visit every row once, in the page-number order", async () => {
    const db = t.db;
    const keyed = await makeCourse(db);
    const exam = await makeExam(db, { courseKey: keyed.courseKey, examName: "Keyed" });
    const n = 83;
    // Three learners share each `created` (ties broken by id) and the instants differ by microseconds,
    // which a cursor must keep; every fifth learner also has an older attempt (one row per pair).
    await db.execute(sql`
      with people as (
        insert into users (username, email) select 'keyed' || lpad(g::text, 3, '0'), 'keyed' || g || '@keyed.test' from generate_series(1, ${n}::int) g returning id, username
      ), newest as (
        insert into attempts (user_id, exam_id, course_id, status, attempt_code, created)
        select id, ${exam.id}::int, ${keyed.courseKey}, 'submitted', 'KEYED-' || id,
               timestamptz '2026-03-01 12:00:00+00' - (substr(username, 6)::int / 3) * interval '1.000001 second'
        from people returning user_id
      )
      insert into attempts (user_id, exam_id, course_id, status, attempt_code, created)
      select id, ${exam.id}::int, ${keyed.courseKey}, 'error', 'KEYED-OLD-' || id, timestamptz '2026-01-01 00:00:00+00'
      from people where substr(username, 6)::int % 5 = 0`);
    const ctx = ctxOf(staffOf(staffUser, keyed.courseKey));
    const names = (p: { rows: { user: { username: string } }[] }) => p.rows.map((r) => r.user.username);

    const byNumber: string[][] = [];
    for (let page = 1; page <= 4; page++) byNumber.push(names(await listDashboardAttempts(ctx, { courseKey: keyed.courseKey, page: String(page), search: null })));
    expect(byNumber.flat()).toHaveLength(n);
    expect(new Set(byNumber.flat()).size).toBe(n);

    const first = await listDashboardAttempts(ctx, { courseKey: keyed.courseKey, page: "1", search: null });
    expect(first).toMatchObject({ page: 1, pageCount: 4, previousCursor: null });
    expect(first.nextCursor).not.toBeNull();
    expect(first.lastCursor).not.toBeNull();

    // Forward by cursor, page numbers carried along.
    const forward: DashboardAttemptsCursorPage[] = [];
    let next = first.nextCursor;
    while (next) {
      const page = await listDashboardAttemptsAt(ctx, { courseKey: keyed.courseKey, cursor: next, search: null });
      forward.push(page);
      next = page.nextCursor;
    }
    expect(forward.map((p) => p.page)).toEqual([2, 3, 4]);
    expect(forward.map(names)).toEqual(byNumber.slice(1));
    expect(forward[0]).toMatchObject({ pageCount: 4, total: n, more: false });
    expect(forward[2]).toMatchObject({ nextCursor: null, lastCursor: null });
    expect(forward[2]!.rows.map((r) => r.earlier.length).some((l) => l === 1)).toBe(true);

    // Backward from page 4 by cursor: pages 3 and 2, then the top is answered as page 1.
    const back3 = await listDashboardAttemptsAt(ctx, { courseKey: keyed.courseKey, cursor: forward[2]!.previousCursor!, search: null });
    expect(back3.page).toBe(3);
    expect(names(back3)).toEqual(byNumber[2]);
    const back2 = await listDashboardAttemptsAt(ctx, { courseKey: keyed.courseKey, cursor: back3.previousCursor!, search: null });
    expect(names(back2)).toEqual(byNumber[1]);
    const back1 = await listDashboardAttemptsAt(ctx, { courseKey: keyed.courseKey, cursor: back2.previousCursor!, search: null });
    expect(back1).toMatchObject({ page: 1, previousCursor: null });
    expect(names(back1)).toEqual(byNumber[0]);

    // The last cursor: the oldest 25 rows, number unknown; previous from there goes on upwards.
    const last = await listDashboardAttemptsAt(ctx, { courseKey: keyed.courseKey, cursor: first.lastCursor!, search: null });
    expect(last).toMatchObject({ page: null, pageCount: null, total: null, nextCursor: null, lastCursor: null });
    expect(names(last)).toEqual(byNumber.flat().slice(n - 25));
    const aboveLast = await listDashboardAttemptsAt(ctx, { courseKey: keyed.courseKey, cursor: last.previousCursor!, search: null });
    expect(names(aboveLast)).toEqual(byNumber.flat().slice(n - 50, n - 25));

    // A search pages by cursor too.
    const searched = await listDashboardAttempts(ctx, { courseKey: keyed.courseKey, page: "1", search: "keyed0" });
    const searchedNext = await listDashboardAttemptsAt(ctx, { courseKey: keyed.courseKey, cursor: searched.nextCursor!, search: "keyed0" });
    expect(names(searched).concat(names(searchedNext)).every((u) => u.startsWith("keyed0"))).toBe(true);
    expect(searchedNext.page).toBe(2);

    // Anything that is not a cursor of this list is a 400, whatever it looks like.
    const wellFormedJunk = [
      Buffer.from(JSON.stringify({ k: "a", t: "2026-03-01T12:00:00.000Z", i: 1, p: 2 })).toString("base64url"),
      Buffer.from(JSON.stringify({ k: "a", t: "2026-03-01T12:00:00.000000Z", i: 0, p: 2 })).toString("base64url"),
      Buffer.from(JSON.stringify({ k: "x" })).toString("base64url"),
      Buffer.from(JSON.stringify({ k: "l", extra: 1 })).toString("base64url"),
      Buffer.from("not json").toString("base64url"),
    ];
    for (const cursor of ["", "%%%", "a".repeat(500), ...wellFormedJunk]) {
      await expect(listDashboardAttemptsAt(ctx, { courseKey: keyed.courseKey, cursor, search: null }), cursor).rejects.toMatchObject({
        code: "VALIDATION",
        detail: BAD_CURSOR_DETAIL,
      });
    }
    expect(encodeCursor({ kind: "last" })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("keeps counting from a cursor of a list too long to count", async () => {
    const db = t.db;
    const huge = await makeCourse(db);
    const exam = await makeExam(db, { courseKey: huge.courseKey, examName: "Huge by key" });
    // Page 1's walk stops short of the end; page 2's reaches it.
    const n = COUNT_LOOKAHEAD + 10;
    await db.execute(sql`
      with people as (
        insert into users (username, email) select 'hugekey' || g, 'hugekey' || g || '@huge.test' from generate_series(1, ${n}::int) g returning id
      )
      insert into attempts (user_id, exam_id, course_id, status, attempt_code, created)
      select id, ${exam.id}::int, ${huge.courseKey}, 'submitted', 'HUGEKEY-' || id, now() - id * interval '1 second' from people`);
    const ctx = ctxOf(staffOf(staffUser, huge.courseKey));
    const first = await listDashboardAttempts(ctx, { courseKey: huge.courseKey, page: null, search: null });
    expect(first).toMatchObject({ more: true });
    const second = await listDashboardAttemptsAt(ctx, { courseKey: huge.courseKey, cursor: first.nextCursor!, search: null });
    // From page 2 the walk reaches the end: the total is exact.
    expect(second).toMatchObject({ page: 2, total: n, pageCount: Math.ceil(n / 25), more: false });
    const last = await listDashboardAttemptsAt(ctx, { courseKey: huge.courseKey, cursor: first.lastCursor!, search: null });
    expect(last.rows).toHaveLength(25);
    expect(last.rows.at(-1)!.user.username).toBe(`hugekey${n}`);
  });

  it("refuses anyone who is not staff of the course", async () => {
    const learner = ctxOf(staffOf(alice, other.courseKey));
    await expect(listDashboardAttempts(learner, { courseKey: course.courseKey, page: null, search: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = ctxOf(staffOf(await makeUser(t.db, { isAdmin: true }), "", true));
    const page = await listDashboardAttempts(admin, { courseKey: course.courseKey, page: null, search: null });
    expect(page.total).toBe(4);
  });

  it("matches many learners row by row, past the id-list cap", async () => {
    const narrow = await learnerSearchCondition(t.db, "ALICE.wonder", sql`a.user_id`);
    expect(narrow).not.toBeNull();
    expect(await learnerSearchCondition(t.db, "no such person", sql`a.user_id`)).toBeNull();
    // Both forms (LIKE for trigram indexes, strpos without) find the same people, wildcards literal.
    for (const trigram of [true, false]) {
      const found = async (text: string) => {
        const condition = await learnerSearchCondition(t.db, text, sql`x.id`, { trigram });
        if (!condition) return [];
        const rows = rowsOf<{ username: string }>(await t.db.execute(sql`select x.username from users x where ${condition} order by x.username`));
        return rows.map((r) => r.username);
      };
      expect(await found("ALICE.wonder"), String(trigram)).toEqual(["alice_w"]);
      expect(await found("e_w"), String(trigram)).toEqual(["alice_w"]);
      expect(await found("%"), String(trigram)).toEqual([]);
      expect(await found("Bob@School"), String(trigram)).toEqual(["bob"]);
    }
    // Every test user's e-mail contains "example": more people than an id list should hold.
    const db = t.db;
    const values = Array.from({ length: SEARCH_ID_LIST_CAP + 1 }, (_, i) => ({ username: `crowd${i}`, email: `crowd${i}@crowd.example` }));
    await db.insert(users).values(values);
    const broad = await listDashboardAttempts(staff, { courseKey: course.courseKey, page: null, search: "example" });
    expect(broad.rows.map((r) => r.latest.id).sort()).toEqual([ids.a4, ids.a3, ids.b1, ids.c1].sort());
  });

  it("normalizes the search text", () => {
    expect(normalizeSearch(null)).toBe("");
    expect(normalizeSearch("  x ")).toBe("x");
    expect(normalizeSearch("y".repeat(400))).toHaveLength(254);
  });
});

describe("attemptTimeline", () => {
  it("is null for an attempt of another course or a missing one, and refuses non-staff", async () => {
    expect(await attemptTimeline(staff, course.courseKey, ids.x1!)).toBeNull();
    expect(await attemptTimeline(staff, course.courseKey, 2_000_000_000)).toBeNull();
    expect(await attemptTimeline(staff, course.courseKey, 0)).toBeNull();
    await expect(attemptTimeline(ctxOf(staffOf(bob, other.courseKey)), course.courseKey, ids.a1!)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("shows history snapshots that have no audit row on their own, in time order", async () => {
    const db = t.db;
    const erin = await makeUser(db, { username: "erin" });
    const attempt = await makeAttempt(db, { exam: midterm, userId: erin.id, status: "submitted", created: minutesAgo(60) });
    const { id: _id, created: _c, modified: _m, scoreEarned: _e, scorePossible: _p, expiresAt: _x, ...rest } = attempt;
    await db.insert(attemptHistory).values({ ...rest, attemptId: attempt.id, status: "started", created: minutesAgo(50), modified: minutesAgo(50) });
    await db.insert(auditLog).values({
      at: minutesAgo(40),
      actorKind: "system",
      action: "attempt.expire",
      entityType: "attempt",
      entityId: String(attempt.id),
      courseKey: course.courseKey,
      attemptId: attempt.id,
      subjectUserId: erin.id,
      fromStatus: "started",
      toStatus: "submitted",
      source: "system",
      requestId: "req-1",
    });
    const timeline = await attemptTimeline(staff, course.courseKey, attempt.id);
    expect(timeline!.entries.map((e) => [e.kind, e.action, e.fromStatus])).toEqual([
      ["history", null, "started"],
      ["audit", "attempt.expire", "started"],
    ]);
    expect(timeline!.entries[1]!.actor).toEqual({ kind: "system", userId: null, username: null, tokenId: null });
  });
});

describe("mergeTimeline", () => {
  const at = new Date("2026-05-01T12:00:00Z");
  const later = new Date("2026-05-01T12:05:00Z");
  const audit = (id: number, when: Date, from: string | null, to: string | null, action = "attempt.x") => ({
    id,
    at: when,
    actorKind: "user" as const,
    actorUserId: 7,
    actorTokenId: null,
    action,
    fromStatus: from,
    toStatus: to,
    source: "api",
    requestId: `r${id}`,
    data: {},
  });
  const history = (id: number, when: Date, status: string) => ({ id, created: when, status, startedAt: null, completedAt: null, allowedTimeLimitMins: 30, timeRemainingSeconds: null }) as unknown as AttemptHistory;

  it("attaches a snapshot to the audit row of the same instant and from-status only", () => {
    const entries = mergeTimeline([audit(1, at, "created", "started"), audit(2, later, "started", "submitted")], [history(10, later, "started"), history(11, at, "other")], new Map([[7, "ann"]]));
    expect(entries.map((e) => e.key)).toEqual(["history-11", "audit-1", "audit-2"]);
    expect(entries[1]!.snapshot).toBeNull();
    expect(entries[2]!.snapshot).toMatchObject({ status: "started", allowedTimeLimitMins: 30 });
    expect(entries[2]!.actor).toEqual({ kind: "user", userId: 7, username: "ann", tokenId: null });
  });
});

describe("attempts out of time (decision 022)", () => {
  it("are listed submitted, completed at the expiry instant, and reading them writes nothing", async () => {
    const db = t.db;
    const late = await makeCourse(db);
    const exam = await makeExam(db, { courseKey: late.courseKey, examName: "Late", isProctored: true });
    const learner = await makeUser(db);
    const running = await makeAttempt(db, { exam, userId: learner.id, status: "started", startedAt: minutesAgo(90), allowedTimeLimitMins: 60 });
    const ctx = ctxOf(staffOf(staffUser, late.courseKey));
    const before = await writeSnapshot(db);
    const page = await listDashboardAttempts(ctx, { courseKey: late.courseKey, page: null, search: null });
    expect(await writeSnapshot(db)).toEqual(before);
    expect(page.rows[0]!.latest).toMatchObject({
      id: running.id,
      status: "submitted",
      completedAt: new Date(running.startedAt!.getTime() + 60 * 60_000).toISOString(),
    });
  });
});
