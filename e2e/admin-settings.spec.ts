import { expect, test, type Page } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { QUESTIONS } from "./support/learner";
import { RUN, setUpCourse, signInAsUser, type CourseSetup } from "./support/lms";

/**
 * The site settings page (docs/decisions/035-admin-site-settings.md): an admin changes
 * LINK_URLS and the next learner page links to it; a refused value leaves the setting as it was;
 * reset puts the default back; course staff are refused. The learner page is the identity
 * verification page, whose contact is the platform's support (link_urls.contact_us, §12.3).
 */

const STAFF = `sstaff_${RUN}`;
/** "Continue to exam" creates the attempt, so each learner meets the entrance once: one learner before the reset, one after. */
const LEARNER = `sverif_${RUN}`;
const LATER = `sverif2_${RUN}`;
const CONTACT = `https://help-${RUN}.example.org/contact`;
let course: CourseSetup;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  course = await setUpCourse(request, "Settings", {
    learners: [LEARNER, LATER],
    staff: [STAFF],
    backend: "mock-e2e",
    verification: { [LEARNER]: "expired", [LATER]: "expired" },
    exams: [{ block: "final", name: "Settings final", minutes: 60, type: "proctored", questions: QUESTIONS }],
  });
});

const linkUrls = (page: Page) => page.getByTestId("setting-link_urls");

async function platformContactHref(page: Page, learner: string): Promise<string | null> {
  await signInAsUser(page, learner);
  await page.goto(course.examPath("final"));
  // The entrance first, then the verification page (§12.3).
  await page.getByRole("button", { name: "Continue to exam" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Complete your verification before starting the proctored exam" })).toBeVisible();
  const link = page.locator("main").getByRole("link", { name: "Invigil", exact: true });
  return (await link.count()) > 0 ? link.first().getAttribute("href") : null;
}

test("an admin sets LINK_URLS contact_us and the learner page links to it; reset puts the default back", async ({ page }, testInfo) => {
  await signInAsUser(page, "admin");
  await page.goto("/admin");
  await page.getByRole("link", { name: "site settings", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Site settings" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const field = linkUrls(page).getByRole("textbox", { name: /Link URLs/ });
  await expect(linkUrls(page)).toContainText("Default: {}");
  await field.fill(JSON.stringify({ contact_us: CONTACT }));
  await linkUrls(page).getByRole("button", { name: "Save" }).click();
  await expect(linkUrls(page).getByRole("status")).toHaveText("Saved.");

  expect(await platformContactHref(page, LEARNER)).toBe(CONTACT);

  await signInAsUser(page, "admin");
  await page.goto("/admin/settings");
  await expect(linkUrls(page).getByRole("textbox", { name: /Link URLs/ })).toHaveValue(new RegExp(CONTACT.replace(/[.]/g, "\\.")));
  await linkUrls(page).getByRole("button", { name: "Reset to default" }).click();
  await expect(linkUrls(page).getByRole("status")).toHaveText("Default restored.");
  await expect(linkUrls(page).getByRole("textbox", { name: /Link URLs/ })).toHaveValue("{}");
  await expect(linkUrls(page).getByRole("button", { name: "Reset to default" })).toBeDisabled();

  expect(await platformContactHref(page, LATER)).toBeNull();
  await attachScreenshot(page, testInfo, "admin-settings-learner-after-reset");
});

test("a refused value shows its reason next to the field and changes nothing; readable at 390 px", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsUser(page, "admin");
  await page.goto("/admin/settings");
  const days = page.getByTestId("setting-onboarding_validity_days");
  const input = days.getByRole("textbox", { name: /Onboarding valid for/ });
  await expect(input).toHaveValue("730");
  await input.fill("-3");
  await days.getByRole("button", { name: "Save" }).click();
  const alert = days.getByRole("alert");
  await expect(alert).toBeVisible();
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(input).toHaveAttribute("aria-describedby", new RegExp(await alert.getAttribute("id").then((id) => id ?? "none")));

  const url = page.getByTestId("setting-learning_microfrontend_url");
  await url.getByRole("textbox").fill("javascript:alert(1)");
  await url.getByRole("button", { name: "Save" }).click();
  await expect(url.getByRole("alert")).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  await page.reload();
  await expect(page.getByTestId("setting-onboarding_validity_days").getByRole("textbox")).toHaveValue("730");
  await expect(page.getByTestId("setting-learning_microfrontend_url").getByRole("textbox")).toHaveValue("");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await attachScreenshot(page, testInfo, "admin-settings-390");
});

test("course staff get 403 on the settings page", async ({ page }) => {
  await signInAsUser(page, STAFF);
  const response = await page.goto("/admin/settings");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("textbox", { name: /Link URLs/ })).toHaveCount(0);
});
