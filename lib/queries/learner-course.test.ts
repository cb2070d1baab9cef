import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  attempts,
  backendConfigs,
  courseRoles,
  courseSections,
  dueDateExtensions,
  siteSettings,
  type AttemptStatus,
  type Course,
  type EnrollmentMode,
  type Exam,
  type User,
} from "@/db/schema";
import { loadUserActor } from "@/lib/data/actor-loader";
import type { ServiceContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { writeSnapshot } from "@/lib/testing/writes";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { learnerCourseView, type LearnerCourseView } from "./learner-course";

const t = setupTestDatabase();

const MINUTE = 60_000;
const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

async function ctxFor(user: User): Promise<ServiceContext> {
  const actor = await loadUserActor(t.db, user.id);
  if (!actor) throw new Error("no actor");
  return { db: t.db, principal: actor, now: new Date(), requestId: "test", source: "web" };
}

async function viewFor(user: User, course: Course): Promise<LearnerCourseView | null> {
  return learnerCourseView(await ctxFor(user), course.courseKey);
}

async function mustView(user: User, course: Course): Promise<LearnerCourseView> {
  const view = await viewFor(user, course);
  if (!view) throw new Error("expected a view");
  return view;
}

async function learnerIn(course: Course, mode: EnrollmentMode = "verified"): Promise<User> {
  const user = await makeUser(t.db);
  await makeEnrollment(t.db, { userId: user.id, courseId: course.id, mode });
  return user;
}

const examUrl = (course: Course, exam: Exam) =>
  `/courses/${encodeURIComponent(course.courseKey)}/exams/${encodeURIComponent(exam.contentId)}`;

const card = (view: LearnerCourseView, exam: Exam) => {
  const found = view.exams.find((e) => e.id === exam.id);
  if (!found) throw new Error(`exam ${exam.examName} not listed`);
  return found;
};

/** Course "A": a proctored exam, a timed one and a practice exam on a backend without onboarding. */
let courseA: Course;
let proctored: Exam;
let timed: Exam;
let practice: Exam;

/** Course "B": a proctored exam and an onboarding exam (mock backend), in the outline. */
let courseB: Course;
let onboardingExam: Exam;
let releaseB: Date;

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values([
    { name: "mock", kind: "mock", isDefault: true },
    { name: "plain", kind: "null" },
  ]);

  courseA = await makeCourse(db);
  proctored = await makeExam(db, { courseKey: courseA.courseKey, examName: "Final", isProctored: true, backend: "mock", timeLimitMins: 90 });
  timed = await makeExam(db, { courseKey: courseA.courseKey, examName: "Quiz", timeLimitMins: 30 });
  practice = await makeExam(db, { courseKey: courseA.courseKey, examName: "Practice", isProctored: true, isPracticeExam: true, backend: "plain" });
  // Not special exams: a non-proctored practice exam, and an inactive exam.
  await makeExam(db, { courseKey: courseA.courseKey, examName: "Odd", isPracticeExam: true });
  await makeExam(db, { courseKey: courseA.courseKey, examName: "Retired", isProctored: true, isActive: false });

  courseB = await makeCourse(db, { start: ago(30 * DAY) });
  await makeExam(db, { courseKey: courseB.courseKey, examName: "Midterm", isProctored: true }); // default backend: mock
  onboardingExam = await makeExam(db, { courseKey: courseB.courseKey, examName: "Onboarding", isProctored: true, isPracticeExam: true, backend: "mock" });
  releaseB = ago(7 * DAY);
  await db.insert(courseSections).values({ courseId: courseB.id, usageKey: onboardingExam.contentId, displayName: "Onboarding", releaseDate: releaseB });
});

describe("learnerCourseView: access", () => {
  it("is null for an unknown course, a stranger and an inactive enrollment", async () => {
    const stranger = await makeUser(t.db);
    expect(await learnerCourseView(await ctxFor(stranger), "course-v1:No+Such+Course")).toBeNull();
    expect(await viewFor(stranger, courseA)).toBeNull();
    const former = await makeUser(t.db);
    await makeEnrollment(t.db, { userId: former.id, courseId: courseA.id, isActive: false });
    expect(await viewFor(former, courseA)).toBeNull();
  });

  it("lets course staff and admins in without an enrollment; no proctored summary for them", async () => {
    const staff = await makeUser(t.db);
    await t.db.insert(courseRoles).values({ userId: staff.id, courseId: courseA.id, role: "staff" });
    const view = await mustView(staff, courseA);
    expect(view.isStaff).toBe(true);
    expect(view.enrollmentMode).toBeNull();
    expect(card(view, proctored).summary).toBeNull();
    expect(card(view, timed).summary).toEqual({ short_description: "Timed Exam", suggested_icon: "fa-clock-o", in_completed_state: false });
    expect(view.onboarding).toBeNull();

    const admin = await makeUser(t.db, { isAdmin: true });
    expect((await mustView(admin, courseA)).isStaff).toBe(true);
  });
});

describe("learnerCourseView: exams", () => {
  it("lists the active special exams with kind, time limit and the exam page URL", async () => {
    const learner = await learnerIn(courseA);
    const view = await mustView(learner, courseA);
    expect(view.course.courseKey).toBe(courseA.courseKey);
    expect(view.enrollmentMode).toBe("verified");
    expect(view.isStaff).toBe(false);
    expect(view.exams.map((e) => [e.name, e.kind, e.timeLimitMins])).toEqual([
      ["Final", "proctored", 90],
      ["Quiz", "timed", 30],
      ["Practice", "practice", 60],
    ]);
    expect(card(view, proctored).url).toBe(examUrl(courseA, proctored));
    expect(card(view, proctored).url).toContain("course-v1%3ATestX%2B");
    expect(view.running).toBeNull();
  });

  it("orders by the outline position where the exam's sequence is known", async () => {
    const course = await makeCourse(t.db);
    const first = await makeExam(t.db, { courseKey: course.courseKey, examName: "Made first" });
    const second = await makeExam(t.db, { courseKey: course.courseKey, examName: "Made second" });
    const loose = await makeExam(t.db, { courseKey: course.courseKey, examName: "Not in outline" });
    await t.db.insert(courseSections).values([
      { courseId: course.id, usageKey: first.contentId, displayName: "Later", position: 2 },
      { courseId: course.id, usageKey: second.contentId, displayName: "Earlier", position: 1 },
    ]);
    const view = await mustView(await learnerIn(course), course);
    expect(view.exams.map((e) => e.id)).toEqual([second.id, first.id, loose.id]);
  });

  const proctoredCases: [AttemptStatus | null, string, string, boolean][] = [
    [null, "eligible", "Proctored Option Available", false],
    ["created", "created", "Taking As Proctored Exam", false],
    ["declined", "declined", "Taking As Open Exam", false],
    ["submitted", "submitted", "Pending Session Review", true],
    ["second_review_required", "second_review_required", "Pending Session Review", true],
    ["verified", "verified", "Passed Proctoring", true],
    ["rejected", "rejected", "Failed Proctoring", true],
    ["error", "error", "Failed Proctoring", true],
  ];
  it.each(proctoredCases)("proctored, latest attempt %s: summary %s / %s", async (status, summaryStatus, text, completed) => {
    const learner = await learnerIn(courseA);
    if (status) await makeAttempt(t.db, { exam: proctored, userId: learner.id, status });
    const exam = card(await mustView(learner, courseA), proctored);
    expect(exam.attemptStatus).toBe(status);
    expect(exam.summary).toMatchObject({ status: summaryStatus, short_description: text, in_completed_state: completed });
  });

  it("proctored without attempt after the course end: Proctored Option No Longer Available", async () => {
    const ended = await makeCourse(t.db, { end: ago(DAY) });
    const exam = await makeExam(t.db, { courseKey: ended.courseKey, isProctored: true, backend: "mock" });
    const view = await mustView(await learnerIn(ended), ended);
    expect(card(view, exam).summary).toMatchObject({ status: "expired", short_description: "Proctored Option No Longer Available" });
  });

  const practiceCases: [AttemptStatus | null, string][] = [
    [null, "Ungraded Practice Exam"],
    ["created", "Ungraded Practice Exam"],
    ["submitted", "Practice Exam Completed"],
    ["error", "Practice Exam Failed"],
  ];
  it.each(practiceCases)("practice, latest attempt %s: %s", async (status, text) => {
    const learner = await learnerIn(courseA);
    if (status) await makeAttempt(t.db, { exam: practice, userId: learner.id, status, isSampleAttempt: true });
    expect(card(await mustView(learner, courseA), practice).summary?.short_description).toBe(text);
  });

  it("timed: the Timed Exam summary without status, the attempt status beside it", async () => {
    const learner = await learnerIn(courseA);
    await makeAttempt(t.db, { exam: timed, userId: learner.id, status: "submitted" });
    const exam = card(await mustView(learner, courseA), timed);
    expect(exam.summary).toEqual({ short_description: "Timed Exam", suggested_icon: "fa-clock-o", in_completed_state: false });
    expect(exam.attemptStatus).toBe("submitted");
  });

  it("the latest attempt (newest created) speaks for the learner", async () => {
    const learner = await learnerIn(courseA);
    await makeAttempt(t.db, { exam: proctored, userId: learner.id, status: "verified", created: ago(2 * DAY) });
    await makeAttempt(t.db, { exam: proctored, userId: learner.id, status: "rejected", created: ago(DAY) });
    expect(card(await mustView(learner, courseA), proctored).summary?.short_description).toBe("Failed Proctoring");
  });

  it("an audit learner gets no proctored summary, but the timed one", async () => {
    const view = await mustView(await learnerIn(courseA, "audit"), courseA);
    expect(card(view, proctored).summary).toBeNull();
    expect(card(view, practice).summary?.short_description).toBe("Ungraded Practice Exam");
    expect(card(view, timed).summary?.short_description).toBe("Timed Exam");
  });

  it("due date: a personal extension wins over the exam's own", async () => {
    const course = await makeCourse(t.db);
    const examDue = ahead(2 * DAY);
    const exam = await makeExam(t.db, { courseKey: course.courseKey, dueDate: examDue });
    const other = await makeExam(t.db, { courseKey: course.courseKey });
    const extended = await learnerIn(course);
    const plain = await learnerIn(course);
    const personal = ahead(10 * DAY);
    await t.db.insert(dueDateExtensions).values([
      { userId: extended.id, courseId: course.id, usageKey: exam.contentId, dueDate: personal },
      // Someone else's extension does not count for `plain`.
      { userId: extended.id, courseId: course.id, usageKey: other.contentId, dueDate: personal },
    ]);
    const mine = card(await mustView(extended, course), exam);
    expect(mine.dueDate?.toISOString()).toBe(personal.toISOString());
    expect(mine.duePassed).toBe(false);
    expect(card(await mustView(plain, course), exam).dueDate?.toISOString()).toBe(examDue.toISOString());
    expect(card(await mustView(plain, course), other).dueDate).toBeNull();
  });

  it("due date: the section's synced due date when the exam has none; hide_after_due follows it", async () => {
    const course = await makeCourse(t.db);
    const hidden = await makeExam(t.db, { courseKey: course.courseKey, hideAfterDue: true });
    const own = await makeExam(t.db, { courseKey: course.courseKey, dueDate: ahead(DAY) });
    const sectionDue = ago(DAY);
    await t.db.insert(courseSections).values([
      { courseId: course.id, usageKey: hidden.contentId, displayName: "Hidden", dueDate: sectionDue },
      { courseId: course.id, usageKey: own.contentId, displayName: "Own", dueDate: sectionDue },
    ]);
    const learner = await learnerIn(course);
    const view = await mustView(learner, course);
    // Past the section's due date, a hide_after_due exam never attempted leaves the list.
    expect(view.exams.map((e) => e.id)).toEqual([own.id]);
    // The exam's own due date wins over its section's.
    expect(card(view, own)).toMatchObject({ duePassed: false });

    const extended = await learnerIn(course);
    await t.db.insert(dueDateExtensions).values({ userId: extended.id, courseId: course.id, usageKey: hidden.contentId, dueDate: ahead(DAY) });
    expect(card(await mustView(extended, course), hidden).duePassed).toBe(false);

    const plainExam = await makeExam(t.db, { courseKey: course.courseKey });
    await t.db.insert(courseSections).values({ courseId: course.id, usageKey: plainExam.contentId, displayName: "Plain", dueDate: sectionDue });
    expect(card(await mustView(learner, course), plainExam)).toMatchObject({ dueDate: sectionDue, duePassed: true });
  });

  it("hide_after_due: past the learner's due date, only learners who attempted it (and staff) still see it", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey, hideAfterDue: true, dueDate: ago(DAY) });
    const visible = await makeExam(t.db, { courseKey: course.courseKey, dueDate: ago(DAY) });

    const never = await learnerIn(course);
    const neverView = await mustView(never, course);
    expect(neverView.exams.map((e) => e.id)).toEqual([visible.id]);
    expect(card(neverView, visible).duePassed).toBe(true);

    const tried = await learnerIn(course);
    await makeAttempt(t.db, { exam, userId: tried.id, status: "submitted" });
    expect(card(await mustView(tried, course), exam).hideAfterDue).toBe(true);

    const extended = await learnerIn(course);
    await t.db.insert(dueDateExtensions).values({ userId: extended.id, courseId: course.id, usageKey: exam.contentId, dueDate: ahead(DAY) });
    expect(card(await mustView(extended, course), exam).duePassed).toBe(false);

    const staff = await makeUser(t.db);
    await t.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "instructor" });
    expect((await mustView(staff, course)).exams.map((e) => e.id)).toEqual([exam.id, visible.id]);
  });
});

describe("learnerCourseView: the running attempt", () => {
  it.each(["started", "ready_to_submit"] as const)("finds an attempt in %s, for the timer", async (status) => {
    const learner = await learnerIn(courseA);
    const attempt = await makeAttempt(t.db, { exam: timed, userId: learner.id, status, startedAt: ago(5 * MINUTE), allowedTimeLimitMins: 30 });
    const view = await mustView(learner, courseA);
    expect(view.running).toEqual({ attemptId: attempt.id, examId: timed.id, examName: "Quiz", status, url: examUrl(courseA, timed) });
    expect(card(view, timed).attemptStatus).toBe(status);
  });

  it("none before the start or after the submission", async () => {
    const learner = await learnerIn(courseA);
    await makeAttempt(t.db, { exam: proctored, userId: learner.id, status: "ready_to_start" });
    await makeAttempt(t.db, { exam: timed, userId: learner.id, status: "submitted", startedAt: ago(DAY), allowedTimeLimitMins: 30 });
    expect((await mustView(learner, courseA)).running).toBeNull();
  });

  it("shows an attempt whose time is up as submitted, not running, and writes nothing (decision 022)", async () => {
    const learner = await learnerIn(courseA);
    const stored = await makeAttempt(t.db, { exam: timed, userId: learner.id, status: "started", startedAt: ago(2 * 60 * MINUTE), allowedTimeLimitMins: 30 });
    const before = await writeSnapshot(t.db);
    const view = await mustView(learner, courseA);
    expect(await writeSnapshot(t.db)).toEqual(before);
    expect(view.running).toBeNull();
    expect(card(view, timed).attemptStatus).toBe("submitted");
    const [after] = await t.db.select().from(attempts).where(eq(attempts.id, stored.id));
    expect(after!.status).toBe("started");
  });
});

describe("learnerCourseView: the onboarding panel (§7.3)", () => {
  it("is absent without an onboarding exam, or when the practice exam's backend has no onboarding", async () => {
    expect((await mustView(await learnerIn(courseA), courseA)).onboarding).toBeNull();
  });

  it("is absent for a learner whose mode cannot take proctored exams, and when the course turned proctoring off", async () => {
    expect((await mustView(await learnerIn(courseB, "audit"), courseB)).onboarding).toBeNull();
    const off = await makeCourse(t.db, { enableProctoredExams: false });
    const exam = await makeExam(t.db, { courseKey: off.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
    await t.db.insert(courseSections).values({ courseId: off.id, usageKey: exam.contentId, displayName: "Onboarding" });
    expect((await mustView(await learnerIn(off), off)).onboarding).toBeNull();
  });

  it("is absent when the onboarding exam is outside the course outline (the endpoint's 404)", async () => {
    const course = await makeCourse(t.db);
    await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
    expect((await mustView(await learnerIn(course), course)).onboarding).toBeNull();
  });

  it("carries the status endpoint's answer: no attempt yet", async () => {
    const view = await mustView(await learnerIn(courseB), courseB);
    expect(view.onboarding).toEqual({
      status: null,
      link: examUrl(courseB, onboardingExam),
      expirationDate: null,
      releaseDate: releaseB,
      pastDue: false,
      infoUrl: null,
    });
    expect(card(view, onboardingExam).kind).toBe("onboarding");
    expect(card(view, onboardingExam).summary?.short_description).toBe("Ungraded Practice Exam");
  });

  it("carries the learner's raw onboarding status", async () => {
    const learner = await learnerIn(courseB);
    await makeAttempt(t.db, { exam: onboardingExam, userId: learner.id, status: "submitted", isSampleAttempt: true });
    expect((await mustView(learner, courseB)).onboarding?.status).toBe("submitted");
  });

  it("an onboarding exam not released yet: no link, the release date; past due: the flag", async () => {
    const course = await makeCourse(t.db);
    const release = ahead(5 * DAY);
    const exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
    await t.db.insert(courseSections).values({ courseId: course.id, usageKey: exam.contentId, displayName: "Onboarding", releaseDate: release });
    const view = await mustView(await learnerIn(course), course);
    expect(view.onboarding).toMatchObject({ link: null, releaseDate: release, pastDue: false });

    const late = await makeCourse(t.db);
    const lateExam = await makeExam(t.db, { courseKey: late.courseKey, isProctored: true, isPracticeExam: true, backend: "mock", dueDate: ago(DAY) });
    await t.db.insert(courseSections).values({ courseId: late.id, usageKey: lateExam.contentId, displayName: "Onboarding", releaseDate: ago(10 * DAY) });
    expect((await mustView(await learnerIn(late), late)).onboarding).toMatchObject({ link: null, pastDue: true });
  });

  it("links the instructions from the site's LINK_URLS", async () => {
    await t.db.insert(siteSettings).values({ key: "link_urls", value: { faq: "https://invigil.test/faq", tech_requirements: "https://invigil.test/tech" } });
    try {
      expect((await mustView(await learnerIn(courseB), courseB)).onboarding?.infoUrl).toBe("https://invigil.test/tech");
    } finally {
      await t.db.delete(siteSettings).where(eq(siteSettings.key, "link_urls"));
    }
  });
});

describe("learnerCourseView: query count", () => {
  /** Counts the statements sent outside transactions (drizzle's session logger sees each one). */
  async function countQueries(fn: () => Promise<unknown>): Promise<number> {
    const session = (t.db as unknown as { session: { logger: { logQuery: (q: string, p: unknown[]) => void } } }).session;
    const original = session.logger;
    let count = 0;
    session.logger = { logQuery: () => void (count += 1) };
    try {
      await fn();
    } finally {
      session.logger = original;
    }
    return count;
  }

  async function courseWithExams(n: number) {
    const course = await makeCourse(t.db);
    const learner = await learnerIn(course);
    const onboarding = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
    await t.db.insert(courseSections).values({ courseId: course.id, usageKey: onboarding.contentId, displayName: "Onboarding" });
    for (let i = 0; i < n; i += 1) {
      const exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: i % 2 === 0, backend: i % 3 === 0 ? null : "mock" });
      await makeAttempt(t.db, { exam, userId: learner.id, status: "submitted" });
      await t.db.insert(dueDateExtensions).values({ userId: learner.id, courseId: course.id, usageKey: exam.contentId, dueDate: ahead(DAY) });
    }
    return { course, learner };
  }

  it("does not grow with the number of exams", async () => {
    const small = await courseWithExams(1);
    const large = await courseWithExams(8);
    const smallCtx = await ctxFor(small.learner);
    const largeCtx = await ctxFor(large.learner);
    let largeView: LearnerCourseView | null = null;
    const few = await countQueries(() => learnerCourseView(smallCtx, small.course.courseKey));
    const many = await countQueries(async () => {
      largeView = await learnerCourseView(largeCtx, large.course.courseKey);
    });
    expect(largeView!.exams).toHaveLength(9);
    expect(largeView!.onboarding).not.toBeNull();
    expect(few).toBeGreaterThan(5);
    expect(many).toBe(few);
    // The page's own reads (5) plus the onboarding status endpoint's; see the module comment.
    expect(many).toBeLessThanOrEqual(20);
  });
});
