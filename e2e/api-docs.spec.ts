import { expect, test } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";

test("the API reference page is readable without signing in and passes axe", async ({ page }, testInfo) => {
  // One long page (every operation and schema, over 10,000 elements): axe alone takes most of a
  // minute on a slow runner.
  test.setTimeout(180_000);
  const response = await page.goto("/api/docs");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Invigil API reference" })).toBeVisible();
  for (const tag of ["Attempts", "Exams", "Allowances", "LMS sync", "Schemas"]) {
    await expect(page.getByRole("heading", { level: 2, name: tag, exact: true })).toBeVisible();
  }
  const createAttempt = page.locator("#op-createAttempt");
  await expect(createAttempt.getByRole("heading", { level: 3 })).toHaveText("Create (and maybe start or decline) the caller's attempt");
  await expect(createAttempt.getByText("/api/edx_proctoring/v1/proctored_exam/attempt", { exact: true })).toBeVisible();
  for (const field of ["exam_id", "attempt_proctored", "start_clock"]) {
    await expect(createAttempt.getByText(field, { exact: true })).toBeVisible();
  }
  await expect(page.getByText("/api/v1/courses/{courseKey}/enrollments", { exact: true }).first()).toBeVisible();

  // The table of contents jumps to an operation.
  await page.getByRole("navigation", { name: "Contents" }).getByRole("link", { name: "One exam by id" }).click();
  await expect(page).toHaveURL(/#op-getExamById$/);

  const link = page.getByRole("link", { name: /\/api\/openapi\.json/ });
  await expect(link).toHaveAttribute("href", "/api/openapi.json");

  await expectNoSeriousAxeViolations(page);
  // The first screen only: the whole page is over 100,000 px tall, half a minute to capture.
  await attachScreenshot(page, testInfo, "api-docs", { fullPage: false });

  // On a 390 px phone the page does not scroll sideways: long paths in the prose wrap, and
  // tables scroll in their own boxes.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("the OpenAPI document is served as JSON, publicly cacheable", async ({ request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["cache-control"]).toBe("public, max-age=300");
  const doc = (await response.json()) as { openapi: string; info: { title: string }; paths: Record<string, unknown> };
  expect(doc.openapi.startsWith("3.1")).toBe(true);
  expect(doc.info.title).toBe("Invigil API");
  expect(doc.paths).toHaveProperty(["/api/edx_proctoring/v1/proctored_exam/attempt"]);
});
