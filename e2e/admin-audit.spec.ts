import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { RUN, setUpCourse, signInAsUser } from "./support/lms";

/**
 * The site audit log (docs/decisions/045-site-audit-log.md): an admin changes a site setting,
 * finds that change by filtering on the action, sees their own name on it, and downloads the
 * filtered rows as CSV. Course staff are refused.
 */

test("an admin finds their own setting change in the audit log and downloads it as CSV", async ({ page }, testInfo) => {
  await signInAsUser(page, "admin");
  await page.goto("/admin/settings");
  const days = page.getByTestId("setting-onboarding_validity_days");
  const input = days.getByRole("textbox", { name: /Onboarding valid for/ });
  const original = await input.inputValue();
  // A value of its own, put back at once: other specs read this setting.
  const changed = String(Number(original) === 729 ? 728 : 729);
  await input.fill(changed);
  await days.getByRole("button", { name: "Save" }).click();
  await expect(days.getByRole("status")).toHaveText("Saved.");
  await input.fill(original);
  await days.getByRole("button", { name: "Save" }).click();
  await expect(days.getByRole("status")).toHaveText("Saved.");

  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await page.getByRole("combobox", { name: "Action" }).fill("site_setting.update");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=site_setting\.update/);
  const table = page.getByRole("table", { name: /Audit rows/ });
  const rows = table.getByRole("row").filter({ hasText: "onboarding_validity_days" });
  // The newest two: back to the original, and before that the change.
  await expect(rows.nth(0)).toContainText(`${changed} → ${original}`);
  await expect(rows.nth(1)).toContainText(`${original} → ${changed}`);
  const adminName = (await rows.nth(0).getByRole("cell").nth(1).innerText()).trim();
  expect(adminName).toMatch(/admin/i);
  await expect(table.getByRole("row").filter({ hasNotText: "site_setting.update" }).filter({ has: page.getByRole("cell") })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-audit-desktop");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download these rows (CSV)" }).click()]);
  const csv = await readFile(await download.path(), "utf8");
  expect(csv.startsWith('\uFEFF"id","at_utc"')).toBe(true);
  expect(csv).toContain(`"${original} → ${changed}"`);
  expect(csv).not.toMatch(/"attempt\./);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(table).toBeVisible();
  // The page itself never scrolls sideways; the table scrolls inside its region.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-audit-390");
});

test("course staff are refused the audit log and its CSV", async ({ page, request }) => {
  const staff = `stf_au_${RUN}`;
  await setUpCourse(request, "AuditStaff", { learners: [], staff: [staff], exams: [{ block: "quiz", name: "Quiz", minutes: 10, type: "timed" }] });
  await signInAsUser(page, staff);
  expect((await page.goto("/admin/audit"))?.status()).toBe(403);
  expect((await page.request.get("/admin/audit/export.csv")).status()).toBe(403);
});
