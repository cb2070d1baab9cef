import { expect, test, type Page } from "@playwright/test";
import { attachScreenshot, checkInterstitial, expectNoSeriousAxeViolations } from "./fixtures";
import { QUESTIONS, startProctored } from "./support/learner";
import { lms, RUN, setUpCourse, signInAsUser } from "./support/lms";

/**
 * The learner pages' rough edges, each on a desktop and on a 390 px phone (docs/decisions/027):
 * waiting states that end, the answers summary before the final submit, the timer's Show/Hide
 * label, the opt-out's place, the heading focus, content while an onboarding exam runs, the
 * course's one contact, our not-found page and times in the browser's zone.
 */

const VIEWPORTS = [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

async function fitsWidth(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

for (const { name: vp, viewport } of VIEWPORTS) {
  test.describe(`learner pages (${vp})`, () => {
    test.use({ viewport });

    test(`a system check that never finishes times out into what to do (${vp})`, async ({ page, request }, testInfo) => {
      test.setTimeout(120_000);
      const learner = `stk_${vp}_${RUN}`;
      const course = await setUpCourse(request, `Stuck${vp}`, {
        learners: [learner],
        backend: "stuck-e2e",
        escalationEmail: "stuck-help@example.com",
        exams: [{ block: "practice", name: "Practice run", minutes: 20, type: "practice", questions: QUESTIONS }],
      });
      await signInAsUser(page, learner);
      await page.goto(course.examPath("practice"));
      await page.getByRole("button", { name: "Continue to practice exam" }).click();
      await expect(page.getByRole("heading", { level: 2, name: /Set up and start/ })).toBeVisible();
      // One contact per course: the course's escalation e-mail, on the setup page too.
      await expect(page.getByRole("link", { name: "stuck-help@example.com" })).toBeVisible();
      await page.getByRole("button", { name: "Start system check" }).click();
      await expect(page.getByRole("heading", { level: 2, name: "Checking your system" })).toBeVisible();
      // This vendor never reports back; after its 12 s the page stops waiting and says so.
      await expect(page.getByRole("heading", { level: 2, name: "The system check is taking longer than expected" })).toBeVisible({ timeout: 30_000 });
      await checkInterstitial(page, testInfo, `system-check-timed-out-${vp}`, "The system check is taking longer than expected");
      await expect(page.getByText("This page updates by itself")).toHaveCount(0);
      // "Check again" is the page's filled button, "Keep waiting" an outlined one.
      const background = (name: string) => page.getByRole("button", { name }).evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(await background("Check again")).not.toMatch(/^rgba?\(255, 255, 255|^rgba\(0, 0, 0, 0\)/);
      expect(await background("Keep waiting")).toBe("rgb(255, 255, 255)");
      await expect(page.getByRole("link", { name: "Back to the course" })).toHaveAttribute("href", course.coursePath);
      await expect(page.getByRole("link", { name: "stuck-help@example.com" })).toBeVisible();
      await fitsWidth(page, viewport.width);
      // A reload keeps the timed-out page (the wait counts from the attempt's own timestamp).
      await page.reload();
      await expect(page.getByRole("heading", { level: 2, name: "The system check is taking longer than expected" })).toBeVisible();
      // "Keep waiting" waits (and checks) again, and times out again.
      await page.getByRole("button", { name: "Keep waiting" }).click();
      await expect(page.getByRole("heading", { level: 2, name: "Checking your system" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: "The system check is taking longer than expected" })).toBeVisible({ timeout: 30_000 });
      await page.getByRole("link", { name: "Back to the course" }).click();
      await expect(page).toHaveURL(new RegExp(`${course.coursePath.replace(/[+]/g, "\\+")}$`));
    });

    test(`before the final submit: answered and unanswered questions, each a way back (${vp})`, async ({ page, request }, testInfo) => {
      test.setTimeout(90_000);
      const learner = `sum_${vp}_${RUN}`;
      const course = await setUpCourse(request, `Summary${vp}`, {
        learners: [learner],
        exams: [{ block: "quiz", name: "Summary quiz", minutes: 30, type: "timed", questions: QUESTIONS }],
      });
      await signInAsUser(page, learner);
      await page.goto(course.examPath("quiz"));
      await page.getByRole("button", { name: "Start exam" }).click();
      await expect(page.getByRole("timer")).toBeVisible();

      // The timer's toggle says what it does next.
      await page.getByRole("button", { name: "Hide timer" }).click();
      await expect(page.getByRole("timer")).toHaveText("Timer hidden");
      await page.getByRole("button", { name: "Show timer" }).click();
      await expect(page.getByRole("button", { name: "Hide timer" })).toBeVisible();

      await page.getByRole("radio", { name: "4" }).check();
      await expect(page.getByText("All answers saved", { exact: true })).toBeVisible({ timeout: 15_000 });
      await page.getByRole("button", { name: "End My Exam" }).click();
      await checkInterstitial(page, testInfo, `submit-summary-${vp}`, /Are you sure you want to end your exam/);
      const summary = page.getByTestId("answer-summary-panel");
      await expect(summary).toContainText("You answered 1 of 2 questions.");
      await expect(summary).toContainText("1 question has no answer.");
      await fitsWidth(page, viewport.width);

      // "Question 2" goes back to the exam and lands on that question.
      await summary.getByRole("button", { name: "Go back to question 2: not answered" }).click();
      await expect(page.getByRole("textbox")).toBeVisible();
      const second = page.locator("li[id^='question-']").nth(1);
      await expect(second).toBeFocused();
      await page.getByRole("textbox").fill("7");
      await expect(page.getByText("All answers saved", { exact: true })).toBeVisible({ timeout: 15_000 });
      await page.getByRole("button", { name: "End My Exam" }).click();
      await expect(page.getByTestId("answer-summary-panel")).toContainText("You answered 2 of 2 questions.");
      await expect(page.getByTestId("answer-summary-panel")).toContainText("Every question has an answer.");
      await page.getByRole("button", { name: "Yes, submit my exam" }).click();
      await expect(page.getByText("Your answers were saved: 2 of 2 questions answered.")).toBeVisible();
    });

    test(`opting out is not the highlighted choice; the heading takes the focus without a heavy ring (${vp})`, async ({ page, request }, testInfo) => {
      const learner = `opt_${vp}_${RUN}`;
      const course = await setUpCourse(request, `OptOut${vp}`, {
        learners: [learner],
        backend: "mock-e2e",
        exams: [{ block: "final", name: "Proctored final", minutes: 30, type: "proctored" }],
      });
      // The course allows taking proctored exams without proctoring.
      await lms(request, "PUT", "/api/v1/courses", { course_key: course.courseKey, name: `OptOut${vp} course`, allow_proctoring_opt_out: true });
      await signInAsUser(page, learner);
      await page.goto(course.examPath("final"));
      const heading = page.getByRole("heading", { level: 2, name: /This exam is proctored/ });
      await expect(heading).toBeFocused();
      // Focused by script on load: at most a thin dashed outline, never the 3 px ring of controls.
      const outline = await heading.evaluate((el) => {
        const s = getComputedStyle(el);
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
      });
      expect(outline.style === "none" || outline.width <= 1).toBe(true);

      const continueButton = page.getByRole("button", { name: "Continue to exam" });
      const optOut = page.getByRole("button", { name: "Take this exam without proctoring" });
      const filled = (l: typeof optOut) => l.evaluate((el) => getComputedStyle(el).backgroundColor !== "rgb(255, 255, 255)");
      expect(await filled(continueButton)).toBe(true);
      expect(await filled(optOut)).toBe(false);
      await optOut.click();
      const yes = page.getByRole("button", { name: "Yes, take it without proctoring" });
      const goBack = page.getByRole("button", { name: "Go back" });
      expect(await filled(yes)).toBe(false);
      expect(await filled(goBack)).toBe(true);
      await expectNoSeriousAxeViolations(page);
      await attachScreenshot(page, testInfo, `opt-out-confirm-${vp}`);
      await fitsWidth(page, viewport.width);
      await goBack.click();
      await expect(optOut).toBeFocused();
    });

    test(`an onboarding exam without questions says what to do while it runs (${vp})`, async ({ page, request }, testInfo) => {
      test.setTimeout(90_000);
      const learner = `onc_${vp}_${RUN}`;
      const course = await setUpCourse(request, `OnbContent${vp}`, {
        learners: [learner],
        backend: "mock-e2e",
        exams: [{ block: "onboarding", name: "Proctoring onboarding", minutes: 15, type: "onboarding" }],
      });
      await signInAsUser(page, learner);
      await page.goto(course.examPath("onboarding"));
      await startProctored(page, null, "Continue to onboarding");
      await expect(page.getByTestId("exam-no-content")).toContainText("End My Exam");
      await expectNoSeriousAxeViolations(page);
      await attachScreenshot(page, testInfo, `onboarding-in-progress-${vp}`);
      await fitsWidth(page, viewport.width);
    });

    test(`an unknown course or exam: our not-found page with the way back (${vp})`, async ({ page, request }, testInfo) => {
      const user = `nf_${vp}_${RUN}`;
      await lms(request, "POST", "/api/v1/users", [{ username: user, email: `${user}@example.com`, full_name: user }]);
      await signInAsUser(page, user);
      const response = await page.goto(`/courses/${encodeURIComponent("course-v1:Nobody+Nothing+2026")}/exams/${encodeURIComponent("block-v1:none")}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "We can’t find this course or exam" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Go to your courses" })).toHaveAttribute("href", "/courses");
      await expectNoSeriousAxeViolations(page);
      await attachScreenshot(page, testInfo, `not-found-${vp}`);
      await fitsWidth(page, viewport.width);
    });
  });
}

test.describe("times in the learner's time zone", () => {
  test.use({ timezoneId: "Asia/Tokyo" });

  test("the exam page and the course page print the due date in the browser's zone", async ({ page, request }, testInfo) => {
    const learner = `tz_${RUN}`;
    // 20:00 UTC the day before yesterday is 05:00 the next day in Tokyo (UTC+9).
    const due = new Date(Date.now() - 2 * 86_400_000);
    due.setUTCHours(20, 0, 0, 0);
    const course = await setUpCourse(request, "Zone", {
      learners: [learner],
      exams: [{ block: "late", name: "Late quiz", minutes: 20, type: "timed", due_date: due.toISOString() }],
    });
    await signInAsUser(page, learner);
    const tokyo = new Intl.DateTimeFormat("en", { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "Asia/Tokyo", timeZoneName: "short" }).format(due);
    await page.goto(course.examPath("late"));
    await expect(page.getByRole("heading", { level: 2, name: "The due date for this exam has passed" })).toBeVisible();
    const onExam = page.locator(`time[datetime="${due.toISOString()}"]`);
    await expect(onExam).toHaveAttribute("data-zone", "browser");
    await expect(onExam).toHaveText(tokyo);
    await attachScreenshot(page, testInfo, "exam-page-tokyo");
    await page.goto(course.coursePath);
    const onCourse = page.locator(`time[datetime="${due.toISOString()}"]`);
    await expect(onCourse).toHaveText(tokyo);
  });

  test("no hydration warning on the learner pages", async ({ page, request }) => {
    const learner = `hyd_${RUN}`;
    const due = new Date(Date.now() + 3 * 86_400_000);
    const course = await setUpCourse(request, "Hydrate", {
      learners: [learner],
      exams: [{ block: "quiz", name: "Quiz", minutes: 20, type: "timed", due_date: due.toISOString() }],
    });
    const problems: string[] = [];
    page.on("console", (msg) => {
      if (/hydrat/i.test(msg.text())) problems.push(msg.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await signInAsUser(page, learner);
    await page.goto(course.coursePath);
    await expect(page.locator(`time[datetime="${due.toISOString()}"]`)).toHaveAttribute("data-zone", "browser");
    await page.goto(course.examPath("quiz"));
    await expect(page.getByRole("heading", { level: 2 })).toBeVisible();
    expect(problems).toEqual([]);
  });
});
