import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** Signs in through the demo sign-in page as `username`, landing where the app sends that role. */
export async function signInAs(page: Page, username: string, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  await page.getByRole("button", { name: new RegExp(`Sign in as ${username}\\b`) }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(username);
}

/**
 * Fails on serious or critical accessibility violations.
 *
 * axe runs in the page itself and in its same-origin frames (`axe.run`, "legacy mode"). The
 * default mode runs axe per frame and then merges the results in a new blank page, opened for
 * every call: twice the time per check on this machine (1.7 s against 0.8 s on a small page),
 * over a hundred checks per run. What it adds is cross-origin frames, and the only frame our
 * pages have is the exam's content, served by the LMS and not ours to check.
 */
export async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
}

/** Saves a screenshot with the test report: the whole page unless `fullPage` is false. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string, { fullPage = true } = {}) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage }), contentType: "image/png" });
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
