import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attempts, backendConfigs, reviewComments, reviewHistory, reviews, type Attempt, type Exam } from "@/db/schema";
import { fakeAttempts, startFakeVendor, type FakeAttempt, type FakeVendor } from "@/fake-vendor/core";
import { RPNOW_REGISTER_PATH, rpnowReviewPayload, rpnowRoutes, type RpnowComment } from "@/fake-vendor/rpnow";
import { encryptSecret } from "@/lib/crypto/secrets";
import { createExamAttempt } from "@/lib/services/attempt/create";
import { deleteAttemptRow } from "@/lib/services/attempt/transition";
import { systemContext } from "@/lib/data/context";
import { setSiteSetting } from "@/lib/services/settings";
import { callRoute, setupApiTestDatabase } from "@/lib/testing/api";
import { makeAttempt, makeCourse, makeEnrollment, makeExam, makeUser } from "@/lib/testing/factories";
import { databaseDigest } from "@/lib/testing/scenario";
import { autoImplementMethods } from "next/dist/server/route-modules/app-route/helpers/auto-implement-methods";
import * as callback from "./route";

const test = setupApiTestDatabase();
const SECRETS = { secret_key_id: "key-7", secret_key: "review-test-secret", crypto_key: "abcdefghijklmnopqrstuvwx" };
let vendor: FakeVendor;
let exam: Exam;

beforeAll(async () => {
  vendor = await startFakeVendor(rpnowRoutes({ secretKeyId: SECRETS.secret_key_id, secretKey: SECRETS.secret_key, cryptoKey: SECRETS.crypto_key }));
  await test.db.insert(backendConfigs).values({
    name: "software_secure",
    kind: "software_secure",
    verboseName: "RPNow",
    settings: { organization: "org", exam_sponsor: "sponsor", exam_register_endpoint: `${vendor.url}${RPNOW_REGISTER_PATH}` },
    secretsEncrypted: encryptSecret(JSON.stringify(SECRETS)),
  });
  exam = await makeExam(test.db, { isProctored: true, backend: "software_secure" });
});
afterAll(() => vendor.close());
beforeEach(async () => {
  await setSiteSetting(test.db, "allow_callback_simulation", null);
  await setSiteSetting(test.db, "allow_review_updates", null);
});

const COMMENTS: RpnowComment[] = [
  { comments: "Looked away", eventStatus: "Suspicious", eventStart: 10, eventFinish: 14, duration: 4 },
  { comments: "Second screen", eventStatus: "Rules Violation", eventStart: 30, eventFinish: 90, duration: 60, source: "desktop" },
];

/** A submitted attempt the fake vendor knows, as if it had registered it. */
async function submittedAttempt(overrides: Partial<Attempt> = {}): Promise<{ attempt: Attempt; fake: FakeAttempt }> {
  const locator = crypto.randomUUID();
  const attempt = await makeAttempt(test.db, { exam, status: "submitted", externalId: locator, startedAt: new Date(), completedAt: new Date(), ...overrides });
  const fake: FakeAttempt = {
    protocol: "rpnow",
    vendorAttemptId: locator,
    attemptCode: attempt.attemptCode!,
    examName: exam.examName,
    userId: "x",
    fullName: "Test Learner",
    email: "l@example.test",
    status: "submitted",
    lmsHost: "http://127.0.0.1:3000",
    createdAt: new Date().toISOString(),
  };
  return { attempt, fake };
}

function post(body: unknown, contentType = "text/plain") {
  return callRoute(callback.POST, {
    method: "POST",
    path: "/api/edx_proctoring/proctoring_review_callback/",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": contentType, "x-forwarded-for": "10.77.0.1" },
  });
}

async function attemptRow(id: number) {
  const [row] = await test.db.select().from(attempts).where(eq(attempts.id, id));
  return row!;
}

async function reviewOf(code: string) {
  const [row] = await test.db.select().from(reviews).where(eq(reviews.attemptCode, code));
  return row;
}

describe("RPNow review callback (§8.24)", () => {
  it("stores a Clean review sent with any Content-Type: video link dropped, comments kept, attempt verified", async () => {
    const { attempt, fake } = await submittedAttempt();
    const res = await post(rpnowReviewPayload(fake, "Clean", COMMENTS));
    expect(res.status).toBe(200);
    expect(res.json).toBe("OK");
    const review = await reviewOf(attempt.attemptCode!);
    expect(review).toMatchObject({ reviewStatus: "Clean", isAttemptActive: true, reviewedById: null });
    const raw = JSON.parse(review!.rawData!) as Record<string, unknown>;
    expect(raw).not.toHaveProperty("videoReviewLink");
    expect(raw).toMatchObject({ reviewStatus: "Clean", examMetaData: { ssiRecordLocator: fake.vendorAttemptId } });
    const comments = await test.db.select().from(reviewComments).where(eq(reviewComments.reviewId, review!.id)).orderBy(asc(reviewComments.id));
    expect(comments.map((c) => [c.comment, c.status, c.startTime, c.stopTime, c.duration])).toEqual([
      ["Looked away", "Suspicious", 10, 14, 4],
      ["Second screen", "Rules Violation", 30, 90, 60],
    ]);
    expect((await attemptRow(attempt.id)).status).toBe("verified");
  });

  it.each([
    ["Clean", "verified"],
    ["Rules Violation", "verified"],
    ["Suspicious", "second_review_required"],
    ["Not Reviewed", "error"],
  ] as const)("maps %s to %s", async (status, target) => {
    const { attempt, fake } = await submittedAttempt();
    expect((await post(rpnowReviewPayload(fake, status), "application/json")).status).toBe(200);
    expect((await reviewOf(attempt.attemptCode!))?.reviewStatus).toBe(status);
    expect((await attemptRow(attempt.id)).status).toBe(target);
  });

  it("accepts the record locator in another case", async () => {
    const { attempt, fake } = await submittedAttempt();
    const res = await post(rpnowReviewPayload({ ...fake, vendorAttemptId: fake.vendorAttemptId.toUpperCase() }, "Clean"));
    expect(res.status).toBe(200);
    expect((await attemptRow(attempt.id)).status).toBe("verified");
  });

  it("refuses a mismatched record locator with a 400 that changes nothing, unless simulation is allowed", async () => {
    const { attempt, fake } = await submittedAttempt();
    const forged = rpnowReviewPayload({ ...fake, vendorAttemptId: "someone-else" }, "Clean");
    const before = await databaseDigest(test.db);
    const res = await post(forged);
    expect(res.status).toBe(400);
    expect((res.json as { detail: string }).detail).toContain("did not match the ssiRecordLocator");
    expect(await databaseDigest(test.db)).toEqual(before);

    await setSiteSetting(test.db, "allow_callback_simulation", true);
    expect((await post(forged)).status).toBe(200);
    expect((await attemptRow(attempt.id)).status).toBe("verified");
  });

  it("refuses an attempt that was never registered (no external id) unless simulation is allowed", async () => {
    const { attempt, fake } = await submittedAttempt({ externalId: null });
    expect((await post(rpnowReviewPayload({ ...fake, vendorAttemptId: "" }, "Clean"))).status).toBe(400);
    expect((await attemptRow(attempt.id)).status).toBe("submitted");
  });

  it("refuses a status outside RPNow's four, an unknown code and malformed bodies, changing nothing", async () => {
    const { attempt, fake } = await submittedAttempt();
    const before = await databaseDigest(test.db);
    const bad = await post(rpnowReviewPayload(fake, "passed"));
    expect(bad.status).toBe(400);
    expect((bad.json as { detail: string }).detail).toContain("reviewStatus");
    const unknown = await post(rpnowReviewPayload({ ...fake, attemptCode: "NOPE" }, "Clean"));
    expect(unknown.status).toBe(400);
    expect((unknown.json as { detail: string }).detail).toBe("Could not locate attempt_code=NOPE");
    for (const body of ["{not json", "[]", JSON.stringify({ reviewStatus: "Clean" }), JSON.stringify({ examMetaData: { examCode: 5 } })]) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect((res.json as { detail: string }).detail, body).toBeTruthy();
    }
    const badComment = rpnowReviewPayload(fake, "Clean", [{ ...COMMENTS[0]!, eventStart: -3 }]);
    expect((await post(badComment)).status).toBe(400);
    expect(await databaseDigest(test.db)).toEqual(before);
    expect((await attemptRow(attempt.id)).status).toBe("submitted");
  });

  it("a replay updates the review (history kept); with updates disallowed it is a 400", async () => {
    const { attempt, fake } = await submittedAttempt();
    expect((await post(rpnowReviewPayload(fake, "Suspicious"))).status).toBe(200);
    expect((await post(rpnowReviewPayload(fake, "Clean"))).status).toBe(200);
    const review = await reviewOf(attempt.attemptCode!);
    expect(review?.reviewStatus).toBe("Clean");
    expect(await test.db.select().from(reviewHistory).where(eq(reviewHistory.attemptCode, attempt.attemptCode!))).toHaveLength(1);

    await setSiteSetting(test.db, "allow_review_updates", false);
    const replay = await post(rpnowReviewPayload(fake, "Not Reviewed"));
    expect(replay.status).toBe(400);
    expect((await reviewOf(attempt.attemptCode!))?.reviewStatus).toBe("Clean");
  });

  it("stores the review of a removed attempt without changing any attempt", async () => {
    const { attempt, fake } = await submittedAttempt();
    await test.db.transaction((tx) => deleteAttemptRow(tx, systemContext(test.db, "test"), attempt, "attempt.remove"));
    expect((await post(rpnowReviewPayload(fake, "Clean"))).status).toBe(200);
    expect(await reviewOf(attempt.attemptCode!)).toMatchObject({ reviewStatus: "Clean", isAttemptActive: false });
  });

  it("refuses reviews for attempts of exams not proctored with RPNow", async () => {
    await test.db.insert(backendConfigs).values({ name: "mock", kind: "mock", verboseName: "Mock" }).onConflictDoNothing();
    const mockExam = await makeExam(test.db, { isProctored: true, backend: "mock" });
    const { fake } = await submittedAttempt({ examId: mockExam.id, courseKey: mockExam.courseKey });
    const res = await post(rpnowReviewPayload(fake, "Clean"));
    expect(res.status).toBe(400);
    expect((res.json as { detail: string }).detail).toContain("RPNow");
  });

  it("answers GET with 405 (only POST is exported; Next fills the other methods with 405)", async () => {
    expect(Object.keys(callback).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["POST"]);
    // The same step Next's route module applies to a route file's exports.
    const methods = autoImplementMethods(callback as never) as Record<string, () => Response>;
    expect(methods.GET!().status).toBe(405);
  });
});

describe("RPNow end to end with the fake vendor", () => {
  it("registers through the attempt engine, then the fake's review verifies the attempt", async () => {
    const course = await makeCourse(test.db);
    const rpExam = await makeExam(test.db, { isProctored: true, backend: "software_secure", courseKey: course.courseKey, examName: "Midterm: Optics" });
    const learner = await makeUser(test.db, { fullName: "Grace Brewster Hopper" });
    await makeEnrollment(test.db, { userId: learner.id, courseId: course.id, mode: "verified" });
    const ctx = { ...systemContext(test.db, "test"), origin: "http://127.0.0.1:3000" };
    const attempt = await createExamAttempt(ctx, { examId: rpExam.id, userId: learner.id, takingAsProctored: true });
    expect(attempt.externalId).toBeTruthy();
    const fake = fakeAttempts(vendor).get(attempt.externalId!);
    expect(fake).toMatchObject({ attemptCode: attempt.attemptCode, examName: "Midterm_ Optics", lmsHost: "http://127.0.0.1:3000" });

    await test.db.update(attempts).set({ status: "submitted", startedAt: new Date(), completedAt: new Date() }).where(eq(attempts.id, attempt.id));
    expect((await post(rpnowReviewPayload(fake!, "Rules Violation", COMMENTS))).status).toBe(200);
    expect((await attemptRow(attempt.id)).status).toBe("verified");
  });
});
