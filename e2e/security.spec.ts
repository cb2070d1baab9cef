import { expect, test, type Page } from "@playwright/test";
import { DEMO_COURSE_KEY } from "../db/seed";
import { signInAs } from "./fixtures";

/**
 * Security headers, framing and the sign-in return path, in a real browser: the CSP must let
 * Next's own scripts run (the nonce reaches them) while another origin cannot frame our pages.
 */


/** Collects Content-Security-Policy violations the page reports. */
function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

test("pages carry the security headers and a per-request nonce, and still run their scripts", async ({ page }) => {
  const violations = watchCspViolations(page);
  const first = await page.goto("/signin");
  const headers = first!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Over plain http there is no HSTS (browsers would ignore it anyway).
  expect(headers["strict-transport-security"]).toBeUndefined();
  const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"]!)![1]!;
  // Next put the nonce on its scripts: every script element of the server's HTML carries it.
  // (Chunks the runtime loads later by import(), such as a locale's messages, are script elements
  // without a nonce: 'self' in script-src admits them, and `violations` below stays empty.)
  const html = await first!.text();
  const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  expect(new Set(scriptTags.map((tag) => /\snonce="([^"]*)"/.exec(tag)?.[1] ?? "(none)"))).toEqual(new Set([nonce]));
  const again = (await page.goto("/signin"))!.headers()["content-security-policy"]!;
  expect(again).not.toContain(nonce);

  // Next's client runtime ran (it adds the route announcer when it hydrates), on a signed-in page too.
  await expect(page.locator("next-route-announcer")).toHaveCount(1);
  await signInAs(page, "staff");
  await page.goto(`/instructor/${encodeURIComponent(DEMO_COURSE_KEY)}`);
  await expect(page.locator("next-route-announcer")).toHaveCount(1);
  expect(violations).toEqual([]);
});

test("API answers carry the security headers too", async ({ request }) => {
  for (const path of ["/api/health", "/api/edx_proctoring/v1/proctored_exam/attempt/course_id/x"]) {
    const res = await request.get(path);
    const headers = res.headers();
    expect(headers["content-security-policy"], path).toContain("default-src 'none'");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});

test("a page of another origin cannot frame the dashboard", async ({ page, baseURL }) => {
  await signInAs(page, "staff");
  const target = `${baseURL}/instructor/${encodeURIComponent(DEMO_COURSE_KEY)}`;
  // Another origin on the same machine (localhost, not 127.0.0.1), its page made up by the test.
  const attacker = new URL(baseURL!);
  attacker.hostname = "localhost";
  await page.route(`${attacker.origin}/frame.html`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><title>attacker</title><iframe id="victim" src="${target}"></iframe>` }),
  );
  // The dashboard forbids every ancestor...
  const direct = await page.request.get(target);
  expect(direct.status()).toBe(200);
  expect(direct.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  await page.goto(`${attacker.origin}/frame.html`);
  // ...so Chromium shows its error page in the frame instead of the dashboard.
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  await page.waitForTimeout(500);
  expect(await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "")).not.toContain("Invigil");
  await expect(frame.getByTestId("signed-in-as")).toHaveCount(0);
});

for (const evil of ["/%5Cevil.example", "/%09/evil.example", "//evil.example", "/\\/evil.example"]) {
  test(`sign-in never sends a browser to another host: callbackUrl=${evil}`, async ({ page, baseURL }) => {
    await page.route((url) => url.hostname.endsWith("evil.example"), (route) => route.abort());
    const origin = new URL(baseURL!).origin;
    // Signing in through the page's action with the hostile callbackUrl.
    await page.goto(`/signin?callbackUrl=${evil}`);
    await page.getByRole("button", { name: /Sign in as staff\b/ }).click();
    await expect(page.getByTestId("signed-in-as")).toContainText("staff");
    expect(new URL(page.url()).origin).toBe(origin);
    // Already signed in: the page itself redirects.
    await page.goto(`/signin?callbackUrl=${evil}`);
    await expect(page.getByTestId("signed-in-as")).toContainText("staff");
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe("/instructor");
  });
}
