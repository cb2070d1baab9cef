import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createAdminUser } from "@/lib/services/users";
import { createTestDatabase, setupTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/factories";
import {
  attempts,
  backendConfigs,
  courseRoles,
  courseSections,
  courses,
  enrollments,
  examQuestions,
  exams,
  reviewPolicies,
  siteSettings,
  users,
  vendorClients,
} from "./schema";
import { DEMO_ACCOUNTS, DEMO_COURSE_KEY, DEMO_FAKE_VENDOR, DEMO_ORIENTATION_COURSE_KEY, DEMO_ORIENTATION_LEARNER, DEMO_VENDOR_COURSE_KEY, seedDemo } from "./seed";
import { loadUserActor } from "@/lib/data/actor-loader";
import { newRequestId } from "@/lib/data/context";
import { listOnboardingStatuses } from "@/lib/queries/dashboard-onboarding";
import { decryptSecret } from "@/lib/crypto/secrets";
import { DEFAULT_VENDOR_PORT, DEMO_CALLBACK_CLIENT, DEMO_REST_CLIENT_ID, DEMO_REST_CLIENT_SECRET, defaultOptions } from "@/fake-vendor/main";
import { authenticateVendorClient } from "@/lib/services/vendor-clients";

const t = setupTestDatabase();
const NOW = new Date("2026-03-01T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

const TABLES = {
  users,
  courses,
  backendConfigs,
  vendorClients,
  siteSettings,
  courseSections,
  exams,
  examQuestions,
  reviewPolicies,
  courseRoles,
  enrollments,
  attempts,
};

async function counts(db: TestDatabase["db"]) {
  const result: Record<string, number> = {};
  for (const [name, table] of Object.entries(TABLES)) {
    const [row] = await db.select({ n: count() }).from(table);
    result[name] = row!.n;
  }
  return result;
}

describe("seedDemo", () => {
  it("is idempotent: a second run creates nothing and changes nothing", async () => {
    const first = await seedDemo(t.db, NOW);
    const afterFirst = await counts(t.db);
    expect(first).toEqual(afterFirst);
    const courseBefore = await t.db.select().from(courses);

    const second = await seedDemo(t.db, new Date(NOW.getTime() + 7 * DAY));
    expect(Object.values(second).every((n) => n === 0)).toBe(true);
    expect(await counts(t.db)).toEqual(afterFirst);
    expect(await t.db.select().from(courses)).toEqual(courseBefore);
  });

  it("creates the demo course on the mock backend", async () => {
    const [course] = await t.db.select().from(courses).where(eq(courses.courseKey, DEMO_COURSE_KEY));
    expect(course).toMatchObject({
      name: "Proctoring 101: Demo Course",
      proctoringBackend: "mock",
      allowProctoringOptOut: true,
      proctoringEscalationEmail: "proctoring-escalation@example.com",
    });
    expect(course!.start!.getTime()).toBeLessThan(NOW.getTime());
    expect(course!.end!.getTime()).toBeGreaterThan(NOW.getTime() + 300 * DAY);

    const backends = await t.db.select().from(backendConfigs);
    expect(backends.find((b) => b.name === "mock")).toMatchObject({ kind: "mock", isDefault: true });
    expect(backends.find((b) => b.name === "mock")!.settings).toMatchObject({ supports_onboarding: true });
    expect(backends.find((b) => b.name === "null")).toMatchObject({ kind: "null", isDefault: false });
    // The practice exam's vendor finishes its system check and does not support onboarding.
    expect(backends.find((b) => b.name === "mock-practice")).toMatchObject({ kind: "mock", isDefault: false });
    expect(backends.find((b) => b.name === "mock-practice")!.settings).toMatchObject({ supports_onboarding: false });

    const settings = Object.fromEntries((await t.db.select().from(siteSettings)).map((s) => [s.key, s.value]));
    expect(settings).toMatchObject({ onboarding_validity_days: 730, default_review_policy: "Closed Book" });
  });

  it("has one active, released exam of every kind, each with questions", async () => {
    const rows = await t.db.select().from(exams).where(eq(exams.courseKey, DEMO_COURSE_KEY));
    const kindOf = (e: (typeof rows)[number]) =>
      !e.isProctored ? (e.isPracticeExam ? "unsupported" : "timed")
      : !e.isPracticeExam ? "proctored"
      : e.backend === "mock" ? "onboarding"
      : "practice";
    const byKind = Object.fromEntries(rows.map((e) => [kindOf(e), e]));
    expect(Object.keys(byKind).sort()).toEqual(["onboarding", "practice", "proctored", "timed"]);
    expect(rows.every((e) => e.isActive)).toBe(true);
    expect(byKind.timed).toMatchObject({ timeLimitMins: 30 });
    expect(byKind.proctored).toMatchObject({ timeLimitMins: 60, backend: "mock" });
    expect(byKind.proctored!.dueDate).toEqual(new Date(NOW.getTime() + 14 * DAY));
    expect(byKind.practice).toMatchObject({ backend: "mock-practice" });

    const sections = await t.db.select().from(courseSections);
    const sectionOf = (contentId: string) => sections.find((s) => s.usageKey === contentId);
    for (const exam of rows) expect(sectionOf(exam.contentId), exam.examName).toBeDefined();
    for (const exam of rows) expect(sectionOf(exam.contentId)!.releaseDate!.getTime(), exam.examName).toBeLessThan(NOW.getTime());
    expect(sections.some((s) => s.releaseDate!.getTime() < NOW.getTime() && !rows.some((e) => e.contentId === s.usageKey))).toBe(true);

    for (const kind of ["timed", "proctored"] as const) {
      const questions = await t.db.select().from(examQuestions).where(eq(examQuestions.examId, byKind[kind]!.id));
      expect(questions.map((q) => q.kind).sort()).toEqual(["multiple_choice", "multiple_choice", "short_answer"]);
      for (const q of questions.filter((q) => q.kind === "multiple_choice")) {
        expect(q.choices[q.correctChoice!]).toBeDefined();
      }
    }
    // Practice and onboarding attempts show content while they run, not an empty page.
    for (const kind of ["practice", "onboarding"] as const) {
      const questions = await t.db.select().from(examQuestions).where(eq(examQuestions.examId, byKind[kind]!.id));
      expect(questions.length, kind).toBeGreaterThan(0);
    }
    const [policy] = await t.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, byKind.proctored!.id));
    const [staff] = await t.db.select().from(users).where(eq(users.username, "staff"));
    expect(policy!.setByUserId).toBe(staff!.id);
  });

  it("creates a second course whose proctored exam is on the fake REST vendor", async () => {
    const [course] = await t.db.select().from(courses).where(eq(courses.courseKey, DEMO_VENDOR_COURSE_KEY));
    expect(course).toMatchObject({ proctoringBackend: "fake-rest" });
    const rows = await t.db.select().from(exams).where(eq(exams.courseKey, DEMO_VENDOR_COURSE_KEY));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ isProctored: true, isPracticeExam: false, isActive: true, backend: "fake-rest" });
    const questions = await t.db.select().from(examQuestions).where(eq(examQuestions.examId, rows[0]!.id));
    expect(questions).toHaveLength(3);

    const [backend] = await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, "fake-rest"));
    expect(backend).toMatchObject({ kind: "rest", isDefault: false, enabled: true });
    expect(backend!.settings).toEqual({
      base_url: "http://127.0.0.1:11137",
      client_id: DEMO_FAKE_VENDOR.clientId,
      javascript_url: "http://127.0.0.1:11137/worker.js",
      ping_interval: 30,
    });
    // The secret is stored encrypted, never in the settings.
    expect(JSON.stringify(backend!.settings)).not.toContain(DEMO_FAKE_VENDOR.clientSecret);
    expect(backend!.secretsEncrypted).not.toContain(DEMO_FAKE_VENDOR.clientSecret);
    expect(JSON.parse(decryptSecret(backend!.secretsEncrypted!))).toEqual({ client_secret: DEMO_FAKE_VENDOR.clientSecret });
  });

  it("agrees with the fake vendor's defaults, so the demo works without configuration", () => {
    expect(DEMO_FAKE_VENDOR.baseUrl).toBe(`http://127.0.0.1:${DEFAULT_VENDOR_PORT}`);
    expect(DEMO_FAKE_VENDOR.clientId).toBe(DEMO_REST_CLIENT_ID);
    expect(DEMO_FAKE_VENDOR.clientSecret).toBe(DEMO_REST_CLIENT_SECRET);
    // The vendor's callbacks (ready, reviewed) use the client the seed creates, unless told otherwise.
    expect(defaultOptions({}).callbackClient).toEqual({ clientId: DEMO_FAKE_VENDOR.callbackClientId, clientSecret: DEMO_FAKE_VENDOR.callbackClientSecret });
    expect(DEMO_CALLBACK_CLIENT).toEqual({ clientId: DEMO_FAKE_VENDOR.callbackClientId, clientSecret: DEMO_FAKE_VENDOR.callbackClientSecret });
    expect(defaultOptions({ FAKE_VENDOR_CALLBACK_CLIENT_ID: "cid", FAKE_VENDOR_CALLBACK_CLIENT_SECRET: "cs" }).callbackClient).toEqual({ clientId: "cid", clientSecret: "cs" });
  });

  it("creates the fake vendor's callback client for the fake-rest backend only, its secret hashed", async () => {
    const rows = await t.db.select().from(vendorClients);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ clientId: DEMO_FAKE_VENDOR.callbackClientId, backendName: "fake-rest", revokedAt: null });
    expect(rows[0]!.secretHash).not.toContain(DEMO_FAKE_VENDOR.callbackClientSecret);
    const client = await authenticateVendorClient(t.db, DEMO_FAKE_VENDOR.callbackClientId, DEMO_FAKE_VENDOR.callbackClientSecret, NOW);
    expect(client?.backendName).toBe("fake-rest");
    expect(await authenticateVendorClient(t.db, DEMO_FAKE_VENDOR.callbackClientId, `${DEMO_FAKE_VENDOR.callbackClientSecret.slice(0, -1)}1`, NOW)).toBeNull();
  });

  it("creates every demo account with its role", async () => {
    const [course] = await t.db.select().from(courses).where(eq(courses.courseKey, DEMO_COURSE_KEY));
    const [vendorCourse] = await t.db.select().from(courses).where(eq(courses.courseKey, DEMO_VENDOR_COURSE_KEY));
    const both = [course!.id, vendorCourse!.id];
    for (const account of DEMO_ACCOUNTS) {
      const [user] = await t.db.select().from(users).where(eq(users.username, account.username));
      expect(user, account.username).toMatchObject({ isAdmin: account.isAdmin, fullName: account.fullName, verificationStatus: "approved" });
      expect(user!.email).toMatch(/@example\.com$/);
      // The two courses every account is in (the orientation course has its own test).
      const inBoth = <T extends { courseId: number }>(rows: T[]) => rows.filter((r) => both.includes(r.courseId));
      const enrolled = inBoth(await t.db.select().from(enrollments).where(eq(enrollments.userId, user!.id)));
      const roles = inBoth(await t.db.select().from(courseRoles).where(eq(courseRoles.userId, user!.id)));
      const byCourse = <T extends { courseId: number }>(rows: T[]) => [...rows].sort((a, b) => a.courseId - b.courseId);
      expect(byCourse(enrolled).map((e) => [e.courseId, e.mode])).toEqual(
        account.enrollmentMode ? both.map((id) => [id, account.enrollmentMode]) : [],
      );
      expect(byCourse(roles).map((r) => [r.courseId, r.role])).toEqual(account.courseRole ? both.map((id) => [id, account.courseRole]) : []);
    }
    const homes = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.username, a.home]));
    expect(homes).toMatchObject({ learner: "/courses", staff: "/instructor", instructor: "/instructor", admin: "/admin" });
    expect(DEMO_ACCOUNTS.map((a) => a.enrollmentMode)).toEqual(
      expect.arrayContaining(["verified", "audit", "professional", "masters"]),
    );
  });
});

describe("seedDemo's orientation course", () => {
  it("gives pro_learner a verified onboarding on the mock backend, shown as approved in another course in the demo course", async () => {
    await seedDemo(t.db, NOW);
    const [learner] = await t.db.select().from(users).where(eq(users.username, DEMO_ORIENTATION_LEARNER));
    const [orientation] = await t.db.select().from(courses).where(eq(courses.courseKey, DEMO_ORIENTATION_COURSE_KEY));
    expect(orientation).toMatchObject({ proctoringBackend: "mock" });
    const verified = await t.db.select().from(attempts).where(eq(attempts.userId, learner!.id));
    expect(verified.map((a) => [a.courseKey, a.status, a.takingAsProctored, a.isSampleAttempt])).toEqual([[DEMO_ORIENTATION_COURSE_KEY, "verified", true, true]]);

    const [staff] = await t.db.select().from(users).where(eq(users.username, "staff"));
    const ctx = { db: t.db, principal: (await loadUserActor(t.db, staff!.id))!, now: NOW, requestId: newRequestId(), source: "web" as const };
    const page = await listOnboardingStatuses(ctx, { courseKey: DEMO_COURSE_KEY, page: null, search: DEMO_ORIENTATION_LEARNER, statuses: null });
    expect(page.rows.map((r) => [r.username, r.status])).toEqual([[DEMO_ORIENTATION_LEARNER, "other_course_approved"]]);
  });
});

describe("seedDemo over existing data", () => {
  let other: TestDatabase | undefined;
  afterEach(async () => {
    await other?.close();
    other = undefined;
  });

  it("keeps another default backend and existing users as they are", async () => {
    other = await createTestDatabase();
    const { db } = other;
    await db.insert(backendConfigs).values({ name: "vendor", kind: "rest", isDefault: true });
    const learner = await makeUser(db, { username: "learner", fullName: "Someone Else" });
    await createAdminUser(db, { username: "admin", email: "ops@example.org" });

    await seedDemo(db, NOW);

    const backends = await db.select().from(backendConfigs);
    expect(backends.filter((b) => b.isDefault).map((b) => b.name)).toEqual(["vendor"]);
    expect(backends.map((b) => b.name).sort()).toEqual(["fake-rest", "mock", "mock-practice", "null", "vendor"]);
    const [kept] = await db.select().from(users).where(eq(users.id, learner.id));
    expect(kept!.fullName).toBe("Someone Else");
    const [admin] = await db.select().from(users).where(eq(users.username, "admin"));
    expect(admin!.email).toBe("ops@example.org");
    const enrolled = await db.select().from(enrollments).where(eq(enrollments.userId, learner.id));
    expect(enrolled.map((e) => e.mode)).toEqual(["verified", "verified"]);
  });
});
