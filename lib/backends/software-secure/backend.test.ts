import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeAttempts, startFakeVendor, type FakeVendor } from "@/fake-vendor/core";
import { RPNOW_REGISTER_PATH, rpnowRoutes } from "@/fake-vendor/rpnow";
import { VendorRejectedError, VendorUnavailableError } from "../errors";
import type { BackendExam, RegistrationContext } from "../types";
import { createSoftwareSecureBackend, type SoftwareSecureOptions } from "./index";

const SECRETS = { secret_key_id: "key-1", secret_key: "ssi-secret", crypto_key: "0123456789abcdefghijklmn" };
const CODE = "9C2A3F55-1111-4E0B-8C84-5D3C1E6B2A01";

const exam: BackendExam = {
  id: 12,
  courseKey: "course-v1:Org+Num+Run",
  contentId: "block-v1:Org+Num+Run+type@sequential+block@final",
  externalId: null,
  examName: "Final: Chemistry / Ünit 2",
  timeLimitMins: 60,
  isProctored: true,
  isPracticeExam: false,
  isActive: true,
  dueDate: null,
  hideAfterDue: false,
  backend: "software_secure",
};

const context: RegistrationContext = {
  lmsHost: "https://invigil.example.org",
  timeLimitMins: 75,
  attemptCode: CODE,
  isSampleAttempt: false,
  obscuredUserId: "abc",
  fullName: "Marie Curie",
  email: "marie@example.org",
  reviewPolicy: "Open book",
};

let vendor: FakeVendor;

beforeAll(async () => {
  vendor = await startFakeVendor(rpnowRoutes({ secretKeyId: SECRETS.secret_key_id, secretKey: SECRETS.secret_key, cryptoKey: SECRETS.crypto_key }));
});
afterAll(() => vendor.close());
beforeEach(() => {
  vendor.fail("none");
  vendor.state.calls.length = 0;
});

function backend(overrides: Partial<SoftwareSecureOptions> = {}) {
  return createSoftwareSecureBackend({
    name: "software_secure",
    settings: {
      organization: "invigil-org",
      exam_sponsor: "Invigil",
      exam_register_endpoint: `${vendor.url}${RPNOW_REGISTER_PATH}`,
      software_download_url: "https://rpnow.example/download",
    },
    secrets: SECRETS,
    ...overrides,
  });
}

describe("software_secure backend attributes", () => {
  it("is RPNow: passing Clean and Rules Violation, no dashboard, no onboarding, the configured download URL", () => {
    const b = backend();
    expect(b).toMatchObject({ kind: "software_secure", verboseName: "RPNow", hasDashboard: false, supportsOnboarding: false });
    expect(b.passingStatuses).toEqual(["Clean", "Rules Violation"]);
    expect(b.getSoftwareDownloadUrl()).toBe("https://rpnow.example/download");
    expect(b.getJavascriptUrl()).toBe("");
  });

  it("calls RPNow for nothing but registration: start, stop, error and remove are local no-ops", async () => {
    const b = backend();
    await b.startExamAttempt(null, "x");
    await b.stopExamAttempt(null, "x");
    await b.markErroneousExamAttempt(null, "x");
    expect(await b.removeExamAttempt(null, "x")).toBe(true);
    expect(vendor.state.calls).toHaveLength(0);
  });

  it("blocks the material unless the cookie vouches for this very attempt", () => {
    const b = backend();
    expect(b.shouldBlockAccessToExamMaterial()).toBe(true);
    expect(b.shouldBlockAccessToExamMaterial({ attemptCode: CODE, examCookieAttemptCode: null })).toBe(true);
    expect(b.shouldBlockAccessToExamMaterial({ attemptCode: CODE, examCookieAttemptCode: "OTHER" })).toBe(true);
    expect(b.shouldBlockAccessToExamMaterial({ attemptCode: CODE, examCookieAttemptCode: CODE })).toBe(false);
  });
});

describe("software_secure registration against the fake RPNow (which checks the signature)", () => {
  it("registers: the fake verifies signature, Date and password, and the locator becomes the external id", async () => {
    const result = await backend().registerExamAttempt(exam, context);
    expect(result.externalId).toMatch(/^[0-9a-f-]{36}$/);
    const [call] = vendor.callsTo(/\/rpnow\/register/, "POST");
    expect(call!.headers.authorization).toMatch(/^SSI key-1:[A-Za-z0-9+/]+=*$/);
    expect(call!.headers["content-type"]).toBe("application/json");
    expect(call!.body).toMatchObject({
      examCode: CODE,
      duration: 75,
      reviewedExam: true,
      reviewerNotes: "Open book",
      examName: "Final_ Chemistry _ Unit 2",
      examUrl: `https://invigil.example.org/api/edx_proctoring/proctoring_launch_callback/start_exam/${CODE}`,
      orgExtra: { firstName: "Marie", lastName: "Curie", examID: 12, courseID: exam.courseKey, noOfStudents: 1 },
    });
    expect((call!.body as { orgExtra: Record<string, unknown> }).orgExtra.email).toBeUndefined();
    expect(fakeAttempts(vendor).get(result.externalId!)).toMatchObject({
      protocol: "rpnow",
      attemptCode: CODE,
      lmsHost: "https://invigil.example.org",
    });
  });

  it("sends the e-mail when send_email is on", async () => {
    const b = backend({
      settings: { exam_register_endpoint: `${vendor.url}${RPNOW_REGISTER_PATH}`, organization: "o", exam_sponsor: "s", send_email: true },
    });
    await b.registerExamAttempt(exam, context);
    expect((vendor.state.calls.at(-1)!.body as { orgExtra: { email: string } }).orgExtra.email).toBe("marie@example.org");
  });

  it("a wrong secret is refused by the fake: a registration error carrying the vendor's status", async () => {
    const b = backend({ secrets: { ...SECRETS, secret_key: "wrong" } });
    const error = await b.registerExamAttempt(exam, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorRejectedError);
    expect(error).toMatchObject({ status: 401 });
    // The vendor's answer is not repeated (it may echo what was sent); its status is.
    expect((error as Error).message).toContain("HTTP Status code was 401");
    expect((error as Error).message).not.toContain("wrong");
  });

  it("a wrong crypto key makes the fake refuse the password", async () => {
    const b = backend({ secrets: { ...SECRETS, crypto_key: "ZYXWVUTSRQPONMLKJIHGFEDC" } });
    await expect(b.registerExamAttempt(exam, context)).rejects.toMatchObject({ status: 400, message: expect.stringContaining("HTTP Status code was 400") });
  });

  it("a vendor that is down is VendorUnavailableError (503)", async () => {
    vendor.fail("down");
    const error = await backend().registerExamAttempt(exam, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorUnavailableError);
    expect(error).toMatchObject({ status: null, retryable: true });
  });

  it("a vendor slower than the timeout is VendorUnavailableError", async () => {
    vendor.fail("slow", { delayMs: 1500 });
    const error = await backend({ timeoutMs: 200 }).registerExamAttempt(exam, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorUnavailableError);
    expect((error as Error).message).toContain("within 0.2 s");
  });

  it("an answer without ssiRecordLocator is a registration error", async () => {
    vendor.fail("garbage");
    await expect(backend().registerExamAttempt(exam, context)).rejects.toBeInstanceOf(VendorRejectedError);
  });

  it("refuses to register without its secrets or without an absolute exam URL, and says which", async () => {
    await expect(backend({ secrets: {} }).registerExamAttempt(exam, context)).rejects.toMatchObject({
      message: expect.stringMatching(/secret_key_id, secret_key, crypto_key/),
      status: null,
    });
    await expect(backend().registerExamAttempt(exam, { ...context, lmsHost: "" })).rejects.toMatchObject({
      message: expect.stringContaining("INVIGIL_BASE_URL"),
    });
    expect(vendor.state.calls).toHaveLength(0);
  });
});
