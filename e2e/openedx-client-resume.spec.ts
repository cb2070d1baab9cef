import type { Server } from "node:http";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { attachScreenshot } from "./fixtures";
import { act, startProctoredAttempt } from "./support/attempts";
import { asUser, learnerJwt, setUpCourse, type CourseSetup } from "./support/lms";
import { startSpecialExamsServer } from "./support/special-exams-server";

/**
 * A resumed proctored exam in the real Open edX learner client (@edx/frontend-lib-special-exams,
 * unmodified): after an error saved what was left of a 10-minute exam and course staff let the
 * learner resume, every page says the 9 whole minutes the new attempt's timer then starts with
 * (§5.2, §6), not the exam's original 10.
 */

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const CLIENT_PORT = APP_PORT + 200;
const CLIENT_ORIGIN = `http://127.0.0.1:${CLIENT_PORT}`;
const EP = "/api/edx_proctoring/v1/proctored_exam/attempt";
const LEARNER = `resume_${Date.now().toString(36)}`;
const STAFF = `resume_staff_${Date.now().toString(36)}`;

let server: Server;
let course: CourseSetup;

test.beforeAll(async ({ request }) => {
  server = await startSpecialExamsServer(CLIENT_PORT, APP_PORT);
  course = await setUpCourse(request, "Resume", {
    learners: [LEARNER],
    staff: [STAFF],
    exams: [{ block: "final", name: "Resumable final", minutes: 10, type: "proctored" }],
  });
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function openClient(page: Page, token: string) {
  const url = new URL("/special-exams/", CLIENT_ORIGIN);
  url.searchParams.set("course_id", course.courseKey);
  url.searchParams.set("content_id", course.usageKey("final"));
  url.searchParams.set("token", token);
  url.searchParams.set("username", LEARNER);
  await page.goto(url.toString());
}

/** The learner's current attempt as the client reads it (client contract L1). */
async function currentAttempt(request: APIRequestContext, jwt: string) {
  const res = await request.get(`${EP}/course_id/${course.courseKey}?content_id=${encodeURIComponent(course.usageKey("final"))}&is_learning_mfe=true`, {
    headers: { authorization: `JWT ${jwt}` },
  });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { exam: { attempt: { attempt_id?: number; attempt_status?: string; total_time?: string } } }).exam.attempt;
}

async function expectNoErrorBanner(page: Page) {
  await expect(page.getByText(/A system error has occurred|Request failed with status code|Network Error/)).toHaveCount(0);
}

test("after an error and a staff resume, the client promises the saved 9 minutes and its timer starts there", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const examId = course.examIds.final!;
  const first = await startProctoredAttempt(request, LEARNER, examId);
  // A failed ping a few seconds into the 10-minute exam: a little under 10 minutes are saved.
  await page.waitForTimeout(2_000);
  await act(request, LEARNER, first, "error");
  await asUser(request, STAFF, "PUT", `${EP}/${first}`, { action: "mark_ready_to_resume", user_id: course.userIds[LEARNER] });

  const jwt = await learnerJwt(request, LEARNER);
  await openClient(page, jwt);
  await expect(page.getByText("Your exam is ready to be resumed.")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("You will have 9 minutes to complete your exam.")).toBeVisible();
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-resume-ready-to-resume");

  // "Continue" makes the new attempt; the mock vendor marks it ready within a second or two.
  await page.getByRole("button", { name: "Continue to my proctored exam." }).click();
  await expect(page.getByRole("button", { name: "Start System Check" })).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () => (await currentAttempt(request, jwt)).attempt_status, { timeout: 30_000, intervals: [500] })
    .toBe("ready_to_start");
  const second = await currentAttempt(request, jwt);
  expect(second.attempt_id).not.toBe(first);

  await openClient(page, jwt);
  const begin = page.getByRole("button", { name: "Start exam", exact: true });
  await expect(begin).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("duration-text")).toHaveText("You have 9 minutes to complete this exam.");
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-resume-ready-to-start");
  await begin.click();

  await expect(page.getByTestId("exam-content")).toBeVisible({ timeout: 20_000 });
  // The timer starts from the same 9 minutes: 00:09:00 and counting down.
  const clock = page.locator(".exam-timer-clock");
  await expect(clock).toContainText(/00:0(9:00|8:[0-5]\d)/);
  await expect(clock).not.toContainText(/00:09:(?!00)\d\d|00:1\d:/);
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-resume-started");
});
