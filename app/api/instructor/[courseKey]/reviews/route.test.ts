import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  attemptHistory,
  attempts,
  auditLog,
  backendConfigs,
  courseRoles,
  outbox,
  reviewComments,
  reviews,
  type Attempt,
  type AttemptStatus,
  type Course,
  type Exam,
  type User,
} from "@/db/schema";
import { COMMENTS_PER_REVIEW, reviewDashboardUrl, type ReviewQueuePage } from "@/lib/queries/dashboard-reviews";
import type { StaffReviewResult } from "@/lib/services/review/staff-review";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { StaffReviewResultSchema } from "@/lib/domain/dashboard-answers";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { GET } from "./route";
import { POST } from "./[attemptId]/route";

const t = setupApiTestDatabase();

let course: Course;
let other: Course;
let final: Exam;
let onboarding: Exam;
let staff: User;
let otherStaff: User;
let admin: User;
let learner: User;
/** Flagged attempts of `course`, oldest first. */
const queue: Attempt[] = [];
let foreign: Attempt;
let submitted: Attempt;

async function flagged(exam: Exam, status: AttemptStatus, user: User, minutesAgo: number): Promise<Attempt> {
  return makeAttempt(t.db, {
    exam,
    userId: user.id,
    status,
    isSampleAttempt: exam.isPracticeExam,
    externalId: crypto.randomUUID(),
    startedAt: new Date(Date.now() - (minutesAgo + 60) * 60_000),
    completedAt: new Date(Date.now() - (minutesAgo + 5) * 60_000),
    modified: new Date(Date.now() - minutesAgo * 60_000),
  });
}

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values({ name: "mock", kind: "mock", verboseName: "Mock Backend", isDefault: true });
  course = await makeCourse(db);
  other = await makeCourse(db);
  final = await makeExam(db, { courseKey: course.courseKey, isProctored: true, backend: "mock", examName: "Final" });
  onboarding = await makeExam(db, { courseKey: course.courseKey, isProctored: true, isPracticeExam: true, backend: "mock", examName: "Onboarding" });
  const otherExam = await makeExam(db, { courseKey: other.courseKey, isProctored: true, backend: "mock" });
  staff = await makeUser(db);
  otherStaff = await makeUser(db);
  admin = await makeUser(db, { isAdmin: true });
  learner = await makeUser(db, { username: "lena", email: "lena@learners.example" });
  await db.insert(courseRoles).values([
    { userId: staff.id, courseId: course.id, role: "staff" },
    { userId: otherStaff.id, courseId: other.id, role: "instructor" },
  ]);

  // 30 flagged attempts: one of lena's, 29 others; every third in error, the rest second review.
  for (let i = 0; i < 30; i++) {
    const user = i === 0 ? learner : await makeUser(db, { username: `rq_${String(i).padStart(2, "0")}` });
    const status: AttemptStatus = i % 3 === 1 ? "error" : "second_review_required";
    queue.push(await flagged(i % 5 === 4 ? onboarding : final, status, user, 1000 - i));
  }
  // lena's attempt has a review with more comments than a page sends.
  const [review] = await db
    .insert(reviews)
    .values({ attemptCode: queue[0]!.attemptCode!, reviewStatus: "Suspicious", rawData: "{}", studentId: learner.id, examId: final.id })
    .returning();
  await db.insert(reviewComments).values(
    Array.from({ length: COMMENTS_PER_REVIEW + 5 }, (_, k) => ({
      reviewId: review!.id,
      startTime: k * 10,
      stopTime: k * 10 + 5,
      duration: 5,
      comment: `comment ${k}`,
      status: k % 2 ? "Suspicious" : "Clean",
    })),
  );
  submitted = await flagged(final, "submitted", await makeUser(db), 10);
  foreign = await flagged(otherExam, "second_review_required", await makeUser(db), 5);
});

const enc = (key: string) => encodeURIComponent(key);

const list = async (user: User | null, query = "", courseKey = course.courseKey) =>
  callRoute(GET, {
    path: `/api/instructor/${enc(courseKey)}/reviews${query}`,
    params: { courseKey: enc(courseKey) },
    auth: user ? await userAuth(user.id) : null,
  });

const decide = async (user: User | null, attemptId: string | number, body: unknown, courseKey = course.courseKey, auth?: string) =>
  callRoute(POST, {
    method: "POST",
    path: `/api/instructor/${enc(courseKey)}/reviews/${attemptId}`,
    params: { courseKey: enc(courseKey), attemptId: String(attemptId) },
    auth: auth ?? (user ? await userAuth(user.id) : null),
    body,
  });

describe("GET /api/instructor/<course>/reviews", () => {
  it("lists the course's second_review_required and error attempts, the longest waiting first, 25 a page", async () => {
    const res = await list(staff);
    expect(res.status).toBe(200);
    const body = res.json as ReviewQueuePage;
    expect(body).toMatchObject({ page: 1, pageCount: 2, total: 30, perPage: 25, search: "", status: null });
    expect(body.rows.map((r) => r.attemptId)).toEqual(queue.slice(0, 25).map((a) => a.id));
    const second = (await list(staff, "?page=2")).json as ReviewQueuePage;
    expect(second.rows.map((r) => r.attemptId)).toEqual(queue.slice(25).map((a) => a.id));
    // Django's paging rules: out of range is the last page, not an integer the first.
    expect(((await list(staff, "?page=9")).json as ReviewQueuePage).page).toBe(2);
    expect(((await list(staff, "?page=x")).json as ReviewQueuePage).page).toBe(1);
  });

  it("shows the vendor's review with its newest comments, and the exam's kind", async () => {
    const body = (await list(staff, "?search=LENA")).json as ReviewQueuePage;
    expect(body.total).toBe(1);
    const row = body.rows[0]!;
    expect(row).toMatchObject({
      attemptId: queue[0]!.id,
      status: "second_review_required",
      user: { id: learner.id, username: "lena", email: "lena@learners.example" },
      exam: { id: final.id, name: "Final", kind: "proctored" },
      review: { status: "Suspicious", standardStatus: "suspicious", reviewedBy: null, reviewUrl: null, commentCount: COMMENTS_PER_REVIEW + 5 },
    });
    const comments = row.review!.comments;
    expect(comments).toHaveLength(COMMENTS_PER_REVIEW);
    expect(comments[0]).toMatchObject({ comment: "comment 5", startTime: 50, stopTime: 55, duration: 5, status: "Suspicious" });
    expect(comments.at(-1)!.comment).toBe(`comment ${COMMENTS_PER_REVIEW + 4}`);
    expect(typeof comments[0]!.created).toBe("string");
    // Without a review: null. Onboarding exams are named as such.
    const plain = ((await list(staff, "?search=rq_04")).json as ReviewQueuePage).rows[0]!;
    expect(plain).toMatchObject({ review: null, exam: { kind: "onboarding" }, isSampleAttempt: true });
  });

  it("filters by status and searches by username or e-mail", async () => {
    const errors = (await list(staff, "?status=error")).json as ReviewQueuePage;
    expect(errors).toMatchObject({ total: 10, status: "error" });
    expect(errors.rows.every((r) => r.status === "error")).toBe(true);
    const second = (await list(staff, "?status=second_review_required&search=rq_1")).json as ReviewQueuePage;
    expect(second.rows.map((r) => r.user.username)).toEqual(["rq_11", "rq_12", "rq_14", "rq_15", "rq_17", "rq_18"]);
    expect(((await list(staff, "?search=learners.example")).json as ReviewQueuePage).total).toBe(1);
    expect(((await list(staff, "?search=nobody")).json as ReviewQueuePage)).toMatchObject({ total: 0, rows: [], pageCount: 1 });
    const bad = await list(staff, "?status=verified");
    expect(bad.status).toBe(400);
    expect((bad.json as { detail: string }).detail).toContain("second_review_required or error");
  });

  it("is for course staff and admins: anonymous, learners, other courses' staff and service tokens get 403", async () => {
    expect((await list(admin)).status).toBe(200);
    expect((await list(null)).json).toEqual({ detail: "Authentication credentials were not provided." });
    for (const user of [learner, otherStaff]) {
      const res = await list(user);
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    }
    const service = await callRoute(GET, { path: "/api/instructor/x/reviews", params: { courseKey: course.courseKey }, auth: await tokenAuth(t.db, ["admin:api", "lms:sync"]) });
    expect(service.status).toBe(403);
  });
});

describe("POST /api/instructor/<course>/reviews/<attemptId>", () => {
  const rowsWritten = async () => ({
    history: Number((await t.db.select({ n: sql<number>`count(*)` }).from(attemptHistory))[0]!.n),
    audit: Number((await t.db.select({ n: sql<number>`count(*)` }).from(auditLog))[0]!.n),
    outbox: Number((await t.db.select({ n: sql<number>`count(*)` }).from(outbox))[0]!.n),
  });

  it("refuses everyone but the course's staff and admins with 403, and writes nothing", async () => {
    const target = queue[2]!;
    // Made first: creating a token writes its own audit row.
    const serviceAuth = await tokenAuth(t.db, ["admin:api", "lms:sync"]);
    const before = await rowsWritten();
    expect((await decide(null, target.id, { decision: "verify", note: "x" })).status).toBe(403);
    for (const user of [learner, otherStaff]) {
      const res = await decide(user, target.id, { decision: "verify", note: "x" });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: "Must be a Staff User to Perform this request." });
    }
    const token = await decide(null, target.id, { decision: "verify", note: "x" }, course.courseKey, serviceAuth);
    expect(token.status).toBe(403);
    // Staff of another course, through their own course's URL: not found there.
    const viaOther = await decide(otherStaff, target.id, { decision: "verify", note: "x" }, other.courseKey);
    expect(viaOther.status).toBe(404);
    expect(await rowsWritten()).toEqual(before);
    const [row] = await t.db.select().from(attempts).where(eq(attempts.id, target.id));
    expect(row!.status).toBe("second_review_required");
  });

  it("verifies for course staff: 200, the attempt leaves the queue, the learner's e-mail is queued", async () => {
    const target = queue[3]!;
    const res = await decide(staff, target.id, { decision: "verify", note: "Reviewed the recording: fine." });
    expect(res.status).toBe(200);
    expect(res.json as StaffReviewResult).toEqual({ attempt_id: target.id, decision: "verify", status: "verified", changed: true });
    expect(StaffReviewResultSchema.safeParse(res.json).success).toBe(true);
    const emails = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, "email.attempt_status"), sql`(${outbox.payload}->>'attempt_id')::int = ${target.id}`));
    expect(emails.map((e) => e.payload.template)).toEqual(["verified"]);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.attemptId, target.id), eq(auditLog.action, "attempt.staff_review")));
    expect(audit).toMatchObject({ actorUserId: staff.id, source: "api", toStatus: "verified" });
    expect(audit!.data).toMatchObject({ note: "Reviewed the recording: fine.", decision: "verify" });
    expect(audit!.requestId).toBe(res.headers.get("x-request-id"));
    const page = (await list(staff)).json as ReviewQueuePage;
    expect(page.total).toBe(29);
    expect(page.rows.map((r) => r.attemptId)).not.toContain(target.id);
    // The same decision again: 200, nothing new.
    const again = await decide(staff, target.id, { decision: "verify", note: "again" });
    expect(again.json).toMatchObject({ changed: false, status: "verified" });
  });

  it("rejects for an admin, from error", async () => {
    const target = queue[1]!;
    expect(target.status).toBe("error");
    const res = await decide(admin, target.id, { decision: "reject", note: "No ID shown." });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "rejected", changed: true });
  });

  it("answers bad input with 400, another course's attempt with 404, a decided or running attempt with 409", async () => {
    const target = queue[5]!;
    const before = await rowsWritten();
    const noNote = await decide(staff, target.id, { decision: "reject" });
    expect(noNote.status).toBe(400);
    expect((noNote.json as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["note"]);
    expect((await decide(staff, target.id, { decision: "maybe", note: "x" })).status).toBe(400);
    expect((await decide(staff, target.id, "not json")).status).toBe(400);
    expect((await decide(staff, "12x", { decision: "verify", note: "x" })).status).toBe(400);
    expect((await decide(staff, foreign.id, { decision: "verify", note: "x" })).status).toBe(404);
    expect((await decide(staff, 2_000_000_000, { decision: "verify", note: "x" })).status).toBe(404);
    const running = await decide(staff, submitted.id, { decision: "verify", note: "x" });
    expect(running.status).toBe(409);
    expect((running.json as { detail: string }).detail).toContain("is submitted");
    expect(await rowsWritten()).toEqual(before);
    // The other decision on a decided attempt.
    const flip = await decide(staff, queue[3]!.id, { decision: "reject", note: "x" });
    expect(flip.status).toBe(409);
  });
});

describe("reviewDashboardUrl", () => {
  it("links the vendor's dashboard only when the backend has one and the vendor knows the attempt", () => {
    const base = { courseKey: "course-v1:A+B+C", examId: 7, externalId: "ext 1", hasDashboard: true };
    expect(reviewDashboardUrl(base)).toBe("/api/edx_proctoring/v1/instructor/course-v1:A+B+C/7?attempt=ext%201");
    expect(reviewDashboardUrl({ ...base, hasDashboard: false })).toBeNull();
    expect(reviewDashboardUrl({ ...base, externalId: null })).toBeNull();
  });
});
