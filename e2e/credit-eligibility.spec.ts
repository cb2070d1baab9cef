import { expect, test, type Page } from "@playwright/test";
import { attachScreenshot, checkInterstitial, expectNoSeriousAxeViolations } from "./fixtures";
import { QUESTIONS, tabTo } from "./support/learner";
import { asUser, lms, RUN, setUpCourse, signInAsUser, type CourseSetup } from "./support/lms";

/**
 * §12.3's gate on the learner page (docs/decisions/032): credit prerequisites synced by the LMS
 * (failed, pending, declined) and the identity verification, then what staff see on the
 * dashboard. The course, learners, requirements and statuses come through the LMS sync API;
 * start-server.sh sets the site's `reverify_url`.
 */

const STAFF = `cstaff_${RUN}`;
const FAILED = `cfail_${RUN}`;
const PENDING = `cpend_${RUN}`;
const DECLINED = `cdecl_${RUN}`;
const EXPIRED = `cexp_${RUN}`;
/** Starts the final while eligible; the LMS then reports the midterm failed. */
const LATE = `clate_${RUN}`;
/** What start-server.sh sets as the LMS's verification page. */
const REVERIFY = /\/e2e-lms\/verify$/;
let course: CourseSetup;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  course = await setUpCourse(request, "Credit", {
    learners: [FAILED, PENDING, DECLINED, EXPIRED, LATE],
    staff: [STAFF],
    backend: "mock-e2e",
    allowOptOut: true,
    verification: { [EXPIRED]: "expired" },
    exams: [
      { block: "mid", name: "Credit midterm", minutes: 30, type: "proctored", questions: QUESTIONS },
      { block: "final", name: "Credit final", minutes: 60, type: "proctored", questions: QUESTIONS },
    ],
    creditRequirements: [
      { namespace: "proctored_exam", exam: "mid", displayName: "Midterm requirement" },
      { namespace: "reverification", name: `rev_${RUN}`, displayName: "Photo check" },
      { namespace: "proctored_exam", exam: "final", displayName: "Final requirement" },
      { namespace: "grade", name: "grade", displayName: "Passing grade" },
    ],
    creditStatuses: [
      [FAILED, "mid", "failed"],
      [FAILED, `rev_${RUN}`, "satisfied"],
      [PENDING, "mid", "satisfied"],
      [PENDING, `rev_${RUN}`, "pending"],
      [DECLINED, "mid", "declined"],
      [DECLINED, `rev_${RUN}`, "satisfied"],
      [EXPIRED, "mid", "satisfied"],
      [EXPIRED, `rev_${RUN}`, "satisfied"],
      [LATE, "mid", "satisfied"],
      [LATE, `rev_${RUN}`, "satisfied"],
    ],
  });
});

async function fitsWidth(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test("a failed prerequisite: the failed page lists it with its jump-to link, and the learner opts out by keyboard", async ({ page }, testInfo) => {
  await signInAsUser(page, FAILED);
  await page.goto(course.examPath("final"));
  await checkInterstitial(page, testInfo, "credit-failed-prerequisites", "This exam is proctored");
  await expect(page.getByText("You did not satisfy the requirements for taking this exam with proctoring.")).toBeVisible();
  const list = page.locator("[data-prerequisites]");
  await expect(list.getByRole("listitem")).toHaveText(["Midterm requirement"]);
  // A proctored_exam requirement links to its exam.
  await expect(list.getByRole("link", { name: "Midterm requirement" })).toHaveAttribute("href", course.examPath("mid"));
  await expect(page.getByText("Due to unsatisfied prerequisites, you can only take this exam without proctoring.")).toBeVisible();
  // No way to start it proctored.
  await expect(page.getByRole("button", { name: "Continue to exam" })).toHaveCount(0);

  const optOut = page.getByRole("button", { name: "Take this exam without proctoring" });
  await tabTo(page, optOut);
  await page.keyboard.press("Enter");
  const yes = page.getByRole("button", { name: "Yes, take it without proctoring" });
  await expect(yes).toBeVisible();
  await yes.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: "You are taking this exam without proctoring" })).toBeVisible();
  // §4.3's cascade declined the midterm too, so the page words both causes.
  await expect(page.getByText("Proctoring was declined for this exam or for an earlier requirement of this course")).toBeVisible();
  await expect(page.getByRole("radio", { name: "4" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test("a pending prerequisite: the pending page, the reverification linking to the LMS's verification page", async ({ page }, testInfo) => {
  await signInAsUser(page, PENDING);
  await page.goto(course.examPath("final"));
  await checkInterstitial(page, testInfo, "credit-pending-prerequisites", "Complete the prerequisites of this exam first");
  const list = page.locator("[data-prerequisites]");
  await expect(list.getByRole("listitem")).toHaveText(["Photo check"]);
  await expect(list.getByRole("link", { name: "Photo check" })).toHaveAttribute("href", REVERIFY);
  await expect(page.getByText("Complete the requirements listed above, then come back to this page.")).toBeVisible();
  // The course allows opting out: the button is there; there is no proctored start.
  await expect(page.getByRole("button", { name: "Take this exam without proctoring" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue to exam" })).toHaveCount(0);
  // The midterm, which has nothing before it, opens normally.
  await page.goto(course.examPath("mid"));
  await expect(page.getByRole("button", { name: "Continue to exam" })).toBeVisible();
});

test("a declined prerequisite: the exam is declined with it and its content shown, on every visit", async ({ page }, testInfo) => {
  await signInAsUser(page, DECLINED);
  await page.goto(course.examPath("final"));
  await checkInterstitial(page, testInfo, "credit-prerequisite-declined", "You are taking this exam without proctoring");
  await expect(page.getByText("Proctoring was declined for this exam or for an earlier requirement of this course")).toBeVisible();
  await expect(page.getByRole("radio", { name: "4" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "You are taking this exam without proctoring" })).toBeVisible();
  await expect(page.getByText("Proctoring was declined for this exam or for an earlier requirement of this course")).toBeVisible();
});

test("an expired identity verification: the expired variant with the link to verify again, readable at 390 px", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsUser(page, EXPIRED);
  await page.goto(course.examPath("final"));
  // Prerequisites satisfied: the entrance, then the verification before the set-up (§12.3).
  await page.getByRole("button", { name: "Continue to exam" }).click();
  await checkInterstitial(page, testInfo, "credit-id-verification-expired-390", "Complete your verification before starting the proctored exam");
  await expect(page.getByText("Your verification has expired.")).toBeVisible();
  const verify = page.getByRole("link", { name: "Continue to verification" });
  await expect(verify).toHaveAttribute("href", REVERIFY);
  // It looks like the page's main button, not a line of plain text (the styles reach a server component).
  await expect(verify).toHaveClass(/\bbg-blue-700\b/);
  await tabTo(page, verify);
  await expect(page.getByRole("heading", { level: 2, name: /Set up and start/ })).toHaveCount(0);
  await fitsWidth(page, 390);
});

test("staff see why each learner cannot start on the attempts panel", async ({ page, request }, testInfo) => {
  // LATE creates the final's attempt while eligible; then the LMS reports the midterm failed.
  await asUser(request, LATE, "POST", "/api/edx_proctoring/v1/proctored_exam/attempt", { exam_id: course.examIds.final, attempt_proctored: "true" });
  await lms(request, "PUT", `/api/v1/courses/${encodeURIComponent(course.courseKey)}/credit_statuses`, [
    { username: LATE, namespace: "proctored_exam", name: course.usageKey("mid"), status: "failed" },
  ]);
  await signInAsUser(page, STAFF);
  await page.goto(`/instructor/${encodeURIComponent(course.courseKey)}`);
  const table = page.getByRole("table", { name: /Special exam attempts/ });
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Can start?" })).toBeVisible();
  const row = (username: string) => table.getByRole("row").filter({ hasText: username });
  await expect(row(EXPIRED).locator('[data-eligibility="identity_verification"]')).toContainText("verification expired");
  await expect(row(LATE).locator('[data-eligibility="failed_prerequisites"]')).toContainText("Midterm requirement");
  // Declined exams (with the prerequisite, or by opting out, which §4.3 cascades): nothing blocks.
  await expect(row(DECLINED).first()).toContainText("Can start");
  await expect(row(FAILED).first()).toContainText("Can start");
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "credit-dashboard-eligibility");

  // The exam's settings list the course's credit requirements in order.
  await page.goto(`/instructor/${encodeURIComponent(course.courseKey)}/exams/${course.examIds.final}`);
  await expect(page.getByTestId("credit-requirements").getByRole("listitem")).toHaveText([
    "Midterm requirement (Proctored exam, prerequisite)",
    "Photo check (Identity reverification, prerequisite)",
    "Final requirement (Proctored exam, this exam)",
    "Passing grade (Grade)",
  ]);
  await expectNoSeriousAxeViolations(page);
});
