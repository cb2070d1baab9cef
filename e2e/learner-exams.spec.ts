import { expect, test } from "@playwright/test";
import { checkInterstitial } from "./fixtures";
import { answerQuestions, QUESTIONS, startProctored, tabTo, timerSeconds } from "./support/learner";
import { asUser, RUN, setUpCourse, signInAsUser } from "./support/lms";
import { mailTo, waitForMail } from "./support/mail";

/**
 * The learner's exam pages on the production build: every flow through real pages,
 * server actions, the mock vendor's worker and the outbox, each on its own course and learners.
 */

test("timed exam: the time runs out, the exam is submitted automatically with the answers kept", async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  const learner = `tim_${RUN}`;
  const course = await setUpCourse(request, "Timed", {
    learners: [learner],
    exams: [{ block: "quiz", name: "One-minute quiz", minutes: 1, type: "timed", questions: QUESTIONS }],
  });
  await signInAsUser(page, learner);
  await page.goto(course.examPath("quiz"));
  await checkInterstitial(page, testInfo, "timed-entrance", /This is a timed exam/);
  await page.getByRole("button", { name: "Start exam" }).click();
  await expect(page.getByRole("timer")).toBeVisible();
  await checkInterstitial(page, testInfo, "in-progress", /Your exam is in progress/);
  await answerQuestions(page);
  // Nobody clicks anything: the timer reaches 00:00, holds 5 s and submits.
  await expect(page.getByRole("heading", { level: 2, name: /Your time ran out|You have submitted your timed exam/ })).toBeVisible({ timeout: 100_000 });
  await expect(page.getByText("Your answers were saved: 2 of 2 questions answered.")).toBeVisible();
  await checkInterstitial(page, testInfo, "timed-submitted", /Your time ran out|You have submitted your timed exam/);
  await page.reload();
  await expect(page.getByText("Your answers were saved: 2 of 2 questions answered.")).toBeVisible();
});

test("proctored exam on the mock vendor: system check → ready → start → end → submit → review → verified", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const learner = `pro_${RUN}`;
  const course = await setUpCourse(request, "Proctored", {
    learners: [learner],
    backend: "mock-e2e",
    exams: [{ block: "final", name: "Proctored final", minutes: 30, type: "proctored", questions: QUESTIONS }],
  });
  await signInAsUser(page, learner);
  await page.goto(course.examPath("final"));
  await checkInterstitial(page, testInfo, "proctored-entrance", /This exam is proctored/);
  await startProctored(page, testInfo);
  await answerQuestions(page);
  // A few heartbeats go by (every 5 s on this vendor) without trouble.
  await page.waitForTimeout(6_000);
  await expect(page.getByRole("timer")).toBeVisible();
  await page.getByRole("button", { name: "End My Exam" }).click();
  await checkInterstitial(page, testInfo, "ready-to-submit", /Are you sure you want to end your exam/);
  // The clock keeps running on the confirmation page (and would submit at 00:00), without its End button.
  await expect(page.getByRole("timer")).toBeVisible();
  await expect(page.getByRole("button", { name: "End My Exam" })).toHaveCount(0);
  await page.getByRole("button", { name: "Yes, submit my exam" }).click();
  await checkInterstitial(page, testInfo, "proctored-submitted", /submitted this proctored exam for review/);
  // The mock vendor posts its review 2 s after the submission; the learner reloads later.
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByRole("heading", { level: 2, name: /reviewed successfully/ }).count();
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(1);
  await checkInterstitial(page, testInfo, "verified", /reviewed successfully/);

  // The learner's two e-mails (§11), delivered over SMTP to the e2e mail sink.
  const address = `${learner}@example.com`;
  const inReview = await waitForMail(address, /^Proctoring Review In Progress For .* Proctored final$/);
  expect(inReview.text).toContain(`Hello ${learner},`);
  expect(inReview.text).toContain('Your proctored exam "Proctored final"');
  const results = await waitForMail(address, /^Proctoring Results For .* Proctored final$/);
  expect(results.text).toContain("met all of the proctoring requirements");
  // The contact is the course's proctoring escalation e-mail.
  expect(results.text).toContain("contact us: exam-help@example.com");
  expect(results.html).toMatch(/<a href="mailto:exam-help@example\.com"[^>]*>exam-help@example\.com<\/a>/);
  expect(mailTo(address)).toHaveLength(2);
});

test("a failed ping → error page with the escalation email → staff resume → the learner continues with the time left", async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  const learner = `res_${RUN}`;
  const staff = `stf_res_${RUN}`;
  const course = await setUpCourse(request, "Resume", {
    learners: [learner],
    staff: [staff],
    backend: "mock-e2e",
    escalationEmail: "resume-help@example.com",
    exams: [{ block: "final", name: "Resumable final", minutes: 10, type: "proctored", questions: QUESTIONS }],
  });
  await signInAsUser(page, learner);
  await page.goto(course.examPath("final"));
  await page.evaluate(() => localStorage.setItem("invigil-mock-worker-fail", "ping"));
  await startProctored(page, null);
  await answerQuestions(page);
  // The first ping (after half an interval) fails: the attempt goes to error with its time saved.
  await checkInterstitial(page, testInfo, "error", /There was a problem with your proctored exam/);
  await expect(page.getByRole("link", { name: "resume-help@example.com" }).first()).toBeVisible();
  await expect(page.getByText(/The time you had left was saved: 9 minutes/)).toBeVisible();

  const data = await (
    await page.request.get(`/api/edx_proctoring/v1/proctored_exam/attempt/course_id/${encodeURIComponent(course.courseKey)}?content_id=${encodeURIComponent(course.usageKey("final"))}`)
  ).json();
  const attempt = data.exam.attempt as { attempt_id: number; attempt_status: string };
  expect(attempt.attempt_status).toBe("error");
  await asUser(request, staff, "PUT", `/api/edx_proctoring/v1/proctored_exam/attempt/${attempt.attempt_id}`, {
    action: "mark_ready_to_resume",
    user_id: course.userIds[learner],
  });

  await page.evaluate(() => localStorage.removeItem("invigil-mock-worker-fail"));
  await page.reload();
  await checkInterstitial(page, testInfo, "ready-to-resume", /ready to be resumed/);
  await expect(page.getByText(/You will have 9 minutes to complete it/)).toBeVisible();
  await startProctored(page, null);
  // §6 step 4: the resumed attempt gets the saved time in whole minutes: 9:00 and counting.
  const left = await timerSeconds(page);
  expect(left).toBeLessThanOrEqual(9 * 60);
  expect(left).toBeGreaterThan(9 * 60 - 20);
  // The answers given before the error are still there.
  await expect(page.getByRole("radio", { name: "4" })).toBeChecked();
  await expect(page.getByRole("textbox")).toHaveValue("7");
});

test("practice exam: submit, then retry", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const learner = `prac_${RUN}`;
  const course = await setUpCourse(request, "Practice", {
    learners: [learner],
    backend: "mock-practice",
    exams: [{ block: "practice", name: "Practice run", minutes: 15, type: "practice" }],
  });
  await signInAsUser(page, learner);
  await page.goto(course.examPath("practice"));
  await checkInterstitial(page, testInfo, "practice-entrance", /Try a proctored exam/);
  await startProctored(page, null, "Continue to practice exam");
  await page.getByRole("button", { name: "End My Exam" }).click();
  await page.getByRole("button", { name: "Yes, submit my exam" }).click();
  await checkInterstitial(page, testInfo, "practice-submitted", /submitted this practice exam/);
  await page.getByRole("button", { name: "Retry my exam" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Set up and start|Try a proctored exam/ })).toBeVisible();
});

test("the browser clock an hour wrong still shows the right remaining time", async ({ page, request }) => {
  test.setTimeout(90_000);
  for (const skewMs of [3_600_000, -3_600_000]) {
    const learner = `skew${skewMs > 0 ? "p" : "m"}_${RUN}`;
    const course = await setUpCourse(request, `Skew${skewMs > 0 ? "P" : "M"}`, {
      learners: [learner],
      exams: [{ block: "quiz", name: "Twenty-minute quiz", minutes: 20, type: "timed" }],
    });
    const context = await page.context().browser()!.newContext();
    const skewed = await context.newPage();
    // Every Date in the page is an hour off; performance.now (the monotonic clock) is not.
    await skewed.addInitScript((offset: number) => {
      const RealDate = Date;
      const realNow = RealDate.now.bind(RealDate);
      class SkewedDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(realNow() + offset);
          else super(...(args as [number]));
        }
        static now() {
          return realNow() + offset;
        }
      }
      (globalThis as { Date: DateConstructor }).Date = SkewedDate as DateConstructor;
    }, skewMs);
    await signInAsUser(skewed, learner);
    await skewed.goto(course.examPath("quiz"));
    expect(await skewed.evaluate(() => Math.round((Date.now() - performance.timeOrigin - performance.now()) / 60_000))).toBe(skewMs / 60_000);
    await skewed.getByRole("button", { name: "Start exam" }).click();
    await expect(skewed.getByRole("timer")).toHaveText(/^\d+(:\d\d)+$/);
    const left = await timerSeconds(skewed);
    expect(left).toBeLessThanOrEqual(20 * 60);
    expect(left).toBeGreaterThan(20 * 60 - 15);
    await context.close();
  }
});

test("autosave while the network drops for a few seconds loses no answer", async ({ page, request }) => {
  test.setTimeout(90_000);
  const learner = `net_${RUN}`;
  const course = await setUpCourse(request, "Network", {
    learners: [learner],
    exams: [{ block: "quiz", name: "Network quiz", minutes: 30, type: "timed", questions: QUESTIONS }],
  });
  await signInAsUser(page, learner);
  await page.goto(course.examPath("quiz"));
  await page.getByRole("button", { name: "Start exam" }).click();
  await expect(page.getByRole("timer")).toBeVisible();
  await page.context().setOffline(true);
  await page.getByRole("radio", { name: "4" }).check();
  await page.getByRole("textbox").fill("11");
  await expect(page.getByText(/You are offline|not saved yet/).first()).toBeVisible({ timeout: 10_000 });
  await page.waitForTimeout(4_000);
  await page.context().setOffline(false);
  await expect(page.getByText("All answers saved", { exact: true })).toBeVisible({ timeout: 20_000 });
  // What the server holds, not what the page remembers: a fresh load shows the answers.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByRole("radio", { name: "4" })).toBeChecked();
  await expect(page.getByRole("textbox")).toHaveValue("11");
});

test("keyboard only: start, answer, end and submit a timed exam without the mouse", async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const learner = `kbd_${RUN}`;
  const course = await setUpCourse(request, "Keyboard", {
    learners: [learner],
    exams: [{ block: "quiz", name: "Keyboard quiz", minutes: 20, type: "timed", questions: QUESTIONS }],
  });
  await signInAsUser(page, learner);
  await page.goto(course.examPath("quiz"));
  await expect(page.getByRole("heading", { level: 2, name: /This is a timed exam/ })).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Start exam" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: /Your exam is in progress/ })).toBeFocused();
  await tabTo(page, page.getByRole("radio", { name: "3" }));
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "4" })).toBeChecked();
  await tabTo(page, page.getByRole("textbox"));
  await page.keyboard.type("13");
  await expect(page.getByText("All answers saved", { exact: true })).toBeVisible({ timeout: 15_000 });
  await tabTo(page, page.getByRole("button", { name: "End My Exam" }), { backwards: true });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: /Are you sure you want to end your exam/ })).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Yes, submit my exam" }));
  await page.keyboard.press("Enter");
  await checkInterstitial(page, testInfo, "keyboard-submitted", /You have submitted your timed exam/);
  await expect(page.getByText("Your answers were saved: 2 of 2 questions answered.")).toBeVisible();
});
