import { expect, test, type Page } from "@playwright/test";
import { startOpenEdxLms, type LmsPerson, type OpenEdxLms } from "./support/openedx-lms";
import { startProviderApp, type ProviderApp } from "./support/provider-app";
import { SIGN_IN_ERROR_TEXT } from "../lib/auth/sign-in-errors";

/**
 * Sign-in through an Open edX LMS as an OAuth2 provider (JWT access tokens signed with the LMS's
 * RSA key), with the app configured exactly as the README's "An Open edX LMS" section says.
 */
const LMS_NAME = "Demo LMS";

const PEOPLE: LmsPerson[] = [
  // Invigil's demo "learner", whose LMS user id the sync stored; a different LMS username.
  { userId: 4242, username: "lee_in_lms", email: "learner@example.com", name: "Lee Learner", isActive: true },
  { userId: 5001, username: "admin", email: "mallory@example.test", name: "Mallory", isActive: true, administrator: true },
  { userId: 5002, username: "newbie", email: "newbie@example.test", name: "Nora Newbie", isActive: true },
  // Not activated, so the LMS does not vouch for the address (the demo audit learner's).
  { userId: 5003, username: "unverified", email: "audit_learner@example.com", name: "Una", isActive: false },
];

async function signInAtLms(page: Page, app: ProviderApp, username: string) {
  await page.goto(`${app.origin}/signin`);
  await page.getByRole("button", { name: `Sign in with ${LMS_NAME}` }).click();
  await page.getByRole("button", { name: `Sign in to the LMS as ${username}` }).click();
}

async function expectError(page: Page, app: ProviderApp, text: string) {
  await expect(page).toHaveURL(new RegExp(`^${app.origin}/signin\\?`));
  await expect(page.getByTestId("sign-in-error")).toHaveText(text);
}

let lms: OpenEdxLms;
test.beforeAll(async () => {
  lms = await startOpenEdxLms({ port: 3455, people: PEOPLE });
});
test.afterAll(async () => {
  await lms?.close();
});

test.describe("with the LMS's public keys in configuration", () => {
  let app: ProviderApp;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const origin = "http://127.0.0.1:3456";
    app = await startProviderApp({
      port: 3456,
      dataDir: ".data/e2e-openedx-jwks",
      prepare: ["UPDATE users SET lms_user_id = 4242 WHERE username = 'learner'"],
      env: {
        INVIGIL_BASE_URL: origin,
        AUTH_OPENEDX_URL: lms.url,
        AUTH_OPENEDX_CLIENT_ID: lms.clientId,
        AUTH_OPENEDX_CLIENT_SECRET: lms.clientSecret,
        AUTH_OPENEDX_JWKS: JSON.stringify(lms.jwks),
        AUTH_OPENEDX_NAME: LMS_NAME,
      },
    });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test("the person the LMS sync knows is matched by LMS user id, whatever their LMS username", async ({ page }) => {
    await signInAtLms(page, app, "lee_in_lms");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as learner");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: `Also sign out of ${LMS_NAME}` })).toHaveAttribute("href", new RegExp(`^${lms.url}/logout`));
  });

  test("a first sign-in creates the account; the next finds it by LMS user id", async ({ page, browser }) => {
    await signInAtLms(page, app, "newbie");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as newbie");
    const again = await browser.newPage();
    await signInAtLms(again, app, "newbie");
    await expect(again.getByTestId("signed-in-as")).toHaveText("Signed in as newbie");
    await again.close();
  });

  test("an LMS user named admin is refused, and does not become Invigil's admin", async ({ page }) => {
    await signInAtLms(page, app, "admin");
    await expectError(page, app, SIGN_IN_ERROR_TEXT.AccountNotLinkable);
  });

  test("an address the LMS has not verified links nobody", async ({ page }) => {
    await signInAtLms(page, app, "unverified");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as unverified");
  });

  test("a forged token, a replayed callback, a wrong secret and an LMS gone down each say so", async ({ page }) => {
    lms.setForgeTokens(true);
    try {
      await signInAtLms(page, app, "newbie");
      await expectError(page, app, SIGN_IN_ERROR_TEXT.InvalidCallback);
    } finally {
      lms.setForgeTokens(false);
    }

    let callback = "";
    page.on("request", (r) => {
      if (r.url().startsWith(`${app.origin}/api/auth/callback/openedx?`)) callback = r.url();
    });
    await signInAtLms(page, app, "newbie");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as newbie");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByTestId("signed-out")).toBeVisible();
    await page.goto(callback);
    await expectError(page, app, SIGN_IN_ERROR_TEXT.InvalidCallback);

    lms.setWrongSecret(true);
    try {
      await signInAtLms(page, app, "newbie");
      await expectError(page, app, SIGN_IN_ERROR_TEXT.ProviderRejectedClient);
    } finally {
      lms.setWrongSecret(false);
    }

    lms.setDownAfterLogin(true);
    try {
      await signInAtLms(page, app, "newbie");
      await expectError(page, app, SIGN_IN_ERROR_TEXT.ProviderUnavailable);
    } finally {
      await lms.setDown(false);
    }
  });
});

test.describe("without the keys: the LMS's user API says who the token belongs to", () => {
  let app: ProviderApp;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const origin = "http://127.0.0.1:3457";
    app = await startProviderApp({
      port: 3457,
      dataDir: ".data/e2e-openedx-me",
      env: {
        INVIGIL_BASE_URL: origin,
        AUTH_OPENEDX_URL: lms.url,
        AUTH_OPENEDX_CLIENT_ID: lms.clientId,
        AUTH_OPENEDX_CLIENT_SECRET: lms.clientSecret,
        AUTH_OPENEDX_NAME: LMS_NAME,
      },
    });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test("first sign-in, then the same account again; admin still refused", async ({ page, browser }) => {
    await signInAtLms(page, app, "newbie");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as newbie");
    const again = await browser.newPage();
    await signInAtLms(again, app, "newbie");
    await expect(again.getByTestId("signed-in-as")).toHaveText("Signed in as newbie");
    const third = await browser.newPage();
    await signInAtLms(third, app, "admin");
    await expectError(third, app, SIGN_IN_ERROR_TEXT.AccountNotLinkable);
    await again.close();
    await third.close();
  });
});
