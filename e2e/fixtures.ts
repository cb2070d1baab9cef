import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** Signs in through the demo sign-in page as `username`, landing where the app sends that role. */
export async function signInAs(page: Page, username: string, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  await page.getByRole("button", { name: new RegExp(`Sign in as ${username}\\b`) }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(username);
}

/** Fails on serious or critical accessibility violations. */
export async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
}

/** Saves a full-page screenshot with the test report. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

/**
 * One interstitial checked the way every learner page must be: its h2 has the keyboard focus (the
 * page moved it there), axe finds nothing serious, and a screenshot goes into the report.
 */
export async function checkInterstitial(page: Page, testInfo: TestInfo, name: string, heading: RegExp | string) {
  const h2 = page.getByRole("heading", { level: 2, name: heading });
  await expect(h2).toBeVisible();
  await expect(h2).toBeFocused();
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, name);
}
