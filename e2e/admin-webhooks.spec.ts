import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { attachScreenshot, expectNoSeriousAxeViolations } from "./fixtures";
import { RUN, setUpCourse, signInAsUser } from "./support/lms";

/**
 * The admin console's webhooks page against a receiver started here on 127.0.0.1: a test event
 * arrives signed with the secret shown once, is listed with its answer, and a delivery that failed
 * is replayed with the same body and delivery id. The e2e server's outbox worker runs every second.
 */

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

let server: Server;
let port: number;
const hits: Hit[] = [];
let answer = 200;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered: answer });
      res.writeHead(answer);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const sign = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** The delivery's row, reloading the page until it shows `text` (the list is rendered on the server). */
async function waitForRow(page: Page, deliveryKey: string, text: string) {
  const row = page.getByTestId(`delivery-${deliveryKey}`);
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId("delivery-result")).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  return row;
}

test("an admin registers a webhook, sees a signed test event arrive with its answer, and replays a failed delivery", async ({ page }, testInfo) => {
  const url = `http://127.0.0.1:${port}/lms-${RUN}`;
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAsUser(page, "admin");
  await page.goto("/admin/webhooks");
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Webhooks" })).toHaveAttribute("aria-current", "page");

  // Bad input: a message next to the field, nothing added.
  await page.getByLabel("URL").fill("ftp://lms.example/hook");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByText(/An http:\/\/ or https:\/\/ URL/)).toBeVisible();

  await page.getByLabel("URL").fill(url);
  await page.getByRole("button", { name: "Add webhook" }).click();
  const shown = page.getByTestId("webhook-secret");
  await expect(shown).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
  const secret = (await shown.textContent())!;
  await page.getByRole("button", { name: "Copy secret" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await expectNoSeriousAxeViolations(page);
  await page.getByRole("button", { name: "I have saved it" }).click();

  const endpoint = page.getByRole("listitem").filter({ hasText: url });
  await endpoint.getByRole("button", { name: /Send test event/ }).click();
  await expect(endpoint.getByRole("status")).toContainText("Test event queued");
  await expect.poll(() => hits.length, { timeout: 20_000 }).toBe(1);
  const first = hits[0]!;
  expect(first.headers["x-invigil-signature"]).toBe(sign(secret, first.body));
  expect(first.headers["x-invigil-event"]).toBe("ping");
  const key = String(first.headers["x-invigil-delivery"]);
  expect(JSON.parse(first.body)).toMatchObject({ id: key, event: "ping" });
  const delivered = await waitForRow(page, key, "Delivered");
  await expect(delivered.getByTestId("delivery-result")).toContainText("HTTP 200");
  expect(await page.content()).not.toContain(secret);

  // The receiver fails: the delivery is listed as failed with the answer it got.
  answer = 500;
  await endpoint.getByRole("button", { name: /Send test event/ }).click();
  await expect.poll(() => hits.length, { timeout: 20_000 }).toBe(2);
  const failedHit = hits[1]!;
  const failedKey = String(failedHit.headers["x-invigil-delivery"]);
  expect(failedKey).not.toBe(key);
  const failed = await waitForRow(page, failedKey, "HTTP 500");
  await expect(failed.getByTestId("delivery-result")).toContainText("Failed");

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousAxeViolations(page);
  await attachScreenshot(page, testInfo, "admin-webhooks-phone");
  await page.setViewportSize({ width: 1280, height: 800 });
  await attachScreenshot(page, testInfo, "admin-webhooks-desktop");

  // Replay: the same bytes under the same delivery id, signed, and now answered 200. (The outbox's
  // own retry after its backoff would send exactly the same request.)
  answer = 200;
  const before = hits.length;
  await failed.getByRole("button", { name: /Replay/ }).click();
  await expect(failed.getByRole("status")).toContainText("Replay queued.");
  await expect.poll(() => hits.slice(before).filter((h) => h.answered === 200).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const replayed = hits.slice(before).find((h) => h.answered === 200)!;
  expect(replayed.body).toBe(failedHit.body);
  expect(replayed.headers["x-invigil-delivery"]).toBe(failedKey);
  expect(replayed.headers["x-invigil-signature"]).toBe(sign(secret, replayed.body));
  await waitForRow(page, failedKey, "Delivered");

  // Disable, then delete after a confirmation.
  await endpoint.getByRole("button", { name: /^Disable/ }).click();
  await expect(endpoint).toContainText("Disabled");
  await endpoint.getByRole("button", { name: /^Delete/ }).click();
  const dialog = page.getByRole("dialog", { name: /Delete the webhook/ });
  await dialog.getByRole("button", { name: "Delete webhook" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: url })).toHaveCount(0);
});

test("course staff get 403 on the webhooks page", async ({ page, request }) => {
  const staff = `stf_wh_${RUN}`;
  await setUpCourse(request, "Webhooks", { learners: [], staff: [staff], exams: [{ block: "quiz", name: "Quiz", minutes: 10, type: "timed" }] });
  await signInAsUser(page, staff);
  const response = await page.goto("/admin/webhooks");
  expect(response?.status()).toBe(403);
});
