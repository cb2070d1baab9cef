import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  attempts,
  backendConfigs,
  courseRoles,
  courseSections,
  dueDateExtensions,
  siteSettings,
  type Course,
  type Exam,
  type NewAttempt,
  type User,
} from "@/db/schema";
import { chooseOnboardingExam } from "@/lib/queries/onboarding";
import { examUrlPath } from "@/lib/links/exam-links";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { writeSnapshot } from "@/lib/testing/writes";
import { GET } from "./route";

/** Without is_learning_mfe the link is our own exam page, absolute (callRoute's host). */
const ourExamUrl = (exam: Parameters<typeof examUrlPath>[0]) => `http://127.0.0.1:3000${examUrlPath(exam)}`;

const t = setupApiTestDatabase();

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY);
const daysAhead = (d: number) => new Date(Date.now() + d * DAY);

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

/** A course with an onboarding exam (mock backend) in its outline, released a week ago. */
async function onboardingCourse(db: Db, options: { release?: Date | null; due?: Date | null; backend?: string } = {}) {
  const course = await makeCourse(db, { start: daysAgo(30) });
  const exam = await makeExam(db, {
    courseKey: course.courseKey,
    isProctored: true,
    isPracticeExam: true,
    backend: options.backend ?? "mock",
    dueDate: options.due ?? null,
  });
  await db.insert(courseSections).values({
    courseId: course.id,
    usageKey: exam.contentId,
    displayName: "Onboarding",
    releaseDate: options.release === undefined ? daysAgo(7) : options.release,
  });
  return { course, exam };
}

type Body = {
  onboarding_status: string | null;
  onboarding_link: string | null;
  expiration_date: string | null;
  onboarding_past_due: boolean;
  onboarding_release_date: string | null;
};

let learner: User;
let staff: User;
let main: { course: Course; exam: Exam };

const status = async (caller: User, courseKey: string | null, username?: string) => {
  const query = new URLSearchParams();
  if (courseKey !== null) query.set("course_id", courseKey);
  if (username) query.set("username", username);
  return callRoute(GET, { path: `/api/edx_proctoring/v1/user_onboarding/status?${query}`, auth: await userAuth(caller.id) });
};

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values([
    { name: "mock", kind: "mock", isDefault: true },
    { name: "mock2", kind: "mock" },
    { name: "plain", kind: "null" },
  ]);
  learner = await makeUser(db, { username: "onb_learner" });
  staff = await makeUser(db);
  main = await onboardingCourse(db);
  await db.insert(courseRoles).values({ userId: staff.id, courseId: main.course.id, role: "staff" });
});

describe("GET …/user_onboarding/status (§7.2)", () => {
  it("answers the exact shape; no attempt means a null status", async () => {
    const res = await status(learner, main.course.courseKey);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      onboarding_status: null,
      onboarding_link: ourExamUrl(main.exam),
      expiration_date: null,
      onboarding_past_due: false,
      onboarding_release_date: (await sectionRelease(main.course, main.exam)).toISOString(),
    });
  });

  it("needs course_id", async () => {
    const res = await status(learner, null);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ detail: "Missing required query parameter course_id" });
  });

  it("lets only course staff read another learner's status", async () => {
    const other = await makeUser(t.db);
    const denied = await status(other, main.course.courseKey, learner.username);
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    const own = await status(learner, main.course.courseKey, learner.username);
    expect(own.status).toBe(200);
    const byStaff = await status(staff, main.course.courseKey, learner.username);
    expect(byStaff.status).toBe(200);
    const unknown = await status(staff, main.course.courseKey, "no_such_user");
    expect(unknown.status).toBe(404);
  });

  it("is 404 without an onboarding exam, on a backend without onboarding, or outside the outline", async () => {
    const empty = await makeCourse(t.db);
    await makeExam(t.db, { courseKey: empty.courseKey, isProctored: true });
    const none = await status(learner, empty.courseKey);
    expect(none.status).toBe(404);
    expect(none.json).toEqual({ detail: "There is no onboarding exam related to this course id." });

    const practice = await onboardingCourse(t.db, { backend: "plain" });
    const unsupported = await status(learner, practice.course.courseKey);
    expect(unsupported.status).toBe(404);
    expect(unsupported.json).toEqual({ detail: "There is no onboarding exam related to this course id." });

    const gone = await onboardingCourse(t.db, { backend: "removed_vendor" });
    expect((await status(learner, gone.course.courseKey)).status).toBe(404);

    const hidden = await makeCourse(t.db);
    await makeExam(t.db, { courseKey: hidden.courseKey, isProctored: true, isPracticeExam: true, backend: "mock" });
    const inaccessible = await status(learner, hidden.courseKey);
    expect(inaccessible.status).toBe(404);
    expect(inaccessible.json).toEqual({ detail: "There is no onboarding exam accessible to this user." });
  });

  it("reports the relevant local attempt's raw status: verified wins, else the newest", async () => {
    const { course, exam } = await onboardingCourse(t.db);
    const me = await makeUser(t.db);
    await makeAttempt(t.db, exam, me, { status: "rejected", modified: daysAgo(3) });
    expect(((await status(me, course.courseKey)).json as Body).onboarding_status).toBe("rejected");
    await makeAttempt(t.db, exam, me, { status: "download_software_clicked", modified: daysAgo(1) });
    expect(((await status(me, course.courseKey)).json as Body).onboarding_status).toBe("download_software_clicked");
    await makeAttempt(t.db, exam, me, { status: "verified", modified: daysAgo(2) });
    const verified = (await status(me, course.courseKey)).json as Body;
    expect(verified.onboarding_status).toBe("verified");
    expect(verified.expiration_date).toBeNull();
  });

  it("reports other_course_approved for a verification on the same backend elsewhere, until validity days", async () => {
    const me = await makeUser(t.db);
    const elsewhere = await onboardingCourse(t.db);
    const { course, exam } = await onboardingCourse(t.db);
    const verifiedAt = daysAgo(100);
    await makeAttempt(t.db, elsewhere.exam, me, { status: "verified", modified: verifiedAt });
    // A local, non-verified attempt: the verification elsewhere takes precedence (3.7.9).
    await makeAttempt(t.db, exam, me, { status: "started", startedAt: new Date(), allowedTimeLimitMins: 60 });

    const approved = (await status(me, course.courseKey)).json as Body;
    expect(approved.onboarding_status).toBe("other_course_approved");
    expect(approved.expiration_date).toBe(new Date(verifiedAt.getTime() + 730 * DAY).toISOString());

    // The validity is a site setting: at 99 days the same verification has expired.
    await t.db.insert(siteSettings).values({ key: "onboarding_validity_days", value: 99 });
    try {
      const expired = (await status(me, course.courseKey)).json as Body;
      expect(expired.onboarding_status).toBe("started");
      expect(expired.expiration_date).toBeNull();
      await t.db.update(siteSettings).set({ value: 101 }).where(eq(siteSettings.key, "onboarding_validity_days"));
      const valid = (await status(me, course.courseKey)).json as Body;
      expect(valid.onboarding_status).toBe("other_course_approved");
      expect(valid.expiration_date).toBe(new Date(verifiedAt.getTime() + 101 * DAY).toISOString());
    } finally {
      await t.db.delete(siteSettings).where(eq(siteSettings.key, "onboarding_validity_days"));
    }
  });

  it("does not count a verification on another backend, or a non-onboarding attempt", async () => {
    const me = await makeUser(t.db);
    const otherBackend = await onboardingCourse(t.db, { backend: "mock2" });
    await makeAttempt(t.db, otherBackend.exam, me, { status: "verified", modified: daysAgo(1) });
    const proctored = await makeExam(t.db, { isProctored: true, backend: "mock" });
    await makeAttempt(t.db, proctored, me, { status: "verified", modified: daysAgo(1) });
    const { course } = await onboardingCourse(t.db);
    expect(((await status(me, course.courseKey)).json as Body).onboarding_status).toBeNull();
  });

  it("answers an expired running onboarding attempt as submitted, and writes nothing (decision 022)", async () => {
    const me = await makeUser(t.db);
    const { course, exam } = await onboardingCourse(t.db);
    const running = await makeAttempt(t.db, exam, me, {
      status: "started",
      startedAt: new Date(Date.now() - 2 * 3_600_000),
      allowedTimeLimitMins: 30,
    });
    const before = await writeSnapshot(t.db);
    expect(((await status(me, course.courseKey)).json as Body).onboarding_status).toBe("submitted");
    expect(await writeSnapshot(t.db)).toEqual(before);
    const [stored] = await t.db.select().from(attempts).where(eq(attempts.id, running.id));
    // The sweeper (or the learner's next verb) stores it.
    expect(stored!.status).toBe("started");
  });
});

describe("release and due dates (§20: onboarding_past_due, no link unless open)", () => {
  it("gives no link before the release date and reports that date", async () => {
    const release = daysAhead(3);
    const { course } = await onboardingCourse(t.db, { release });
    expect((await status(learner, course.courseKey)).json).toEqual({
      onboarding_status: null,
      onboarding_link: null,
      expiration_date: null,
      onboarding_past_due: false,
      onboarding_release_date: release.toISOString(),
    });
  });

  it("is past due when every onboarding exam's due date has passed; a personal extension reopens it", async () => {
    const { course, exam } = await onboardingCourse(t.db, { due: daysAgo(1) });
    const pastDue = (await status(learner, course.courseKey)).json as Body;
    expect(pastDue.onboarding_past_due).toBe(true);
    expect(pastDue.onboarding_link).toBeNull();

    await t.db.insert(dueDateExtensions).values({ userId: learner.id, courseId: course.id, usageKey: exam.contentId, dueDate: daysAhead(2) });
    const extended = (await status(learner, course.courseKey)).json as Body;
    expect(extended.onboarding_past_due).toBe(false);
    expect(extended.onboarding_link).toBe(ourExamUrl(exam));
  });

  it("points at the newest open onboarding exam when there are several", async () => {
    const { course, exam: older } = await onboardingCourse(t.db);
    const newer = await makeExam(t.db, {
      courseKey: course.courseKey,
      isProctored: true,
      isPracticeExam: true,
      backend: "mock",
      created: new Date(Date.now() + 1000),
    });
    // The newer one is not in the outline yet: the older one is the accessible one.
    expect(((await status(learner, course.courseKey)).json as Body).onboarding_link).toBe(ourExamUrl(older));
    await t.db.insert(courseSections).values({ courseId: course.id, usageKey: newer.contentId, displayName: "New", releaseDate: daysAgo(1) });
    expect(((await status(learner, course.courseKey)).json as Body).onboarding_link).toBe(ourExamUrl(newer));
  });
});

describe("chooseOnboardingExam", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const exam = (id: number) => ({ id }) as Exam;
  it("prefers open, then upcoming, then past-due exams", () => {
    const open = { exam: exam(1), releaseDate: null, dueDate: null };
    const future = { exam: exam(2), releaseDate: new Date("2026-07-01T00:00:00Z"), dueDate: null };
    const past = { exam: exam(3), releaseDate: null, dueDate: new Date("2026-05-01T00:00:00Z") };
    expect(chooseOnboardingExam([past, future, open], now)).toEqual({ chosen: open, available: true, pastDue: false });
    expect(chooseOnboardingExam([past, future], now)).toEqual({ chosen: future, available: false, pastDue: false });
    expect(chooseOnboardingExam([past], now)).toEqual({ chosen: past, available: false, pastDue: true });
    expect(chooseOnboardingExam([], now)).toBeNull();
  });
});

async function sectionRelease(course: Course, exam: Exam): Promise<Date> {
  const [row] = await t.db.select().from(courseSections).where(eq(courseSections.usageKey, exam.contentId));
  expect(row?.courseId).toBe(course.id);
  return row!.releaseDate!;
}
