import { expect, test } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { RUN, setUpCourse, signInAsUser } from "./support/lms";

/**
 * The admin console's health page: the database, the background loops' last runs (the e2e server
 * runs both loops), the outbox and SMTP (the e2e mail sink answers), readable on a phone.
 */

test("an admin sees the site's health: database up, loops running, mail answering", async ({ page }, testInfo) => {
  await signInAsUser(page, "admin");
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Health" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Health" })).toBeVisible();
  await expect(page.getByTestId("health-database")).toHaveText(/^Up · [\d.]+ ms$/);
  await expect(page.getByText("All applied")).toBeVisible();
  await expect(page.getByTestId("health-smtp")).toHaveText(/^Answering · \d+ ms$/);
  // Both loops have run on this server since it started (they record a run every 15 s at most).
  await expect(page.getByTestId("job-expiry_sweeper")).toContainText("running");
  await expect(page.getByTestId("job-outbox_worker")).toContainText("running");
  await expect(page.locator("#dead-heading")).toHaveText(/^Dead messages/);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-health");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await attachScreenshot(page, testInfo, "admin-health-phone");
});

test("course staff get 403 on the health page", async ({ page, request }) => {
  const staff = `stf_hl_${RUN}`;
  await setUpCourse(request, "HealthStaff", { learners: [], staff: [staff], exams: [{ block: "quiz", name: "Quiz", minutes: 10, type: "timed" }] });
  await signInAsUser(page, staff);
  const response = await page.goto("/admin/health");
  expect(response?.status()).toBe(403);
});
