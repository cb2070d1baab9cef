import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  attempts,
  backendConfigs,
  courseRoles,
  enrollments,
  exams,
  users,
  type AttemptStatus,
  type Course,
  type EnrollmentMode,
  type Exam,
  type NewAttempt,
  type User,
} from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import { ServiceError } from "@/lib/domain/errors";
import {
  INSTRUCTOR_ONBOARDING_STATUSES,
  instructorOnboardingStatus,
  isOtherCourseVerificationValid,
  relevantOnboardingAttempt,
  type InstructorOnboardingStatus,
} from "@/lib/domain/onboarding";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { writeSnapshot } from "@/lib/testing/writes";
import { makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { listOnboardingStatuses, onboardingPanelResponse } from "./dashboard-onboarding";
import { PROCTORING_ELIGIBLE_MODES } from "@/lib/domain/enrollment-modes";
import { ONBOARDING_BY_COURSE_PATH, parseStatusFilter, type OnboardingPanelInput, type OnboardingPanelResponse } from "./onboarding";
import { djangoPathSegment, pageWindow, SEARCH_ID_LIST_CAP } from "./pagination";

const t = setupTestDatabase();

const DAY = 86_400_000;
const NOW = new Date();
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

/** A small deterministic PRNG, so a failure names the same sample every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

let course: Course;
let onboarding: Exam;
let staff: User;
let otherStaff: User;
let learner: User;
let admin: User;

async function attempt(db: Db, exam: Exam, user: User, over: Partial<NewAttempt> = {}) {
  await db.insert(attempts).values({
    userId: user.id,
    examId: exam.id,
    courseKey: exam.courseKey,
    status: "created",
    attemptCode: randomUUID(),
    takingAsProctored: true,
    isSampleAttempt: exam.isPracticeExam,
    ...over,
  });
}

const LOCAL_STATUSES: AttemptStatus[] = [
  "created",
  "download_software_clicked",
  "ready_to_start",
  "ready_to_submit",
  "submitted",
  "second_review_required",
  "verified",
  "rejected",
  "error",
  "onboarding_reset",
  "declined",
  "resumed",
];
const MODES: EnrollmentMode[] = ["verified", "verified", "professional", "no-id-professional", "masters", "executive-education", "audit", "honor"];

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values([
    { name: "mock", kind: "mock", isDefault: true },
    { name: "mock2", kind: "mock" },
  ]);
  course = await makeCourse(db);
  // An older onboarding exam of the course (its attempts count too), one deactivated (they do not).
  const older = await makeExam(db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, created: daysAgo(300) });
  const inactive = await makeExam(db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, isActive: false, created: daysAgo(200) });
  onboarding = await makeExam(db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
  const final = await makeExam(db, { courseKey: course.courseKey, isProctored: true, backend: "mock" });
  const elsewhere = await makeExam(db, { isProctored: true, isPracticeExam: true, backend: "mock" });
  const elsewhereDefault = await makeExam(db, { isProctored: true, isPracticeExam: true, backend: "" });
  const elsewhereOtherBackend = await makeExam(db, { isProctored: true, isPracticeExam: true, backend: "mock2" });
  const elsewhereNotPractice = await makeExam(db, { isProctored: true, backend: "mock" });

  staff = await makeUser(db);
  otherStaff = await makeUser(db);
  admin = await makeUser(db, { isAdmin: true });
  learner = await makeUser(db);
  const other = await makeCourse(db);
  await db.insert(courseRoles).values([
    { userId: staff.id, courseId: course.id, role: "staff" },
    { userId: otherStaff.id, courseId: other.id, role: "staff" },
  ]);

  const random = prng(20261125);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < 90; i++) {
    const user = await makeUser(db, { username: `obs_${String(i).padStart(3, "0")}`, email: i % 7 === 0 ? `obs${i}@Corp.Example` : `obs${i}@mail.example` });
    await makeEnrollment(db, { userId: user.id, courseId: course.id, mode: pick(MODES), isActive: random() > 0.05 });
    const local = Math.floor(random() * 4); // 0..3 local attempts
    for (let k = 0; k < local; k++) {
      // Shared timestamps on purpose: ties are broken by id, in both plans.
      const modified = daysAgo(Math.floor(random() * 5) * 3);
      await attempt(db, pick([onboarding, onboarding, older, inactive]), user, {
        status: pick(LOCAL_STATUSES),
        modified,
        takingAsProctored: random() > 0.1,
      });
    }
    const r = random();
    if (r < 0.2) await attempt(db, elsewhere, user, { status: "verified", modified: daysAgo(Math.floor(random() * 900)) });
    else if (r < 0.3) await attempt(db, elsewhereDefault, user, { status: "verified", modified: daysAgo(10) });
    else if (r < 0.35) await attempt(db, elsewhereOtherBackend, user, { status: "verified", modified: daysAgo(10) });
    else if (r < 0.4) await attempt(db, elsewhereNotPractice, user, { status: "verified", modified: daysAgo(10) });
    else if (r < 0.45) await attempt(db, elsewhere, user, { status: "verified", modified: daysAgo(10), takingAsProctored: false });
    if (random() < 0.2) await attempt(db, final, user, { status: pick(["verified", "rejected", "submitted"] as const), isSampleAttempt: false });
  }

  // Enough people matching one search to go past the id-list plan (SEARCH_ID_LIST_CAP).
  await db.execute(sql`
    insert into users (username, email, full_name)
    select 'bulk' || g, 'bulk' || g || '@bulk.example', '' from generate_series(1, ${SEARCH_ID_LIST_CAP + 20}) g`);
  await db.execute(sql`
    insert into enrollments (user_id, course_id, mode)
    select u.id, ${course.id}, 'verified' from users u where u.username like 'bulk%'`);
  await db.execute(sql`
    insert into attempts (user_id, exam_id, course_id, status, attempt_code, taking_as_proctored, is_sample_attempt, modified)
    select u.id, ${onboarding.id}, ${course.courseKey}, (array['submitted','verified','error','rejected'])[1 + u.id % 4], 'bulk-' || u.id, true, true, now() - interval '1 day'
    from users u where u.username like 'bulk%' and u.id % 3 = 0`);
  await db.execute(sql`
    insert into attempts (user_id, exam_id, course_id, status, attempt_code, taking_as_proctored, is_sample_attempt, modified)
    select u.id, ${elsewhere.id}, ${elsewhere.courseKey}, 'verified', 'bulk-x-' || u.id, true, true, now() - interval '5 days'
    from users u where u.username like 'bulk%' and u.id % 5 = 0`);
  // Running onboarding attempts whose time ran out and were never stored as handed in (no sweeper
  // here): the panel must show them in their effective state, and reading must not write.
  for (let i = 0; i < 6; i++) {
    const user = await makeUser(db, { username: `obs_exp${i}`, email: `exp${i}@mail.example` });
    await makeEnrollment(db, { userId: user.id, courseId: course.id, mode: "verified" });
    await attempt(db, onboarding, user, {
      status: i % 2 ? "started" : "ready_to_submit",
      startedAt: daysAgo(1),
      allowedTimeLimitMins: 30,
      modified: daysAgo(1),
    });
  }
  // …and one still running, in time.
  const running = await makeUser(db, { username: "obs_run", email: "run@mail.example" });
  await makeEnrollment(db, { userId: running.id, courseId: course.id, mode: "verified" });
  await attempt(db, onboarding, running, { status: "started", startedAt: new Date(NOW.getTime() - 60_000), allowedTimeLimitMins: 30 });

  // Statistics, as autovacuum keeps them on a server: without them PGlite plans the REST read
  // model's CASE filter with nested loops (0.5–2 s a call here; this file's plan stays ~20 ms).
  await db.execute(sql`analyze`);
});

async function ctxFor(user: User): Promise<ServiceContext> {
  return { db: t.db, principal: (await loadUserActor(t.db, user.id))!, now: NOW, requestId: newRequestId(), source: "api" };
}

/** What the reference reads: every row it looks at, read once per test (the data is the file's, unchanged by reads). */
interface ReferenceData {
  defaultBackend: typeof backendConfigs.$inferSelect | undefined;
  allExams: Exam[];
  people: { id: number; username: string; email: string; mode: (typeof enrollments.$inferSelect)["mode"] }[];
  attemptsOf: (userId: number) => (typeof attempts.$inferSelect)[];
}

async function referenceData(ctx: ServiceContext): Promise<ReferenceData> {
  const db = ctx.db;
  const [defaultBackend] = await db.select().from(backendConfigs).where(eq(backendConfigs.isDefault, true));
  const allExams = await db.select().from(exams);
  const byUser = new Map<number, (typeof attempts.$inferSelect)[]>();
  for (const a of await db.select().from(attempts)) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
  const people = await db
    .select({ id: users.id, username: users.username, email: users.email, mode: enrollments.mode })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.userId))
    .where(and(eq(enrollments.courseId, course.id), eq(enrollments.isActive, true)));
  return { defaultBackend, allExams, people, attemptsOf: (userId) => byUser.get(userId) ?? [] };
}

/**
 * §7.4 as plain TypeScript over every row, the reference the SQL plans are checked against: the
 * eligible learners (active enrollment in a proctoring mode), the search (username or e-mail,
 * case-insensitive, literal), each learner's relevant local attempt in its effective state and
 * the newest verification on the same backend within the validity window, the status filter
 * (unknown values match nobody), user id order and Django's pages.
 */
async function referenceResponse(ctx: ServiceContext, input: OnboardingPanelInput, data?: ReferenceData): Promise<OnboardingPanelResponse> {
  const validityDays = 730;
  const { defaultBackend, allExams, people, attemptsOf } = data ?? (await referenceData(ctx));
  const backendOf = (e: Exam) => e.backend || defaultBackend!.name;
  const localIds = new Set(
    allExams.filter((e) => e.courseKey === input.courseKey && e.isActive && e.isPracticeExam).map((e) => e.id),
  );
  const backendIds = new Set(allExams.filter((e) => e.isPracticeExam && backendOf(e) === backendOf(onboarding)).map((e) => e.id));
  const needle = input.textSearch?.toLowerCase() ?? null;
  const rows = people
    .filter((p) => (PROCTORING_ELIGIBLE_MODES as readonly string[]).includes(p.mode))
    .filter((p) => needle === null || p.username.toLowerCase().includes(needle) || p.email.toLowerCase().includes(needle))
    .sort((a, b) => a.id - b.id)
    .map((p) => {
      // Newest id first, so the stable sort by `modified` breaks ties by id as the SQL does.
      const local = attemptsOf(p.id)
        .filter((a) => localIds.has(a.examId) && a.takingAsProctored)
        .sort((a, b) => b.id - a.id)
        .map((a) => ({ stored: a, status: effectiveAttempt(a, ctx.now).status, modified: a.modified }));
      const relevant = relevantOnboardingAttempt(local);
      const verified = attemptsOf(p.id)
        .filter((a) => a.status === "verified" && a.takingAsProctored && backendIds.has(a.examId))
        .map((a) => a.modified)
        .filter((m) => isOtherCourseVerificationValid(m, ctx.now, validityDays))
        .sort((a, b) => b.getTime() - a.getTime())[0];
      if (verified && relevant?.status !== "verified") {
        return { username: p.username, enrollment_mode: p.mode, status: "other_course_approved" as InstructorOnboardingStatus, modified: verified.toISOString() };
      }
      const shownModified = relevant ? effectiveAttempt(relevant.stored, ctx.now).completedAt ?? relevant.modified : null;
      const expired = relevant !== null && relevant.status !== relevant.stored.status;
      return {
        username: p.username,
        enrollment_mode: p.mode,
        status: instructorOnboardingStatus(relevant?.status ?? null),
        modified: relevant ? (expired ? shownModified! : relevant.modified).toISOString() : null,
      };
    });
  const filter = parseStatusFilter(input.statuses);
  const matching = filter === null ? rows : rows.filter((r) => r.status !== null && filter.includes(r.status));
  const window = pageWindow(input.page, matching.length);
  const link = (page: number) => {
    const query = new URLSearchParams();
    if (input.textSearch) query.set("text_search", input.textSearch);
    if (input.statuses) query.set("statuses", input.statuses);
    query.set("page", String(page));
    return `${ONBOARDING_BY_COURSE_PATH}${djangoPathSegment(input.courseKey)}?${query.toString()}`;
  };
  return {
    results: matching.slice(window.offset, window.offset + window.limit),
    count: matching.length,
    previous: window.hasPrevious ? link(window.page - 1) : null,
    next: window.hasNext ? link(window.page + 1) : null,
    num_pages: window.numPages,
  };
}

describe("onboardingPanelResponse (the REST answer) equals the reference model of §7.4", () => {
  const filters = [
    null,
    ...INSTRUCTOR_ONBOARDING_STATUSES,
    "not_started,other_course_approved",
    "setup_started,onboarding_started,submitted,rejected,error",
    "verified,error",
    INSTRUCTOR_ONBOARDING_STATUSES.join(","),
    "bogus",
    "verified,bogus",
    "",
  ];
  const searches = [null, "obs_0", "CORP.example", "obs_exp", "bulk", "bulk1", "nobody-at-all", "%", "_"];
  const pages = [null, "2", "-1", "two", "999"];

  // The searches over the 2,000+ "bulk" people take the broad-search plans; a few filters and
  // pages of them are enough (PGlite is slow with thousands of rows, the CPU is shared).
  const BROAD = new Set(["bulk", "bulk1"]);
  const broadFilters = [null, "verified", "not_started", "other_course_approved", "submitted,error,rejected", INSTRUCTOR_ONBOARDING_STATUSES.join(",")];
  const broadPages = [null, "3", "999"];

  it.each(searches)(
    "with search %s, for every filter and page",
    async (textSearch) => {
      const ctx = await ctxFor(staff);
      let compared = 0;
      const broad = textSearch !== null && BROAD.has(textSearch);
      const data = await referenceData(ctx);
      for (const statuses of broad ? broadFilters : filters) {
        for (const page of broad ? broadPages : pages) {
          const input = { courseKey: course.courseKey, page, textSearch, statuses };
          const expected = await referenceResponse(ctx, input, data);
          const actual = await onboardingPanelResponse(ctx, input);
          expect(actual, JSON.stringify(input)).toEqual(expected);
          compared += expected.results.length;
        }
      }
      // The sample is not trivially empty.
      if (textSearch === null || broad || textSearch === "obs_0") expect(compared).toBeGreaterThan(50);
    },
    180_000,
  );

  it("covers every dashboard status in the sample", async () => {
    const ctx = await ctxFor(staff);
    for (const status of INSTRUCTOR_ONBOARDING_STATUSES) {
      const page = await onboardingPanelResponse(ctx, { courseKey: course.courseKey, page: null, textSearch: "obs_", statuses: status });
      expect(page.count, status).toBeGreaterThan(0);
    }
  });
});

describe("listOnboardingStatuses (the dashboard's JSON)", () => {
  it("pages 25 at a time with page numbers, in user id order", async () => {
    const ctx = await ctxFor(staff);
    const first = await listOnboardingStatuses(ctx, { courseKey: course.courseKey, page: null, search: "obs_", statuses: null });
    expect(first).toMatchObject({ page: 1, perPage: 25, search: "obs_", statuses: [] });
    expect(first.rows).toHaveLength(25);
    expect(first.pageCount).toBe(Math.ceil(first.total / 25));
    const usernames = first.rows.map((r) => r.username);
    expect([...usernames].sort()).toEqual(usernames);
    const last = await listOnboardingStatuses(ctx, { courseKey: course.courseKey, page: "99", search: "obs_", statuses: null });
    expect(last.page).toBe(first.pageCount);
    expect(last.rows.length).toBe(first.total - 25 * (first.pageCount - 1));
    expect(Object.keys(first.rows[0]!).sort()).toEqual(["eligibility", "enrollmentMode", "modified", "status", "username"]);
  });

  it("says why a learner cannot take proctored exams: the account, then the identity verification (§12.3, decision 032)", async () => {
    const ctx = await ctxFor(staff);
    const c = await makeCourse(t.db);
    await makeExam(t.db, { courseKey: c.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
    const tag = randomUUID().slice(0, 8);
    const people = {
      fine: await makeUser(t.db, { username: `elig_${tag}_a`, verificationStatus: "approved" }),
      inactive: await makeUser(t.db, { username: `elig_${tag}_b`, isActive: false, verificationStatus: "expired" }),
      expired: await makeUser(t.db, { username: `elig_${tag}_c`, verificationStatus: "expired" }),
      none: await makeUser(t.db, { username: `elig_${tag}_d` }),
    };
    for (const u of Object.values(people)) await makeEnrollment(t.db, { userId: u.id, courseId: c.id, mode: "verified" });
    const page = await listOnboardingStatuses(
      { ...ctx, principal: { ...(ctx.principal as Extract<ServiceContext["principal"], { kind: "user" }>), isAdmin: true } },
      { courseKey: c.courseKey, page: null, search: `elig_${tag}`, statuses: null },
    );
    expect(page.rows.map((r) => r.eligibility)).toEqual([
      null,
      { kind: "inactive_account" },
      { kind: "identity_verification", status: "expired" },
      { kind: "identity_verification", status: "none" },
    ]);
  });

  it("filters by statuses (in the dashboard's order, duplicates dropped) and searches case-insensitively", async () => {
    const ctx = await ctxFor(staff);
    const filtered = await listOnboardingStatuses(ctx, { courseKey: course.courseKey, page: "1", search: "  OBS_  ", statuses: "verified,not_started,verified" });
    expect(filtered.statuses).toEqual(["not_started", "verified"]);
    expect(filtered.search).toBe("OBS_");
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.rows.every((r) => r.status === "verified" || r.status === "not_started")).toBe(true);
    const reference = await referenceResponse(ctx, { courseKey: course.courseKey, page: "1", textSearch: "OBS_", statuses: "not_started,verified" });
    expect(filtered.total).toBe(reference.count);
    expect(filtered.rows.map((r) => r.username)).toEqual(reference.results.map((r) => r.username));
  });

  it("refuses an unknown status with a 400 that names it", async () => {
    const error = await listOnboardingStatuses(await ctxFor(staff), { courseKey: course.courseKey, page: null, search: null, statuses: "verified,approved" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).status).toBe(400);
    expect((error as ServiceError).detail).toContain('"approved"');
  });

  it("is 404 without an onboarding exam, 403 for anyone but course staff and admins", async () => {
    const plain = await makeCourse(t.db);
    const noExam = await listOnboardingStatuses(await ctxFor(admin), { courseKey: plain.courseKey, page: null, search: null, statuses: null }).catch((e: unknown) => e);
    expect((noExam as ServiceError).status).toBe(404);
    for (const who of [learner, otherStaff]) {
      const denied = await listOnboardingStatuses(await ctxFor(who), { courseKey: course.courseKey, page: null, search: null, statuses: null }).catch((e: unknown) => e);
      expect((denied as ServiceError).status).toBe(403);
    }
    expect((await listOnboardingStatuses(await ctxFor(admin), { courseKey: course.courseKey, page: null, search: null, statuses: "verified" })).total).toBeGreaterThan(0);
  });
});

describe("attempts out of time (decision 022)", () => {
  it("are shown submitted, completed at the expiry instant, and reading them writes nothing", async () => {
    const ctx = await ctxFor(staff);
    const before = await writeSnapshot(t.db);
    const page = await onboardingPanelResponse(ctx, { courseKey: course.courseKey, page: null, textSearch: "obs_exp", statuses: null });
    const filtered = await onboardingPanelResponse(ctx, { courseKey: course.courseKey, page: null, textSearch: "obs_", statuses: "submitted" });
    const dashboard = await listOnboardingStatuses(ctx, { courseKey: course.courseKey, page: null, search: "obs_exp", statuses: "onboarding_started" });
    expect(await writeSnapshot(t.db)).toEqual(before);

    expect(page.results.map((r) => r.status)).toEqual(Array(6).fill("submitted"));
    // started one day ago with 30 minutes: completed at the expiry instant.
    const expiry = new Date(daysAgo(1).getTime() + 30 * 60_000).toISOString();
    expect(page.results.every((r) => r.modified === expiry)).toBe(true);
    const allSubmitted = await onboardingPanelResponse(ctx, { courseKey: course.courseKey, page: String(filtered.num_pages), textSearch: "obs_", statuses: "submitted" });
    expect([...filtered.results, ...allSubmitted.results].filter((r) => r.username.startsWith("obs_exp")).length).toBeGreaterThan(0);
    expect(dashboard.total).toBe(0);
    const running = await onboardingPanelResponse(ctx, { courseKey: course.courseKey, page: null, textSearch: "obs_run", statuses: null });
    expect(running.results.map((r) => r.status)).toEqual(["onboarding_started"]);
  });
});
