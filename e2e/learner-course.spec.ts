import { expect, test, type Page } from "@playwright/test";
import { attachScreenshot, checkInterstitial, expectNoSeriousAxeViolations, signInAs } from "./fixtures";
import { startProctored } from "./support/learner";
import { RUN, setUpCourse, signInAsUser } from "./support/lms";

/** The course page, its onboarding panel, the gates before an exam, and every learner page's preview. */

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function panelStatus(page: Page) {
  const panel = page.getByRole("region", { name: /This course contains proctored exams/ });
  await expect(panel).toBeVisible();
  return panel;
}

test("the onboarding panel follows the learner through onboarding: not started → started → submitted → verified", async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  const learner = `onb_${RUN}`;
  const course = await setUpCourse(request, "Onboard", {
    learners: [learner],
    backend: "mock-e2e",
    exams: [
      { block: "onboarding", name: "Proctoring onboarding", minutes: 15, type: "onboarding" },
      { block: "final", name: "Proctored final", minutes: 60, type: "proctored" },
    ],
  });
  await signInAsUser(page, learner);
  await page.goto(course.coursePath);
  let panel = await panelStatus(page);
  await expect(panel).toContainText("Not Started");
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "onboarding-panel-not-started");

  await panel.getByRole("link", { name: "Complete Onboarding" }).click();
  await checkInterstitial(page, testInfo, "onboarding-entrance", /Proctoring onboarding exam/);
  await startProctored(page, null, "Continue to onboarding");

  // While the exam runs, the course page shows it with its timer.
  await page.goto(course.coursePath);
  await expect(page.getByRole("timer")).toBeVisible();
  panel = await panelStatus(page);
  await expect(panel).toContainText("Started");
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "onboarding-panel-started-with-timer");

  await page.getByRole("link", { name: /Return to your exam/ }).click();
  await page.getByRole("button", { name: "End My Exam" }).click();
  await page.getByRole("button", { name: "Yes, submit my exam" }).click();
  await checkInterstitial(page, testInfo, "onboarding-submitted", /submitted this onboarding exam/);

  await page.goto(course.coursePath);
  panel = await panelStatus(page);
  await expect(panel).toContainText(/Submitted|Verified/);
  await attachScreenshot(page, testInfo, "onboarding-panel-submitted");
  await expect
    .poll(
      async () => {
        await page.reload();
        return (await panelStatus(page)).getByText("Verified", { exact: true }).count();
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBeGreaterThan(0);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "onboarding-panel-verified");
  await expect(page.getByRole("link", { name: "Proctored final" })).toBeVisible();
});

test("an onboarding exam not released yet: the panel says when it opens", async ({ page, request }, testInfo) => {
  const learner = `unrel_${RUN}`;
  const course = await setUpCourse(request, "Unreleased", {
    learners: [learner],
    backend: "mock-e2e",
    exams: [
      { block: "onboarding", name: "Proctoring onboarding", minutes: 15, type: "onboarding", release_date: inDays(30) },
      { block: "final", name: "Proctored final", minutes: 60, type: "proctored" },
    ],
  });
  await signInAsUser(page, learner);
  await page.goto(course.coursePath);
  const panel = await panelStatus(page);
  await expect(panel).toContainText("Onboarding Opens");
  await expect(panel.getByRole("link", { name: "Complete Onboarding" })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "onboarding-panel-unreleased");
});

test("gates: an audit learner is told why, a past due date is explained, staff get a preview", async ({ page, request }, testInfo) => {
  const audit = `aud_${RUN}`;
  const late = `late_${RUN}`;
  const staff = `stf_gate_${RUN}`;
  const course = await setUpCourse(request, "Gates", {
    learners: [{ username: audit, mode: "audit" }, late],
    staff: [staff],
    backend: "mock-e2e",
    exams: [
      { block: "final", name: "Proctored final", minutes: 60, type: "proctored" },
      { block: "closed", name: "Closed quiz", minutes: 20, type: "timed", due_date: inDays(-1) },
    ],
  });
  await signInAsUser(page, audit);
  await page.goto(course.examPath("final"));
  await checkInterstitial(page, testInfo, "not-eligible", /not available with your enrollment/);

  await page.context().clearCookies();
  await signInAsUser(page, late);
  await page.goto(course.examPath("closed"));
  await checkInterstitial(page, testInfo, "due-date-passed", /due date for this exam has passed/);

  await page.context().clearCookies();
  await signInAsUser(page, staff);
  await page.goto(course.examPath("final"));
  await checkInterstitial(page, testInfo, "staff-preview", /Preview: this is what a learner sees/);
});

test("every learner page, previewed with sample data, passes axe (screenshots in the report)", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signInAs(page, "admin");
  await page.goto("/learner-pages");
  const links = page.getByRole("main").getByRole("link");
  const hrefs = await links.evaluateAll((els) => els.map((e) => (e as HTMLAnchorElement).getAttribute("href")!).filter((h) => h.startsWith("/learner-pages/")));
  expect(hrefs.length).toBeGreaterThanOrEqual(25);
  for (const href of hrefs) {
    await page.goto(href);
    const h2 = page.getByRole("heading", { level: 2 }).first();
    await expect(h2).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await attachScreenshot(page, testInfo, `preview-${href.split("/").pop()}`);
  }
});

test("another learner's exam page and another course are not found", async ({ page, request }) => {
  const insider = `ins_${RUN}`;
  const outsider = `out_${RUN}`;
  const course = await setUpCourse(request, "Private", {
    learners: [insider],
    exams: [{ block: "quiz", name: "Private quiz", minutes: 20, type: "timed" }],
  });
  await setUpCourse(request, "Elsewhere", { learners: [outsider], exams: [{ block: "quiz", name: "Other quiz", minutes: 20, type: "timed" }] });
  await signInAsUser(page, outsider);
  for (const path of [course.coursePath, course.examPath("quiz")]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
  }
});
