import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, RunOptions, Spec } from "axe-core";
import { expect, type Frame, type Page, type TestInfo } from "@playwright/test";

declare global {
  interface Window {
    /** axe-core, once `expectNoSeriousAxeViolations` has evaluated it in the page. */
    axe: { run(context: Document, options: RunOptions): Promise<AxeResults>; configure(spec: Spec): void };
  }
}

/** Signs in through the demo sign-in page as `username`, landing where the app sends that role. */
export async function signInAs(page: Page, username: string, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  await page.getByRole("button", { name: new RegExp(`Sign in as ${username}\\b`) }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(username);
}

/** axe-core's browser build, evaluated in each page that is checked. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** A frame that does not answer within this long (still loading, say) is left out of the check. */
const FRAME_INJECT_TIMEOUT_MS = 1_000;

/**
 * Fails on serious or critical accessibility violations.
 *
 * axe is evaluated in the page and in each frame, then `axe.run` in the page checks the page and
 * its same-origin frames (through the axe in each). Only the serious and critical violations come
 * back, as one line each. Our pages' only frame is the exam's content, served by the LMS and not
 * ours to check.
 *
 * Decision 057: `@axe-core/playwright` evaluated axe's 650 KB twice in the page (about 0.25 s
 * each) and brought back every result, passes included, with each node's HTML: 0.7-1.1 s per
 * check on a small page, and most of a minute on the API reference (10,600 elements), where
 * `axe.run` itself takes 6 s.
 */
export async function expectNoSeriousAxeViolations(page: Page) {
  const inject = async (frame: Frame) => {
    await frame.evaluate(AXE_SOURCE);
    await frame.evaluate(() => window.axe.configure({ allowedOrigins: ["<same_origin>"] }));
  };
  const main = page.mainFrame();
  await inject(main);
  for (const frame of page.frames()) {
    if (frame === main) continue;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, FRAME_INJECT_TIMEOUT_MS)));
    await Promise.race([inject(frame).catch(() => {}), timeout]);
    clearTimeout(timer);
  }
  const serious = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`);
  });
  expect(serious).toEqual([]);
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
