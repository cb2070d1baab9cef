import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { attachScreenshot } from "./fixtures";
import { startSpecialExamsServer } from "./support/special-exams-server";

/**
 * The links the real Open edX client (@edx/frontend-lib-special-exams 4.1.0) follows by itself:
 * "End My Exam" in the outer timer (the Learning MFE's course pages) stops the attempt and sends
 * the browser to `active_attempt.exam_url_path`. On a Learning MFE host that must be the MFE's
 * sequence page (the course's learning host, synced by the LMS), not a path of Invigil's.
 */

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const CLIENT_PORT = APP_PORT + 200;
const CLIENT_ORIGIN = `http://127.0.0.1:${CLIENT_PORT}`;
const RUN = Date.now().toString(36);
/** A stand-in for the Learning MFE: the browser's requests to it are answered by the test. */
const LEARNING_HOST = "http://learning.invigil.test";

let server: Server;
let lmsToken: string;

function keys(name: string) {
  const course = `course-v1:InvigilE2E+${name}${RUN}+2026`;
  return { course, timed: `block-v1:InvigilE2E+${name}${RUN}+2026+type@sequential+block@timed` };
}
const MFE = keys("Mfe");
const PLAIN = keys("Plain");

test.beforeAll(async ({ request }) => {
  server = await startSpecialExamsServer(CLIENT_PORT, APP_PORT);
  lmsToken = readFileSync("e2e/.artifacts/lms-token", "utf8").trim();
  const lms = (path: string, data: unknown) =>
    request.post(path, { data, headers: { authorization: `Bearer ${lmsToken}` } }).then(async (r) => {
      expect(r.status(), `${path}: ${await r.text()}`).toBeLessThan(300);
      return r.json();
    });
  await lms("/api/v1/courses", [
    { course_key: MFE.course, name: "Links on a Learning MFE", learning_microfrontend_url: `${LEARNING_HOST}/` },
    { course_key: PLAIN.course, name: "Links without a Learning MFE" },
  ]);
  await lms("/api/v1/users", [
    { username: `mfe_${RUN}`, email: `mfe_${RUN}@example.com`, full_name: "Em Eff", lms_user_id: 900_000 + (Date.now() % 90_000) },
    { username: `plain_${RUN}`, email: `plain_${RUN}@example.com`, full_name: "Plain Learner" },
  ]);
  for (const [k, username] of [[MFE, `mfe_${RUN}`], [PLAIN, `plain_${RUN}`]] as const) {
    await lms(`/api/v1/courses/${encodeURIComponent(k.course)}/enrollments`, [{ username, mode: "verified" }]);
    await lms(`/api/edx_proctoring/v1/proctored_exam/exam_registration/course_id/${encodeURIComponent(k.course)}`, [
      { content_id: k.timed, exam_name: "Timed quiz", time_limit_mins: 30, exam_type: "timed" },
    ]);
  }
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function learnerJwt(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/tokens/user-jwt", { data: { username }, headers: { authorization: `Bearer ${lmsToken}` } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The learner starts the timed exam in the sequence view, as in the MFE's exam page. */
async function startTimedExam(page: Page, course: string, content: string, token: string, username: string) {
  const url = new URL("/special-exams/", CLIENT_ORIGIN);
  url.searchParams.set("course_id", course);
  url.searchParams.set("content_id", content);
  url.searchParams.set("token", token);
  url.searchParams.set("username", username);
  await page.goto(url.toString());
  const start = page.getByRole("button", { name: "I am ready to start this timed exam." });
  await expect(start).toBeVisible({ timeout: 20_000 });
  await start.click();
  await expect(page.getByTestId("exam-content")).toBeVisible({ timeout: 20_000 });
}

/** The outer timer on a course page of the MFE (outline, dates…), where End My Exam navigates away. */
async function openOuterTimer(page: Page, course: string) {
  const url = new URL("/special-exams/", CLIENT_ORIGIN);
  url.searchParams.set("course_id", course);
  url.searchParams.set("view", "outer");
  await page.goto(url.toString());
  await expect(page.getByRole("button", { name: "End My Exam" })).toBeVisible({ timeout: 20_000 });
}

async function attemptStatus(request: APIRequestContext, token: string, course: string, content: string): Promise<string> {
  const res = await request.get(
    `/api/edx_proctoring/v1/proctored_exam/attempt/course_id/${course}?content_id=${encodeURIComponent(content)}&is_learning_mfe=true`,
    { headers: { authorization: `JWT ${token}` } },
  );
  expect(res.status()).toBe(200);
  return ((await res.json()) as { exam: { attempt: { attempt_status: string } } }).exam.attempt.attempt_status;
}

test("End My Exam in the outer timer lands on the course's Learning MFE sequence page", async ({ page, request }, testInfo) => {
  const username = `mfe_${RUN}`;
  const token = await learnerJwt(request, username);
  const mfeVisits: string[] = [];
  await page.route(`${LEARNING_HOST}/**`, (route) => {
    mfeVisits.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Learning</title><h1>Learning MFE sequence</h1>" });
  });
  const l2 = page.waitForRequest((r) => r.url().includes("/attempt/course_id/") && r.url().includes("is_learning_mfe=true"));

  await startTimedExam(page, MFE.course, MFE.timed, token, username);
  await openOuterTimer(page, MFE.course);
  await l2;
  await attachScreenshot(page, testInfo, "client-links-outer-timer");

  const expected = `${LEARNING_HOST}/course/${MFE.course}/${MFE.timed}`;
  await page.getByRole("button", { name: "End My Exam" }).click();
  await page.waitForURL((u) => u.toString().startsWith(`${LEARNING_HOST}/course/`), { timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "Learning MFE sequence" })).toBeVisible();
  expect(decodeURIComponent(page.url())).toBe(expected);
  expect(mfeVisits.map((u) => decodeURIComponent(u))).toEqual([expected]);
  expect(await attemptStatus(request, token, MFE.course, MFE.timed)).toBe("ready_to_submit");
});

test("without a learning host, End My Exam lands on Invigil's own exam page, not a 404", async ({ page, request }) => {
  const username = `plain_${RUN}`;
  const token = await learnerJwt(request, username);
  await startTimedExam(page, PLAIN.course, PLAIN.timed, token, username);
  await openOuterTimer(page, PLAIN.course);

  const ours = `/courses/${encodeURIComponent(PLAIN.course)}/exams/${encodeURIComponent(PLAIN.timed)}`;
  const landed = page.waitForResponse((r) => r.url().includes(ours) && r.request().isNavigationRequest(), { timeout: 20_000 });
  await page.getByRole("button", { name: "End My Exam" }).click();
  const response = await landed;
  // Invigil's exam page: served (or sending the learner to sign in), never "not found".
  expect(response.status()).not.toBe(404);
  expect(response.url().startsWith(`${CLIENT_ORIGIN}${ours}`)).toBe(true);
  expect(await attemptStatus(request, token, PLAIN.course, PLAIN.timed)).toBe("ready_to_submit");
});
