import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { encode } from "next-auth/jwt";
import postgres from "postgres";
import { benchDatabase, createMigratedDatabase } from "../bench/lib/database";
import { freePort, startServer, type ServerHandle } from "../bench/lib/server";
import { startSmtpSink, type SmtpSink } from "../lib/testing/smtp-sink";
import { createPrivatePostgres, type PrivatePostgres } from "../test/fault/private-postgres";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { answerQuestions, QUESTIONS, startProctored } from "./support/learner";

/**
 * Two instances of the production build on one PostgreSQL (issue 14, decisions 044 and 048): a
 * learner takes a proctored exam on instance A while course staff watch the live board on
 * instance B. B's board shows the start and the submit without a reload (LISTEN/NOTIFY through
 * the database), and the learner's "submitted" e-mail arrives exactly once although both
 * instances run the outbox worker. Then the database stops for a few seconds: the learner's page
 * is our outage page (503, keyboard usable, axe clean, at 390 px too) and comes back by itself.
 *
 * The database is a private PostgreSQL (test/fault/private-postgres.ts), so stopping it touches
 * nobody else's. The instances run on E2E_PORT + 10 and + 11.
 */

const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
const PORT_A = BASE_PORT + 10;
const PORT_B = BASE_PORT + 11;
const AUTH_SECRET = randomBytes(36).toString("base64url");
const SECRET_KEY = randomBytes(36).toString("base64url");
const COURSE_KEY = "course-v1:TwoX+MI101+2026";
const CONTENT_ID = "block-v1:TwoX+MI101+2026+type@sequential+block@final";
const LEARNER = { username: "two_learner", email: "two_learner@learners.e2e.invalid" };
const STAFF = { username: "two_staff", email: "two_staff@staff.e2e.invalid" };
const examPath = (port: number) => `http://127.0.0.1:${port}/courses/${encodeURIComponent(COURSE_KEY)}/exams/${encodeURIComponent(CONTENT_ID)}`;
const livePath = (port: number) => `http://127.0.0.1:${port}/instructor/${encodeURIComponent(COURSE_KEY)}/live`;

let pg: PrivatePostgres | null = null;
let dbUrl = "";
const servers: ServerHandle[] = [];
let smtp: SmtpSink | null = null;
const ids = { learner: 0, staff: 0 };

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  pg = createPrivatePostgres(await freePort());
  pg.start();
  const db = benchDatabase(pg.adminUrl, "invigil_two_instances");
  await createMigratedDatabase(pg.adminUrl, db);
  dbUrl = db.url;
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    // The mock vendor: ready half a second after the system check, no review (the attempt stays
    // `submitted`, so exactly one e-mail is due).
    await sql`INSERT INTO backend_configs (name, kind, verbose_name, is_default, settings)
              VALUES ('mock', 'mock', 'Mock Proctoring', true, '{"ready_delay_ms": 500, "ping_interval": 5, "supports_onboarding": false}')`;
    const [course] = await sql`INSERT INTO courses (course_key, name, start) VALUES (${COURSE_KEY}, 'Two instances', now() - interval '1 day') RETURNING id`;
    const [exam] = await sql`INSERT INTO exams (course_id, content_id, exam_name, time_limit_mins, is_proctored, is_practice_exam, is_active, backend)
                             VALUES (${COURSE_KEY}, ${CONTENT_ID}, 'Final (proctored)', 60, true, false, true, 'mock') RETURNING id`;
    for (const [k, q] of QUESTIONS.entries()) {
      const choices = JSON.stringify("choices" in q && q.choices ? q.choices : []);
      const correct = ("correct_choice" in q ? q.correct_choice : undefined) ?? null;
      await sql`INSERT INTO exam_questions (exam_id, position, kind, prompt, choices, correct_choice, points)
                VALUES (${exam!.id}, ${k + 1}, ${q.kind}, ${q.prompt}, ${choices}::jsonb, ${correct}, ${q.points})`;
    }
    const [learner] = await sql`INSERT INTO users (username, email, full_name, verification_status) VALUES (${LEARNER.username}, ${LEARNER.email}, 'Two Learner', 'approved') RETURNING id`;
    const [staff] = await sql`INSERT INTO users (username, email, full_name) VALUES (${STAFF.username}, ${STAFF.email}, 'Two Staff') RETURNING id`;
    ids.learner = Number(learner!.id);
    ids.staff = Number(staff!.id);
    await sql`INSERT INTO enrollments (user_id, course_id, mode) VALUES (${ids.learner}, ${course!.id}, 'verified')`;
    await sql`INSERT INTO course_roles (user_id, course_id, role) VALUES (${ids.staff}, ${course!.id}, 'staff')`;
  } finally {
    await sql.end({ timeout: 5 });
  }

  smtp = await startSmtpSink();
  const env = { DATABASE_URL: dbUrl, AUTH_SECRET, INVIGIL_SECRET_KEY: SECRET_KEY, SMTP_URL: smtp.url };
  const started = await Promise.all([
    startServer({ appDir: process.cwd(), env, port: PORT_A, healthTimeoutMs: 180_000 }),
    startServer({ appDir: process.cwd(), env, port: PORT_B, healthTimeoutMs: 180_000 }),
  ]);
  servers.push(...started);
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await smtp?.close();
  pg?.destroy();
});

/** A browser context signed in as `userId` (an Auth.js session cookie, as the sign-in sets it). */
async function signedIn(browser: Browser, userId: number, viewport?: { width: number; height: number }): Promise<BrowserContext> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const value = await encode({ token: { uid: userId, sub: String(userId) }, secret: AUTH_SECRET, salt: "authjs.session-token", maxAge: 3600 });
  await context.addCookies([{ name: "authjs.session-token", value, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
  return context;
}

test("a learner on instance A, the live board on instance B: start and submit seen without reload, one e-mail", async ({ browser }, testInfo) => {
  const staff = await signedIn(browser, ids.staff);
  const learner = await signedIn(browser, ids.learner);
  try {
    const board = await staff.newPage();
    await board.goto(livePath(PORT_B));
    await expect(board.getByRole("status").filter({ hasText: "Live" })).toBeVisible({ timeout: 20_000 });
    const row = board.getByRole("row").filter({ hasText: LEARNER.username });
    await expect(row).toHaveCount(0);

    const page = await learner.newPage();
    await page.goto(examPath(PORT_A));
    await expect(page.getByTestId("signed-in-as")).toContainText(LEARNER.username);
    await startProctored(page, null);
    // Started on A: on B's board, with no reload.
    await expect(row).toHaveCount(1, { timeout: 15_000 });
    await expect(row).toContainText(/Started/i);
    await attachScreenshot(board, testInfo, "live-board-on-B-started");
    await answerQuestions(page);

    await page.getByRole("button", { name: "End My Exam" }).click();
    await page.getByRole("button", { name: "Yes, submit my exam" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /submitted this proctored exam for review/ })).toBeVisible();
    // Submitted on A: the attempt leaves B's board (it needs nobody's attention), still no reload.
    await expect(row).toHaveCount(0, { timeout: 15_000 });
    await attachScreenshot(board, testInfo, "live-board-on-B-submitted");

    // The e-mail: both instances run the outbox worker, and exactly one of them delivers it.
    await smtp!.waitFor(1, { to: LEARNER.email, timeoutMs: 30_000 });
    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    try {
      await expect
        .poll(async () => (await sql`SELECT state FROM outbox WHERE topic = 'email.attempt_status'`).map((r) => r.state as string), { timeout: 15_000 })
        .toEqual(["done"]);
    } finally {
      await sql.end({ timeout: 5 });
    }
    // Give a second worker every chance to send it again.
    await board.waitForTimeout(3_000);
    expect(smtp!.to(LEARNER.email).map((m) => m.subject)).toHaveLength(1);
  } finally {
    await staff.close();
    await learner.close();
  }
});

test("the database stops: the learner's page is our outage page, usable and accessible, and comes back by itself", async ({ browser }, testInfo) => {
  const desktop = await signedIn(browser, ids.learner);
  const phone = await signedIn(browser, ids.learner, { width: 390, height: 844 });
  try {
    const page = await desktop.newPage();
    const small = await phone.newPage();
    await page.goto(examPath(PORT_A));
    await expect(page.getByRole("heading", { level: 2, name: /submitted this proctored exam for review/ })).toBeVisible();

    pg!.stop();
    try {
      // The first render meets the outage; from then on the instance answers pages at once.
      const first = await page.reload();
      testInfo.annotations.push({ type: "first page request in the outage", description: `HTTP ${first?.status()}` });
      expect(await first!.text()).not.toContain("__next_error__");
      await expect(page.getByRole("heading", { level: 1, name: "The service is briefly unavailable" })).toBeVisible();
      await attachScreenshot(page, testInfo, "outage-first-render");
      const answer = await page.request.get(examPath(PORT_A), { failOnStatusCode: false });
      expect(answer.status()).toBe(503);
      expect(answer.headers()["retry-after"]).toBe("5");
      expect(await answer.text()).not.toContain("__next_error__");
      // The page reloads itself every 5 s while the database is down; on a loaded machine a check
      // can straddle one of those reloads, so each block starts again from a fresh load if it must.
      await expect(async () => {
        await page.goto(examPath(PORT_A));
        await expect(page.getByRole("heading", { level: 1, name: "The service is briefly unavailable" })).toBeFocused({ timeout: 2_000 });
        await expect(page.getByText("Your answers are saved.")).toBeVisible({ timeout: 2_000 });
        await page.keyboard.press("Tab");
        await expect(page.getByRole("button", { name: "Try again now" })).toBeFocused({ timeout: 2_000 });
      }).toPass({ timeout: 30_000 });
      await expect(async () => {
        await page.goto(examPath(PORT_A));
        await expectNoSeriousAxeViolations(page);
      }).toPass({ timeout: 30_000 });
      await attachScreenshot(page, testInfo, "outage-desktop");

      await expect(async () => {
        await small.goto(examPath(PORT_A));
        await expect(small.getByRole("button", { name: "Try again now" })).toBeVisible({ timeout: 2_000 });
        const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBe(0);
        await expectNoSeriousAxeViolations(small);
      }).toPass({ timeout: 30_000 });
      await attachScreenshot(small, testInfo, "outage-390px");
    } finally {
      pg!.start();
    }
    // The page tries again by itself (every few seconds) and shows the exam page once the database answers.
    await expect(page.getByRole("heading", { level: 2, name: /submitted this proctored exam for review/ })).toBeVisible({ timeout: 30_000 });
    await expect(small.getByRole("heading", { level: 2, name: /submitted this proctored exam for review/ })).toBeVisible({ timeout: 30_000 });
  } finally {
    await desktop.close();
    await phone.close();
  }
});
