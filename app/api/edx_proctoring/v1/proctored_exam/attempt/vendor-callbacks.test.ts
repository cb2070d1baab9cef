import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attemptHistory,
  attempts,
  auditLog,
  backendConfigs,
  courseRoles,
  outbox,
  reviewComments,
  reviewHistory,
  reviews,
  siteSettings,
  type Attempt,
} from "@/db/schema";
import { mintVendorJwt } from "@/lib/crypto/vendor-jwt";
import { createJobHandlers } from "@/lib/jobs/handlers";
import { createMailer } from "@/lib/jobs/mailer";
import { runOutboxOnce } from "@/lib/jobs/outbox";
import { archiveAttempt } from "@/lib/services/attempt/store";
import { createVendorClient, revokeVendorClient } from "@/lib/services/vendor-clients";
import { callRoute, setupApiTestDatabase, tokenAuth } from "@/lib/testing/api";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { startSmtpSink, type SmtpSink } from "@/lib/testing/smtp-sink";
import * as tokenRoute from "@/app/oauth2/access_token/route";
import * as ready from "./[attemptId]/ready/route";
import * as reviewed from "./[attemptId]/reviewed/route";

/**
 * Vendors calling back the way they do with Open edX (docs/decisions/019-vendor-oauth-clients.md):
 * a client-credentials token from /oauth2/access_token, sent as `JWT <token>` to `ready` and
 * `reviewed`, scoped to the client's backend; and the review workflow of §10 behind `reviewed`.
 */

const test = setupApiTestDatabase();
const BACKEND = "acme";
const OTHER = "globex";

beforeAll(async () => {
  await test.db
    .insert(backendConfigs)
    .values([
      { name: BACKEND, kind: "null", verboseName: "Acme Proctoring" },
      { name: OTHER, kind: "null", verboseName: "Globex Proctoring" },
    ])
    .onConflictDoNothing();
});

/** A vendor client and a token obtained the way the vendor's software gets one. */
async function vendorToken(backendName = BACKEND) {
  const { clientId, clientSecret, client } = await createVendorClient(test.db, { name: `Vendor ${backendName}`, backendName });
  const res = await callRoute(tokenRoute.POST, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, token_type: "jwt" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  expect(res.status).toBe(200);
  const token = (res.json as { access_token: string }).access_token;
  return { clientId, client, token, auth: `JWT ${token}` };
}

async function attemptOn(backend: string, status: Attempt["status"] = "submitted", overrides: Partial<Attempt> = {}) {
  const course = await makeCourse(test.db);
  const exam = await makeExam(test.db, { courseKey: course.courseKey, isProctored: true, backend, examName: "Final Exam" });
  const user = await makeUser(test.db);
  const attempt = await makeAttempt(test.db, {
    exam,
    userId: user.id,
    status,
    externalId: `ext-${crypto.randomUUID()}`,
    takingAsProctored: true,
    ...overrides,
  });
  return { course, exam, user, attempt };
}

const attemptStatus = async (id: number) => (await test.db.select().from(attempts).where(eq(attempts.id, id)))[0]?.status;

const postReview = (externalId: string, auth: string | null, body: unknown) =>
  callRoute(reviewed.POST, { method: "POST", params: { attemptId: externalId }, auth, body });
const postReady = (externalId: string, auth: string | null) =>
  callRoute(ready.POST, { method: "POST", params: { attemptId: externalId }, auth, body: { status: "ready" } });

/** Everything a review may write, for "nothing changed" checks. */
async function footprint(attemptCode: string, attemptId: number) {
  const [review] = await test.db.select().from(reviews).where(eq(reviews.attemptCode, attemptCode));
  const [history] = await test.db.select({ n: count() }).from(reviewHistory).where(eq(reviewHistory.attemptCode, attemptCode));
  const [comments] = review ? await test.db.select({ n: count() }).from(reviewComments).where(eq(reviewComments.reviewId, review.id)) : [{ n: 0 }];
  const [audits] = await test.db.select({ n: count() }).from(auditLog).where(eq(auditLog.attemptId, attemptId));
  const mails = await test.db.select().from(outbox).where(inArray(outbox.topic, ["email.attempt_status", "email.support_notification"]));
  return {
    review: review ? { status: review.reviewStatus, reviewedById: review.reviewedById, rawData: review.rawData } : null,
    history: history!.n,
    comments: comments!.n,
    audits: audits!.n,
    mails: mails.filter((m) => m.payload.attempt_id === attemptId).length,
    attempt: await attemptStatus(attemptId),
  };
}

describe("callbacks with a vendor client's JWT", () => {
  it("marks ready and takes a review for the client's backend, as JWT or Bearer, audited against the client", async () => {
    const { client, token, auth } = await vendorToken();
    const { attempt } = await attemptOn(BACKEND, "created");
    const res = await postReady(attempt.externalId!, auth);
    expect(res.status).toBe(200);
    expect(res.json).toBe("OK");
    expect(await attemptStatus(attempt.id)).toBe("ready_to_start");
    const [audit] = await test.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "attempt.ready")));
    expect(audit).toMatchObject({ actorKind: "vendor", actorVendorClientId: client.id, actorTokenId: null, source: "vendor" });

    const submitted = await attemptOn(BACKEND);
    const review = await postReview(submitted.attempt.externalId!, `Bearer ${token}`, { status: "passed", comments: [] });
    expect(review.status).toBe(200);
    expect(await attemptStatus(submitted.attempt.id)).toBe("verified");
  });

  it("refuses another backend's attempt (403) and changes nothing", async () => {
    const { auth } = await vendorToken(OTHER);
    const { attempt } = await attemptOn(BACKEND, "created");
    expect((await postReady(attempt.externalId!, auth)).status).toBe(403);
    const done = await attemptOn(BACKEND);
    const before = await footprint(done.attempt.attemptCode!, done.attempt.id);
    expect((await postReview(done.attempt.externalId!, auth, { status: "passed" })).status).toBe(403);
    expect(await attemptStatus(attempt.id)).toBe("created");
    expect(await footprint(done.attempt.attemptCode!, done.attempt.id)).toEqual(before);
  });

  it("stops a revoked client's tokens at once (401), and refuses expired and forged tokens (401)", async () => {
    const { clientId, auth } = await vendorToken();
    const { attempt } = await attemptOn(BACKEND, "created");
    await revokeVendorClient(test.db, clientId);
    const revoked = await postReady(attempt.externalId!, auth);
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual({ detail: expect.stringMatching(/revoked/) });
    expect(revoked.headers.get("www-authenticate")).toMatch(/^JWT /);

    const live = await createVendorClient(test.db, { name: "Acme again", backendName: BACKEND });
    const old = await mintVendorJwt({ clientId: live.clientId, backendName: BACKEND }, new Date(Date.now() - 2 * 3600_000));
    const expired = await postReady(attempt.externalId!, `JWT ${old.token}`);
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ detail: expect.stringMatching(/expired/) });

    const fresh = await mintVendorJwt({ clientId: live.clientId, backendName: BACKEND }, new Date());
    const [h, p, s] = fresh.token.split(".");
    const otherBackend = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), backend: OTHER })).toString("base64url");
    expect((await postReady(attempt.externalId!, `JWT ${h}.${otherBackend}.${s}`)).status).toBe(401);
    expect(await attemptStatus(attempt.id)).toBe("created");
    // The same token, untouched, works.
    expect((await postReady(attempt.externalId!, `JWT ${fresh.token}`)).status).toBe(200);
  });

  it("keeps Bearer inv_… API tokens working beside the JWTs", async () => {
    const auth = await tokenAuth(test.db, ["vendor:callbacks"], BACKEND);
    const { attempt } = await attemptOn(BACKEND, "created");
    expect((await postReady(attempt.externalId!, auth)).status).toBe(200);
  });
});

describe("the review workflow (§10) behind the reviewed callback", () => {
  const review = { status: "passed", comments: [{ comment: "Looks fine", status: "Clean", start: 5, stop: 9, duration: 4 }] };

  it("answers a replayed review 200 and changes nothing twice: no second comment, history row or e-mail", async () => {
    const { auth } = await vendorToken();
    const { attempt } = await attemptOn(BACKEND);
    expect((await postReview(attempt.externalId!, auth, review)).status).toBe(200);
    const first = await footprint(attempt.attemptCode!, attempt.id);
    expect(first).toMatchObject({ attempt: "verified", comments: 1, history: 0, mails: 1 });

    const again = await postReview(attempt.externalId!, auth, review);
    expect(again.status).toBe(200);
    expect(again.json).toBe("OK");
    const second = await footprint(attempt.attemptCode!, attempt.id);
    // One audit row more (the replay), nothing else.
    expect(second).toEqual({ ...first, audits: first.audits + 1 });
    const [replay] = await test.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "review.replay")));
    expect(replay).toMatchObject({ fromStatus: "Clean", toStatus: "Clean", actorKind: "vendor" });
  });

  it("takes the same review delivered three times at the same moment once: all answered 200, one review, one set of comments", async () => {
    const { auth } = await vendorToken();
    const { attempt } = await attemptOn(BACKEND);
    const answers = await Promise.all([1, 2, 3].map(() => postReview(attempt.externalId!, auth, review)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await footprint(attempt.attemptCode!, attempt.id)).toMatchObject({ attempt: "verified", comments: 1, history: 0, mails: 1 });
    const actions = (await test.db.select().from(auditLog).where(eq(auditLog.attemptId, attempt.id))).map((r) => r.action).sort();
    expect(actions.filter((x) => x.startsWith("review."))).toEqual(["review.receive", "review.replay", "review.replay"]);
  });

  it("replays even when updates are refused, and a different review then is a 400 that changes nothing", async () => {
    await test.db.insert(siteSettings).values({ key: "allow_review_updates", value: false }).onConflictDoUpdate({ target: siteSettings.key, set: { value: false } });
    try {
      const { auth } = await vendorToken();
      const { attempt } = await attemptOn(BACKEND);
      expect((await postReview(attempt.externalId!, auth, review)).status).toBe(200);
      expect((await postReview(attempt.externalId!, auth, review)).status).toBe(200);
      const before = await footprint(attempt.attemptCode!, attempt.id);
      const changed = await postReview(attempt.externalId!, auth, { status: "suspicious" });
      expect(changed.status).toBe(400);
      expect(changed.json).toEqual({ detail: expect.stringMatching(/We do not allow for updates/) });
      expect(await footprint(attempt.attemptCode!, attempt.id)).toEqual(before);
    } finally {
      await test.db.delete(siteSettings).where(eq(siteSettings.key, "allow_review_updates"));
    }
  });

  it("a later, different review replaces the first (updates allowed): history kept, attempt re-decided, audited", async () => {
    const { auth } = await vendorToken();
    const { attempt } = await attemptOn(BACKEND);
    await postReview(attempt.externalId!, auth, review);
    const res = await postReview(attempt.externalId!, auth, { status: "not_reviewed", comments: [{ comment: "Video lost", status: "Not Reviewed" }] });
    expect(res.status).toBe(200);
    const after = await footprint(attempt.attemptCode!, attempt.id);
    expect(after).toMatchObject({ attempt: "error", history: 1, comments: 2, review: { status: "Not Reviewed" } });
    const [archived] = await test.db.select().from(reviewHistory).where(eq(reviewHistory.attemptCode, attempt.attemptCode!));
    expect(archived!.reviewStatus).toBe("Clean");
    const receives = await test.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "review.receive")));
    expect(receives.map((r) => [r.fromStatus, r.toStatus, r.data.update])).toEqual([
      [null, "Clean", false],
      ["Clean", "Not Reviewed", true],
    ]);
  });

  it("a review of an attempt not yet submitted decides it as §10.3 says, flagged out of order in the audit", async () => {
    const { auth } = await vendorToken();
    const { attempt } = await attemptOn(BACKEND, "started", { startedAt: new Date() });
    expect((await postReview(attempt.externalId!, auth, { status: "violation" })).status).toBe(200);
    // The null backend passes Clean and Rules Violation (§10.3's default list).
    expect(await attemptStatus(attempt.id)).toBe("verified");
    const [audit] = await test.db.select().from(auditLog).where(and(eq(auditLog.attemptId, attempt.id), eq(auditLog.action, "review.receive")));
    expect(audit!.data).toMatchObject({ out_of_order: true, attempt_status_before: "started", update: false });
  });

  it("a failing review needs a second look unless a course staff reviewer signed it (§10.2 step 5, §10.3)", async () => {
    const { auth } = await vendorToken();
    const first = await attemptOn(BACKEND);
    const staff = await makeUser(test.db);
    await test.db.insert(courseRoles).values({ userId: staff.id, courseId: first.course.id, role: "staff" });
    // A learner named as reviewer is not a reviewer: the review still waits for a person.
    const learner = await makeUser(test.db);
    expect((await postReview(first.attempt.externalId!, auth, { status: "suspicious", reviewed_by: learner.email })).status).toBe(200);
    expect(await attemptStatus(first.attempt.id)).toBe("second_review_required");
    const [unsigned] = await test.db.select().from(reviews).where(eq(reviews.attemptCode, first.attempt.attemptCode!));
    expect(unsigned!.reviewedById).toBeNull();

    const second = await attemptOn(BACKEND, "submitted");
    await test.db.insert(courseRoles).values({ userId: staff.id, courseId: second.course.id, role: "staff" });
    expect((await postReview(second.attempt.externalId!, auth, { status: "suspicious", reviewed_by: staff.email.toUpperCase() })).status).toBe(200);
    expect(await attemptStatus(second.attempt.id)).toBe("rejected");
    const [signed] = await test.db.select().from(reviews).where(eq(reviews.attemptCode, second.attempt.attemptCode!));
    expect(signed!.reviewedById).toBe(staff.id);
    // Signed by a person: support is not asked to look (§10.2 step 8).
    const notes = (await test.db.select().from(outbox).where(eq(outbox.topic, "email.support_notification"))).filter((j) => j.payload.attempt_id === second.attempt.id);
    expect(notes).toEqual([]);
  });

  it("stores a review of a removed attempt and changes no attempt (§10.5)", async () => {
    const { auth } = await vendorToken();
    const { attempt } = await attemptOn(BACKEND);
    await archiveAttempt(test.db, attempt, new Date());
    await test.db.delete(attempts).where(eq(attempts.id, attempt.id));
    expect((await postReview(attempt.externalId!, auth, { status: "suspicious" })).status).toBe(200);
    const [stored] = await test.db.select().from(reviews).where(eq(reviews.attemptCode, attempt.attemptCode!));
    expect(stored).toMatchObject({ reviewStatus: "Suspicious", isAttemptActive: false });
    expect(await test.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, attempt.id))).toHaveLength(1);
  });

  it("refuses malformed reviews with a 400 that changes nothing", async () => {
    const { auth } = await vendorToken();
    const { attempt } = await attemptOn(BACKEND);
    const before = await footprint(attempt.attemptCode!, attempt.id);
    const bad: unknown[] = [
      { status: "great" },
      { status: "Clean" },
      {},
      { status: "passed", comments: "fine" },
      { status: "passed", comments: [{ comment: "no status" }] },
      { status: "passed", comments: [{ comment: "x", status: "Clean", start: -1 }] },
      "{broken",
      [{ status: "passed" }],
    ];
    for (const body of bad) {
      const res = await postReview(attempt.externalId!, auth, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json, JSON.stringify(body)).toEqual({ detail: expect.any(String) });
    }
    expect(await footprint(attempt.attemptCode!, attempt.id)).toEqual(before);
    expect((await postReview("no-such-attempt", auth, { status: "passed" })).status).toBe(400);
  });
});

describe("a Suspicious review, end to end", () => {
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it("puts the attempt in second review and e-mails support once, even when the vendor sends it twice", async () => {
    await test.db.insert(siteSettings).values({ key: "contact_email", value: "support@site.example" }).onConflictDoNothing();
    const { auth } = await vendorToken();
    const { attempt, user } = await attemptOn(BACKEND);
    const body = { status: "suspicious", comments: [{ comment: "Second person in view", status: "Suspicious", start: 30, stop: 45 }] };
    expect((await postReview(attempt.externalId!, auth, body)).status).toBe(200);
    expect((await postReview(attempt.externalId!, auth, body)).status).toBe(200);
    expect(await attemptStatus(attempt.id)).toBe("second_review_required");

    const handlers = createJobHandlers({
      mailer: createMailer({ url: smtp.url, from: "Invigil <no-reply@invigil.test>" }),
      baseUrl: "https://exams.example.test",
    });
    await runOutboxOnce(test.db, new Date(Date.now() + 1000), handlers);
    // Earlier tests' reviews have their own notifications: count this learner's.
    const support = smtp.to("support@site.example").filter((m) => m.raw.includes(`for user ${user.username}`));
    expect(support).toHaveLength(1);
    const jobs = (await test.db.select().from(outbox).where(eq(outbox.topic, "email.support_notification"))).filter((j) => j.payload.attempt_id === attempt.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: "done", lastError: null });
  });
});
