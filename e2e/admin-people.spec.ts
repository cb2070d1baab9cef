import { expect, test } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { RUN, setUpCourse, signInAsUser } from "./support/lms";

/**
 * The admin console's people and courses: an admin imports a new account from a CSV file (dry run
 * first), grants them course staff on the course's page, and they then run that course's dashboard;
 * the grant is taken back and the dashboard is closed to them again.
 */

test("an admin imports a person, grants them course staff, and takes it back", async ({ page, browser, request }, testInfo) => {
  const username = `ta_${RUN}`;
  const course = await setUpCourse(request, "People", { learners: [`lrn_pp_${RUN}`], staff: [], exams: [{ block: "quiz", name: "Quiz", minutes: 10, type: "timed" }] });

  await signInAsUser(page, "admin");
  await page.goto("/admin/people");
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "People" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: /Import users, enrollments or roles/ }).click();

  // A file with a bad row: refused by line, nothing imported.
  await page.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(`username,email\n${username},not-an-address\n`) });
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByTestId("import-result")).toContainText("Line 2:");
  await expect(page.getByRole("button", { name: /^Import/ })).toBeDisabled();

  await page.getByLabel("CSV file").setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`username,email,full_name\n${username},${username}@example.com,Teaching Assistant\n`),
  });
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByTestId("import-result")).toContainText("Dry run, nothing was changed. Importing would handle 1 row: 1 created");
  await expectNoSeriousAxeViolations(page);
  await page.getByRole("button", { name: "Import people.csv" }).click();
  await expect(page.getByTestId("import-result")).toContainText("Imported 1 row: 1 created");

  // The course's page: grant course staff by username.
  await page.goto("/admin/courses");
  await page.getByLabel("Search by course name or key").fill(course.courseKey);
  await page.getByLabel("Search by course name or key").press("Enter");
  await page.getByRole("link", { name: "People course" }).click();
  await expect(page.getByRole("heading", { name: "Staff and instructors" })).toBeVisible();
  await page.getByLabel("Username or e-mail").fill(`${username}@example.com`);
  await page.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${username} is now course staff.` })).toBeVisible();
  await expect(page.getByRole("list", { name: "Course staff and instructors" })).toContainText(username);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-course");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await attachScreenshot(page, testInfo, "admin-course-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The new staff member runs the course's dashboard.
  const theirs = await browser.newPage();
  await signInAsUser(theirs, username);
  const dashboard = await theirs.goto(`/instructor/${encodeURIComponent(course.courseKey)}`);
  expect(dashboard?.status()).toBe(200);

  // Taken back: the dashboard is closed to them again.
  await page.reload();
  await page.getByRole("button", { name: `Remove ${username} as staff` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${username} is no longer course staff.` })).toBeVisible();
  const closed = await theirs.goto(`/instructor/${encodeURIComponent(course.courseKey)}`);
  expect(closed?.status()).toBe(403);
  await theirs.close();

  // Their account page lists what they are.
  await page.goto("/admin/people?search=" + encodeURIComponent(username));
  await page.getByRole("link", { name: username }).click();
  await expect(page.getByRole("heading", { name: username, level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: `Make ${username} a site admin` })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test("course staff get 403 on the people and courses pages", async ({ page, request }) => {
  const staff = `stf_pp_${RUN}`;
  await setUpCourse(request, "PeopleStaff", { learners: [], staff: [staff], exams: [{ block: "quiz", name: "Quiz", minutes: 10, type: "timed" }] });
  await signInAsUser(page, staff);
  for (const path of ["/admin/people", "/admin/people/import", "/admin/courses"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});
