import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import {
  allowances,
  attempts,
  courseRoles,
  courseSections,
  courses,
  enrollments,
  exams,
  users,
  type Allowance,
  type Attempt,
  type AttemptStatus,
  type Course,
  type Exam,
  type User,
} from "@/db/schema";
import { archiveAttempt } from "@/lib/services/attempt/store";
import { userAuth } from "./api";
import { nextId } from "./factories";
import { flushHeartbeats } from "@/lib/services/attempt/heartbeats";

/**
 * One self-contained course for API permission and input tests: its people in every role, its
 * exams on the `mock` backend, and the owner's attempt in whatever status the test needs. Built
 * with a handful of multi-row inserts, so hundreds of tests can each have their own.
 */

/** Who calls: the people of a scenario, a service token and a vendor token, or nobody. */
export const PRINCIPALS = ["anon", "owner", "learner", "otherStaff", "staff", "admin", "service", "vendor"] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

export interface ScenarioOptions {
  /** Status of the owner's attempt (default `started`, with 59 minutes left). */
  status?: AttemptStatus;
  /** Which exam the attempt is on (default the proctored exam). */
  on?: "proctored" | "practice" | "timed";
  /** Move the attempt to attempt_history, as a removal does (its id and external id live on there). */
  archived?: boolean;
}

export interface Scenario {
  course: Course;
  /** The course `otherStaff` is staff of. */
  otherCourse: Course;
  /** Learner who owns `attempt` and an allowance on `proctored`; enrolled (verified). */
  owner: User;
  /** Another learner of the course; enrolled (verified), no attempt. */
  learner: User;
  /** Staff (role "staff") of `otherCourse`, nothing in `course`. */
  otherStaff: User;
  /** Staff (role "staff") of `course`. */
  staff: User;
  /** users.is_admin. */
  admin: User;
  proctored: Exam;
  /** A proctored practice exam: the course's onboarding exam (mock supports onboarding). */
  practice: Exam;
  timed: Exam;
  attempt: Attempt;
  allowance: Allowance;
}

const MINUTE = 60_000;

export async function buildScenario(db: Db, options: ScenarioOptions = {}): Promise<Scenario> {
  const n = nextId();
  const now = Date.now();
  const [course, otherCourse] = await db
    .insert(courses)
    .values([
      { courseKey: `course-v1:Matrix+C${n}+2026`, name: `Matrix course ${n}` },
      { courseKey: `course-v1:Matrix+O${n}+2026`, name: `Other course ${n}` },
    ])
    .returning();
  const people = await db
    .insert(users)
    .values(
      (["owner", "learner", "otherstaff", "staff", "admin"] as const).map((role) => ({
        username: `${role}${n}`,
        email: `${role}${n}@example.test`,
        fullName: `${role} ${n}`,
        isAdmin: role === "admin",
      })),
    )
    .returning();
  const person = (role: string) => people.find((p) => p.username === `${role}${n}`)!;
  const [owner, learner, otherStaff, staff, admin] = ["owner", "learner", "otherstaff", "staff", "admin"].map(person) as [
    User,
    User,
    User,
    User,
    User,
  ];
  await db.insert(courseRoles).values([
    { userId: staff.id, courseId: course!.id, role: "staff" },
    { userId: otherStaff.id, courseId: otherCourse!.id, role: "staff" },
  ]);
  await db.insert(enrollments).values([
    { userId: owner.id, courseId: course!.id, mode: "verified" },
    { userId: learner.id, courseId: course!.id, mode: "verified" },
  ]);
  const block = (name: string) => `block-v1:Matrix+C${n}+2026+type@sequential+block@${name}`;
  const examRows = await db
    .insert(exams)
    .values([
      { courseKey: course!.courseKey, contentId: block("proctored"), examName: "Proctored", timeLimitMins: 60, isProctored: true, isActive: true, backend: "mock", externalId: `vendor-exam-${n}` },
      { courseKey: course!.courseKey, contentId: block("practice"), examName: "Onboarding", timeLimitMins: 30, isProctored: true, isPracticeExam: true, isActive: true, backend: "mock" },
      { courseKey: course!.courseKey, contentId: block("timed"), examName: "Timed", timeLimitMins: 45, isActive: true, backend: "mock" },
    ])
    .returning();
  const exam = (name: string) => examRows.find((e) => e.contentId === block(name))!;
  const [proctored, practice, timed] = [exam("proctored"), exam("practice"), exam("timed")] as [Exam, Exam, Exam];
  // The onboarding exam is in the outline (released), so the learner onboarding status has one.
  await db.insert(courseSections).values({ courseId: course!.id, usageKey: practice.contentId, displayName: "Onboarding", releaseDate: new Date(now - 86_400_000) });

  const status = options.status ?? "started";
  const on = options.on === "practice" ? practice : options.on === "timed" ? timed : proctored;
  const code = crypto.randomUUID().toUpperCase();
  const running = ["started", "ready_to_submit", "error", "ready_to_resume", "submitted", "verified", "rejected", "second_review_required"].includes(status);
  const [attempt] = await db
    .insert(attempts)
    .values({
      userId: owner.id,
      examId: on.id,
      courseKey: course!.courseKey,
      status,
      attemptCode: code,
      // The mock backend's vendor id is the attempt code.
      externalId: on.isProctored ? code : null,
      takingAsProctored: on.isProctored,
      isSampleAttempt: on.isPracticeExam,
      studentName: owner.fullName,
      ...(running ? { startedAt: new Date(now - MINUTE), allowedTimeLimitMins: on.timeLimitMins } : {}),
      ...(status === "error" ? { timeRemainingSeconds: (on.timeLimitMins - 1) * 60 } : {}),
      ...(["submitted", "verified", "rejected", "second_review_required"].includes(status) ? { completedAt: new Date(now - MINUTE / 2) } : {}),
    })
    .returning();
  if (options.archived) {
    await archiveAttempt(db, attempt!, new Date(now));
    await db.delete(attempts).where(eq(attempts.id, attempt!.id));
  }
  const [allowance] = await db
    .insert(allowances)
    .values({ userId: owner.id, examId: proctored.id, key: "additional_time_granted", value: "30" })
    .returning();
  return { course: course!, otherCourse: otherCourse!, owner, learner, otherStaff, staff, admin, proctored, practice, timed, attempt: attempt!, allowance: allowance! };
}

/** The Authorization header for a principal of a scenario (tokens are shared, made once per file). */
export async function authFor(
  who: PrincipalName,
  s: Scenario,
  tokens: { service: string; vendor: string },
): Promise<string | null> {
  switch (who) {
    case "anon":
      return null;
    case "service":
      return tokens.service;
    case "vendor":
      return tokens.vendor;
    default:
      return userAuth(s[who].id);
  }
}

/**
 * Every table a request could write to, except api_tokens (whose last_used_at a request refreshes
 * by design): a denied or rejected request must leave all of them exactly as they were.
 */
export const DIGEST_TABLES = [
  "users",
  "courses",
  "course_roles",
  "enrollments",
  "course_sections",
  "due_date_extensions",
  "exams",
  "review_policies",
  "attempts",
  "attempt_history",
  "attempt_answers",
  "allowances",
  "allowance_history",
  "reviews",
  "review_history",
  "review_comments",
  "credit_requirements",
  "credit_requirement_statuses",
  "grade_overrides",
  "site_settings",
  "backend_configs",
  "audit_log",
  "outbox",
] as const;

// Per table: the row count and the sum of the rows' xmin (the transaction that last wrote each
// row version). An insert or delete changes the count, an update (even one that writes the same
// values) the sum; a row lock changes neither. It reads no row contents, so it stays cheap as a
// file's tables fill up with hundreds of scenarios.
const digestQuery = sql.raw(
  `select ${DIGEST_TABLES.map(
    (t) => `(select count(*)::text || ':' || coalesce(sum(xmin::text::bigint), 0)::text from ${t}) as "${t}"`,
  ).join(", ")}`,
);

/**
 * Row count and last writers, per table: equal digests mean nothing was written. Buffered timer
 * heartbeats are written first, so an earlier request's heartbeat cannot land between two
 * digests, and a request that buffered one shows as a write.
 */
export async function databaseDigest(db: Db): Promise<Record<string, string>> {
  await flushHeartbeats(db);
  const [row] = rowsOf<Record<string, string>>(await db.execute(digestQuery));
  return row!;
}

/** A valid POST …/proctored_exam/exam body for the scenario's course (a new content id). */
export function newExamBody(s: Scenario) {
  return {
    course_id: s.course.courseKey,
    content_id: `${s.proctored.contentId}-final`,
    exam_name: "Final",
    time_limit_mins: 90,
    external_id: null,
    is_proctored: true,
    is_practice_exam: false,
    is_active: true,
    hide_after_due: false,
    backend: "mock",
  };
}
