import { expect, test, type Page } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { act, startProctoredAttempt, startTimed } from "./support/attempts";
import { RUN, setUpCourse, signInAsUser, type CourseSetup } from "./support/lms";
import { DASHBOARD_PANELS } from "../components/dashboard/panels";
import { DEMO_COURSE_KEY, DEMO_ORIENTATION_LEARNER } from "../db/seed";

/**
 * The instructor dashboard on the production build: each panel driven by course staff,
 * on a course built through the LMS API with attempts made through the learners' REST API.
 */

const STAFF = `dstaff_${RUN}`;
const OUTSIDER = `dother_${RUN}`;
const LEARNERS = Array.from({ length: 30 }, (_, i) => `dl${String(i).padStart(2, "0")}_${RUN}`);
let course: CourseSetup;

async function panel(page: Page, path: string, heading: RegExp) {
  await page.goto(`/instructor/${encodeURIComponent(course.courseKey)}${path}`);
  await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  // Each panel's document title is the name of its tab, so a row of browser tabs tells them apart.
  const tab = DASHBOARD_PANELS.find((p) => p.path === path);
  expect(tab, `no dashboard panel at '${path}'`).toBeDefined();
  await expect(page).toHaveTitle(`${tab!.label} · Invigil`);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000);
  course = await setUpCourse(request, "Dashboard", {
    learners: LEARNERS,
    staff: [STAFF],
    backend: "mock-e2e",
    exams: [
      { block: "quiz", name: "Weekly quiz", minutes: 30, type: "timed" },
      { block: "final", name: "Proctored final", minutes: 60, type: "proctored" },
      { block: "onboarding", name: "Onboarding", minutes: 15, type: "onboarding" },
    ],
  });
  await setUpCourse(request, "DashboardOther", { learners: [], staff: [OUTSIDER], exams: [{ block: "quiz", name: "Other quiz", minutes: 30, type: "timed" }] });
  // 30 learners start the quiz (two pages of attempts); dl00 submits; dl01 errs on the final.
  for (const learner of LEARNERS) await startTimed(request, learner, course.examIds.quiz!);
  const final = await startProctoredAttempt(request, LEARNERS[1]!, course.examIds.final!);
  await act(request, LEARNERS[1]!, final, "error");
});

test("attempts: search, paginate, expand, resume, reset", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  await signInAsUser(page, STAFF);
  await panel(page, "", /Special exam attempts/);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-attempts");

  // 31 rows: page 2 exists and holds the rest.
  const table = page.getByRole("table", { name: /Special exam attempts/ });
  const pager = page.getByRole("navigation", { name: "Attempts pages" });
  await pager.getByRole("button", { name: /Next/ }).click();
  await expect(table.getByRole("row")).not.toHaveCount(0);
  await expect(page.getByRole("button", { name: "Page 2" })).toHaveAttribute("aria-current", /page|true/);
  // Next follows the answer's keyset cursor; the address keeps it with the page number, so a
  // reload shows the same page, and Previous to page 1 leaves a clean address.
  await expect(page).toHaveURL(/[?&]cursor=[A-Za-z0-9_-]+/);
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await page.reload();
  await expect(page.getByRole("button", { name: "Page 2" })).toHaveAttribute("aria-current", /page|true/);
  await expect(pager).toContainText("Page 2 of 2");
  await pager.getByRole("button", { name: /Previous/ }).click();
  await expect(page.getByRole("button", { name: "Page 1" })).toHaveAttribute("aria-current", /page|true/);
  await expect(page).not.toHaveURL(/cursor=/);

  await page.getByLabel("Search by username or e-mail").fill(LEARNERS[1]!);
  await page.keyboard.press("Enter");
  await expect(table.getByRole("link", { name: new RegExp(`Timeline of ${LEARNERS[1]}'s attempt at Proctored final`) })).toBeVisible();
  await expect(table.getByRole("link", { name: /Timeline of/ })).toHaveCount(2);

  // One actions menu per row, offering only what the state allows: Resume only on the errored
  // proctored attempt. Keyboard: Enter opens on the first item, arrows move, Escape closes.
  const quizMenu = page.getByRole("button", { name: `Actions for ${LEARNERS[1]}'s attempt at Weekly quiz` });
  await quizMenu.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem")).toHaveText([/^Reset/]);
  await expect(menu.getByRole("menuitem", { name: /Reset/ })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(quizMenu).toBeFocused();
  await page.getByRole("button", { name: `Actions for ${LEARNERS[1]}'s attempt at Proctored final` }).click();
  await expect(menu.getByRole("menuitem")).toHaveText([/^Resume/, /^Reset/]);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-actions-menu");
  await menu.getByRole("menuitem", { name: /Resume/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Ready to resume");
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole("button", { name: "Resume attempt" }).click();
  await expect(dialog).toBeHidden();
  await expect(table).toContainText(/Ready to resume/i);

  // Reset: the confirmation says what is lost, and that the attempt is running; the row goes.
  await quizMenu.click();
  await menu.getByRole("menuitem", { name: /Reset \(attempt running\)/ }).click();
  await expect(dialog).toContainText(/This removes/);
  await expect(dialog.getByTestId("reset-running-warning")).toContainText(/This attempt is running/);
  await attachScreenshot(page, testInfo, "dashboard-reset-confirmation");
  await dialog.getByRole("button", { name: /remove/i }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByRole("link", { name: /Timeline of/ })).toHaveCount(1);

  // The learner continues: a new attempt, the errored one kept as the pair's earlier attempt.
  await startProctoredAttempt(request, LEARNERS[1]!, course.examIds.final!);
  await page.reload();
  await page.getByRole("button", { name: `Show earlier attempts of ${LEARNERS[1]} at Proctored final` }).click();
  const earlier = page.getByRole("table", { name: /Earlier attempts of/ });
  await expect(earlier).toContainText(/Resumed/i);
  await attachScreenshot(page, testInfo, "dashboard-attempts-expanded");

  // The Resume went through the REST API from this page: its timeline says the dashboard did it.
  const earlierTimeline = earlier.getByRole("link", { name: /timeline/ }).first();
  const earlierHref = await earlierTimeline.getAttribute("href");
  await page.goto(earlierHref!);
  const resumed = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /Staff allowed the learner to resume/ }) });
  await expect(resumed.getByRole("cell", { name: "dashboard", exact: true })).toBeVisible();
  await expect(resumed).not.toContainText("REST API");
  await page.goBack();

  // The timeline of the resumed attempt: every transition with who did it.
  await page.getByRole("link", { name: new RegExp(`Timeline of ${LEARNERS[1]}'s attempt at Proctored final`) }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(/start/i);
  // Who: what the app did by itself reads "System"; codes and request ids are behind a toggle.
  const timeline = page.getByRole("table", { name: /Every transition and action/ });
  await expect(timeline.getByRole("cell", { name: "System", exact: true }).first()).toBeVisible();
  await expect(timeline.getByText("attempt.start", { exact: true })).toBeHidden();
  await timeline.getByText("Codes").first().click();
  await expect(timeline.locator("details[open]").first()).toContainText(/Request id/);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-attempt-timeline");
});

test("attempts on a 390 px phone: the table scrolls under a sticky learner column", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsUser(page, STAFF);
  await panel(page, "", /Special exam attempts/);
  const table = page.getByRole("table", { name: /Special exam attempts/ });
  const firstLearner = table.getByRole("rowheader").first();
  const before = await firstLearner.boundingBox();
  // The page itself does not scroll sideways; the table's own scroller does.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Nothing in the table is laid out against a box outside its scroller: screen-reader-only text
  // is absolutely positioned, and placed against an outer box it widened the page wherever its
  // cell was (a row with no start time, say), whatever this page's rows are.
  const escaping = await table.evaluate((el) => {
    const scroller = el.parentElement!;
    return [...el.querySelectorAll<HTMLElement>("*")]
      .filter((node) => getComputedStyle(node).position === "absolute" && !(node.offsetParent && scroller.contains(node.offsetParent)))
      .map((node) => node.textContent);
  });
  expect(escaping).toEqual([]);
  await table.evaluate((el) => el.parentElement!.scrollBy({ left: 300 }));
  await expect.poll(async () => (await firstLearner.boundingBox())?.x).toBe(before?.x);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-attempts-phone");
});

test("lists: a failed load shows no 'no results', a search in flight shows no old count, raw messages become sentences", async ({ page }, testInfo) => {
  await signInAsUser(page, STAFF);
  await panel(page, "", /Special exam attempts/);
  // A search whose answer is held back: the old count is replaced by "Searching…".
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/instructor/**/attempts?*search=zzz*", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByLabel("Search by username or e-mail").fill("zzz");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("list-count")).toHaveText("Searching…");
  release();
  await expect(page.getByRole("table", { name: /Special exam attempts/ })).toContainText(/No learner whose username or e-mail contains “zzz”/);
  // A failed load: the alert says what to do, and no table (so no "no results") is shown.
  await page.route("**/api/instructor/**/attempts?*search=down*", (route) => route.fulfill({ status: 503, contentType: "application/json", body: '{"detail":"unavailable"}' }));
  await page.getByLabel("Search by username or e-mail").fill("down");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("list-load-error").or(page.getByText(/may be out of date/))).toContainText(/briefly unavailable/);
  await attachScreenshot(page, testInfo, "dashboard-list-failed");
  // A raw 3.8.1 message from the allowance API reads as a sentence on the edit form.
  await panel(page, "/allowances", /^Allowances$/);
  await page.getByRole("button", { name: "+ Add allowances" }).click();
  await page.getByLabel("Learners", { exact: true }).fill(`nobody_here_${RUN}`);
  await page.getByRole("checkbox", { name: /Weekly quiz/ }).check();
  await page.getByRole("spinbutton").or(page.getByRole("textbox", { name: /minutes|value/i })).first().fill("15");
  await page.getByRole("button", { name: "Add allowances", exact: true }).click();
  await expect(page.getByRole("main")).not.toContainText("Cannot find user against");
  await expect(page.getByRole("main")).toContainText(/No learner has the username or e-mail address/);
});

test("allowances: add for several learners, then import a CSV after a dry run", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signInAsUser(page, STAFF);
  await panel(page, "/allowances", /^Allowances$/);
  await expectNoSeriousAxeViolations(page);

  await page.getByRole("button", { name: "+ Add allowances" }).click();
  await page.getByLabel("Learners", { exact: true }).fill(`${LEARNERS[2]}, ${LEARNERS[3]}`);
  await page.getByRole("checkbox", { name: /Weekly quiz/ }).check();
  await page.getByRole("spinbutton").or(page.getByRole("textbox", { name: /minutes|value/i })).first().fill("15");
  await page.getByRole("button", { name: "Add allowances", exact: true }).click();
  const table = page.getByRole("table").first();
  await expect(table).toContainText(LEARNERS[2]!);
  await expect(table).toContainText(LEARNERS[3]!);
  await attachScreenshot(page, testInfo, "dashboard-allowances");

  await page.getByRole("button", { name: "Import CSV" }).click();
  const file = page.getByLabel("CSV file", { exact: true });
  const csv = (rows: string[]) => ({ name: "allowances.csv", mimeType: "text/csv", buffer: Buffer.from(["username_or_email,exam,type,value", ...rows].join("\r\n")) });
  // A dry run with one bad row: every row is previewed, nothing is written.
  await file.setInputFiles(csv([`${LEARNERS[4]},Weekly quiz,additional_time_granted,20`, `nobody_${RUN},Weekly quiz,additional_time_granted,20`]));
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText("1 with problems").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import \d+ rows?$/ })).toBeDisabled();
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-allowances-dry-run");
  await expect(table).not.toContainText(LEARNERS[4]!);
  // The corrected file imports.
  await file.setInputFiles(csv([`${LEARNERS[4]},Weekly quiz,additional_time_granted,20`]));
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByRole("button", { name: "Import 1 row" })).toBeEnabled();
  await page.getByRole("button", { name: "Import 1 row" }).click();
  await expect(page.getByRole("table").first()).toContainText(LEARNERS[4]!);
});

test("live board: a learner starting an exam appears without a reload", async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  await signInAsUser(page, STAFF);
  await panel(page, "/live", /Live status/);
  // Choosing an exam applies at once: no "Show" button to press.
  await expect(page.getByRole("button", { name: "Show" })).toHaveCount(0);
  await page.getByRole("combobox", { name: "Exam" }).selectOption({ label: "Proctored final" });
  await expect(page).toHaveURL(new RegExp(`/live\\?exam=${course.examIds.final}$`));
  await expect(page.getByText(/^Live$/).first()).toBeVisible({ timeout: 15_000 });
  const board = page.getByRole("table", { name: /Learners in this exam/ });
  await expect(board).toContainText(LEARNERS[1]!);
  await expect(board).not.toContainText(LEARNERS[6]!);
  await startProctoredAttempt(request, LEARNERS[6]!, course.examIds.final!);
  await expect(board).toContainText(LEARNERS[6]!, { timeout: 15_000 });
  // Each learner links to the attempt's timeline.
  await expect(board.getByRole("link", { name: new RegExp(`${LEARNERS[6]}: timeline of the attempt at Proctored final`) })).toBeVisible();
  await page.getByRole("radio", { name: /Needs attention/ }).check();
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-live-board");
});

test("exam settings: create an exam", async ({ page }, testInfo) => {
  await signInAsUser(page, STAFF);
  await panel(page, "/exams", /^Exams$/);
  await page.getByRole("link", { name: "New exam" }).click();
  await page.getByLabel("Exam name").fill("Essay exam");
  await page.getByLabel("Usage key of the sequence").fill(course.usageKey("essay"));
  // 0 minutes is refused with a plain message.
  await page.getByLabel("Time limit (minutes)").fill("0");
  await page.getByRole("button", { name: "Create exam" }).click();
  await expect(page.getByRole("main")).toContainText("Enter a time limit of at least 1 minute");
  await page.getByLabel("Time limit (minutes)").fill("45");
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-exam-settings");
  await page.getByRole("button", { name: "Create exam" }).click();
  await expect(page).toHaveURL(/\/exams\/\d+/);
  // Edit it: a longer time limit, saved in place.
  await page.getByLabel("Time limit (minutes)").fill("50");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").or(page.getByRole("alert")).filter({ hasText: /saved/i }).first()).toBeVisible();
  await panel(page, "/exams", /^Exams$/);
  await expect(page.getByRole("main")).toContainText("Essay exam");
  // The new exam has no questions yet: its row says so in words, not only with a mark.
  const essay = page.getByRole("row").filter({ hasText: "Essay exam" });
  await expect(essay.getByTestId("exam-warning")).toContainText("no questions and no external page");
  await attachScreenshot(page, testInfo, "dashboard-exams-warning");
  // An exam with attempts says how many a change affects, before saving.
  await page.goto(`/instructor/${encodeURIComponent(course.courseKey)}/exams/${course.examIds.quiz}`);
  await expect(page.getByTestId("affected-attempts")).toContainText(/attempts have been made at this exam/);
  await attachScreenshot(page, testInfo, "dashboard-exam-affected-attempts");
});

test("onboarding: filter by status after a learner is verified", async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const onboarding = await startProctoredAttempt(request, LEARNERS[7]!, course.examIds.onboarding!);
  await act(request, LEARNERS[7]!, onboarding, "submit");
  await signInAsUser(page, STAFF);
  await panel(page, "/onboarding", /Onboarding status/);
  await expectNoSeriousAxeViolations(page);
  const table = page.getByRole("table", { name: /Onboarding status of the course's learners/ });
  await expect(table).toContainText(LEARNERS[0]!);
  // The mock vendor reviews within seconds; then the "Verified" filter shows that learner alone.
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.getByRole("combobox", { name: "Onboarding status" }).selectOption({ label: "Verified" });
        return (await table.innerText()).includes(LEARNERS[7]!);
      },
      { timeout: 40_000, intervals: [2_000] },
    )
    .toBe(true);
  await expect(table).not.toContainText(LEARNERS[0]!);
  await attachScreenshot(page, testInfo, "dashboard-onboarding-verified");

  // In the attempts panel the onboarding attempt is of type "Onboarding", not "Practice".
  await panel(page, "", /Special exam attempts/);
  await page.getByLabel("Search by username or e-mail").fill(LEARNERS[7]!);
  await page.keyboard.press("Enter");
  const attempts = page.getByRole("table", { name: /Special exam attempts/ });
  const row = attempts.getByRole("row").filter({ has: page.getByRole("cell", { name: "Onboarding", exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(LEARNERS[7]!);
  await expect(attempts.getByRole("cell", { name: "Practice", exact: true })).toHaveCount(0);
});

test("demo data: a learner verified in another course on the same backend reads so in the onboarding panel", async ({ page }, testInfo) => {
  await signInAsUser(page, "staff");
  await page.goto(`/instructor/${encodeURIComponent(DEMO_COURSE_KEY)}/onboarding?search=${DEMO_ORIENTATION_LEARNER}`);
  const table = page.getByRole("table", { name: /Onboarding status of the course's learners/ });
  await expect(table).toContainText(DEMO_ORIENTATION_LEARNER);
  await expect(table).toContainText("Approved in Another Course");
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-onboarding-other-course");
});

test("course lists: an admin searches every course; the address keeps the search", async ({ page }, testInfo) => {
  await signInAsUser(page, "admin");
  for (const base of ["/instructor", "/admin"]) {
    await page.goto(base);
    const search = page.getByRole("searchbox", { name: "Search by course name or key" });
    await search.fill(course.courseKey);
    await search.press("Enter");
    await expect(page).toHaveURL(new RegExp(`${base}\\?search=`));
    await expect(page.getByTestId("course-count")).toHaveText(/^1 course matching/);
    await expect(page.getByRole("link", { name: "Dashboard course", exact: true })).toHaveAttribute("href", `/instructor/${encodeURIComponent(course.courseKey)}`);
    await page.reload();
    await expect(page.getByTestId("course-count")).toHaveText(/^1 course matching/);
    await expectNoSeriousAxeViolations(page);
  }
  await page.goto("/instructor?search=no-such-course-anywhere");
  await expect(page.getByRole("main")).toContainText("No course name or key contains “no-such-course-anywhere”");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/admin?search=${encodeURIComponent(course.courseKey)}`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await attachScreenshot(page, testInfo, "admin-course-list-phone");
});

test("reviews: verify an attempt waiting for a decision, with a note", async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const attempt = await startProctoredAttempt(request, LEARNERS[8]!, course.examIds.final!);
  await act(request, LEARNERS[8]!, attempt, "error");
  await signInAsUser(page, STAFF);
  await panel(page, "/reviews", /Reviews waiting for a decision/);
  await expectNoSeriousAxeViolations(page);
  await expect(page.getByRole("button", { name: `Reject ${LEARNERS[8]}'s attempt at Proctored final` })).toBeVisible();
  // An attempt in error can also be resumed from here.
  await expect(page.getByRole("button", { name: `Resume ${LEARNERS[8]}'s attempt at Proctored final` })).toBeVisible();
  await page.getByRole("button", { name: `Verify ${LEARNERS[8]}'s attempt at Proctored final` }).click();
  const dialog = page.getByRole("dialog");
  // The note is required: confirming without one changes nothing.
  await dialog.getByRole("button", { name: "Verify attempt" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Note (required)").fill("The vendor's connection dropped; the recording shows no problem.");
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "dashboard-review-decision");
  await dialog.getByRole("button", { name: "Verify attempt" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: `Verify ${LEARNERS[8]}'s attempt at Proctored final` })).toHaveCount(0);
  // The decision and its note are on the attempt's timeline; the learner sees the verified page.
  await page.goto(`/instructor/${encodeURIComponent(course.courseKey)}/attempts/${attempt}`);
  await expect(page.getByRole("main")).toContainText(/recording shows no problem/);
  await page.context().clearCookies();
  await signInAsUser(page, LEARNERS[8]!);
  await page.goto(course.examPath("final"));
  await expect(page.getByRole("heading", { level: 2, name: /reviewed successfully/ })).toBeVisible();
});

test("staff of another course are refused on every panel", async ({ page }) => {
  await signInAsUser(page, OUTSIDER);
  for (const path of ["", "/allowances", "/onboarding", "/reviews", "/live", "/exams"]) {
    const res = await page.goto(`/instructor/${encodeURIComponent(course.courseKey)}${path}`);
    expect(res?.status(), path).toBe(403);
  }
  for (const api of ["attempts", "allowances", "onboarding", "reviews"]) {
    const res = await page.request.get(`/api/instructor/${encodeURIComponent(course.courseKey)}/${api}`);
    expect(res.status(), api).toBe(403);
  }
});
