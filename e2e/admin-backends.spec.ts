import { expect, test, type Response } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { VENDOR_URL } from "./support/fake-vendor";
import { RUN, setUpCourse, signInAsUser } from "./support/lms";

/**
 * The admin console's proctoring backends: an admin adds a REST backend with its secret, tests the
 * connection to the (fake) vendor, makes it the default, and the secret is in no page or answer the
 * browser ever received, nor in the admin pages and API answers fetched afterwards.
 */

// The fake vendor's demo credentials (fake-vendor/main.ts): the only pair its token endpoint accepts.
const CLIENT_ID = "invigil-demo-fake-vendor";
const SECRET = "demo-only-fake-vendor-secret";

test("an admin configures a vendor backend with a secret, tests it, makes it the default; the secret never leaves the server", async ({ page, request }, testInfo) => {
  const name = `vendor-${RUN}`;
  const bodies: { url: string; text: string }[] = [];
  const keep = async (response: Response) => {
    try {
      bodies.push({ url: response.url(), text: await response.text() });
    } catch {
      // Redirects and aborted requests have no body.
    }
  };
  page.on("response", (response) => void keep(response));

  await signInAsUser(page, "admin");
  await page.goto("/admin/backends");
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Backends" })).toHaveAttribute("aria-current", "page");
  const defaultRow = page.locator("tbody tr", { hasText: "Default" });
  const previousDefault = (await defaultRow.count()) > 0 ? ((await defaultRow.first().locator("th code").textContent()) ?? "").trim() : "";

  await page.getByRole("link", { name: "Add a backend" }).click();
  await expect(page.getByRole("heading", { name: "Add a proctoring backend" })).toBeVisible();
  await page.getByLabel("Kind").selectOption("rest");

  // Bad input: a message next to the field, and nothing is created.
  await page.getByLabel("Name (what exams refer to)").fill("Not A Name");
  await page.getByLabel("Display name").fill("Fake vendor (console)");
  await page.getByLabel("Settings (JSON; no secrets here)").fill("{\"base_url\": ");
  await page.getByRole("button", { name: "Create backend" }).click();
  await expect(page.getByText(/Use lower-case letters/)).toBeVisible();
  await expect(page.getByText("This is not valid JSON.")).toBeVisible();
  await expect(page.getByText("Enter the new secret, or keep the stored one.")).toBeVisible();

  await page.getByLabel("Name (what exams refer to)").fill(name);
  await page.getByLabel("Settings (JSON; no secrets here)").fill(JSON.stringify({ base_url: VENDOR_URL, client_id: CLIENT_ID, ping_interval: 5 }));
  await page.getByLabel("New value of client_secret").fill(SECRET);
  await page.getByRole("button", { name: "Create backend" }).click();

  // The backend's own page: the secret is "set on <date>", never shown.
  await expect(page).toHaveURL(new RegExp(`/admin/backends/${name}$`));
  await expect(page.getByTestId("secret-state-client_secret")).toHaveText(/^set on /);
  await expect(page.getByLabel("New value of client_secret")).toHaveCount(0);

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-result")).toContainText("Connected.", { timeout: 20_000 });
  await expect(page.getByTestId("connection-result")).toContainText("HTTP 200");
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-backend-edit");

  try {
    await page.getByRole("button", { name: `Make default backend: ${name}` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText(/· the default/)).toBeVisible();
    await page.goto("/admin/backends");
    await expect(page.getByTestId(`backend-row-${name}`)).toContainText("Default");
    await expectNoSeriousAxeViolations(page);
    await attachScreenshot(page, testInfo, "admin-backends");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/admin/backends/${name}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await attachScreenshot(page, testInfo, "admin-backend-phone");
    await page.setViewportSize({ width: 1280, height: 800 });

    // A proctored exam on the default backend: what the API tells the LMS and the learner client.
    const course = await setUpCourse(request, "Backends", { learners: [`lrn_be_${RUN}`], staff: [], exams: [{ block: "final", name: "Final", minutes: 30, type: "proctored" }] });
    const fetched: { url: string; text: string }[] = [];
    for (const path of [
      "/admin",
      "/admin/backends",
      `/admin/backends/${name}`,
      "/admin/settings",
      "/admin/tokens",
      `/instructor/${encodeURIComponent(course.courseKey)}/exams`,
      `/api/edx_proctoring/v1/proctored_exam/settings/exam_id/${course.examIds.final}/`,
      "/api/openapi.json",
    ]) {
      const res = await page.request.get(path);
      fetched.push({ url: path, text: await res.text() });
    }
    for (const { url, text } of [...bodies, ...fetched]) expect(text.includes(SECRET), `the secret in ${url}`).toBe(false);
    expect(bodies.length).toBeGreaterThan(5);
  } finally {
    // Give the site its default back, so the other specs meet the backend they expect.
    if (previousDefault) {
      await page.goto("/admin/backends");
      await page.getByRole("button", { name: `Make default backend: ${previousDefault}` }).click();
      await expect(page.getByTestId(`backend-row-${previousDefault}`)).toContainText("Default");
    }
  }
});

test("a backend used by exams cannot be deleted, only disabled; an unused one is deleted after a confirmation", async ({ page }) => {
  const name = `unused-${RUN}`;
  await signInAsUser(page, "admin");
  await page.goto("/admin/backends/new");
  await page.getByLabel("Kind").selectOption("mock");
  await page.getByLabel("Name (what exams refer to)").fill(name);
  await page.getByLabel("Display name").fill("Unused mock");
  await page.getByRole("button", { name: "Create backend" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/backends/${name}$`));

  await page.goto("/admin/backends");
  // The demo's mock backend carries the demo exams: it says why there is no Delete.
  const used = page.locator("tbody tr", { hasText: /Used by \d+ exams?/ }).first();
  await expect(used).toBeVisible();
  await expect(used.getByRole("button", { name: /^Delete/ })).toHaveCount(0);

  const row = page.getByTestId(`backend-row-${name}`);
  await row.getByRole("button", { name: `Disable ${name}` }).click();
  await expect(row).toContainText("Disabled");
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete the backend “${name}”?` });
  await dialog.getByRole("button", { name: "Delete backend" }).click();
  await expect(page.getByTestId(`backend-row-${name}`)).toHaveCount(0);
});

test("course staff get 403 on the backends pages", async ({ page, request }) => {
  const staff = `stf_be_${RUN}`;
  await setUpCourse(request, "BackendsStaff", { learners: [], staff: [staff], exams: [{ block: "quiz", name: "Quiz", minutes: 10, type: "timed" }] });
  await signInAsUser(page, staff);
  for (const path of ["/admin/backends", "/admin/backends/new"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});
