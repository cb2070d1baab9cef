import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { attachScreenshot, checkInterstitial, expectNoSeriousAxeViolations } from "./fixtures";
import { failDesktop, VENDOR_URL, vendorCallbacks } from "./support/fake-vendor";
import { answerQuestions, QUESTIONS, timerSeconds } from "./support/learner";
import { RUN, setUpCourse, signInAsUser, type CourseSetup } from "./support/lms";
import { mailTo, waitForMail } from "./support/mail";

/**
 * The REST proctoring vendor (lib/backends/rest, docs/decisions/018) end to end in Chromium,
 * against the fake vendor (fake-vendor/, docs/decisions/021) that e2e/start-server.sh runs with the
 * backend `rest-e2e` and the vendor's callback client: the learner's pages, the vendor's worker
 * and desktop application, its ready and review callbacks, and the staff's vendor dashboard links.
 */

test.describe.configure({ mode: "serial" });

/** The learner's attempt at the course's `final`, read through the learner's own API (the page's session). */
async function attemptOf(page: Page, course: CourseSetup) {
  const res = await page.request.get(
    `/api/edx_proctoring/v1/proctored_exam/attempt/course_id/${encodeURIComponent(course.courseKey)}?content_id=${encodeURIComponent(course.usageKey("final"))}`,
  );
  expect(res.status()).toBe(200);
  return ((await res.json()) as { exam: { attempt: { attempt_id: number; attempt_status: string; external_id?: string } } }).exam.attempt;
}

/**
 * From the entrance to a started exam on the REST vendor: the instructions page shows the vendor's
 * instructions and its software link; the learner opens the software (the fake's download page,
 * after which the vendor calls Invigil's ready callback), starts the system check and the exam.
 * Returns the vendor's attempt id (shown in its first instruction).
 */
async function startOnVendor(page: Page, testInfo: TestInfo | null, screenshots = "rest"): Promise<string> {
  const instructionsHeading = page.getByRole("heading", { level: 2, name: /Set up and start/ });
  if (!(await instructionsHeading.isVisible())) await page.getByRole("button", { name: "Continue to exam" }).click();
  await expect(instructionsHeading).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Instructions from Fake Vendor (REST)" })).toBeVisible();
  const first = page.getByText(/^Download and install the Fake Proctoring app\. \((attempt-[^)]+)\)$/);
  // The page waits at most 3 s for the vendor's read of the attempt and otherwise shows the
  // vendor's general instructions (lib/backends/rest/index.ts). On a loaded machine (CI runs the
  // PostgreSQL suite beside this one) the fake vendor can miss that; a reload asks again, as a
  // learner would.
  await expect(async () => {
    if (!(await first.isVisible())) await page.reload();
    await expect(first).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  const vendorAttemptId = /\((attempt-[^)]+)\)/.exec(await first.innerText())![1]!;
  await expect(page.getByText("Open it and sign in with the exam code it shows.")).toBeVisible();
  const software = page.getByRole("link", { name: /Open the Fake Vendor \(REST\) software/ });
  await expect(software).toHaveAttribute("href", `${VENDOR_URL}/download?attempt=${encodeURIComponent(vendorAttemptId)}`);
  if (testInfo) await checkInterstitial(page, testInfo, `${screenshots}-instructions`, /Set up and start/);

  // The software "download" opens in a new tab; the vendor then says "ready" to Invigil.
  const [download] = await Promise.all([page.context().waitForEvent("page"), software.click()]);
  await expect(download.getByRole("heading", { level: 1, name: "Proctoring software" })).toBeVisible();
  await expect(download.getByText(vendorAttemptId).first()).toBeVisible();
  await download.close();

  await page.getByRole("button", { name: "Start system check" }).click();
  const ready = page.getByRole("heading", { level: 2, name: /read this before you start/ });
  await expect(ready).toBeVisible({ timeout: 30_000 });
  if (testInfo) await checkInterstitial(page, testInfo, `${screenshots}-ready-to-start`, /read this before you start/);
  // The vendor's rules for the exam (its config), in the learner's language.
  await expect(page.getByText("Keep your face in view of the camera")).toBeVisible();
  await page.getByRole("button", { name: "Start exam" }).click();
  await expect(page.getByRole("timer")).toBeVisible({ timeout: 15_000 });
  return vendorAttemptId;
}

test("a learner takes a proctored exam on the REST vendor to verified, reviewed from the vendor's page", async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  const learner = `rest_${RUN}`;
  const staff = `rstf_${RUN}`;
  const course = await setUpCourse(request, "Rest", {
    learners: [learner],
    staff: [staff],
    backend: "rest-e2e",
    escalationEmail: "rest-help@example.com",
    exams: [{ block: "final", name: "Vendor final", minutes: 30, type: "proctored", questions: QUESTIONS }],
  });
  await signInAsUser(page, learner);
  await page.goto(course.examPath("final"));
  await checkInterstitial(page, testInfo, "rest-entrance", /This exam is proctored/);
  const vendorAttemptId = await startOnVendor(page, testInfo);
  expect((await vendorCallbacks(request)).filter((c) => c.vendorAttemptId === vendorAttemptId && c.kind === "ready").map((c) => c.status)).toContain(200);
  await answerQuestions(page);
  // The worker pings the desktop application (every 5 s on this backend) without trouble.
  await page.waitForTimeout(7_000);
  await expect(page.getByRole("timer")).toBeVisible();
  await page.getByRole("button", { name: "End My Exam" }).click();
  await page.getByRole("button", { name: "Yes, submit my exam" }).click();
  await checkInterstitial(page, testInfo, "rest-submitted", /submitted this proctored exam for review/);
  expect((await attemptOf(page, course)).attempt_status).toBe("submitted");

  // The vendor's reviewer opens its review page, picks the attempt and posts "Clean".
  const vendorPage = await page.context().newPage();
  await vendorPage.goto(`${VENDOR_URL}/`);
  await expect(vendorPage.getByRole("heading", { level: 1, name: "Review proctored exam attempts" })).toBeVisible();
  await expect(vendorPage.getByRole("row", { name: new RegExp(vendorAttemptId) })).toContainText("Vendor final");
  await vendorPage.getByLabel("Attempt", { exact: true }).selectOption(vendorAttemptId);
  await vendorPage.getByRole("radio", { name: "Clean" }).check();
  await vendorPage.getByLabel(/Reviewer's comment/).fill("Nothing to report.");
  await vendorPage.getByRole("button", { name: "Send the review" }).click();
  await expect(vendorPage.getByRole("heading", { level: 1, name: "Review sent" })).toBeVisible();
  await expect(vendorPage.getByRole("status")).toContainText(`Invigil answered HTTP 200 for attempt ${vendorAttemptId}`);
  await attachScreenshot(vendorPage, testInfo, "vendor-review-sent");
  await vendorPage.close();

  await page.reload();
  await checkInterstitial(page, testInfo, "rest-verified", /reviewed successfully/);
  expect((await attemptOf(page, course)).attempt_status).toBe("verified");

  // Both e-mails (§11) through the SMTP sink, naming the course's escalation contact.
  const address = `${learner}@example.com`;
  const inReview = await waitForMail(address, /^Proctoring Review In Progress For .* Vendor final$/);
  expect(inReview.text).toContain('Your proctored exam "Vendor final"');
  const results = await waitForMail(address, /^Proctoring Results For .* Vendor final$/);
  expect(results.text).toContain("met all of the proctoring requirements");
  expect(results.text).toContain("rest-help@example.com");
  expect(mailTo(address)).toHaveLength(2);

  // Staff: the vendor dashboard from the exam row and from the attempt row, each verified by the vendor.
  await signInAsUser(page, staff);
  await page.goto(`/instructor/${encodeURIComponent(course.courseKey)}/exams`);
  await expect(page.getByRole("heading", { level: 2, name: /^Exams$/ })).toBeVisible();
  const [examDashboard] = await Promise.all([page.context().waitForEvent("page"), page.getByRole("link", { name: /Vendor dashboard for Vendor final/ }).click()]);
  await expect(examDashboard.getByRole("heading", { level: 1, name: "Fake Proctoring: exam dashboard" })).toBeVisible();
  await expect(examDashboard.locator('[data-claim="course_id"]')).toHaveText(JSON.stringify(course.courseKey));
  await expect(examDashboard.locator('[data-claim="user"]')).toContainText(staff);
  await examDashboard.close();

  await page.goto(`/instructor/${encodeURIComponent(course.courseKey)}`);
  await expect(page.getByRole("heading", { level: 2, name: /Special exam attempts/ })).toBeVisible();
  const [attemptDashboard] = await Promise.all([
    page.context().waitForEvent("page"),
    page.getByRole("link", { name: `Vendor dashboard of ${learner}'s attempt at Vendor final (opens in a new tab)` }).click(),
  ]);
  await expect(attemptDashboard.getByRole("heading", { level: 1, name: "Fake Proctoring: attempt dashboard" })).toBeVisible();
  await expect(attemptDashboard.locator('[data-claim="attempt_id"]')).toHaveText(JSON.stringify(vendorAttemptId));
  await expect(attemptDashboard.locator('[data-claim="course_id"]')).toHaveText(JSON.stringify(course.courseKey));
  await attachScreenshot(attemptDashboard, testInfo, "vendor-attempt-dashboard");
  await attemptDashboard.close();
});

test("the vendor's desktop application fails mid-exam → error page → staff resume → the learner continues", async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  const learner = `rerr_${RUN}`;
  const staff = `rerrs_${RUN}`;
  const course = await setUpCourse(request, "RestErr", {
    learners: [learner],
    staff: [staff],
    backend: "rest-e2e",
    escalationEmail: "rest-escalation@example.com",
    exams: [{ block: "final", name: "Fragile final", minutes: 10, type: "proctored", questions: QUESTIONS }],
  });
  await signInAsUser(page, learner);
  await page.goto(course.examPath("final"));
  await startOnVendor(page, null);
  await answerQuestions(page);
  try {
    // The desktop application stops answering: the worker's next ping fails.
    await failDesktop(request, 500);
    await checkInterstitial(page, testInfo, "rest-error", /There was a problem with your proctored exam/);
  } finally {
    await failDesktop(request, null);
  }
  await expect(page.getByRole("link", { name: "rest-escalation@example.com" }).first()).toBeVisible();
  expect((await attemptOf(page, course)).attempt_status).toBe("error");

  // Staff resume it from the dashboard's attempts panel.
  const staffContext = await page.context().browser()!.newContext();
  const staffPage = await staffContext.newPage();
  await signInAsUser(staffPage, staff);
  await staffPage.goto(`/instructor/${encodeURIComponent(course.courseKey)}`);
  await staffPage.getByRole("button", { name: `Actions for ${learner}'s attempt at Fragile final` }).click();
  await staffPage.getByRole("menu").getByRole("menuitem", { name: /Resume/ }).click();
  await staffPage.getByRole("dialog").getByRole("button", { name: "Resume attempt" }).click();
  await expect(staffPage.getByRole("table", { name: /Special exam attempts/ })).toContainText(/Ready to resume/i);
  await staffContext.close();

  await page.reload();
  await checkInterstitial(page, testInfo, "rest-ready-to-resume", /ready to be resumed/);
  await startOnVendor(page, null);
  const left = await timerSeconds(page);
  expect(left).toBeLessThanOrEqual(10 * 60);
  expect(left).toBeGreaterThan(8 * 60);
  await expect(page.getByRole("radio", { name: "4" })).toBeChecked();
  await expect(page.getByRole("textbox")).toHaveValue("7");
  // The pings go through again.
  await page.waitForTimeout(7_000);
  await expect(page.getByRole("timer")).toBeVisible();
});

test("the learner's instructions and error pages on a 390 px phone", async ({ browser, request }, testInfo) => {
  test.setTimeout(120_000);
  const learner = `rphone_${RUN}`;
  const course = await setUpCourse(request, "RestPhone", {
    learners: [learner],
    backend: "rest-e2e",
    exams: [{ block: "final", name: "Phone final", minutes: 10, type: "proctored", questions: QUESTIONS }],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signInAsUser(page, learner);
    await page.goto(course.examPath("final"));
    await page.getByRole("button", { name: "Continue to exam" }).click();
    await checkInterstitial(page, testInfo, "rest-instructions-phone", /Set up and start/);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await startOnVendor(page, null);
    try {
      await failDesktop(request, 500);
      await checkInterstitial(page, testInfo, "rest-error-phone", /There was a problem with your proctored exam/);
    } finally {
      await failDesktop(request, null);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousAxeViolations(page);
  } finally {
    await context.close();
  }
});
