import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeVendor, fakeAttempts, type FakeVendor } from "@/fake-vendor/core";
import { restState, restVendorRoutes } from "@/fake-vendor/rest";
import type { BackendExam, RegistrationContext } from "../types";
import { clearRestTokenCache } from "./client";
import { VendorRejectedError, VendorUnavailableError } from "../errors";
import { clearRestConfigCache, createRestBackend, RestConfigurationError } from "./index";

const CLIENT_ID = "invigil-client";
const SECRET = "s3cret-Value-never-shown";
const OBSCURED = "9b82efd5d28f1a170b23b8f648c3093e75a0a0ca";

let vendor: FakeVendor;

beforeAll(async () => {
  vendor = await startFakeVendor(restVendorRoutes({ clientId: CLIENT_ID, clientSecret: SECRET, tokenTtlSeconds: 600 }));
});
afterAll(async () => {
  await vendor.close();
});
afterEach(() => {
  vendor.fail("none");
  vendor.state.calls.length = 0;
  clearRestTokenCache();
  clearRestConfigCache();
});

const backend = (settings: Record<string, unknown> = {}, secrets: Record<string, unknown> = { client_secret: SECRET }) =>
  createRestBackend({
    name: "proctortrack",
    verboseName: "Fake Proctoring",
    settings: { base_url: `${vendor.url}/`, client_id: CLIENT_ID, default_rules: { allow_notes: false }, ...settings },
    secrets,
  });

const exam = (overrides: Partial<BackendExam> = {}): BackendExam => ({
  id: 7,
  courseKey: "course-v1:X+Y+Z",
  contentId: "block-v1:X+Y+Z+type@sequential+block@e",
  externalId: null,
  examName: "Final",
  timeLimitMins: 90,
  isProctored: true,
  isPracticeExam: false,
  isActive: true,
  dueDate: new Date("2026-12-31T23:00:00Z"),
  hideAfterDue: false,
  backend: "proctortrack",
  ruleSummary: "No phones.",
  ...overrides,
});

const context = (overrides: Partial<RegistrationContext> = {}): RegistrationContext => ({
  lmsHost: "http://127.0.0.1:3000",
  timeLimitMins: 90,
  attemptCode: "ABC-CODE",
  isSampleAttempt: false,
  obscuredUserId: OBSCURED,
  fullName: "Ada Lovelace",
  email: "ada@example.test",
  ...overrides,
});

async function syncedExam(b = backend()): Promise<BackendExam> {
  const id = await b.onExamSaved(exam());
  return exam({ externalId: id });
}

const noSecretIn = (text: string) => {
  expect(text).not.toContain(SECRET);
};

describe("rest backend: calls and their exact bodies (§9.6)", () => {
  it("gets a token with the client-credentials form, then sends it as 'JWT <token>'", async () => {
    const b = backend();
    await b.onExamSaved(exam());
    const [tokenCall] = vendor.callsTo(/^\/oauth2\/access_token$/, "POST");
    expect(tokenCall!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(tokenCall!.body).toEqual({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: SECRET, token_type: "jwt" });
    const [examCall] = vendor.callsTo(/^\/api\/v1\/exam\/$/, "POST");
    expect(examCall!.headers.authorization).toMatch(/^JWT [0-9a-f]{48}$/);
    expect(restState(vendor).tokens.has(examCall!.headers.authorization!.slice(4))).toBe(true);
  });

  it("creates the exam with the serialized exam, rule_summary and default rules, then updates it by its vendor id", async () => {
    const b = backend();
    const id = await b.onExamSaved(exam());
    expect(id).toMatch(/^exam-\d+$/);
    const [create] = vendor.callsTo(/^\/api\/v1\/exam\/$/, "POST");
    expect(create!.headers["content-type"]).toBe("application/json");
    expect(create!.body).toEqual({
      id: 7,
      course_id: "course-v1:X+Y+Z",
      content_id: "block-v1:X+Y+Z+type@sequential+block@e",
      external_id: null,
      exam_name: "Final",
      time_limit_mins: 90,
      is_proctored: true,
      is_practice_exam: false,
      is_active: true,
      due_date: "2026-12-31T23:00:00.000Z",
      hide_after_due: false,
      backend: "proctortrack",
      rule_summary: "No phones.",
      rules: { allow_notes: false },
    });
    const again = await b.onExamSaved(exam({ externalId: id, examName: "Final (v2)" }));
    expect(again).toBe(id);
    const [update] = vendor.callsTo(new RegExp(`^/api/v1/exam/${id}/$`), "POST");
    expect(update!.body).toMatchObject({ external_id: id, exam_name: "Final (v2)" });
    expect(restState(vendor).exams.get(id!)!.updates).toBe(1);
  });

  it("registers with exactly the §9.6 body (no attempt code) and keeps the vendor's attempt id", async () => {
    const b = backend();
    const e = await syncedExam(b);
    const result = await b.registerExamAttempt(e, context({ reviewPolicy: "No phones.", reviewPolicyException: "Calculator allowed" }));
    expect(result.externalId).toMatch(/^attempt-\d+$/);
    const [call] = vendor.callsTo(new RegExp(`^/api/v1/exam/${e.externalId}/attempt/$`), "POST");
    expect(call!.body).toEqual({
      lms_host: "http://127.0.0.1:3000",
      time_limit_mins: 90,
      is_sample_attempt: false,
      user_id: OBSCURED,
      full_name: "Ada Lovelace",
      email: "ada@example.test",
      review_policy: "No phones.",
      review_policy_exception: "Calculator allowed",
      status: "created",
    });
    expect(call!.rawBody).not.toContain("ABC-CODE");
    expect(fakeAttempts(vendor).get(result.externalId!)).toMatchObject({ lmsHost: "http://127.0.0.1:3000", userId: OBSCURED, status: "created" });
    // Without a policy the optional fields are left out, not sent empty.
    await b.registerExamAttempt(e, context());
    const second = vendor.callsTo(new RegExp(`^/api/v1/exam/${e.externalId}/attempt/$`), "POST")[1]!;
    expect(Object.keys(second.body as object).sort()).toEqual(["email", "full_name", "is_sample_attempt", "lms_host", "status", "time_limit_mins", "user_id"]);
  });

  it("answers an onboarding status as the learner's onboarding error, for real attempts only", async () => {
    const b = backend();
    const e = await syncedExam(b);
    restState(vendor).onboarding.set(OBSCURED, "onboarding_pending");
    try {
      expect(await b.registerExamAttempt(e, context())).toEqual({ externalId: null, onboardingStatus: "onboarding_pending" });
      expect((await b.registerExamAttempt(e, context({ isSampleAttempt: true }))).externalId).toMatch(/^attempt-/);
    } finally {
      restState(vendor).onboarding.clear();
    }
  });

  it("PATCHes started, submitted and error, and DELETE confirms with {status: deleted}", async () => {
    const b = backend();
    const e = await syncedExam(b);
    const { externalId } = await b.registerExamAttempt(e, context());
    await b.startExamAttempt(e.externalId, externalId);
    await b.stopExamAttempt(e.externalId, externalId);
    await b.markErroneousExamAttempt(e.externalId, externalId);
    const path = new RegExp(`^/api/v1/exam/${e.externalId}/attempt/${externalId}/$`);
    expect(vendor.callsTo(path, "PATCH").map((c) => c.body)).toEqual([{ status: "started" }, { status: "submitted" }, { status: "error" }]);
    expect(await b.removeExamAttempt(e.externalId, externalId)).toBe(true);
    expect(vendor.callsTo(path, "DELETE")).toHaveLength(1);
    expect(fakeAttempts(vendor).get(externalId!)!.status).toBe("deleted");
    // Nothing registered at the vendor: nothing to tell, nothing to remove.
    const before = vendor.state.calls.length;
    await b.startExamAttempt(e.externalId, null);
    expect(await b.removeExamAttempt(null, null)).toBe(true);
    expect(vendor.state.calls.length).toBe(before);
    // An unknown attempt: the vendor's 404 is a refusal, not a silent success.
    await expect(b.stopExamAttempt(e.externalId, "attempt-nope")).rejects.toBeInstanceOf(VendorRejectedError);
  });

  it("retires a user with DELETE /api/v1/user/<obscured>/ and insists on true or false", async () => {
    const b = backend();
    expect(await b.retireUser(OBSCURED)).toBe(true);
    expect(vendor.callsTo(new RegExp(`^/api/v1/user/${OBSCURED}/$`), "DELETE")).toHaveLength(1);
    restState(vendor).retireAnswer = false;
    expect(await b.retireUser(OBSCURED)).toBe(false);
    restState(vendor).retireAnswer = { ok: 1 };
    await expect(b.retireUser(OBSCURED)).rejects.toBeInstanceOf(VendorRejectedError);
    restState(vendor).retireAnswer = true;
  });

  it("knows the download URL after a read in any language (learners' browsers ask for en-us, fr ...)", async () => {
    const b = backend();
    expect(b.getSoftwareDownloadUrl()).toBeNull();
    await b.getVendorDisplay!({ language: "en-us", examExternalId: null, attemptExternalId: null });
    expect(b.getSoftwareDownloadUrl()).toBe(`${vendor.url}/download`);
  });

  it("reads the config in the learner's language, caches it per language, and prefers the attempt's own instructions", async () => {
    const b = backend();
    const fr = await b.getVendorDisplay!({ language: "fr", examExternalId: null, attemptExternalId: null });
    expect(fr.name).toBe("Fake Proctoring");
    expect(fr.rules).toContainEqual({ key: "allow_notes", label: "Les notes manuscrites sont permises" });
    expect(fr.instructions[0]).toContain("Téléchargez");
    const [configCall] = vendor.callsTo(/^\/api\/v1\/config\/$/, "GET");
    expect(configCall!.headers["accept-language"]).toBe("fr, en;q=0.5");
    await b.getVendorDisplay!({ language: "fr", examExternalId: null, attemptExternalId: null });
    expect(vendor.callsTo(/^\/api\/v1\/config\/$/, "GET")).toHaveLength(1);
    const en = await b.getVendorDisplay!({ language: "en", examExternalId: null, attemptExternalId: null });
    expect(en.rules).toContainEqual({ key: "allow_notes", label: "Handwritten notes are allowed" });
    expect(vendor.callsTo(/^\/api\/v1\/config\/$/, "GET")[1]!.headers["accept-language"]).toBe("en");
    expect(b.getSoftwareDownloadUrl()).toBe(`${vendor.url}/download`);

    const e = await syncedExam(b);
    const { externalId } = await b.registerExamAttempt(e, context());
    const mine = await b.getVendorDisplay!({ language: "en", examExternalId: e.externalId, attemptExternalId: externalId });
    expect(mine.instructions[0]).toContain(`(${externalId})`);
    expect(mine.downloadUrl).toBe(`${vendor.url}/download?attempt=${externalId}`);
  });

  it("signs the instructor dashboard URL so that the vendor's page accepts it", async () => {
    const b = backend();
    const url = await b.getInstructorUrl({
      courseKey: "course-v1:X+Y+Z",
      user: { id: OBSCURED, fullName: "Staff Person", email: "staff@example.test" },
      examId: "exam-9",
      attemptId: "attempt-3",
      showConfigurationDashboard: true,
    });
    expect(url).toMatch(new RegExp(`^${vendor.url}/api/v1/instructor/${CLIENT_ID}/\\?jwt=`));
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("attempt dashboard");
    expect(html).toContain("course-v1:X+Y+Z");
    expect(html).toContain("exam-9");
    expect(html).toContain("attempt-3");
    expect(html).toContain(OBSCURED);
    const claims = JSON.parse(Buffer.from(new URL(url!).searchParams.get("jwt")!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: CLIENT_ID, config: true, exam_id: "exam-9", attempt_id: "attempt-3" });
    expect(claims.jti).toMatch(/^[0-9a-f]{32}$/);
    expect((claims.exp as number) - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60);

    // Course level: no exam, so neither attempt nor config; a JWT signed with another key is refused.
    const courseUrl = await b.getInstructorUrl({ courseKey: "c", user: { id: OBSCURED, fullName: "", email: "" }, attemptId: "attempt-3", showConfigurationDashboard: true });
    const courseClaims = JSON.parse(Buffer.from(new URL(courseUrl!).searchParams.get("jwt")!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(courseClaims).not.toHaveProperty("attempt_id");
    expect(courseClaims).not.toHaveProperty("config");
    const forged = await backend({}, { client_secret: "another-secret" }).getInstructorUrl({ courseKey: "c", user: { id: "x", fullName: "", email: "" } });
    expect((await fetch(forged!)).status).toBe(403);
  });
});

describe("rest backend: tokens", () => {
  it("shares one token request among 50 concurrent registrations", async () => {
    const b = backend();
    const e = await (async () => {
      const id = await backend().onExamSaved(exam());
      clearRestTokenCache();
      vendor.state.calls.length = 0;
      return exam({ externalId: id });
    })();
    const issuedBefore = restState(vendor).tokensIssued;
    const results = await Promise.all(Array.from({ length: 50 }, () => b.registerExamAttempt(e, context())));
    expect(new Set(results.map((r) => r.externalId)).size).toBe(50);
    expect(vendor.callsTo(/^\/oauth2\/access_token$/)).toHaveLength(1);
    expect(restState(vendor).tokensIssued - issuedBefore).toBe(1);
  });

  it("shares the token between copies of the module (Next.js bundles route handlers and server actions apart)", async () => {
    vi.resetModules();
    const first = await import("./index");
    vi.resetModules();
    const second = await import("./index");
    expect(second.createRestBackend).not.toBe(first.createRestBackend);
    const make = (m: typeof first) =>
      m.createRestBackend({ name: "proctortrack", verboseName: "Fake Proctoring", settings: { base_url: vendor.url, client_id: CLIENT_ID }, secrets: { client_secret: SECRET } });
    await make(first).onExamSaved(exam());
    await make(second).onExamSaved(exam());
    expect(vendor.callsTo(/^\/oauth2\/access_token$/)).toHaveLength(1);
    expect(vendor.callsTo(/^\/api\/v1\/exam\/$/, "POST")).toHaveLength(2);
  });

  it("drops a token the vendor no longer accepts and retries once with a new one", async () => {
    const b = backend();
    await b.onExamSaved(exam());
    restState(vendor).tokens.clear();
    await b.onExamSaved(exam());
    expect(vendor.callsTo(/^\/oauth2\/access_token$/)).toHaveLength(2);
    const examCalls = vendor.callsTo(/^\/api\/v1\/exam\/$/, "POST");
    expect(examCalls).toHaveLength(3);
    expect(examCalls[1]!.headers.authorization).toBe(examCalls[0]!.headers.authorization);
    expect(examCalls[2]!.headers.authorization).not.toBe(examCalls[1]!.headers.authorization);
  });

  it("refreshes a token shortly before the vendor's expiry (3 s token: used for 2 s)", async () => {
    const short = await startFakeVendor(restVendorRoutes({ clientId: CLIENT_ID, clientSecret: SECRET, tokenTtlSeconds: 3 }));
    try {
      const b = createRestBackend({ name: "short", settings: { base_url: short.url, client_id: CLIENT_ID }, secrets: { client_secret: SECRET } });
      await b.onExamSaved(exam());
      await b.onExamSaved(exam());
      expect(short.callsTo(/^\/oauth2\/access_token$/)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 2100));
      await b.onExamSaved(exam());
      expect(short.callsTo(/^\/oauth2\/access_token$/)).toHaveLength(2);
    } finally {
      await short.close();
    }
  });

  it("says plainly when the vendor refuses the credentials, without the secret", async () => {
    const b = backend({}, { client_secret: "wrong-secret-xyz" });
    const error = await b.onExamSaved(exam()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorRejectedError);
    expect((error as Error).message).toBe("Fake Proctoring refused the client credentials (HTTP 401); check client_id and client_secret.");
    expect((error as Error).message).not.toContain("wrong-secret-xyz");
  });
});

describe("rest backend: a vendor that is down, slow or talks garbage", () => {
  it("turns a closed connection into VendorUnavailableError", async () => {
    vendor.fail("down");
    const error = await backend().onExamSaved(exam()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorUnavailableError);
    expect((error as Error).message).toBe("Fake Proctoring could not be reached for token request.");
  });

  it("gives up after the timeout", async () => {
    const b = backend({ timeout_seconds: 0.3 });
    vendor.fail("slow", { delayMs: 3000 });
    const started = Date.now();
    const error = await b.onExamSaved(exam()).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(error).toBeInstanceOf(VendorUnavailableError);
    expect((error as Error).message).toBe("Fake Proctoring did not answer token request within 0.3 s.");
  });

  it("names the call that timed out once a token is cached", async () => {
    const b = backend({ timeout_seconds: 0.3 });
    await b.onExamSaved(exam());
    vendor.fail("slow", { delayMs: 3000, paths: /^\/api\/v1\/exam\// });
    const e = exam({ externalId: "exam-1" });
    const error = await b.registerExamAttempt(e, context()).catch((x: unknown) => x);
    expect((error as Error).message).toBe("Fake Proctoring did not answer POST /api/v1/exam/exam-1/attempt/ within 0.3 s.");
  });

  it("treats a non-JSON answer as unavailable and a 5xx as unavailable with its status", async () => {
    vendor.fail("garbage");
    const garbage = await backend().onExamSaved(exam()).catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(VendorUnavailableError);
    expect((garbage as Error).message).toBe("Fake Proctoring sent an answer to token request that is not JSON.");
    vendor.fail("none");
    const b = backend();
    const e = await syncedExam(b);
    const unknownExam = await b.registerExamAttempt({ ...e, externalId: "exam-missing" }, context()).catch((x: unknown) => x);
    expect(unknownExam).toBeInstanceOf(VendorRejectedError);
    expect(unknownExam).toMatchObject({ status: 404, message: "Fake Proctoring refused the registration (HTTP 404)." });
  });

  it("refuses to register for an exam the vendor does not know", async () => {
    await expect(backend().registerExamAttempt(exam(), context())).rejects.toBeInstanceOf(VendorRejectedError);
    expect(vendor.state.calls).toHaveLength(0);
  });

  it("lets pages fall back quickly when the config cannot be read, without asking again at once", async () => {
    vendor.fail("down");
    const b = backend();
    await expect(b.getVendorDisplay!({ language: "en", examExternalId: null, attemptExternalId: null })).rejects.toBeInstanceOf(VendorUnavailableError);
    vendor.fail("none");
    const calls = vendor.state.calls.length;
    await expect(b.getVendorDisplay!({ language: "en", examExternalId: null, attemptExternalId: null })).rejects.toBeInstanceOf(VendorUnavailableError);
    expect(vendor.state.calls.length).toBe(calls);
  });

  it("never puts the client secret in an error message", async () => {
    const messages: string[] = [];
    for (const mode of ["down", "garbage"] as const) {
      vendor.fail(mode);
      messages.push(String(await backend().onExamSaved(exam()).catch((e: unknown) => (e as Error).message)));
    }
    vendor.fail("none");
    messages.push(String(await backend({}, { client_secret: SECRET + "x" }).retireUser("u").catch((e: unknown) => (e as Error).message)));
    for (const m of messages) noSecretIn(m);
  });
});

describe("rest backend: settings", () => {
  it("refuses unusable settings and secrets with plain messages", () => {
    const make = (settings: Record<string, unknown>, secrets: Record<string, unknown> = { client_secret: SECRET }) => () =>
      createRestBackend({ name: "x", settings, secrets });
    expect(make({ client_id: "c" })).toThrow(new RestConfigurationError("base_url must be a URL"));
    expect(make({ base_url: "ftp://vendor.example", client_id: "c" })).toThrow(/base_url must be an http\(s\) URL/);
    expect(make({ base_url: "https://vendor.example" })).toThrow(/client_id is required/);
    expect(make({ base_url: "https://vendor.example", client_id: "c", base_uri: "x" })).toThrow(/unknown setting\(s\): base_uri/);
    expect(make({ base_url: "https://vendor.example", client_id: "c" }, {})).toThrow(/client_secret is required/);
  });

  it("takes its display attributes from the settings", () => {
    const b = backend({ ping_interval: 30, integration_specific_email: "help@vendor.example", javascript_url: "https://vendor.example/worker.js" });
    expect(b).toMatchObject({ kind: "rest", pingInterval: 30, integrationSpecificEmail: "help@vendor.example", hasDashboard: true, supportsOnboarding: true });
    expect(b.getJavascriptUrl()).toBe("https://vendor.example/worker.js");
    expect(backend().getJavascriptUrl()).toBe("");
  });
});
