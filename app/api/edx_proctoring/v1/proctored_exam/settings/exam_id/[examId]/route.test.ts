import { beforeAll, describe, expect, it } from "vitest";
import { backendConfigs, reviewPolicies, siteSettings, type Exam, type User } from "@/db/schema";
import { getBackendByName } from "@/lib/backends/registry";
import { callRoute, setupApiTestDatabase, userAuth } from "@/lib/testing/api";
import { makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { GET as REVIEW_POLICY } from "../../../review_policy/exam_id/[examId]/route";
import { GET } from "./route";

const t = setupApiTestDatabase();

let learner: User;
let proctored: Exam;
let timed: Exam;
let unconfigured: Exam;

beforeAll(async () => {
  const db = t.db;
  await db.insert(backendConfigs).values({
    name: "proctorx",
    kind: "mock",
    verboseName: "Proctor X",
    isDefault: true,
    settings: {
      tech_support_email: "support@proctorx.test",
      tech_support_phone: "+1 555 0100",
      learner_notification_from_email: "noreply@proctorx.test",
      instructions: ["Install the app", "Show your ID", 42],
      rules: { allow_notes: false },
    },
  });
  await db.insert(siteSettings).values([
    { key: "platform_name", value: "Invigil Test" },
    { key: "contact_email", value: "help@invigil.test" },
    { key: "link_urls", value: { faq: "https://invigil.test/faq" } },
  ]);
  const course = await makeCourse(db, { proctoringEscalationEmail: "escalate@course.test" });
  learner = await makeUser(db);
  proctored = await makeExam(db, { courseKey: course.courseKey, isProctored: true });
  timed = await makeExam(db, { courseKey: course.courseKey });
  unconfigured = await makeExam(db, { courseKey: course.courseKey, isProctored: true, backend: "vanished" });
  await db.insert(reviewPolicies).values({ examId: proctored.id, setByUserId: learner.id, reviewPolicy: "Closed book; no phones." });
});

const call = async (handler: typeof GET, examId: string, auth = true) =>
  callRoute(handler, { params: { examId }, auth: auth ? await userAuth(learner.id) : null });

describe("GET …/proctored_exam/settings/exam_id/<id>/ (client contract L6)", () => {
  it("answers the site settings and the exam backend's configuration for a proctored exam", async () => {
    const res = await call(GET, String(proctored.id));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      platform_name: "Invigil Test",
      contact_us: "help@invigil.test",
      link_urls: { faq: "https://invigil.test/faq" },
      exam_proctoring_backend: {
        download_url: (await getBackendByName(t.db, "proctorx")).getSoftwareDownloadUrl(),
        name: "Proctor X",
        rules: { allow_notes: false },
        instructions: ["Install the app", "Show your ID"],
      },
      provider_tech_support_email: "support@proctorx.test",
      provider_tech_support_phone: "+1 555 0100",
      provider_name: "Proctor X",
      learner_notification_from_email: "noreply@proctorx.test",
      // No integration-specific address on the backend: the site's contact address.
      integration_specific_email: "help@invigil.test",
      proctoring_escalation_email: "escalate@course.test",
    });
  });

  it("answers only the site settings for a timed exam", async () => {
    const res = await call(GET, String(timed.id));
    expect(res.json).toEqual({
      platform_name: "Invigil Test",
      contact_us: "help@invigil.test",
      link_urls: { faq: "https://invigil.test/faq" },
      exam_proctoring_backend: {},
    });
  });

  it("answers 4xx with a detail for unknown exams, bad ids and unconfigured backends", async () => {
    const unknown = await call(GET, "987654");
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ detail: "Attempted to get exam_id=987654, but this exam does not exist." });
    const bad = await call(GET, "abc");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ detail: "exam_id must be a positive integer." });
    const vanished = await call(GET, String(unconfigured.id));
    expect(vanished.status).toBe(400);
    expect((vanished.json as { detail: string }).detail).toMatch(/No proctoring backend configured for 'vanished'/);
  });

  it("needs a signed-in caller", async () => {
    const res = await call(GET, String(proctored.id), false);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("leaves the escalation e-mail null when the course has none", async () => {
    const course = await makeCourse(t.db);
    const exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true });
    const res = await call(GET, String(exam.id));
    expect((res.json as Record<string, unknown>).proctoring_escalation_email).toBeNull();
  });
});

describe("GET …/proctored_exam/review_policy/exam_id/<id>/ (client contract L7)", () => {
  it("answers the policy text, or null without one", async () => {
    expect((await call(REVIEW_POLICY, String(proctored.id))).json).toEqual({ review_policy: "Closed book; no phones." });
    const none = await call(REVIEW_POLICY, String(timed.id));
    expect(none.status).toBe(200);
    expect(none.json).toEqual({ review_policy: null });
  });

  it("answers 400 with a detail for an unknown exam or a bad id, 403 anonymous", async () => {
    const unknown = await call(REVIEW_POLICY, "987654");
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ detail: "Attempted to get exam_id=987654, but this exam does not exist." });
    expect((await call(REVIEW_POLICY, "0")).status).toBe(400);
    expect((await call(REVIEW_POLICY, String(proctored.id), false)).status).toBe(403);
  });
});
