import { expect, test } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { RUN, setUpCourse, signInAsUser } from "./support/lms";

/** The admin console's API tokens page: create (secret shown once, copied), use, revoke. */

test("an admin creates a token, copies it, uses it, and revokes it", async ({ page, request }, testInfo) => {
  const name = `e2e sync ${RUN}`;
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAsUser(page, "admin");
  await page.goto("/admin/tokens");
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "API tokens" })).toHaveAttribute("aria-current", "page");

  // Bad input: a message next to the field, nothing sent.
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Give the token a name.")).toBeVisible();
  await expect(page.getByText("Choose at least one scope.")).toBeVisible();

  await page.getByLabel("Name").fill(name);
  await page.getByRole("checkbox", { name: /lms:sync/ }).check();
  await page.getByLabel(/Expires after/).fill("30");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByTestId("new-token");
  await expect(secret).toHaveText(/^inv_[A-Za-z0-9_-]{43}$/);
  const token = (await secret.textContent())!;
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByText("Copied.", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await expectNoSeriousAxeViolations(page);

  const call = () =>
    request.post("/api/v1/users", {
      data: [{ username: `tok_${RUN}`, email: `tok_${RUN}@example.com`, full_name: "Token user" }],
      headers: { authorization: `Bearer ${token}` },
    });
  expect((await call()).status()).toBe(200);

  // Shown once: after a reload, the row has no secret, and it says it was used.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("lms:sync");
  await expect(row).toContainText("Active");
  await expect(row.getByRole("cell").nth(3)).not.toHaveText("Never");

  await page.setViewportSize({ width: 390, height: 844 });
  // Readable at 390 px: the table scrolls inside its own region, the page does not scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-tokens-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  await row.getByRole("button", { name: /Revoke/ }).click();
  const dialog = page.getByRole("dialog", { name: /Revoke the token/ });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Revoked");
  // A revoked token is refused the way the API refuses any credential it cannot use
  // (lib/http/api-route.ts): 401 with a Bearer challenge, so the caller knows to get a new one.
  const refused = await call();
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain('error="invalid_token"');
  expect(await refused.json()).toMatchObject({ detail: "Invalid or expired credentials." });
});

test("course staff get 403 on the API tokens page", async ({ page, request }) => {
  const staff = `stf_tok_${RUN}`;
  await setUpCourse(request, "Tokens", { learners: [], staff: [staff], exams: [{ block: "quiz", name: "Quiz", minutes: 10, type: "timed" }] });
  await signInAsUser(page, staff);
  const res = await page.goto("/admin/tokens");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
});
