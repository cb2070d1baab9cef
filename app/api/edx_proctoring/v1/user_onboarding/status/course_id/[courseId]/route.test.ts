import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  attempts,
  backendConfigs,
  courseRoles,
  courseSections,
  courses,
  exams,
  siteSettings,
  type AttemptStatus,
  type Course,
  type EnrollmentMode,
  type Exam,
  type NewAttempt,
  type User,
} from "@/db/schema";
import { INSTRUCTOR_ONBOARDING_STATUSES, instructorOnboardingRow } from "@/lib/domain/onboarding";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { GET } from "./route";

const t = setupApiTestDatabase();

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY);

async function makeAttempt(db: Db, exam: Exam, user: User, over: Partial<NewAttempt> = {}) {
  const [row] = await db
    .insert(attempts)
    .values({
      userId: user.id,
      examId: exam.id,
      courseKey: exam.courseKey,
      status: "created",
      attemptCode: randomUUID().toUpperCase(),
      takingAsProctored: true,
      isSampleAttempt: exam.isPracticeExam,
      ...over,
    })
    .returning();
  return row!;
}

async function onboardingCourse(db: Db, backend = "mock") {
  const course = await makeCourse(db);
  const exam = await makeExam(db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend });
  await db.insert(courseSections).values({ courseId: course.id, usageKey: exam.contentId, displayName: "Onboarding" });
  return { course, exam };
}

interface Row {
  username: string;
  enrollment_mode: string;
  status: string | null;
  modified: string | null;
}
interface Body {
  results: Row[];
  count: number;
  previous: string | null;
  next: string | null;
  num_pages: number;
}

let main: { course: Course; exam: Exam };
let staff: User;
let otherStaff: User;
const learners: Record<string, User> = {};
const verifiedElsewhereAt = daysAgo(10);
let localModified: Record<string, Date> = {};

const panel = async (caller: User, courseKey: string, query: Record<string, string> = {}) =>
  callRoute(GET, {
    path: `/api/edx_proctoring/v1/user_onboarding/status/course_id/${courseKey}?${new URLSearchParams(query)}`,
    params: { courseId: courseKey },
    auth: await userAuth(caller.id),
  });

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values([
    { name: "mock", kind: "mock", isDefault: true },
    { name: "mock2", kind: "mock" },
  ]);
  main = await onboardingCourse(db);
  const elsewhere = await onboardingCourse(db);
  const otherBackend = await onboardingCourse(db, "mock2");
  staff = await makeUser(db);
  otherStaff = await makeUser(db);
  await db.insert(courseRoles).values([
    { userId: staff.id, courseId: main.course.id, role: "instructor" },
    { userId: otherStaff.id, courseId: elsewhere.course.id, role: "staff" },
  ]);

  const learner = async (key: string, mode: EnrollmentMode, over: { isActive?: boolean; email?: string } = {}) => {
    const user = await makeUser(db, { username: `ob_${key}`, email: over.email ?? `${key}@learners.test` });
    await makeEnrollment(db, { userId: user.id, courseId: main.course.id, mode, isActive: over.isActive ?? true });
    learners[key] = user;
    return user;
  };
  await learner("none", "verified");
  const setup = await learner("setup", "professional");
  const verified = await learner("verified", "masters");
  const approved = await learner("approved", "executive-education", { email: "Approved.Person@Corp.example" });
  const started = await learner("started", "no-id-professional");
  const submitted = await learner("submitted", "verified");
  const review = await learner("review", "verified");
  const rejectedButApproved = await learner("rejapproved", "verified");
  const otherBackendOnly = await learner("mock2only", "verified");
  await learner("audit", "audit");
  await learner("honor", "honor");
  await learner("inactive", "verified", { isActive: false });

  localModified = {
    setup: daysAgo(1),
    verified: daysAgo(400),
    started: daysAgo(0.01),
    submitted: daysAgo(2),
    review: daysAgo(3),
    rejapproved: daysAgo(4),
  };
  await makeAttempt(db, main.exam, setup, { status: "ready_to_start", modified: localModified.setup });
  // An old verified attempt still counts in its own course, and beats a newer rejected one.
  await makeAttempt(db, main.exam, verified, { status: "verified", modified: localModified.verified });
  await makeAttempt(db, main.exam, verified, { status: "rejected", modified: daysAgo(1) });
  await makeAttempt(db, elsewhere.exam, approved, { status: "verified", modified: verifiedElsewhereAt });
  await makeAttempt(db, main.exam, started, {
    status: "started",
    startedAt: new Date(),
    allowedTimeLimitMins: 60,
    modified: localModified.started,
  });
  await makeAttempt(db, main.exam, submitted, { status: "submitted", modified: localModified.submitted });
  await makeAttempt(db, main.exam, review, { status: "second_review_required", modified: localModified.review });
  await makeAttempt(db, main.exam, rejectedButApproved, { status: "rejected", modified: localModified.rejapproved });
  await makeAttempt(db, elsewhere.exam, rejectedButApproved, { status: "verified", modified: verifiedElsewhereAt });
  await makeAttempt(db, otherBackend.exam, otherBackendOnly, { status: "verified", modified: daysAgo(1) });
});

describe("GET …/user_onboarding/status/course_id/<course> (§7.4)", () => {
  it("lists every proctoring-eligible learner with their dashboard status, in enrollment (user id) order", async () => {
    const res = await panel(staff, main.course.courseKey);
    expect(res.status).toBe(200);
    const body = res.json as Body;
    expect(Object.keys(body).sort()).toEqual(["count", "next", "num_pages", "previous", "results"]);
    expect(body).toMatchObject({ count: 9, previous: null, next: null, num_pages: 1 });
    const iso = (d: Date) => d.toISOString();
    expect(body.results).toEqual([
      { username: "ob_none", enrollment_mode: "verified", status: "not_started", modified: null },
      { username: "ob_setup", enrollment_mode: "professional", status: "setup_started", modified: iso(localModified.setup!) },
      { username: "ob_verified", enrollment_mode: "masters", status: "verified", modified: iso(localModified.verified!) },
      {
        username: "ob_approved",
        enrollment_mode: "executive-education",
        status: "other_course_approved",
        modified: iso(verifiedElsewhereAt),
      },
      { username: "ob_started", enrollment_mode: "no-id-professional", status: "onboarding_started", modified: iso(localModified.started!) },
      { username: "ob_submitted", enrollment_mode: "verified", status: "submitted", modified: iso(localModified.submitted!) },
      // 3.8.1 leaves second_review_required unmapped (§3.5).
      { username: "ob_review", enrollment_mode: "verified", status: null, modified: iso(localModified.review!) },
      { username: "ob_rejapproved", enrollment_mode: "verified", status: "other_course_approved", modified: iso(verifiedElsewhereAt) },
      { username: "ob_mock2only", enrollment_mode: "verified", status: "not_started", modified: null },
    ]);
  });

  it("agrees with the domain's instructorOnboardingRow for every learner", async () => {
    const body = (await panel(staff, main.course.courseKey)).json as Body;
    const now = new Date();
    for (const row of body.results) {
      const user = Object.values(learners).find((u) => u.username === row.username)!;
      const all = await t.db
        .select({ attempt: attempts, backend: exams.backend, practice: exams.isPracticeExam })
        .from(attempts)
        .innerJoin(exams, eq(exams.id, attempts.examId))
        .where(eq(attempts.userId, user.id));
      const local = all.filter((r) => r.attempt.courseKey === main.course.courseKey).map((r) => r.attempt);
      const sameBackend = all
        .filter((r) => r.practice && r.backend === "mock" && r.attempt.status === "verified" && r.attempt.takingAsProctored)
        .map((r) => r.attempt)
        .filter((a) => a.modified.getTime() >= now.getTime() - 730 * DAY);
      const expected = instructorOnboardingRow({
        username: row.username,
        enrollmentMode: row.enrollment_mode,
        localAttempts: local.map((a) => ({ status: a.status as AttemptStatus, modified: a.modified })),
        latestVerified: sameBackend.sort((a, b) => b.modified.getTime() - a.modified.getTime())[0] ?? null,
        now,
      });
      expect({ ...row, modified: row.modified }).toEqual({ ...expected, modified: expected.modified?.toISOString() ?? null });
    }
  });

  it("filters by status after computing it, not_started included", async () => {
    const notStarted = (await panel(staff, main.course.courseKey, { statuses: "not_started" })).json as Body;
    expect(notStarted.results.map((r) => r.username)).toEqual(["ob_none", "ob_mock2only"]);
    expect(notStarted.count).toBe(2);
    const two = (await panel(staff, main.course.courseKey, { statuses: "other_course_approved,verified" })).json as Body;
    expect(two.results.map((r) => r.username)).toEqual(["ob_verified", "ob_approved", "ob_rejapproved"]);
    // A filter switches to the whole-course plan: with every status it must agree with the
    // per-learner plan of the unfiltered list (except the unmapped, null-status rows).
    const everything = (await panel(staff, main.course.courseKey)).json as Body;
    const allStatuses = (await panel(staff, main.course.courseKey, { statuses: INSTRUCTOR_ONBOARDING_STATUSES.join(",") }))
      .json as Body;
    expect(allStatuses.results).toEqual(everything.results.filter((r) => r.status !== null));
    const unknown = (await panel(staff, main.course.courseKey, { statuses: "bogus" })).json as Body;
    expect(unknown).toEqual({ results: [], count: 0, previous: null, next: null, num_pages: 1 });
  });

  it("searches username or e-mail, case-insensitively, together with a status filter", async () => {
    const byEmail = (await panel(staff, main.course.courseKey, { text_search: "APPROVED.person@corp" })).json as Body;
    expect(byEmail.results.map((r) => r.username)).toEqual(["ob_approved"]);
    const byName = (await panel(staff, main.course.courseKey, { text_search: "OB_S" })).json as Body;
    expect(byName.results.map((r) => r.username)).toEqual(["ob_setup", "ob_started", "ob_submitted"]);
    const both = (await panel(staff, main.course.courseKey, { text_search: "ob_s", statuses: "submitted" })).json as Body;
    expect(both.results.map((r) => r.username)).toEqual(["ob_submitted"]);
  });

  it("lets an other-course verification expire after the validity setting's days", async () => {
    await t.db.insert(siteSettings).values({ key: "onboarding_validity_days", value: 9 });
    try {
      const body = (await panel(staff, main.course.courseKey, { text_search: "approved" })).json as Body;
      expect(body.results.map((r) => [r.username, r.status])).toEqual([
        ["ob_approved", "not_started"],
        ["ob_rejapproved", "rejected"],
      ]);
      await t.db.update(siteSettings).set({ value: 11 }).where(eq(siteSettings.key, "onboarding_validity_days"));
      const again = (await panel(staff, main.course.courseKey, { text_search: "approved" })).json as Body;
      expect(again.results.map((r) => r.status)).toEqual(["other_course_approved", "other_course_approved"]);
    } finally {
      await t.db.delete(siteSettings).where(eq(siteSettings.key, "onboarding_validity_days"));
    }
  });

  it("is for course staff and admins only", async () => {
    for (const caller of [learners.none!, otherStaff]) {
      const res = await panel(caller, main.course.courseKey);
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    }
    const admin = await makeUser(t.db, { isAdmin: true });
    expect((await panel(admin, encodeURIComponent(main.course.courseKey))).status).toBe(200);
  });

  it("is 404 when the course has no onboarding exam", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    const plain = await makeCourse(t.db);
    const res = await panel(admin, plain.courseKey);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ detail: "There is no onboarding exam related to this course id." });
  });

  it("lists nobody when the course has proctored exams turned off (the host's rule)", async () => {
    await t.db.update(courses).set({ enableProctoredExams: false }).where(eq(courses.id, main.course.id));
    try {
      expect(((await panel(staff, main.course.courseKey)).json as Body).count).toBe(0);
    } finally {
      await t.db.update(courses).set({ enableProctoredExams: true }).where(eq(courses.id, main.course.id));
    }
  });
});

describe("pagination", () => {
  let big: { course: Course; exam: Exam };
  beforeAll(async () => {
    big = await onboardingCourse(t.db);
    await t.db.insert(courseRoles).values({ userId: staff.id, courseId: big.course.id, role: "staff" });
    for (let i = 0; i < 30; i++) {
      const user = await makeUser(t.db, { username: `pg_${String(i).padStart(2, "0")}` });
      await makeEnrollment(t.db, { userId: user.id, courseId: big.course.id });
      if (i % 3 === 0) await makeAttempt(t.db, big.exam, user, { status: "submitted" });
    }
  });

  const path = (query: string) => `/api/edx_proctoring/v1/user_onboarding/status/course_id/${big?.course.courseKey}?${query}`;

  it("pages 30 learners into 25 + 5 with next/previous links", async () => {
    const first = (await panel(staff, big.course.courseKey)).json as Body;
    expect(first.count).toBe(30);
    expect(first.num_pages).toBe(2);
    expect(first.results).toHaveLength(25);
    expect(first.results[0]!.username).toBe("pg_00");
    expect(first.previous).toBeNull();
    expect(first.next).toBe(path("page=2"));
    const second = (await panel(staff, big.course.courseKey, { page: "2" })).json as Body;
    expect(second.results.map((r) => r.username)).toEqual(["pg_25", "pg_26", "pg_27", "pg_28", "pg_29"]);
    expect(second.previous).toBe(path("page=1"));
    expect(second.next).toBeNull();
  });

  it("sends a page beyond the range to the last page and a non-integer page to the first", async () => {
    const beyond = (await panel(staff, big.course.courseKey, { page: "7" })).json as Body;
    expect(beyond.results.map((r) => r.username)[0]).toBe("pg_25");
    expect(beyond.previous).toBe(path("page=1"));
    const zero = (await panel(staff, big.course.courseKey, { page: "0" })).json as Body;
    expect(zero.results).toHaveLength(5);
    const junk = (await panel(staff, big.course.courseKey, { page: "two" })).json as Body;
    expect(junk.results[0]!.username).toBe("pg_00");
    expect(junk.next).toBe(path("page=2"));
  });

  it("keeps text_search and statuses in the links, and pages filtered results", async () => {
    const query = { text_search: "pg_", statuses: "not_started,submitted" };
    const first = (await panel(staff, big.course.courseKey, query)).json as Body;
    expect(first.count).toBe(30);
    expect(first.next).toBe(path("text_search=pg_&statuses=not_started%2Csubmitted&page=2"));
    const filtered = (await panel(staff, big.course.courseKey, { statuses: "submitted", page: "1" })).json as Body;
    expect(filtered.count).toBe(10);
    expect(filtered.num_pages).toBe(1);
    expect(filtered.results.every((r) => r.status === "submitted")).toBe(true);
    const beyond = (await panel(staff, big.course.courseKey, { statuses: "not_started", page: "5" })).json as Body;
    expect(beyond.count).toBe(20);
    expect(beyond.num_pages).toBe(1);
    expect(beyond.results).toHaveLength(20);
    expect(beyond.previous).toBeNull();
    const negative = (await panel(staff, big.course.courseKey, { statuses: "not_started,submitted", page: "-1" })).json as Body;
    expect(negative.results).toHaveLength(5);
    expect(negative.previous).toBe(path("statuses=not_started%2Csubmitted&page=1"));
  });
});
