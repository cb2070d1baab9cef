import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "./fixtures";

/**
 * The check every page spec relies on (e2e/fixtures.ts) must itself fail on what it is there to
 * catch: in the page, and in a same-origin frame.
 */

/** Serves `html` at an address of the app's origin (not fetched from the server), and opens it. */
async function open(page: Page, html: string) {
  await page.route("**/__accessibility-check-fixture", (route) => route.fulfill({ contentType: "text/html", body: html }));
  await page.goto("/__accessibility-check-fixture");
}

const CLEAN = `<!doctype html><html lang="en"><head><title>Clean</title></head>
  <body><main><h1>Clean</h1><p>Nothing to report.</p><button type="button">Go</button></main></body></html>`;

test("passes a page without serious violations", async ({ page }) => {
  await open(page, CLEAN);
  await expectNoSeriousAxeViolations(page);
});

test("fails on a serious violation in the page, naming the rule and the element", async ({ page }) => {
  await open(page, `<!doctype html><html lang="en"><head><title>Broken</title></head>
    <body><main><h1>Broken</h1><button type="button" id="nameless"></button></main></body></html>`);
  const failure = await expectNoSeriousAxeViolations(page).then(
    () => null,
    (error: Error) => error,
  );
  expect(failure?.message).toContain("button-name");
  expect(failure?.message).toContain("#nameless");
});

test("fails on a serious violation inside a same-origin frame", async ({ page }) => {
  const inner = `<!doctype html><html lang="en"><head><title>Inner</title></head><body><main><input id="unlabelled" type="text"></main></body></html>`;
  await open(page, `<!doctype html><html lang="en"><head><title>Outer</title></head>
    <body><main><h1>Outer</h1><iframe title="Inner" srcdoc='${inner.replaceAll("'", "&#39;")}'></iframe></main></body></html>`);
  await expect(page.frameLocator("iframe").locator("#unlabelled")).toBeAttached();
  const failure = await expectNoSeriousAxeViolations(page).then(
    () => null,
    (error: Error) => error,
  );
  expect(failure?.message).toContain("label");
  expect(failure?.message).toContain("#unlabelled");
});
