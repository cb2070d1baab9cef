import { expect, test } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { act, startProctoredAttempt } from "./support/attempts";
import { QUESTIONS } from "./support/learner";
import { RUN, setUpCourse, signInAsUser, type CourseSetup } from "./support/lms";

/**
 * Attempts on appeal (docs/decisions/039-attempts-on-appeal-and-results-report.md): an admin finds
 * a learner's attempt, changes its status with a reason, and the learner's exam page shows the new
 * result; the results report carries it; course staff are refused.
 */

const LEARNER = `appeal_${RUN}`;
const STAFF = `appstaff_${RUN}`;
let course: CourseSetup;
let attemptId: number;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  course = await setUpCourse(request, "Appeals", {
    learners: [LEARNER],
    staff: [STAFF],
    backend: "mock-e2e",
    exams: [{ block: "final", name: "Appeals final", minutes: 30, type: "proctored", questions: QUESTIONS }],
  });
  // The session ended in error: the learner appeals.
  attemptId = await startProctoredAttempt(request, LEARNER, course.examIds.final!);
  await act(request, LEARNER, attemptId, "error");
});

test("an admin finds the attempt, changes its status on appeal with a reason, and the learner sees the result", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signInAsUser(page, "admin");
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Attempts and appeals" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Attempts and appeals" })).toBeVisible();
  await page.getByRole("searchbox", { name: /Learner, course/ }).fill(LEARNER);
  await page.keyboard.press("Enter");
  const row = page.getByTestId(`attempt-row-${attemptId}`);
  await expect(row).toContainText("Error");
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-appeals-search");
  await row.getByRole("link", { name: new RegExp(`#${attemptId}`) }).click();

  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`Attempt #${attemptId}: ${LEARNER}`) })).toBeVisible();
  await expect(page.getByTestId("attempt-status")).toHaveText("Error");
  // The reason is required: nothing is sent without one.
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(page.getByText("Write the reason for the change.")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Reason" })).toHaveAttribute("aria-invalid", "true");
  // Keyboard only from here.
  await page.getByRole("combobox", { name: "New status" }).selectOption("verified");
  await page.getByRole("textbox", { name: "Reason" }).fill(`Appeal ${RUN}: the vendor's session dropped, the recording is complete.`);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Change status" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toHaveText(/Status changed to Verified/);
  await expect(page.getByTestId("attempt-status")).toHaveText("Verified");
  const timeline = page.getByRole("table", { name: /Every transition and action/ });
  await expect(timeline).toContainText("Status changed on appeal by an admin");
  await expect(timeline).toContainText(`Appeal ${RUN}`);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-appeal-attempt");
  await page.screenshot({ path: testInfo.outputPath("admin-appeal-desktop.png"), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("attempt-status")).toHaveText("Verified");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await attachScreenshot(page, testInfo, "admin-appeal-attempt-390");
  await page.screenshot({ path: testInfo.outputPath("admin-appeal-390.png"), fullPage: true });

  // The results report has the new status.
  const report = await page.request.get(`/api/instructor/${encodeURIComponent(course.courseKey)}/results.csv`);
  expect(report.status()).toBe(200);
  const text = await report.text();
  expect(text).toContain(`"${LEARNER}"`);
  expect(text).toMatch(new RegExp(`"${LEARNER}".*"verified"`));

  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAsUser(page, LEARNER);
  await page.goto(course.examPath("final"));
  await expect(page.getByRole("heading", { level: 2, name: /reviewed successfully/ })).toBeVisible();
});

test("course staff get 403 on the appeal pages", async ({ page }) => {
  await signInAsUser(page, STAFF);
  expect((await page.goto("/admin/attempts"))?.status()).toBe(403);
  expect((await page.goto(`/admin/attempts/${attemptId}`))?.status()).toBe(403);
  await expect(page.getByRole("button", { name: "Change status" })).toHaveCount(0);
});
