import { and, desc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { attempts, auditLog, backendConfigs, courseRoles, exams, outbox, reviewPolicies, type Course, type User } from "@/db/schema";
import { startFakeVendor, fakeAttempts, type FakeVendor } from "@/fake-vendor/core";
import { restState, restVendorRoutes } from "@/fake-vendor/rest";
import { GET as INSTRUCTOR_EXAM } from "@/app/api/edx_proctoring/v1/instructor/[courseId]/[examId]/route";
import { POST as RETIRE_BACKEND } from "@/app/api/edx_proctoring/v1/retire_backend_user/[userId]/route";
import { GET as PROCTORING_SETTINGS } from "@/app/api/edx_proctoring/v1/proctored_exam/settings/exam_id/[examId]/route";
import { loadUserActor } from "@/lib/data/actor-loader";
import { resetEnvCache, getEnv } from "@/lib/env";
import { createJobHandlers } from "@/lib/jobs/handlers";
import { runOutboxOnce } from "@/lib/jobs/outbox";
import { configureBackend } from "@/lib/services/backend-configs";
import { performAttemptAction } from "@/lib/services/attempt/actions";
import { createExamAttempt } from "@/lib/services/attempt/create";
import { newRequestId, systemContext, type ServiceContext } from "@/lib/data/context";
import { createExam } from "@/lib/services/exam/create";
import { updateExam } from "@/lib/services/exam/update";
import { enqueue } from "@/lib/services/journal";
import { obscuredUserId } from "@/lib/domain/obscure";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { getBackendByName } from "../registry";
import { clearRestTokenCache } from "./client";
import { clearRestConfigCache } from "./index";

const t = setupApiTestDatabase();
const CLIENT_ID = "invigil";
const SECRET = "integration-secret-0123456789";
const handlers = createJobHandlers({ mailer: null });

let vendor: FakeVendor;
let course: Course;
let admin: User;
let staff: User;
const savedBaseUrl = process.env.INVIGIL_BASE_URL;

beforeAll(async () => {
  process.env.INVIGIL_BASE_URL = "http://127.0.0.1:3999";
  resetEnvCache();
  vendor = await startFakeVendor(restVendorRoutes({ clientId: CLIENT_ID, clientSecret: SECRET }));
  await configureBackend(t.db, {
    name: "vendor",
    kind: "rest",
    verboseName: "Fake Proctoring",
    settings: { base_url: vendor.url, client_id: CLIENT_ID, default_rules: { allow_notes: true }, timeout_seconds: 2 },
    secrets: { client_secret: SECRET },
  });
  course = await makeCourse(t.db);
  admin = await makeUser(t.db, { isAdmin: true });
  staff = await makeUser(t.db, { fullName: "Stella Staff", email: "stella@example.test" });
  await t.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "staff" });
});
afterAll(async () => {
  await vendor.close();
  if (savedBaseUrl === undefined) delete process.env.INVIGIL_BASE_URL;
  else process.env.INVIGIL_BASE_URL = savedBaseUrl;
  resetEnvCache();
});
afterEach(() => {
  vendor.fail("none");
  clearRestTokenCache();
  clearRestConfigCache();
});

async function learnerCtx(): Promise<{ user: User; ctx: ServiceContext }> {
  const user = await makeUser(t.db);
  await makeEnrollment(t.db, { userId: user.id, courseId: course.id, mode: "verified" });
  const principal = (await loadUserActor(t.db, user.id))!;
  return { user, ctx: { db: t.db, principal, now: new Date(), requestId: newRequestId(), source: "web" } };
}

const proctoredExam = () => makeExam(t.db, { courseKey: course.courseKey, isProctored: true, backend: "vendor" });

describe("rest backend inside Invigil", () => {
  it("is built by the registry from the stored, encrypted secret", async () => {
    const [row] = await t.db.select().from(backendConfigs).where(eq(backendConfigs.name, "vendor"));
    expect(row!.secretsEncrypted).toMatch(/^v1:/);
    expect(row!.secretsEncrypted).not.toContain(SECRET);
    expect(JSON.stringify(row!.settings)).not.toContain(SECRET);
    const backend = await getBackendByName(t.db, "vendor");
    expect(backend).toMatchObject({ kind: "rest", verboseName: "Fake Proctoring", hasDashboard: true });
  });

  it("syncs an exam the vendor does not know yet before registering, keeps both vendor ids, sends the review policy", async () => {
    const exam = await proctoredExam();
    await t.db.insert(reviewPolicies).values({ examId: exam.id, setByUserId: admin.id, reviewPolicy: "Closed book." });
    const { user, ctx } = await learnerCtx();
    const attempt = await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true });
    expect(attempt).toMatchObject({ status: "created" });
    const [stored] = await t.db.select().from(exams).where(eq(exams.id, exam.id));
    expect(stored!.externalId).toMatch(/^exam-\d+$/);
    expect(restState(vendor).exams.get(stored!.externalId!)!.body).toMatchObject({ rule_summary: "Closed book.", rules: { allow_notes: true }, id: exam.id });
    expect(attempt).toMatchObject({ status: "created" });
    expect(attempt.externalId).toMatch(/^attempt-\d+$/);
    const atVendor = fakeAttempts(vendor).get(attempt.externalId!)!;
    expect(atVendor).toMatchObject({
      vendorExamId: stored!.externalId,
      userId: obscuredUserId(getEnv().secretKey, user.id, "vendor"),
      lmsHost: "http://127.0.0.1:3999",
      fullName: user.fullName,
    });
    const registration = vendor.callsTo(new RegExp(`^/api/v1/exam/${stored!.externalId}/attempt/$`), "POST").at(-1)!;
    expect(registration.body).toMatchObject({ review_policy: "Closed book.", is_sample_attempt: false, status: "created" });
  });

  it("shares one token among concurrent starts, though each builds its own backend from the row", async () => {
    const exam = await proctoredExam();
    // The first learner makes the exam known to the vendor; then the token is forgotten.
    const first = await learnerCtx();
    await createExamAttempt(first.ctx, { examId: exam.id, userId: first.user.id, takingAsProctored: true });
    clearRestTokenCache();
    const learners = await Promise.all(Array.from({ length: 20 }, () => learnerCtx()));
    const tokensBefore = vendor.callsTo(/^\/oauth2\/access_token$/).length;
    const created = await Promise.all(learners.map(({ user, ctx }) => createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true })));
    expect(created.map((a) => a.status)).toEqual(Array(20).fill("created"));
    expect(new Set(created.map((a) => a.externalId)).size).toBe(20);
    expect(vendor.callsTo(/^\/oauth2\/access_token$/).length - tokensBefore).toBe(1);
  });

  it("creates the attempt in error, with the reason on its timeline, when the vendor is down or slow", async () => {
    const exam = await proctoredExam();
    for (const mode of ["down", "slow"] as const) {
      vendor.fail(mode, { delayMs: 4000 });
      const { user, ctx } = await learnerCtx();
      const attempt = await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true });
      expect(attempt).toMatchObject({ status: "error", externalId: null });
      const [audit] = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "attempt.registration_failed")));
      const reason = (audit!.data as { reason: string }).reason;
      expect(reason).toBe(mode === "down" ? "Fake Proctoring could not be reached for token request." : "Fake Proctoring did not answer token request within 2 s.");
      expect(JSON.stringify(audit!.data)).not.toContain(SECRET);
    }
    // Other learners are not blocked: once the vendor is back, the next one registers.
    vendor.fail("none");
    const { user, ctx } = await learnerCtx();
    expect((await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true })).status).toBe("created");
  });

  it("lets staff resume an attempt whose registration failed; the new attempt registers", async () => {
    const exam = await proctoredExam();
    vendor.fail("down");
    const { user, ctx } = await learnerCtx();
    const failed = await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true });
    expect(failed.status).toBe("error");
    vendor.fail("none");
    const staffCtx: ServiceContext = { db: t.db, principal: (await loadUserActor(t.db, staff.id))!, now: new Date(), requestId: newRequestId(), source: "web" };
    await performAttemptAction(staffCtx, { attemptId: failed.id, action: "mark_ready_to_resume", userId: user.id });
    const resumed = await createExamAttempt({ ...ctx, now: new Date() }, { examId: exam.id, userId: user.id, takingAsProctored: true });
    expect(resumed.id).not.toBe(failed.id);
    expect(resumed.status).toBe("created");
    expect(resumed.externalId).toMatch(/^attempt-\d+$/);
    const [old] = await t.db.select().from(attempts).where(eq(attempts.id, failed.id));
    expect(old!.status).toBe("resumed");
  });

  it("records the vendor's status code when it refuses the registration", async () => {
    const exam = await proctoredExam();
    await t.db.update(exams).set({ externalId: "exam-unknown-to-vendor" }).where(eq(exams.id, exam.id));
    const { user, ctx } = await learnerCtx();
    const attempt = await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true });
    expect(attempt.status).toBe("error");
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "attempt.registration_failed")));
    expect(audit!.data).toMatchObject({ backend: "vendor", reason: "Fake Proctoring refused the registration (HTTP 404).", vendor_status: 404 });
  });

  it("blocks the learner with the vendor's onboarding status", async () => {
    const exam = await proctoredExam();
    const { user, ctx } = await learnerCtx();
    restState(vendor).onboarding.set(obscuredUserId(getEnv().secretKey, user.id, "vendor"), "onboarding_missing");
    const attempt = await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true });
    expect(attempt).toMatchObject({ status: "onboarding_missing", externalId: null });
  });

  it("enqueues the exam sync when a proctored exam is created on it, and the outbox stores the vendor id", async () => {
    const principal = (await loadUserActor(t.db, admin.id))!;
    const ctx: ServiceContext = { db: t.db, principal, now: new Date(), requestId: newRequestId(), source: "api" };
    const exam = await createExam(ctx, {
      course_id: course.courseKey,
      content_id: `block-v1:TestX+T+2026+type@sequential+block@synced${Date.now()}`,
      exam_name: "Synced",
      time_limit_mins: 30,
      external_id: null,
      is_proctored: true,
      is_practice_exam: false,
      is_active: true,
      hide_after_due: false,
      backend: "vendor",
    });
    const queued = await t.db.select().from(outbox).where(eq(outbox.topic, "vendor.call")).orderBy(desc(outbox.id)).limit(1);
    expect(queued[0]!.payload).toMatchObject({ backend: "vendor", call: "on_exam_saved", exam_id: exam.id });
    await runOutboxOnce(t.db, new Date(Date.now() + 1000), handlers);
    const [stored] = await t.db.select().from(exams).where(eq(exams.id, exam.id));
    expect(stored!.externalId).toMatch(/^exam-\d+$/);

    // An update is pushed to the same vendor exam, by its id.
    await updateExam({ ...ctx, now: new Date() }, { exam_id: exam.id, exam_name: "Synced again" });
    await runOutboxOnce(t.db, new Date(Date.now() + 1000), handlers);
    const pushed = restState(vendor).exams.get(stored!.externalId!)!;
    expect(pushed.updates).toBe(1);
    expect(pushed.body).toMatchObject({ exam_name: "Synced again", external_id: stored!.externalId });
  });

  it("tells the vendor about status changes through the outbox; a vendor 404 is not retried", async () => {
    const exam = await proctoredExam();
    const { user, ctx } = await learnerCtx();
    const attempt = await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true });
    const [synced] = await t.db.select().from(exams).where(eq(exams.id, exam.id));
    await t.db.delete(outbox);
    const sys = systemContext(t.db, "test", new Date());
    await enqueue(t.db, sys, "vendor.call", { backend: "vendor", call: "start_exam_attempt", exam_external_id: synced!.externalId, attempt_external_id: attempt.externalId, attempt_id: attempt.id });
    await enqueue(t.db, sys, "vendor.call", { backend: "vendor", call: "stop_exam_attempt", exam_external_id: synced!.externalId, attempt_external_id: "attempt-gone", attempt_id: attempt.id });
    expect(await runOutboxOnce(t.db, new Date(Date.now() + 1000), handlers)).toMatchObject({ done: 1, dead: 1 });
    expect(fakeAttempts(vendor).get(attempt.externalId!)!.status).toBe("started");
    const [dead] = await t.db.select().from(outbox).where(eq(outbox.state, "dead"));
    expect(dead!.lastError).toContain("Fake Proctoring refused the status change to 'submitted' (HTTP 404).");

    vendor.fail("down");
    await enqueue(t.db, sys, "vendor.call", { backend: "vendor", call: "mark_erroneous_exam_attempt", exam_external_id: synced!.externalId, attempt_external_id: attempt.externalId, attempt_id: attempt.id });
    expect(await runOutboxOnce(t.db, new Date(Date.now() + 1000), handlers)).toMatchObject({ retried: 1 });
  });

  it("redirects staff to the vendor's dashboard with a JWT the vendor accepts", async () => {
    const exam = await proctoredExam();
    await t.db.update(exams).set({ externalId: "exam-dash" }).where(eq(exams.id, exam.id));
    const res = await callRoute(INSTRUCTOR_EXAM, {
      params: { courseId: course.courseKey, examId: String(exam.id) },
      path: `/api/edx_proctoring/v1/instructor/x/${exam.id}?attempt=attempt-77&config=true`,
      auth: await userAuth(staff.id),
    });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location.startsWith(`${vendor.url}/api/v1/instructor/${CLIENT_ID}/?jwt=`)).toBe(true);
    const page = await fetch(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("attempt-77");
    expect(html).toContain("exam-dash");
    expect(html).toContain(obscuredUserId(getEnv().secretKey, staff.id, "vendor"));
    expect(html).toContain("stella@example.test");
  });

  it("answers the vendor's own config in the proctoring settings (the Open edX client's REST instructions), else the stored settings", async () => {
    const exam = await proctoredExam();
    const { user } = await learnerCtx();
    const auth = await userAuth(user.id);
    const read = async () => {
      const res = await callRoute(PROCTORING_SETTINGS, { method: "GET", params: { examId: String(exam.id) }, auth });
      return { status: res.status, json: res.json as { exam_proctoring_backend: Record<string, unknown> } };
    };
    const ok = await read();
    expect(ok.status).toBe(200);
    expect(ok.json.exam_proctoring_backend).toEqual({
      download_url: `${vendor.url}/download`,
      name: "Fake Proctoring",
      rules: { allow_notes: "Handwritten notes are allowed", camera: "Keep your face in view of the camera" },
      instructions: ["Download and install the Fake Proctoring app.", "Open it and sign in with the exam code it shows.", "Return here and start the exam."],
    });
    // The learner's browser language reaches the vendor, whose texts come back translated.
    const fr = await callRoute(PROCTORING_SETTINGS, { method: "GET", params: { examId: String(exam.id) }, auth, headers: { "accept-language": "fr-FR,fr;q=0.9,en;q=0.5" } });
    expect((fr.json as { exam_proctoring_backend: { rules: Record<string, string> } }).exam_proctoring_backend.rules.allow_notes).toBe("Les notes manuscrites sont permises");
    expect(vendor.callsTo(/^\/api\/v1\/config\/$/, "GET").at(-1)!.headers["accept-language"]).toMatch(/^fr-fr\b/);
    // The vendor down: still a 200, with what Invigil itself knows.
    clearRestConfigCache();
    vendor.fail("down");
    const down = await read();
    expect(down.status).toBe(200);
    expect(down.json.exam_proctoring_backend).toMatchObject({ name: "Fake Proctoring", instructions: [], rules: {} });
  });

  it("retires the learner at the vendor (§8.21)", async () => {
    const exam = await proctoredExam();
    const { user, ctx } = await learnerCtx();
    await createExamAttempt(ctx, { examId: exam.id, userId: user.id, takingAsProctored: true });
    const ok = await callRoute(RETIRE_BACKEND, { method: "POST", params: { userId: String(user.id) }, auth: await userAuth(admin.id) });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ vendor: true });
    expect(vendor.callsTo(new RegExp(`^/api/v1/user/${obscuredUserId(getEnv().secretKey, user.id, "vendor")}/$`), "DELETE")).toHaveLength(1);
    restState(vendor).retireAnswer = { deleted: 1 };
    const bad = await callRoute(RETIRE_BACKEND, { method: "POST", params: { userId: String(user.id) }, auth: await userAuth(admin.id) });
    expect(bad.status).toBe(500);
    expect(bad.json).toEqual({ vendor: false });
    restState(vendor).retireAnswer = true;
    expect(await t.db.select().from(attempts).where(eq(attempts.userId, user.id))).toHaveLength(1);
  });
});
