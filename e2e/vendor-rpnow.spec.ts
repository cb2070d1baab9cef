import { expect, test } from "@playwright/test";
import { attachScreenshot, checkInterstitial, expectNoSeriousAxeViolations } from "./fixtures";
import { answerQuestions, QUESTIONS } from "./support/learner";
import { RUN, setUpCourse, signInAsUser } from "./support/lms";
import { mailTo, waitForMail } from "./support/mail";

/**
 * RPNow end to end (§9.5, §12.3), against the fake vendor's RPNow side (fake-vendor/rpnow.ts):
 * the learner copies the exam code, Invigil registers the attempt with a signed request, the
 * "secure browser" (a second browser context) follows the launch link and gets the `exam` cookie,
 * the exam runs there and only there, and the fake's review page posts RPNow's review back.
 */

const VENDOR = `http://127.0.0.1:${Number(process.env.E2E_VENDOR_PORT ?? 3190)}`;

interface FakeAttempt {
  protocol: string;
  vendorAttemptId: string;
  attemptCode?: string;
  examUrl?: string;
  fullName: string;
  email: string;
}

test("RPNow: exam code → signed registration → launch in the secure browser → wrong browser elsewhere → submit → review → verified, with e-mails", async ({
  browser,
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const learner = `rp_${RUN}`;
  const course = await setUpCourse(request, "Rpnow", {
    learners: [learner],
    backend: "rpnow-e2e",
    escalationEmail: "rpnow-help@example.com",
    exams: [{ block: "final", name: "RPNow final", minutes: 30, type: "proctored", questions: QUESTIONS }],
  });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAsUser(page, learner);
  await page.goto(course.examPath("final"));
  await expect(page.getByRole("heading", { level: 2, name: /This exam is proctored/ })).toBeVisible();
  await page.getByRole("button", { name: "Continue to exam" }).click();

  // The RPNow instructions: the exam code (the attempt code) with its copy button, and the steps.
  await checkInterstitial(page, testInfo, "rpnow-instructions", "Set up and start your proctored exam");
  const field = page.getByLabel("Your exam code");
  await expect(field).toHaveValue(/^[0-9A-F-]{36}$/);
  const code = await field.inputValue();
  await expect(field).toHaveAttribute("readonly", "");
  await page.getByRole("button", { name: "Copy Exam Code" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  await expect(page.getByText("Sign in to the RPNow (fake) software with your exam code")).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "rpnow-instructions-phone");
  await page.screenshot({ path: testInfo.outputPath("rpnow-instructions-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: testInfo.outputPath("rpnow-instructions-desktop.png"), fullPage: true });

  // The fake vendor accepted Invigil's signed registration (it checks the SSI signature, the Date
  // header, the exam password and the fields) and knows the launch link.
  const attempts = (await (await request.get(`${VENDOR}/_control/attempts`)).json()) as FakeAttempt[];
  const registered = attempts.find((a) => a.protocol === "rpnow" && a.attemptCode === code);
  expect(registered, `the fake vendor's attempts: ${JSON.stringify(attempts)}`).toBeDefined();
  expect(registered!.examUrl).toBe(`${new URL(page.url()).origin}/api/edx_proctoring/proctoring_launch_callback/start_exam/${code}`);
  // The learner's name goes along; the e-mail only with the backend's `send_email` (§9.5), off here.
  expect(registered!.fullName).toBe(learner);
  expect(registered!.email).toBe("");

  // Step 2: the system check; the page waits, the code stays on it.
  await page.getByRole("button", { name: "Start system check" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Checking your system" })).toBeVisible();
  await expect(page.getByLabel("Your exam code")).toHaveValue(code);

  // The secure browser: the learner signs in there and RPNow opens the launch link, shown on the
  // fake's review page.
  const secure = await browser.newContext();
  try {
    const sb = await secure.newPage();
    await signInAsUser(sb, learner);
    await sb.goto(`${VENDOR}/`);
    await sb.getByRole("link", { name: `Launch the exam for ${registered!.fullName}` }).click();
    await expect(sb).toHaveURL(new RegExp(`${course.examPath("final").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    expect((await secure.cookies()).some((c) => c.name === "exam" && c.httpOnly)).toBe(true);
    await checkInterstitial(sb, testInfo, "rpnow-ready-to-start", /read this before you start/);
    await sb.getByRole("button", { name: "Start exam" }).click();
    await expect(sb.getByRole("timer")).toBeVisible({ timeout: 15_000 });
    await answerQuestions(sb);

    // The learner's ordinary browser has no cookie: the material stays hidden there.
    await page.reload();
    await expect(page.getByRole("heading", { level: 2, name: "This exam cannot be shown in this browser" })).toBeVisible();
    await expect(page.getByText("What is 2 + 2?")).toHaveCount(0);
    await expectNoSeriousAxeViolations(page);
    await attachScreenshot(page, testInfo, "rpnow-wrong-browser");

    // Submit in the secure browser.
    await sb.getByRole("button", { name: "End My Exam" }).click();
    await sb.getByRole("button", { name: "Yes, submit my exam" }).click();
    await expect(sb.getByRole("heading", { level: 2, name: /submitted this proctored exam for review/ })).toBeVisible();

    // The vendor's reviewer: a Clean review from the fake's review page, RPNow's payload.
    await sb.goto(`${VENDOR}/?attempt=${encodeURIComponent(registered!.vendorAttemptId)}`);
    await expect(sb.getByLabel("Attempt", { exact: true })).toHaveValue(registered!.vendorAttemptId);
    await sb.getByRole("radio", { name: "Clean" }).check();
    await sb.getByRole("button", { name: "Send the review" }).click();
    await expect(sb.getByRole("status")).toContainText("Invigil answered HTTP 200");
  } finally {
    await secure.close();
  }

  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByRole("heading", { level: 2, name: /reviewed successfully/ }).count();
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(1);
  await checkInterstitial(page, testInfo, "rpnow-verified", /reviewed successfully/);

  const address = `${learner}@example.com`;
  await waitForMail(address, /^Proctoring Review In Progress For .* RPNow final$/);
  const results = await waitForMail(address, /^Proctoring Results For .* RPNow final$/);
  expect(results.text).toContain("met all of the proctoring requirements");
  expect(mailTo(address)).toHaveLength(2);
});
