import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { attachScreenshot } from "./fixtures";
import { startSpecialExamsServer } from "./support/special-exams-server";

/**
 * The real Open edX learner client (@edx/frontend-lib-special-exams 4.1.0, unmodified, from npm)
 * against Invigil's API on one origin: the proof that an Open edX installation could point its
 * learners at Invigil. The course, exams and learner are created through the LMS sync API, as an
 * LMS would, not taken from the demo data.
 */

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const CLIENT_PORT = APP_PORT + 200;
const CLIENT_ORIGIN = `http://127.0.0.1:${CLIENT_PORT}`;
const RUN = Date.now().toString(36);
const COURSE = `course-v1:InvigilE2E+Client${RUN}+2026`;
const TIMED = `block-v1:InvigilE2E+Client${RUN}+2026+type@sequential+block@timed`;
const PROCTORED = `block-v1:InvigilE2E+Client${RUN}+2026+type@sequential+block@proctored`;

let server: Server;
let lmsToken: string;

test.beforeAll(async ({ request }) => {
  server = await startSpecialExamsServer(CLIENT_PORT, APP_PORT);
  lmsToken = readFileSync("e2e/.artifacts/lms-token", "utf8").trim();
  const lms = (path: string, data: unknown) =>
    request.post(path, { data, headers: { authorization: `Bearer ${lmsToken}` } }).then(async (r) => {
      expect(r.status(), `${path}: ${await r.text()}`).toBeLessThan(300);
      return r.json();
    });
  await lms("/api/v1/courses", {
    course_key: COURSE,
    name: "Client compatibility course",
    proctoring_backend: "mock",
    allow_proctoring_opt_out: true,
    proctoring_escalation_email: "escalation@example.com",
  });
  await lms("/api/v1/users", [
    { username: `timed_${RUN}`, email: `timed_${RUN}@example.com`, full_name: "Tim Ed" },
    { username: `proc_${RUN}`, email: `proc_${RUN}@example.com`, full_name: "Pro Ctor" },
  ]);
  await lms(`/api/v1/courses/${encodeURIComponent(COURSE)}/enrollments`, [
    { username: `timed_${RUN}`, mode: "verified" },
    { username: `proc_${RUN}`, mode: "verified" },
  ]);
  await lms(`/api/edx_proctoring/v1/proctored_exam/exam_registration/course_id/${encodeURIComponent(COURSE)}`, [
    { content_id: TIMED, exam_name: "Timed quiz", time_limit_mins: 30, exam_type: "timed" },
    { content_id: PROCTORED, exam_name: "Proctored final", time_limit_mins: 60, exam_type: "proctored", backend: "mock" },
  ]);
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function learnerJwt(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/tokens/user-jwt", { data: { username }, headers: { authorization: `Bearer ${lmsToken}` } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function openClient(page: Page, contentId: string, token: string, username: string) {
  const url = new URL("/special-exams/", CLIENT_ORIGIN);
  url.searchParams.set("course_id", COURSE);
  url.searchParams.set("content_id", contentId);
  url.searchParams.set("token", token);
  url.searchParams.set("username", username);
  await page.goto(url.toString());
}

/** The library's API error banner must never appear. */
async function expectNoErrorBanner(page: Page) {
  await expect(page.getByText(/A system error has occurred|Request failed with status code|Network Error/)).toHaveCount(0);
}

test("timed exam: entrance → start → timer → End My Exam → submit → submitted", async ({ page, request }, testInfo) => {
  const username = `timed_${RUN}`;
  await openClient(page, TIMED, await learnerJwt(request, username), username);

  const start = page.getByRole("button", { name: "I am ready to start this timed exam." });
  await expect(start).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Subsection is a Timed Exam (30 minutes)")).toBeVisible();
  await attachScreenshot(page, testInfo, "client-timed-entrance");
  await start.click();

  await expect(page.getByTestId("exam-content")).toBeVisible();
  await expect(page.getByRole("button", { name: "End My Exam" })).toBeVisible();
  await expect(page.getByText(/Timed quiz/).first()).toBeVisible();
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-timed-started");

  await page.getByRole("button", { name: "End My Exam" }).click();
  const submit = page.getByRole("button", { name: "Yes, submit my timed exam." });
  await expect(submit).toBeVisible();
  await submit.click();
  await expect(page.getByText("You have submitted your timed exam.")).toBeVisible();
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-timed-submitted");
});

test("proctored exam on the mock backend: entrance → system check → ready → started", async ({ page, request }, testInfo) => {
  const username = `proc_${RUN}`;
  await openClient(page, PROCTORED, await learnerJwt(request, username), username);

  const cont = page.getByRole("button", { name: "Continue to my proctored exam." });
  await expect(cont).toBeVisible({ timeout: 20_000 });
  await attachScreenshot(page, testInfo, "client-proctored-entrance");
  await cont.click();

  const systemCheck = page.getByRole("button", { name: "Start System Check" });
  await expect(systemCheck).toBeVisible();
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-proctored-setup");
  await systemCheck.click();
  // The mock vendor says "ready" a second after registration: either the library finds the
  // attempt ready already, or it sends click_download_software and opens the vendor's page.
  const never = new Promise<never>(() => {});
  const outcome = await Promise.race([
    page.waitForURL(/\/mock-proctoring-software/, { timeout: 20_000 }).then(() => "navigated", () => never),
    page.getByText("System Check Succeeded").waitFor({ timeout: 20_000 }).then(() => "ready", () => never),
    new Promise<string>((resolve) => setTimeout(() => resolve("neither"), 21_000)),
  ]);
  expect(outcome).not.toBe("neither");
  if (outcome === "navigated") {
    await expect(page.getByRole("heading", { name: "Mock proctoring software is running" })).toBeVisible();
    await openClient(page, PROCTORED, await learnerJwt(request, username), username);
  } else {
    await page.getByRole("button", { name: "Ok" }).click();
  }

  // Back on the setup page ("Start Exam" polls and moves on), or, when the page was reloaded
  // after the vendor said ready, already on the ready-to-start page ("Start exam").
  const setupStart = page.getByRole("button", { name: "Start Exam", exact: true });
  const begin = page.getByRole("button", { name: "Start exam", exact: true });
  await expect(setupStart.or(begin)).toBeVisible({ timeout: 20_000 });
  // Clicked before the vendor's "ready" has arrived (its callback goes through the outbox, later
  // on a busy machine), the library says "Cannot Start Exam": a learner presses Ok and tries again.
  const notYet = page.getByRole("button", { name: "Ok" });
  const deadline = Date.now() + 30_000;
  while (!(await begin.isVisible()) && Date.now() < deadline) {
    if (await notYet.isVisible()) await notYet.click();
    else if (await setupStart.isVisible()) await setupStart.click();
    await page.waitForTimeout(1_000);
  }
  await expect(begin).toBeVisible({ timeout: 5_000 });
  await attachScreenshot(page, testInfo, "client-proctored-ready");
  await begin.click();

  await expect(page.getByTestId("exam-content")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("button", { name: "End My Exam" })).toBeVisible();
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-proctored-started");
});
