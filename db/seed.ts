import { and, eq, inArray, sql } from "drizzle-orm";
import { encryptSecret } from "@/lib/crypto/secrets";
import { hashVendorClientSecret } from "@/lib/crypto/vendor-client-secret";
import type { RequirementStatus, VerificationStatus } from "@/lib/domain/credit";
import type { SpecialExamKind } from "@/lib/domain/exam-kind";
import type { Db, Tx } from "./client";
import {
  attempts,
  backendConfigs,
  courseRoles,
  courseSections,
  courses,
  creditRequirements,
  creditRequirementStatuses,
  enrollments,
  examQuestions,
  exams,
  reviewPolicies,
  siteSettings,
  users,
  vendorClients,
  type CourseRoleName,
  type EnrollmentMode,
  type NewExam,
  type QuestionKind,
} from "./schema";

/**
 * Demo data: one course with an exam of every kind, a second course proctored by the fake REST
 * vendor, a learner per enrollment mode, course staff and an admin. Idempotent: every insert is "insert unless present" and nothing is updated, so a
 * second run (or a run over data edited by hand) changes nothing. Tests never rely on it.
 */

export const DEMO_COURSE_KEY = "course-v1:InvigilX+Proctoring101+2026";
export const DEMO_COURSE_NAME = "Proctoring 101: Demo Course";

/**
 * A second demo course whose proctored exam runs on a REST vendor: the fake vendor of
 * `npm run vendor:fake` (fake-vendor/, docs/decisions/021). The credentials are demo-only and
 * agree with the fake vendor's defaults (fake-vendor/main.ts; a test checks they match).
 */
export const DEMO_VENDOR_COURSE_KEY = "course-v1:InvigilX+VendorProctoring+2026";
export const DEMO_VENDOR_COURSE_NAME = "Vendor Proctoring: Demo Course";
export const DEMO_FAKE_VENDOR = {
  backendName: "fake-rest",
  baseUrl: "http://127.0.0.1:11137",
  clientId: "invigil-demo-fake-vendor",
  clientSecret: "demo-only-fake-vendor-secret",
  /**
   * The OAuth client Invigil issues to the vendor for its callbacks (ready, reviewed;
   * docs/decisions/019, 023): normally made by `create-vendor-client` with a random secret, here
   * fixed and demo-only so `npm run vendor:fake` works against the demo data without flags. It
   * may only report on the `fake-rest` backend's attempts.
   */
  callbackClientId: "de000de000de000de000de000de000de",
  callbackClientSecret: "ivs_demo-only-fake-vendor-callback-secret-00000",
} as const;
/**
 * A third course on the same mock backend, where the professional learner (`pro_learner`) has
 * passed the onboarding exam: the demo course's onboarding panel then shows them "approved in
 * another course" (§3.5 other_course_approved), and their proctored exams there need no onboarding
 * of their own. Only `pro_learner` is enrolled; course staff and the instructor teach it too.
 */
export const DEMO_ORIENTATION_COURSE_KEY = "course-v1:InvigilX+ProctoringOrientation+2026";
export const DEMO_ORIENTATION_COURSE_NAME = "Proctoring Orientation: Demo Course";
export const DEMO_ORIENTATION_LEARNER = "pro_learner";
const orientationUsageKey = (block: string) => `block-v1:InvigilX+ProctoringOrientation+2026+type@sequential+block@${block}`;
const vendorUsageKey = (block: string) => `block-v1:InvigilX+VendorProctoring+2026+type@sequential+block@${block}`;

export type DemoAccountKind = "learner" | "staff" | "instructor" | "admin";

export interface DemoAccount {
  username: string;
  fullName: string;
  email: string;
  kind: DemoAccountKind;
  /** Human label for the sign-in page and the README. */
  role: string;
  /** Where this account starts after signing in. */
  home: "/courses" | "/instructor" | "/admin";
  enrollmentMode: EnrollmentMode | null;
  courseRole: CourseRoleName | null;
  isAdmin: boolean;
  /** The identity verification the LMS reports (§12.3 id_verification); the demo's learners are verified unless they show that page. */
  verificationStatus: VerificationStatus;
}

/**
 * Learners who meet each §12.3 page on the demo course's Proctored Final (its credit requirements:
 * the midterm, an identity reverification, the final itself, the grade): a failed prerequisite, a
 * pending one, a declined one (the final is declined with it), and an identity verification
 * expired or pending (an attempt at the final already created, so the page shows at once).
 */
const creditLearner = (username: string, fullName: string, role: string, verificationStatus: VerificationStatus) =>
  ({
    username,
    fullName,
    email: `${username}@example.com`,
    kind: "learner",
    role,
    home: "/courses",
    enrollmentMode: "verified",
    courseRole: null,
    isAdmin: false,
    verificationStatus,
  }) as const;

const CREDIT_DEMO_LEARNERS = [
  creditLearner("credit_failed", "Fern Failed", "Learner (failed the midterm: the final's failed-prerequisites page)", "approved"),
  creditLearner("credit_pending", "Pat Pending", "Learner (reverification pending: the final's pending-prerequisites page)", "approved"),
  creditLearner("credit_declined", "Dario Declined", "Learner (took the midterm without proctoring: the final is unproctored too)", "approved"),
  creditLearner("verify_expired", "Eve Expired", "Learner (identity verification expired: the final asks to verify again)", "expired"),
  creditLearner("verify_pending", "Vik Verifying", "Learner (identity verification pending: the final waits for it)", "pending"),
] as const;

/** The requirement statuses of the demo learners (§12.3), by username: [midterm, reverification]. */
const DEMO_CREDIT_STATUSES: Record<string, [midterm: RequirementStatus | null, reverification: RequirementStatus | null]> = {
  learner: [null, "satisfied"],
  pro_learner: [null, "satisfied"],
  masters_learner: [null, "satisfied"],
  credit_failed: ["failed", "satisfied"],
  credit_pending: ["satisfied", "pending"],
  credit_declined: ["declined", "satisfied"],
  verify_expired: ["satisfied", "satisfied"],
  verify_pending: ["satisfied", "satisfied"],
};

export const DEMO_ACCOUNTS = [
  {
    username: "learner",
    fullName: "Lee Learner",
    email: "learner@example.com",
    kind: "learner",
    role: "Learner (verified)",
    home: "/courses",
    enrollmentMode: "verified",
    courseRole: null,
    isAdmin: false,
    verificationStatus: "approved",
  },
  {
    username: "audit_learner",
    fullName: "Avery Auditor",
    email: "audit_learner@example.com",
    kind: "learner",
    role: "Learner (audit: may not take proctored exams)",
    home: "/courses",
    enrollmentMode: "audit",
    courseRole: null,
    isAdmin: false,
    verificationStatus: "approved",
  },
  {
    username: "pro_learner",
    fullName: "Priya Professional",
    email: "pro_learner@example.com",
    kind: "learner",
    role: "Learner (professional)",
    home: "/courses",
    enrollmentMode: "professional",
    courseRole: null,
    isAdmin: false,
    verificationStatus: "approved",
  },
  {
    username: "masters_learner",
    fullName: "Mateo Masters",
    email: "masters_learner@example.com",
    kind: "learner",
    role: "Learner (master's)",
    home: "/courses",
    enrollmentMode: "masters",
    courseRole: null,
    isAdmin: false,
    verificationStatus: "approved",
  },
  {
    username: "staff",
    fullName: "Sam Staff",
    email: "staff@example.com",
    kind: "staff",
    role: "Course staff",
    home: "/instructor",
    enrollmentMode: null,
    courseRole: "staff",
    isAdmin: false,
    verificationStatus: "approved",
  },
  {
    username: "instructor",
    fullName: "Ines Instructor",
    email: "instructor@example.com",
    kind: "instructor",
    role: "Course instructor",
    home: "/instructor",
    enrollmentMode: null,
    courseRole: "instructor",
    isAdmin: false,
    verificationStatus: "approved",
  },
  {
    username: "admin",
    fullName: "Ada Admin",
    email: "admin@example.com",
    kind: "admin",
    role: "Site admin",
    home: "/admin",
    enrollmentMode: null,
    courseRole: null,
    isAdmin: true,
    verificationStatus: "approved",
  },
  ...CREDIT_DEMO_LEARNERS,
] as const satisfies readonly DemoAccount[];

/**
 * Site settings the demo starts with (the edx-proctoring defaults of §14.1 where there is one).
 * Keys are snake_case; values are JSON.
 */
export const DEMO_SITE_SETTINGS: Readonly<Record<string, unknown>> = {
  enable_special_exams: true,
  platform_name: "Invigil",
  contact_email: "support@example.com",
  onboarding_validity_days: 730,
  low_threshold_pct: 0.2,
  critically_low_threshold_pct: 0.05,
  require_failure_second_reviews: true,
  allow_review_updates: true,
  default_review_policy: "Closed Book",
  link_urls: {},
};

const DAY_MS = 24 * 60 * 60 * 1000;
const usageKey = (block: string) => `block-v1:InvigilX+Proctoring101+2026+type@sequential+block@${block}`;

type ExamKind = SpecialExamKind;

interface DemoQuestion {
  kind: QuestionKind;
  prompt: string;
  choices?: string[];
  correctChoice?: number;
  points: number;
}

const TIMED_QUESTIONS: DemoQuestion[] = [
  {
    kind: "multiple_choice",
    prompt: "What happens when the timer of a timed exam reaches zero?",
    choices: [
      "Nothing: you can keep working",
      "Your saved answers are submitted automatically",
      "The exam starts again from the beginning",
      "You are given ten extra minutes",
    ],
    correctChoice: 1,
    points: 1,
  },
  {
    kind: "multiple_choice",
    prompt: "Once you start a timed exam, can you pause its timer by closing the browser tab?",
    choices: ["Yes, the timer stops until you come back", "No, the timer keeps running"],
    correctChoice: 1,
    points: 1,
  },
  {
    kind: "short_answer",
    prompt: "In one or two sentences, how would you plan your time for a 30-minute exam with three questions?",
    points: 2,
  },
];

const PROCTORED_QUESTIONS: DemoQuestion[] = [
  {
    kind: "multiple_choice",
    prompt: "Which of these is usually NOT allowed during a closed-book proctored exam?",
    choices: ["A glass of water", "Your own lecture notes", "Closing every other application", "A well-lit room"],
    correctChoice: 1,
    points: 1,
  },
  {
    kind: "multiple_choice",
    prompt: "Who decides whether a proctored exam attempt passed the review?",
    choices: [
      "The learner, by ticking a box",
      "Nobody: every attempt passes",
      "The proctoring review, possibly confirmed by course staff",
      "The web browser",
    ],
    correctChoice: 2,
    points: 1,
  },
  {
    kind: "short_answer",
    prompt: "Describe one thing you would do to prepare your room before starting a proctored exam.",
    points: 2,
  },
];

/** The practice exam's questions: a rehearsal of the real thing, with no grade. */
const PRACTICE_QUESTIONS: DemoQuestion[] = [
  {
    kind: "multiple_choice",
    prompt: "Does this practice exam count toward your grade?",
    choices: ["Yes", "No, it is only for practice"],
    correctChoice: 1,
    points: 1,
  },
  {
    kind: "short_answer",
    prompt: "Which part of the proctoring setup took you longest, and why?",
    points: 1,
  },
];

/** The onboarding exam's questions: what the proctoring review checks your profile against. */
const ONBOARDING_QUESTIONS: DemoQuestion[] = [
  {
    kind: "short_answer",
    prompt: "Type your full name exactly as it appears on the photo ID you showed to the camera.",
    points: 1,
  },
  {
    kind: "multiple_choice",
    prompt: "Where must your photo ID be during the identity check?",
    choices: ["In your bag", "Held up to the webcam until the check is done", "On the desk, face down"],
    correctChoice: 1,
    points: 1,
  },
];

const DEMO_REVIEW_POLICY =
  "Closed book: no notes, books or phones. One blank sheet of scratch paper is allowed; show both sides to the camera before you start. Nobody else may be in the room.";

/** Inserted row counts per table (0 everywhere on a second run). */
export type SeedSummary = Record<
  | "users"
  | "courses"
  | "backendConfigs"
  | "vendorClients"
  | "siteSettings"
  | "courseSections"
  | "exams"
  | "examQuestions"
  | "reviewPolicies"
  | "courseRoles"
  | "enrollments"
  | "attempts"
  | "creditRequirements"
  | "creditRequirementStatuses",
  number
>;

/**
 * Creates the demo data that is missing, in one transaction. Dates are relative to `now` on the
 * first run and are not moved by later runs.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<SeedSummary> {
  return db.transaction((tx) => seedInTransaction(tx, now));
}

async function seedInTransaction(tx: Tx, now: Date): Promise<SeedSummary> {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  // Two processes seeding at once (several app instances starting with INVIGIL_SEED_DEMO) wait
  // for each other instead of racing on the default backend.
  await tx.execute(sql`select pg_advisory_xact_lock(7402114)`);

  const summary: SeedSummary = {
    users: 0,
    courses: 0,
    backendConfigs: 0,
    vendorClients: 0,
    siteSettings: 0,
    courseSections: 0,
    exams: 0,
    examQuestions: 0,
    reviewPolicies: 0,
    courseRoles: 0,
    enrollments: 0,
    attempts: 0,
    creditRequirements: 0,
    creditRequirementStatuses: 0,
  };

  // Users.
  summary.users = (
    await tx
      .insert(users)
      .values(
        DEMO_ACCOUNTS.map((a) => ({
          username: a.username,
          email: a.email,
          fullName: a.fullName,
          isAdmin: a.isAdmin,
          // Identity verified (all but the demo learners of the verification page), so the site's
          // default (identity_verification_required, decision 031) does not stop the demo's
          // proctored exams at the verification page.
          verificationStatus: a.verificationStatus,
        })),
      )
      .onConflictDoNothing({ target: users.username })
      .returning({ id: users.id })
  ).length;
  const userRows = await tx
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(
      inArray(
        users.username,
        DEMO_ACCOUNTS.map((a) => a.username),
      ),
    );
  const userId = new Map(userRows.map((u) => [u.username, u.id]));
  const idOf = (username: string) => {
    const id = userId.get(username);
    if (id === undefined) throw new Error(`seedDemo: demo user ${username} is missing`);
    return id;
  };

  // Backends. The mock backend becomes the default only if no other backend is the default yet.
  const [existingDefault] = await tx
    .select({ name: backendConfigs.name })
    .from(backendConfigs)
    .where(eq(backendConfigs.isDefault, true))
    .limit(1);
  summary.backendConfigs = (
    await tx
      .insert(backendConfigs)
      .values([
        {
          name: "mock",
          kind: "mock",
          verboseName: "Mock Proctoring",
          isDefault: !existingDefault,
          settings: { ping_interval: 60, review_delay_seconds: 5, supports_onboarding: true },
        },
        { name: "null", kind: "null", verboseName: "No proctoring vendor", isDefault: false, settings: {} },
        {
          // The practice exam's vendor: the mock without onboarding support (a practice exam on a
          // backend that supports onboarding is an onboarding exam, §7.1) whose system check
          // finishes, unlike `null`'s.
          name: "mock-practice",
          kind: "mock",
          verboseName: "Mock Proctoring (practice)",
          isDefault: false,
          settings: { ping_interval: 60, supports_onboarding: false },
        },
        {
          // Settings and secrets in the REST backend's shape (§9.6): base_url, client_id and the
          // worker's javascript_url; secrets {client_secret}, encrypted like every vendor secret.
          name: DEMO_FAKE_VENDOR.backendName,
          kind: "rest",
          verboseName: "Fake Vendor (REST)",
          isDefault: false,
          settings: {
            base_url: DEMO_FAKE_VENDOR.baseUrl,
            client_id: DEMO_FAKE_VENDOR.clientId,
            javascript_url: `${DEMO_FAKE_VENDOR.baseUrl}/worker.js`,
            ping_interval: 30,
          },
          secretsEncrypted: encryptSecret(JSON.stringify({ client_secret: DEMO_FAKE_VENDOR.clientSecret })),
        },
      ])
      .onConflictDoNothing({ target: backendConfigs.name })
      .returning({ id: backendConfigs.id })
  ).length;

  // The fake vendor's callback client (its secret stored hashed, as every vendor client's).
  summary.vendorClients = (
    await tx
      .insert(vendorClients)
      .values({
        clientId: DEMO_FAKE_VENDOR.callbackClientId,
        secretHash: hashVendorClientSecret(DEMO_FAKE_VENDOR.callbackClientSecret),
        backendName: DEMO_FAKE_VENDOR.backendName,
        name: "Fake vendor (demo)",
      })
      .onConflictDoNothing({ target: vendorClients.clientId })
      .returning({ id: vendorClients.id })
  ).length;

  // Site settings.
  summary.siteSettings = (
    await tx
      .insert(siteSettings)
      .values(Object.entries(DEMO_SITE_SETTINGS).map(([key, value]) => ({ key, value })))
      .onConflictDoNothing({ target: siteSettings.key })
      .returning({ key: siteSettings.key })
  ).length;

  // Course.
  const course = await ensureCourse(tx, summary, {
    courseKey: DEMO_COURSE_KEY,
    name: DEMO_COURSE_NAME,
    start: at(-30),
    end: at(365),
    proctoringEscalationEmail: "proctoring-escalation@example.com",
    proctoringBackend: "mock",
    allowProctoringOptOut: true,
  });

  // Outline: a released welcome section, one section per exam (every kind open, so the demo shows
  // each working), plus a later, still empty unreleased week.
  const sections: {
    block: string;
    displayName: string;
    releaseDate: Date;
    dueDate: Date | null;
    exam?: ExamKind;
  }[] = [
    { block: "welcome", displayName: "Welcome to Proctoring 101", releaseDate: at(-30), dueDate: null },
    {
      block: "timed_quiz",
      displayName: "Week 1: Timed Quiz",
      releaseDate: at(-28),
      dueDate: null,
      exam: "timed",
    },
    {
      block: "practice_exam",
      displayName: "Week 2: Practice Proctored Exam",
      releaseDate: at(-21),
      dueDate: null,
      exam: "practice",
    },
    {
      block: "midterm_exam",
      displayName: "Week 3: Proctored Midterm",
      releaseDate: at(-14),
      dueDate: at(14),
      exam: "proctored",
    },
    {
      block: "onboarding_exam",
      displayName: "Proctoring Onboarding",
      releaseDate: at(-21),
      dueDate: null,
      exam: "onboarding",
    },
    {
      block: "final_exam",
      displayName: "Week 5: Proctored Final",
      releaseDate: at(-7),
      dueDate: at(28),
      exam: "proctored",
    },
    { block: "week_6", displayName: "Week 6: Final Review", releaseDate: at(30), dueDate: null },
  ];
  summary.courseSections = (
    await tx
      .insert(courseSections)
      .values(
        sections.map((s, position) => ({
          courseId: course.id,
          usageKey: usageKey(s.block),
          displayName: s.displayName,
          releaseDate: s.releaseDate,
          dueDate: s.dueDate,
          position,
        })),
      )
      .onConflictDoNothing({ target: [courseSections.courseId, courseSections.usageKey] })
      .returning({ id: courseSections.id })
  ).length;

  // Exams, one of each kind (§1.2).
  const examSpecs: Record<ExamKind, Omit<NewExam, "courseKey" | "contentId" | "examName" | "dueDate">> = {
    timed: { timeLimitMins: 30, isProctored: false, isPracticeExam: false, isActive: true, backend: null },
    proctored: { timeLimitMins: 60, isProctored: true, isPracticeExam: false, isActive: true, backend: "mock" },
    // A practice exam is an onboarding exam when its backend supports onboarding; `mock-practice` does not.
    practice: { timeLimitMins: 20, isProctored: true, isPracticeExam: true, isActive: true, backend: "mock-practice" },
    onboarding: { timeLimitMins: 15, isProctored: true, isPracticeExam: true, isActive: true, backend: "mock" },
  };
  const examSections = sections.filter((s): s is (typeof sections)[number] & { exam: ExamKind } => !!s.exam);
  summary.exams = (
    await tx
      .insert(exams)
      .values(
        examSections.map((s) => ({
          ...examSpecs[s.exam],
          courseKey: DEMO_COURSE_KEY,
          contentId: usageKey(s.block),
          examName: s.displayName.replace(/^Week \d+: /, ""),
          dueDate: s.dueDate,
        })),
      )
      .onConflictDoNothing({ target: [exams.courseKey, exams.contentId] })
      .returning({ id: exams.id })
  ).length;
  const examRows = await tx
    .select({ id: exams.id, contentId: exams.contentId })
    .from(exams)
    .where(
      and(
        eq(exams.courseKey, DEMO_COURSE_KEY),
        inArray(
          exams.contentId,
          examSections.map((s) => usageKey(s.block)),
        ),
      ),
    );
  const examIdOf = (kind: ExamKind, block?: string) => {
    const section = examSections.find((s) => s.exam === kind && (!block || s.block === block));
    const row = examRows.find((e) => section && e.contentId === usageKey(section.block));
    if (!row) throw new Error(`seedDemo: the demo ${kind} exam is missing`);
    return row.id;
  };

  // Built-in question sets. (exam, position) is unique, so a set is never doubled or mixed.
  const questionRows = [
    ...TIMED_QUESTIONS.map((q, position) => ({ ...q, examId: examIdOf("timed"), position })),
    ...PROCTORED_QUESTIONS.map((q, position) => ({ ...q, examId: examIdOf("proctored", "midterm_exam"), position })),
    ...PROCTORED_QUESTIONS.map((q, position) => ({ ...q, examId: examIdOf("proctored", "final_exam"), position })),
    ...PRACTICE_QUESTIONS.map((q, position) => ({ ...q, examId: examIdOf("practice"), position })),
    ...ONBOARDING_QUESTIONS.map((q, position) => ({ ...q, examId: examIdOf("onboarding"), position })),
  ].map((q) => ({
    examId: q.examId,
    position: q.position,
    kind: q.kind,
    prompt: q.prompt,
    choices: q.choices ?? [],
    correctChoice: q.correctChoice ?? null,
    points: q.points,
  }));
  summary.examQuestions = (
    await tx
      .insert(examQuestions)
      .values(questionRows)
      .onConflictDoNothing({ target: [examQuestions.examId, examQuestions.position] })
      .returning({ id: examQuestions.id })
  ).length;

  // Review policy of the proctored exam, set by course staff.
  summary.reviewPolicies = (
    await tx
      .insert(reviewPolicies)
      .values({ examId: examIdOf("proctored", "midterm_exam"), setByUserId: idOf("staff"), reviewPolicy: DEMO_REVIEW_POLICY })
      .onConflictDoNothing({ target: reviewPolicies.examId })
      .returning({ id: reviewPolicies.id })
  ).length;

  // The vendor course: a welcome section and a proctored final on the fake REST vendor.
  const vendorCourse = await ensureCourse(tx, summary, {
    courseKey: DEMO_VENDOR_COURSE_KEY,
    name: DEMO_VENDOR_COURSE_NAME,
    start: at(-30),
    end: at(365),
    proctoringEscalationEmail: "proctoring-escalation@example.com",
    proctoringBackend: DEMO_FAKE_VENDOR.backendName,
    allowProctoringOptOut: false,
  });
  summary.courseSections += (
    await tx
      .insert(courseSections)
      .values([
        { courseId: vendorCourse.id, usageKey: vendorUsageKey("welcome"), displayName: "Welcome", releaseDate: at(-30), dueDate: null, position: 0 },
        {
          courseId: vendorCourse.id,
          usageKey: vendorUsageKey("vendor_final"),
          displayName: "Vendor-Proctored Final",
          releaseDate: at(-7),
          dueDate: at(21),
          position: 1,
        },
      ])
      .onConflictDoNothing({ target: [courseSections.courseId, courseSections.usageKey] })
      .returning({ id: courseSections.id })
  ).length;
  summary.exams += (
    await tx
      .insert(exams)
      .values({
        courseKey: DEMO_VENDOR_COURSE_KEY,
        contentId: vendorUsageKey("vendor_final"),
        examName: "Vendor-Proctored Final",
        timeLimitMins: 45,
        isProctored: true,
        isPracticeExam: false,
        isActive: true,
        backend: DEMO_FAKE_VENDOR.backendName,
        dueDate: at(21),
      })
      .onConflictDoNothing({ target: [exams.courseKey, exams.contentId] })
      .returning({ id: exams.id })
  ).length;
  const [vendorExam] = await tx
    .select({ id: exams.id })
    .from(exams)
    .where(and(eq(exams.courseKey, DEMO_VENDOR_COURSE_KEY), eq(exams.contentId, vendorUsageKey("vendor_final"))))
    .limit(1);
  if (!vendorExam) throw new Error("seedDemo: the vendor demo exam is missing");
  summary.examQuestions += (
    await tx
      .insert(examQuestions)
      .values(
        PROCTORED_QUESTIONS.map((q, position) => ({
          examId: vendorExam.id,
          position,
          kind: q.kind,
          prompt: q.prompt,
          choices: q.choices ?? [],
          correctChoice: q.correctChoice ?? null,
          points: q.points,
        })),
      )
      .onConflictDoNothing({ target: [examQuestions.examId, examQuestions.position] })
      .returning({ id: examQuestions.id })
  ).length;

  // Course roles and enrollments, the same in both courses.
  const courseIds = [course.id, vendorCourse.id];
  const roleRows = DEMO_ACCOUNTS.flatMap((a) =>
    a.courseRole ? courseIds.map((courseId) => ({ userId: idOf(a.username), courseId, role: a.courseRole })) : [],
  );
  summary.courseRoles = (
    await tx
      .insert(courseRoles)
      .values(roleRows)
      .onConflictDoNothing({ target: [courseRoles.userId, courseRoles.courseId, courseRoles.role] })
      .returning({ id: courseRoles.id })
  ).length;

  const enrollmentRows = DEMO_ACCOUNTS.flatMap((a) =>
    a.enrollmentMode ? courseIds.map((courseId) => ({ userId: idOf(a.username), courseId, mode: a.enrollmentMode })) : [],
  );
  summary.enrollments = (
    await tx
      .insert(enrollments)
      .values(enrollmentRows)
      // The unique index is partial (one *active* enrollment per learner and course).
      .onConflictDoNothing({ target: [enrollments.userId, enrollments.courseId], where: sql`is_active` })
      .returning({ id: enrollments.id })
  ).length;

  await seedCredit(tx, summary, {
    courseId: course.id,
    midtermExamId: examIdOf("proctored", "midterm_exam"),
    finalExamId: examIdOf("proctored", "final_exam"),
    idOf,
    at,
  });
  await seedOrientationCourse(tx, summary, at, idOf);
  return summary;
}

/**
 * The demo course's credit requirements in order (§12.3: one per proctored exam, an identity
 * reverification between them, the grade last), the demo learners' statuses as the LMS would
 * sync them, and the attempts that put the credit learners on their page at once.
 */
async function seedCredit(
  tx: Tx,
  summary: SeedSummary,
  demo: { courseId: number; midtermExamId: number; finalExamId: number; idOf: (username: string) => number; at: (days: number) => Date },
): Promise<void> {
  const midterm = usageKey("midterm_exam");
  const requirements = [
    { namespace: "proctored_exam", name: midterm, displayName: "Proctored Midterm", order: 1 },
    { namespace: "reverification", name: "demo_reverification", displayName: "Identity reverification", order: 2 },
    { namespace: "proctored_exam", name: usageKey("final_exam"), displayName: "Proctored Final", order: 3 },
    { namespace: "grade", name: "grade", displayName: "Final grade", order: 4 },
  ];
  summary.creditRequirements = (
    await tx
      .insert(creditRequirements)
      .values(requirements.map((r) => ({ ...r, courseId: demo.courseId })))
      .onConflictDoNothing({ target: [creditRequirements.courseId, creditRequirements.namespace, creditRequirements.name] })
      .returning({ id: creditRequirements.id })
  ).length;

  const statusRows = Object.entries(DEMO_CREDIT_STATUSES).flatMap(([username, [mid, reverification]]) => [
    ...(mid ? [{ userId: demo.idOf(username), courseId: demo.courseId, namespace: "proctored_exam", name: midterm, status: mid, source: "lms" as const, statusDate: demo.at(-3) }] : []),
    ...(reverification
      ? [{ userId: demo.idOf(username), courseId: demo.courseId, namespace: "reverification", name: "demo_reverification", status: reverification, source: "lms" as const, statusDate: demo.at(-3) }]
      : []),
  ]);
  summary.creditRequirementStatuses = (
    await tx
      .insert(creditRequirementStatuses)
      .values(statusRows)
      .onConflictDoNothing({
        target: [creditRequirementStatuses.userId, creditRequirementStatuses.courseId, creditRequirementStatuses.namespace, creditRequirementStatuses.name],
      })
      .returning({ id: creditRequirementStatuses.id })
  ).length;

  // The identity-verification learners have started the final (an attempt in `created`): the page
  // asks for the verification before the set-up (§12.3). The declined learner took the midterm
  // without proctoring (which is what declined its requirement). Once each, as every demo attempt.
  const demoAttempts = [
    { username: "verify_expired", examId: demo.finalExamId, status: "created" as const, takingAsProctored: true },
    { username: "verify_pending", examId: demo.finalExamId, status: "created" as const, takingAsProctored: true },
    { username: "credit_declined", examId: demo.midtermExamId, status: "declined" as const, takingAsProctored: false },
  ];
  for (const { username, examId, status, takingAsProctored } of demoAttempts) {
    const userId = demo.idOf(username);
    const [existing] = await tx
      .select({ id: attempts.id })
      .from(attempts)
      .where(and(eq(attempts.examId, examId), eq(attempts.userId, userId)))
      .limit(1);
    if (existing) continue;
    const account = DEMO_ACCOUNTS.find((a) => a.username === username)!;
    summary.attempts += (
      await tx
        .insert(attempts)
        .values({
          userId,
          examId,
          courseKey: DEMO_COURSE_KEY,
          status,
          takingAsProctored,
          isSampleAttempt: false,
          studentName: account.fullName,
          created: demo.at(-1),
          modified: demo.at(-1),
        })
        .returning({ id: attempts.id })
    ).length;
  }
}

/** Inserts a demo course unless it is there (counted in the summary when inserted), and returns it. */
async function ensureCourse(tx: Tx, summary: SeedSummary, values: typeof courses.$inferInsert): Promise<typeof courses.$inferSelect> {
  summary.courses += (await tx.insert(courses).values(values).onConflictDoNothing({ target: courses.courseKey }).returning({ id: courses.id })).length;
  const [course] = await tx.select().from(courses).where(eq(courses.courseKey, values.courseKey)).limit(1);
  if (!course) throw new Error(`seedDemo: the demo course ${values.courseKey} is missing`);
  return course;
}

/** The orientation course (DEMO_ORIENTATION_COURSE_KEY): its onboarding exam, and pro_learner's verified attempt at it. */
async function seedOrientationCourse(tx: Tx, summary: SeedSummary, at: (days: number) => Date, idOf: (username: string) => number): Promise<void> {
  const course = await ensureCourse(tx, summary, {
    courseKey: DEMO_ORIENTATION_COURSE_KEY,
    name: DEMO_ORIENTATION_COURSE_NAME,
    start: at(-60),
    end: at(365),
    proctoringEscalationEmail: "proctoring-escalation@example.com",
    proctoringBackend: "mock",
    allowProctoringOptOut: false,
  });
  summary.courseSections += (
    await tx
      .insert(courseSections)
      .values({ courseId: course.id, usageKey: orientationUsageKey("onboarding"), displayName: "Proctoring onboarding", releaseDate: at(-60), dueDate: null, position: 0 })
      .onConflictDoNothing({ target: [courseSections.courseId, courseSections.usageKey] })
      .returning({ id: courseSections.id })
  ).length;
  summary.exams += (
    await tx
      .insert(exams)
      .values({
        courseKey: DEMO_ORIENTATION_COURSE_KEY,
        contentId: orientationUsageKey("onboarding"),
        examName: "Proctoring onboarding",
        timeLimitMins: 15,
        isProctored: true,
        isPracticeExam: true,
        isActive: true,
        backend: "mock",
        dueDate: null,
      })
      .onConflictDoNothing({ target: [exams.courseKey, exams.contentId] })
      .returning({ id: exams.id })
  ).length;
  const [exam] = await tx
    .select({ id: exams.id })
    .from(exams)
    .where(and(eq(exams.courseKey, DEMO_ORIENTATION_COURSE_KEY), eq(exams.contentId, orientationUsageKey("onboarding"))))
    .limit(1);
  if (!exam) throw new Error("seedDemo: the orientation onboarding exam is missing");

  const staffRoles = DEMO_ACCOUNTS.filter((a) => a.courseRole).map((a) => ({ userId: idOf(a.username), courseId: course.id, role: a.courseRole! }));
  summary.courseRoles += (
    await tx
      .insert(courseRoles)
      .values(staffRoles)
      .onConflictDoNothing({ target: [courseRoles.userId, courseRoles.courseId, courseRoles.role] })
      .returning({ id: courseRoles.id })
  ).length;
  const learner = DEMO_ACCOUNTS.find((a) => a.username === DEMO_ORIENTATION_LEARNER)!;
  const learnerId = idOf(learner.username);
  summary.enrollments += (
    await tx
      .insert(enrollments)
      .values({ userId: learnerId, courseId: course.id, mode: learner.enrollmentMode! })
      .onConflictDoNothing({ target: [enrollments.userId, enrollments.courseId], where: sql`is_active` })
      .returning({ id: enrollments.id })
  ).length;

  // The verified onboarding attempt, once: a learner's attempts have no natural key, so look first.
  const [existing] = await tx
    .select({ id: attempts.id })
    .from(attempts)
    .where(and(eq(attempts.examId, exam.id), eq(attempts.userId, learnerId)))
    .limit(1);
  if (existing) return;
  const started = at(-20);
  const completed = new Date(started.getTime() + 12 * 60 * 1000);
  summary.attempts += (
    await tx
      .insert(attempts)
      .values({
        userId: learnerId,
        examId: exam.id,
        courseKey: DEMO_ORIENTATION_COURSE_KEY,
        status: "verified",
        takingAsProctored: true,
        isSampleAttempt: true,
        studentName: learner.fullName,
        allowedTimeLimitMins: 15,
        startedAt: started,
        completedAt: completed,
        created: started,
        modified: at(-19),
      })
      .returning({ id: attempts.id })
  ).length;
}
