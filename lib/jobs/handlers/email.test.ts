import { desc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { attempts, backendConfigs, outbox, siteSettings, type OutboxMessage } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { metrics } from "@/lib/metrics";
import { enqueue } from "@/lib/services/journal";
import { recordReview } from "@/lib/services/review/submit";
import { setupTestDatabase } from "@/lib/testing/db";
import { startSmtpSink, type SmtpSink } from "@/lib/testing/smtp-sink";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { createJobHandlers } from "../handlers";
import { createMailer } from "../mailer";
import { runOutboxOnce } from "../outbox";
import { SMTP_NOT_CONFIGURED } from "./email";
import { NO_SUPPORT_ADDRESS } from "./support";

const t = setupTestDatabase();
const T0 = new Date("2031-05-01T09:00:00.000Z");

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1, in this process (lib/testing/smtp-sink.ts). */
let sink: SmtpSink;
let inbox: ReceivedMail[] = [];

beforeAll(async () => {
  sink = await startSmtpSink({
    onMessage: (mail) => {
      inbox.push({ from: mail.from, to: mail.to, raw: mail.raw.toString("utf8") });
    },
  });
});

afterAll(async () => {
  await sink.close();
});

beforeEach(async () => {
  inbox = [];
  await t.db.delete(outbox);
  await t.db.delete(siteSettings);
});

const handlers = () =>
  createJobHandlers({
    mailer: createMailer({ url: sink.url, from: "Invigil <no-reply@invigil.test>" }),
    baseUrl: "https://exams.example.test",
  });

/** Quoted-printable (or Q-encoding, with `_` for spaces) to text, UTF-8 aware. */
function decodeQp(text: string, underscoreIsSpace = false): string {
  const escaped = text
    .replace(/%/g, "%25")
    .replace(underscoreIsSpace ? /_/g : /(?!)/g, " ")
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, "%$1");
  return decodeURIComponent(escaped);
}

/** A header of a raw message, unfolded and with RFC 2047 encoded words decoded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n(?=[ \t])/g, "");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return undefined;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === "b" ? Buffer.from(text, "base64").toString("utf8") : decodeQp(text, true),
    );
}

/** The Content-Transfer-Encoding of a body part (`text/plain` or `text/html`) of a raw message. */
function partEncoding(raw: string, type: "plain" | "html"): string | undefined {
  const after = raw.split(new RegExp(`Content-Type: text/${type}[^\\n]*\\n`, "i"))[1] ?? "";
  return /^Content-Transfer-Encoding: *([^\r\n]+)/im.exec(after.split(/\r?\n\r?\n/)[0]!)?.[1]?.toLowerCase();
}

/** A body part of a raw message (`text/plain` or `text/html`), decoded from base64 or quoted-printable. */
function part(raw: string, type: "plain" | "html"): string {
  const after = raw.split(new RegExp(`Content-Type: text/${type}[^\\n]*\\n`, "i"))[1] ?? "";
  const body = after.split(/\r?\n\r?\n/).slice(1).join("\n\n").split(/\r?\n--/)[0]!;
  return partEncoding(raw, type) === "base64" ? Buffer.from(body, "base64").toString("utf8") : decodeQp(body);
}
const textBody = (raw: string) => part(raw, "plain");

async function scenario(
  db: Db,
  options: { courseName?: string; escalation?: string | null; backend?: string | null; examName?: string; locale?: string | null } = {},
) {
  const course = await makeCourse(db, {
    name: options.courseName ?? "Astrophysics 101",
    proctoringEscalationEmail: options.escalation ?? null,
  });
  const exam = await makeExam(db, {
    courseKey: course.courseKey,
    isProctored: true,
    examName: options.examName ?? "Final Exam",
    backend: options.backend ?? null,
  });
  const user = await makeUser(db, { fullName: "Ada Lovelace", locale: options.locale ?? null });
  const attempt = await makeAttempt(db, { exam, userId: user.id, status: "submitted", takingAsProctored: true });
  return { course, exam, user, attempt };
}

async function put(db: Db, payload: Record<string, unknown>): Promise<OutboxMessage> {
  await enqueue(db, systemContext(db, "test", T0), "email.attempt_status", payload);
  const [row] = await db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
  return row!;
}
const reload = async (id: number) => (await t.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

describe("email.attempt_status", () => {
  it("sends the submitted e-mail with 3.8.1's exact subject to the learner", async () => {
    const { user, attempt, course } = await scenario(t.db);
    const message = await put(t.db, { attempt_id: attempt.id, template: "submitted", backend: null });

    expect(await runOutboxOnce(t.db, T0, handlers())).toMatchObject({ done: 1 });
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    expect(mail.to).toEqual([user.email]);
    expect(mail.from).toBe("no-reply@invigil.test");
    expect(header(mail.raw, "Subject")).toBe("Proctoring Review In Progress For Astrophysics 101 Final Exam");
    const text = textBody(mail.raw);
    expect(text).toContain(`Hello ${user.username},`);
    expect(text).toContain(`"Final Exam" in Astrophysics 101 (https://exams.example.test/courses/${encodeURIComponent(course.courseKey)})`);
    expect(text).toContain("within 5 business days");
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    // Both parts in base64: a fixed, cheap encoding (decision 054), however much of the text is not ASCII.
    expect([partEncoding(mail.raw, "plain"), partEncoding(mail.raw, "html")]).toEqual(["base64", "base64"]);
    expect(part(mail.raw, "html")).toContain(`Hello ${user.username},`);
    expect(await reload(message.id)).toMatchObject({ state: "done", lastError: null, deliveredAt: T0 });
  });

  it("writes in the learner's language, else the site's default (docs/decisions/028-translations.md)", async () => {
    const { user } = await scenario(t.db, { locale: "es" });
    const spanish = await makeAttempt(t.db, { exam: (await scenario(t.db)).exam, userId: user.id, status: "verified", takingAsProctored: true });
    await put(t.db, { attempt_id: spanish.id, template: "verified", backend: null });
    expect(await runOutboxOnce(t.db, T0, handlers())).toMatchObject({ done: 1 });
    expect(header(inbox[0]!.raw, "Subject")).toBe("Resultados de la supervisión para Astrophysics 101 Final Exam");
    expect(textBody(inbox[0]!.raw)).toContain(`Hola, ${user.username}:`);
    expect(textBody(inbox[0]!.raw)).toContain("cumple todos los requisitos de la supervisión");
    expect(part(inbox[0]!.raw, "html")).toContain('lang="es"');

    // No setting of their own: the site's default_locale.
    await t.db.insert(siteSettings).values({ key: "default_locale", value: "es" });
    const { attempt: other } = await scenario(t.db);
    await put(t.db, { attempt_id: other.id, template: "submitted", backend: null });
    expect(await runOutboxOnce(t.db, T0, handlers())).toMatchObject({ done: 1 });
    expect(header(inbox[1]!.raw, "Subject")).toBe("Revisión de la supervisión en curso para Astrophysics 101 Final Exam");
  });

  it("sends results with the course's escalation e-mail as the contact", async () => {
    const { attempt } = await scenario(t.db, { courseName: "Quantum Basics", examName: "Midterm", escalation: "proctoring@uni.example" });
    await put(t.db, { attempt_id: attempt.id, template: "verified", backend: null });
    await put(t.db, { attempt_id: attempt.id, template: "rejected", backend: null });

    expect(await runOutboxOnce(t.db, T0, handlers())).toMatchObject({ done: 2 });
    expect(inbox.map((m) => header(m.raw, "Subject"))).toEqual([
      "Proctoring Results For Quantum Basics Midterm",
      "Proctoring Results For Quantum Basics Midterm",
    ]);
    expect(textBody(inbox[0]!.raw)).toMatch(/met all of the proctoring requirements[\s\S]*contact us: proctoring@uni\.example/);
    expect(textBody(inbox[1]!.raw)).toMatch(/did not meet the proctoring requirements[\s\S]*appeal[\s\S]*proctoring@uni\.example/);
    expect(part(inbox[1]!.raw, "html")).toMatch(/<a href="mailto:proctoring@uni\.example"[^>]*>proctoring@uni\.example<\/a>/);
  });

  it("falls back to the backend's contact link, then to the site's, and uses the configured sender", async () => {
    await t.db.insert(backendConfigs).values({
      name: `vendor${Date.now()}`,
      kind: "mock",
      settings: { link_urls: { contact: "https://vendor.example/help" } },
    });
    const [vendor] = await t.db.select().from(backendConfigs).orderBy(desc(backendConfigs.id)).limit(1);
    const withBackend = await scenario(t.db, { backend: vendor!.name });
    const plain = await scenario(t.db);
    await t.db.insert(siteSettings).values([
      { key: "contact_email", value: "help@site.example" },
      { key: "status_email_from_address", value: "exams@site.example" },
      { key: "platform_name", value: "Example U" },
    ]);
    await put(t.db, { attempt_id: withBackend.attempt.id, template: "verified", backend: vendor!.name });
    await put(t.db, { attempt_id: plain.attempt.id, template: "rejected", backend: null });

    await runOutboxOnce(t.db, T0, handlers());
    expect(inbox).toHaveLength(2);
    // Two attempts' e-mails go out side by side (decision 047): found by recipient, not by order.
    const to = (address: string | null) => inbox.find((m) => m.to.includes(address!))!;
    expect(textBody(to(withBackend.user.email).raw)).toContain("contact us: https://vendor.example/help");
    expect(textBody(to(plain.user.email).raw)).toContain("help@site.example");
    expect(textBody(to(plain.user.email).raw)).toContain("The Example U team");
    expect(inbox.map((m) => m.from)).toEqual(["exams@site.example", "exams@site.example"]);
  });

  it("uses the backend's contact address and wording blocks (§11.4) in both the HTML and the text part", async () => {
    const name = `acme${Date.now()}`;
    await t.db.insert(backendConfigs).values({
      name,
      kind: "null",
      settings: {
        link_urls: { contact: "https://vendor.example/help" },
        emails: {
          contact_email: "exams@acme.example",
          rejected: {
            status_information: "Acme's reviewers flagged {exam_name} for {username}.",
            contact_information: "Appeals go to Acme: {contact}",
            introduction: 42,
          },
          verified: "not an object",
        },
      },
    });
    const { attempt, user } = await scenario(t.db, { backend: name });
    await put(t.db, { attempt_id: attempt.id, template: "rejected", backend: name });
    await put(t.db, { attempt_id: attempt.id, template: "verified", backend: name });
    await runOutboxOnce(t.db, T0, handlers());
    expect(inbox).toHaveLength(2);
    const [rejected, verified] = inbox;
    const text = textBody(rejected!.raw);
    const html = part(rejected!.raw, "html");
    expect(text).toContain(`Acme's reviewers flagged Final Exam for ${user.username}.`);
    expect(html).toContain(`Acme&#x27;s reviewers flagged Final Exam for ${user.username}.`);
    expect(text).toContain("Appeals go to Acme: exams@acme.example");
    expect(html).toMatch(/Appeals go to Acme: <a href="mailto:exams@acme\.example"[^>]*>exams@acme\.example<\/a>/);
    expect(text).not.toContain("breaches of the exam rules");
    // A malformed block (a number) is ignored: the default greeting stays.
    expect(text).toContain(`Hello ${user.username},`);
    // A malformed template entry costs only that template's blocks; the contact address still applies.
    expect(textBody(verified!.raw)).toContain("met all of the proctoring requirements");
    expect(textBody(verified!.raw)).toContain("contact us: exams@acme.example");
  });

  it("escapes names in the HTML part", async () => {
    const { attempt } = await scenario(t.db, { examName: `<script>alert("x")</script>` });
    await put(t.db, { attempt_id: attempt.id, template: "submitted", backend: null });
    await runOutboxOnce(t.db, T0, handlers());
    expect(header(inbox[0]!.raw, "Subject")).toBe(`Proctoring Review In Progress For Astrophysics 101 <script>alert("x")</script>`);
    const html = part(inbox[0]!.raw, "html");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("marks the message done as skipped when SMTP is not configured", async () => {
    const { attempt } = await scenario(t.db);
    const message = await put(t.db, { attempt_id: attempt.id, template: "submitted", backend: null });
    expect(await runOutboxOnce(t.db, T0, createJobHandlers({ mailer: null }))).toMatchObject({ done: 1 });
    expect(inbox).toEqual([]);
    expect(await reload(message.id)).toMatchObject({ state: "done", lastError: SMTP_NOT_CONFIGURED });
  });

  it("retries when the SMTP server is down, and leaves the attempt alone", async () => {
    const { attempt } = await scenario(t.db);
    const message = await put(t.db, { attempt_id: attempt.id, template: "submitted", backend: null });
    const down = createJobHandlers({ mailer: createMailer({ url: "smtp://mailer:s3cret@127.0.0.1:1", from: "x@invigil.test" }) });

    // This process's counters (decision 046): one failure, then one e-mail sent.
    const counter = async (name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;
    const [failedBefore, sentBefore] = [await counter("invigil_emails_failed_total"), await counter("invigil_emails_sent_total")];
    expect(await runOutboxOnce(t.db, T0, down)).toMatchObject({ retried: 1 });
    expect(await counter("invigil_emails_failed_total")).toBe(failedBefore + 1);
    const row = await reload(message.id);
    expect(row).toMatchObject({ state: "pending", tries: 1 });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect(row.lastError).not.toContain("s3cret");
    expect((await t.db.select().from(attempts).where(eq(attempts.id, attempt.id)))[0]).toEqual(attempt);

    expect(await runOutboxOnce(t.db, row.nextAttemptAt, handlers())).toMatchObject({ done: 1 });
    expect(inbox).toHaveLength(1);
    expect(await counter("invigil_emails_sent_total")).toBe(sentBefore + 1);
    expect(await counter("invigil_emails_failed_total")).toBe(failedBefore + 1);
  });

  it("skips an attempt deleted since, and dead-letters an unknown template", async () => {
    const gone = await put(t.db, { attempt_id: 999_999, template: "submitted", backend: null });
    const bad = await put(t.db, { attempt_id: 1, template: "second_review_required", backend: null });
    await runOutboxOnce(t.db, T0, handlers());
    expect(await reload(gone.id)).toMatchObject({ state: "done", lastError: "skipped: attempt no longer exists" });
    expect(await reload(bad.id)).toMatchObject({ state: "dead", lastError: "PermanentJobError: unknown e-mail template 'second_review_required'" });
    expect(inbox).toEqual([]);
  });
});

describe("email.support_notification", () => {
  /** A Suspicious review from the vendor, with no person named as reviewer (§10.2 step 8). */
  async function suspiciousReview(db: Db, options: { escalation?: string | null } = {}) {
    const s = await scenario(db, { escalation: options.escalation ?? null });
    await recordReview(systemContext(db, "test", T0), {
      attemptCode: s.attempt.attemptCode!,
      attemptId: s.attempt.id,
      examId: s.exam.id,
      studentId: s.user.id,
      courseKey: s.course.courseKey,
      stored: "Suspicious",
      rawData: "{}",
      reviewedByEmail: null,
      comments: [],
    });
    const [message] = await db.select().from(outbox).where(like(outbox.topic, "%support_notification"));
    return { ...s, message: message! };
  }

  it("e-mails the site's support address about a Suspicious review nobody has reviewed", async () => {
    await t.db.insert(siteSettings).values({ key: "contact_email", value: "support@site.example" });
    const { user, course, message } = await suspiciousReview(t.db, { escalation: "proctoring@uni.example" });

    await runOutboxOnce(t.db, T0, handlers());
    expect(await reload(message.id)).toMatchObject({ state: "done", lastError: null });
    const mails = inbox.filter((m) => header(m.raw, "Subject")?.startsWith("Proctored exam"));
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toEqual(["support@site.example"]);
    // 3.8.1's support_email_subject (§11.2).
    expect(header(mail.raw, "Subject")).toBe(`Proctored exam Final Exam in Astrophysics 101 for user ${user.username}`);
    const text = textBody(mail.raw);
    expect(text).toContain(`${user.username}'s attempt at the exam "Final Exam" in Astrophysics 101`);
    expect(text).toContain('came back "Suspicious"');
    expect(text).toContain(`https://exams.example.test/instructor/${encodeURIComponent(course.courseKey)}/reviews?search=${user.username}`);
  });

  it("falls back to the course's escalation e-mail, and is skipped with a note when there is no address", async () => {
    const first = await suspiciousReview(t.db, { escalation: "proctoring@uni.example" });
    await runOutboxOnce(t.db, T0, handlers());
    expect(await reload(first.message.id)).toMatchObject({ state: "done", lastError: null });
    expect(inbox.filter((m) => m.to.includes("proctoring@uni.example") && header(m.raw, "Subject")?.startsWith("Proctored exam"))).toHaveLength(1);

    await t.db.delete(outbox);
    inbox = [];
    const second = await suspiciousReview(t.db);
    await runOutboxOnce(t.db, T0, handlers());
    expect(await reload(second.message.id)).toMatchObject({ state: "done", lastError: NO_SUPPORT_ADDRESS });
    expect(inbox.filter((m) => header(m.raw, "Subject")?.startsWith("Proctored exam"))).toEqual([]);
  });
});

/** Counts the statements a client sends from now on (postgres.js `unsafe`, PGlite `query`), until restored. */
function countStatements(db: Db): { count: () => number; restore: () => void } {
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  const spy = typeof client.unsafe === "function" ? vi.spyOn(client as { unsafe: () => unknown }, "unsafe") : vi.spyOn(client as { query: () => unknown }, "query");
  return { count: () => spy.mock.calls.length, restore: () => spy.mockRestore() };
}

describe("email.attempt_status, a batch at a time (decision 051)", () => {
  /** What a learner receives, without what differs per sending (Message-ID, Date, MIME boundaries). */
  const essence = (mail: ReceivedMail) => ({
    from: mail.from,
    to: mail.to,
    subject: header(mail.raw, "Subject"),
    text: textBody(mail.raw),
    html: part(mail.raw, "html"),
  });

  it("reads what a batch's e-mails need once, and sends what one message at a time sends", async () => {
    const name = `acme${Date.now()}`;
    await t.db.insert(backendConfigs).values({
      name,
      kind: "mock",
      settings: { link_urls: { contact: "https://vendor.example/help" }, emails: { verified: { introduction: "Dear {username}," } } },
    });
    await t.db.insert(siteSettings).values({ key: "platform_name", value: "Example U" });
    const learners = [
      await scenario(t.db, { backend: name }),
      await scenario(t.db, { backend: name, courseName: "Quantum Basics", escalation: "proctoring@uni.example" }),
      await scenario(t.db, { locale: "es" }),
      await scenario(t.db),
    ];
    const enqueueAll = async () => {
      for (const [i, s] of learners.entries()) {
        await put(t.db, { attempt_id: s.attempt.id, template: i % 2 === 0 ? "verified" : "submitted", backend: s.exam.backend });
      }
    };
    const byRecipient = (mails: ReceivedMail[]) => mails.map(essence).sort((a, b) => a.to[0]!.localeCompare(b.to[0]!));

    // One message per run, as the worker read before: each run reads for its one e-mail.
    await enqueueAll();
    let statements = countStatements(t.db);
    for (let i = 0; i < learners.length; i++) expect(await runOutboxOnce(t.db, T0, handlers(), { batch: 1 })).toMatchObject({ done: 1 });
    const oneAtATime = byRecipient(inbox);
    const statementsOneAtATime = statements.count();
    statements.restore();

    // The same four messages in one batch: the same e-mails, from a fixed number of reads.
    inbox = [];
    await enqueueAll();
    statements = countStatements(t.db);
    expect(await runOutboxOnce(t.db, T0, handlers())).toMatchObject({ claimed: 4, done: 4 });
    const batched = byRecipient(inbox);
    const statementsBatched = statements.count();
    statements.restore();

    expect(batched).toHaveLength(4);
    expect(batched).toEqual(oneAtATime);
    expect(batched.map((m) => m.text.split("\n")[0])).toContain(`Dear ${learners[0]!.user.username},`);
    // One at a time, every run claims, reads the attempt and the settings, and settles; the batch
    // claims, reads the attempts, the settings, the backend's row and its contact link, and settles.
    expect(statementsOneAtATime).toBeGreaterThanOrEqual(4 * learners.length);
    expect(statementsBatched).toBeLessThanOrEqual(6);
  });
});
