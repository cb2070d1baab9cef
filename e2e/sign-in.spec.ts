import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_COURSE_KEY } from "../db/seed";
import { attachScreenshot, expectNoSeriousAxeViolations, signInAs } from "./fixtures";

const HOME_HEADINGS: Record<string, string> = {
  "/courses": "My courses",
  "/instructor": "Courses you teach",
  "/admin": "Site administration",
};

test("the sign-in page lists every demo account and passes axe", async ({ page }, testInfo) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in to Invigil" })).toBeVisible();
  for (const account of DEMO_ACCOUNTS) {
    await expect(page.getByRole("button", { name: new RegExp(`Sign in as ${account.username}\\b`) })).toBeVisible();
  }
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "sign-in");
});

for (const account of DEMO_ACCOUNTS) {
  test(`${account.username} (${account.role}) signs in and reaches their home page`, async ({ page }, testInfo) => {
    await signInAs(page, account.username);
    await expect(page).toHaveURL(new RegExp(`${account.home}$`));
    await expect(page.getByRole("heading", { level: 1, name: HOME_HEADINGS[account.home] })).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await attachScreenshot(page, testInfo, `home-${account.username}`);
  });
}

test("anonymous visitors are sent to sign-in and come back afterwards", async ({ page }) => {
  const target = `/instructor/${encodeURIComponent(DEMO_COURSE_KEY)}`;
  await page.goto(target);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByRole("button", { name: /Sign in as staff\b/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Instructor dashboard/ })).toBeVisible();
});

test("a learner gets a 403 page for the instructor dashboard and the settings page", async ({ page }, testInfo) => {
  await signInAs(page, "learner");
  for (const path of [`/instructor/${encodeURIComponent(DEMO_COURSE_KEY)}`, "/admin"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  }
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "forbidden");
});

test("course staff reach their course's dashboard, with the raw course key in the URL too", async ({ page }) => {
  await signInAs(page, "staff");
  const response = await page.goto(`/instructor/${DEMO_COURSE_KEY}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: /Instructor dashboard/ })).toBeVisible();
  // One exam of every kind, and the proctored final of the credit demo (decision 032).
  await expect(page.getByTestId("exam-count")).toHaveText("5");
  const admin = await page.goto("/admin");
  expect(admin?.status()).toBe(403);
});

test("signing out ends the session", async ({ page }) => {
  await signInAs(page, "admin");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});
