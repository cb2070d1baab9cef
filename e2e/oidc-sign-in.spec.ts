import { expect, test, type Page } from "@playwright/test";
import { PEOPLE, startOidcIssuer, type OidcIssuer } from "./support/oidc-issuer";
import { startProviderApp, type ProviderApp } from "./support/provider-app";
import { SIGN_IN_ERROR_TEXT } from "../lib/auth/sign-in-errors";

/**
 * Sign-in through a real OpenID Connect provider (`oidc-provider`), with the app configured
 * exactly as the README's "An OpenID Connect provider" section says.
 */
const PROVIDER_NAME = "Example ID";

async function setUp(issuerPort: number, appPort: number, claimsInIdToken: boolean, dataDir: string) {
  const appOrigin = `http://127.0.0.1:${appPort}`;
  const issuer = await startOidcIssuer({ port: issuerPort, appOrigin, claimsInIdToken });
  const app = await startProviderApp({
    port: appPort,
    dataDir,
    env: {
      INVIGIL_BASE_URL: appOrigin,
      AUTH_OIDC_ISSUER: issuer.issuer,
      AUTH_OIDC_CLIENT_ID: issuer.clientId,
      AUTH_OIDC_CLIENT_SECRET: issuer.clientSecret,
      AUTH_OIDC_NAME: PROVIDER_NAME,
    },
  });
  return { issuer, app };
}

/** Clicks the provider's button, and logs in and consents at the provider when it asks. */
async function signInAtProvider(page: Page, app: ProviderApp, login: string) {
  await page.goto(`${app.origin}/signin`);
  await page.getByRole("button", { name: `Sign in with ${PROVIDER_NAME}` }).click();
  const loginField = page.locator('input[name="login"]');
  const outcome = page.getByTestId("signed-in-as").or(page.getByTestId("sign-in-error")).or(loginField);
  await expect(outcome.first()).toBeVisible();
  if (await loginField.isVisible()) {
    await loginField.fill(login);
    await page.locator('input[name="password"]').fill("any password");
    await page.getByRole("button", { name: /sign-in/i }).click();
    const consent = page.getByRole("button", { name: "Continue" });
    await expect(page.getByTestId("signed-in-as").or(page.getByTestId("sign-in-error")).or(consent).first()).toBeVisible();
    if (await consent.isVisible()) await consent.click();
  }
}

async function expectError(page: Page, app: ProviderApp, text: string) {
  await expect(page).toHaveURL(new RegExp(`^${app.origin}/signin\\?`));
  await expect(page.getByTestId("sign-in-error")).toHaveText(text);
}

test.describe("claims only in userinfo (oidc-provider's default)", () => {
  let issuer: OidcIssuer;
  let app: ProviderApp;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    ({ issuer, app } = await setUp(3451, 3452, false, ".data/e2e-oidc-userinfo"));
  });
  test.afterAll(async () => {
    await app?.stop();
    await issuer?.close();
  });

  test("first sign-in creates the account from userinfo; the next finds it by subject; sign-out offers the provider's", async ({ page }) => {
    await signInAtProvider(page, app, "u-alice");
    // The username exists only in userinfo: the subject is "u-alice".
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as alice");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByTestId("signed-out")).toContainText("You are signed out of Invigil.");
    const providerLogout = page.getByRole("link", { name: `Also sign out of ${PROVIDER_NAME}` });
    await expect(providerLogout).toHaveAttribute("href", new RegExp(`^${issuer.issuer}/session/end\\?`));

    await signInAtProvider(page, app, "u-alice");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as alice");
    await page.getByRole("button", { name: "Sign out" }).click();
    await providerLogout.click();
    await page.getByRole("button", { name: /yes, sign me out/i }).click();
    await expect(page).toHaveURL(`${app.origin}/signin`);
  });

  test("a provider user named admin is refused, and does not become Invigil's admin", async ({ page }) => {
    expect(PEOPLE["u-mallory"]?.preferred_username).toBe("admin");
    await signInAtProvider(page, app, "u-mallory");
    await expectError(page, app, SIGN_IN_ERROR_TEXT.AccountNotLinkable);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  });

  test("an unverified e-mail links nobody: a new account is made", async ({ page }) => {
    expect(PEOPLE["u-eve"]?.email).toBe("learner@example.com");
    await signInAtProvider(page, app, "u-eve");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as eve");
  });

  test("a second subject claiming an account linked to another is refused", async ({ page, browser }) => {
    await signInAtProvider(page, app, "u-alice");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as alice");
    const other = await browser.newPage();
    await signInAtProvider(other, app, "u-alice2");
    await expectError(other, app, SIGN_IN_ERROR_TEXT.AccountLinkedElsewhere);
    await other.close();
  });

  test("a replayed callback and a tampered one each say so", async ({ page }) => {
    let callback = "";
    page.on("request", (r) => {
      if (r.url().startsWith(`${app.origin}/api/auth/callback/oidc?`)) callback = r.url();
    });
    await signInAtProvider(page, app, "u-alice");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as alice");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByTestId("signed-out")).toBeVisible();
    expect(callback).not.toBe("");
    await page.goto(callback);
    await expectError(page, app, SIGN_IN_ERROR_TEXT.InvalidCallback);

    issuer.setTamperCallback(true);
    try {
      await signInAtProvider(page, app, "u-alice");
      await expectError(page, app, SIGN_IN_ERROR_TEXT.InvalidCallback);
    } finally {
      issuer.setTamperCallback(false);
    }
  });

  test("a wrong client secret and a provider that is down each say so", async ({ page }) => {
    issuer.setWrongSecret(true);
    try {
      await signInAtProvider(page, app, "u-alice");
      await expectError(page, app, SIGN_IN_ERROR_TEXT.ProviderRejectedClient);
    } finally {
      issuer.setWrongSecret(false);
    }
    await issuer.setDown(true);
    try {
      await page.goto(`${app.origin}/signin`);
      await page.getByRole("button", { name: `Sign in with ${PROVIDER_NAME}` }).click();
      await expectError(page, app, SIGN_IN_ERROR_TEXT.ProviderUnavailable);
    } finally {
      await issuer.setDown(false);
    }
  });
});

test.describe("claims in the id_token", () => {
  let issuer: OidcIssuer;
  let app: ProviderApp;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    ({ issuer, app } = await setUp(3453, 3454, true, ".data/e2e-oidc-idtoken"));
  });
  test.afterAll(async () => {
    await app?.stop();
    await issuer?.close();
  });

  test("first sign-in creates the account from the id_token's claims", async ({ page }) => {
    await signInAtProvider(page, app, "u-alice");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as alice");
  });
});
