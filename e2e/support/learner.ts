import { expect, type Page, type TestInfo } from "@playwright/test";
import { checkInterstitial } from "../fixtures";

/** What a learner does on the exam pages, shared by the learner specs. */

export const QUESTIONS = [
  { kind: "multiple_choice", prompt: "What is 2 + 2?", choices: ["3", "4", "5"], correct_choice: 1, points: 1 },
  { kind: "short_answer", prompt: "Name a prime number.", points: 1 },
];

export async function answerQuestions(page: Page, prime = "7") {
  await page.getByRole("radio", { name: "4" }).check();
  await page.getByRole("textbox").fill(prime);
  await expect(page.getByText("All answers saved", { exact: true })).toBeVisible({ timeout: 15_000 });
}

/** Reads the timer as seconds ("9:58" or "1:02:03"). */
export async function timerSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole("timer").innerText()).trim();
  const parts = text.split(":").map(Number);
  expect(parts.every((n) => Number.isFinite(n)), `timer text ${text}`).toBe(true);
  return parts.reduce((acc, n) => acc * 60 + n, 0);
}

/** From a proctored entrance through setup and the system check to the started exam. */
export async function startProctored(page: Page, testInfo: TestInfo | null, entranceButton = "Continue to exam") {
  await page.getByRole("button", { name: entranceButton }).click();
  const setup = page.getByRole("heading", { level: 2, name: /Set up and start/ });
  await expect(setup).toBeVisible();
  if (testInfo) await checkInterstitial(page, testInfo, "instructions", /Set up and start/);
  await page.getByRole("button", { name: /Start system check/i }).click();
  const ready = page.getByRole("heading", { level: 2, name: /read this before you start/ });
  await expect(ready).toBeVisible({ timeout: 30_000 });
  if (testInfo) await checkInterstitial(page, testInfo, "ready-to-start", /read this before you start/);
  await page.getByRole("button", { name: "Start exam" }).click();
  await expect(page.getByRole("timer")).toBeVisible({ timeout: 15_000 });
}

/** Moves the keyboard focus with Tab (or Shift+Tab) until `target` has it; fails after `max` presses. */
export async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>, options: { backwards?: boolean; max?: number } = {}) {
  const key = options.backwards ? "Shift+Tab" : "Tab";
  for (let i = 0; i < (options.max ?? 25); i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}
