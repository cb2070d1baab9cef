import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { attachScreenshot } from "./fixtures";
import { startSpecialExamsServer } from "./support/special-exams-server";

/**
 * The real Open edX learner client (clients/special-exams) takes a proctored exam on the REST
 * vendor (the fake vendor, backend `rest-e2e`): the library loads the vendor's worker from the URL
 * our API answers (`desktop_application_js_url`), runs its start and end handshakes with the
 * vendor's desktop application, and shows the verified result once the vendor's review arrives.
 */

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const CLIENT_PORT = APP_PORT + 200;
const CLIENT_ORIGIN = `http://127.0.0.1:${CLIENT_PORT}`;
const VENDOR = `http://127.0.0.1:${Number(process.env.E2E_VENDOR_PORT ?? 3190)}`;
const VENDOR_DESKTOP = `http://127.0.0.1:${Number(process.env.E2E_VENDOR_DESKTOP_PORT ?? 3191)}`;
const RUN = Date.now().toString(36);
const COURSE = `course-v1:InvigilE2E+ClientRest${RUN}+2026`;
const EXAM = `block-v1:InvigilE2E+ClientRest${RUN}+2026+type@sequential+block@final`;
const LEARNER = `crest_${RUN}`;

let server: Server;
let lmsToken: string;

test.beforeAll(async ({ request }) => {
  // The client's page carries the policy an LMS page must have for this vendor: the worker's
  // script and its desktop application allowed, nothing else from elsewhere.
  server = await startSpecialExamsServer(CLIENT_PORT, APP_PORT, { vendorOrigins: [VENDOR, VENDOR_DESKTOP] });
  lmsToken = readFileSync("e2e/.artifacts/lms-token", "utf8").trim();
  const lms = (path: string, data: unknown) =>
    request.post(path, { data, headers: { authorization: `Bearer ${lmsToken}` } }).then(async (r) => {
      expect(r.status(), `${path}: ${await r.text()}`).toBeLessThan(300);
      return r.json();
    });
  await lms("/api/v1/courses", {
    course_key: COURSE,
    name: "Client on the REST vendor",
    proctoring_backend: "rest-e2e",
    proctoring_escalation_email: "escalation@example.com",
  });
  await lms("/api/v1/users", [{ username: LEARNER, email: `${LEARNER}@example.com`, full_name: "Rest Client" }]);
  await lms(`/api/v1/courses/${encodeURIComponent(COURSE)}/enrollments`, [{ username: LEARNER, mode: "verified" }]);
  await lms(`/api/edx_proctoring/v1/proctored_exam/exam_registration/course_id/${encodeURIComponent(COURSE)}`, [
    { content_id: EXAM, exam_name: "Vendor final", time_limit_mins: 60, exam_type: "proctored", backend: "rest-e2e" },
  ]);
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function learnerJwt(request: APIRequestContext): Promise<string> {
  const res = await request.post("/api/v1/tokens/user-jwt", { data: { username: LEARNER }, headers: { authorization: `Bearer ${lmsToken}` } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function openClient(page: Page, token: string) {
  const url = new URL("/special-exams/", CLIENT_ORIGIN);
  url.searchParams.set("course_id", COURSE);
  url.searchParams.set("content_id", EXAM);
  url.searchParams.set("token", token);
  url.searchParams.set("username", LEARNER);
  return page.goto(url.toString());
}

async function expectNoErrorBanner(page: Page) {
  await expect(page.getByText(/A system error has occurred|Request failed with status code|Network Error/)).toHaveCount(0);
}

async function vendorCalls(request: APIRequestContext, path: string, listener?: string): Promise<{ method: string; path: string }[]> {
  const q = new URLSearchParams({ path, ...(listener ? { listener } : {}) });
  return (await (await request.get(`${VENDOR}/_control/calls?${q}`)).json()) as { method: string; path: string }[];
}

test("REST vendor: entrance → system check (vendor download page) → ready → worker handshake → started → end → submitted → review → verified", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) blocked.push(m.text());
  });
  const token = await learnerJwt(request);
  const first = await openClient(page, token);
  expect(first?.headers()["content-security-policy"]).toContain(`worker-src 'self' blob: ${VENDOR}`);

  await page.getByRole("button", { name: "Continue to my proctored exam." }).click({ timeout: 20_000 });
  const systemCheck = page.getByRole("button", { name: "Start System Check" });
  await expect(systemCheck).toBeVisible();
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-rest-setup");

  // Our API answers the vendor's worker URL, on the vendor's origin, to the client.
  const api = await request.get(`/api/edx_proctoring/v1/proctored_exam/attempt/course_id/${encodeURIComponent(COURSE)}?content_id=${encodeURIComponent(EXAM)}`, {
    headers: { authorization: `JWT ${token}` },
  });
  expect(api.status(), await api.text()).toBe(200);
  expect(JSON.stringify(await api.json())).toContain(`"desktop_application_js_url":"${VENDOR}/worker.js"`);

  const attempts = (await (await request.get(`${VENDOR}/_control/attempts`)).json()) as { protocol: string; vendorAttemptId: string; email: string }[];
  const vendorAttempt = attempts.find((a) => a.protocol === "rest" && a.email === `${LEARNER}@example.com`);
  expect(vendorAttempt, JSON.stringify(attempts)).toBeDefined();

  // "Start System Check" sends the window to the vendor's download page (the library's
  // window.location.assign), unless the vendor already said ready. The fake vendor's generic
  // download page (the config's download_url) cannot tell which learner it is, as a real vendor's
  // software would: its "ready" callback is sent through the control API instead.
  await systemCheck.click();
  const never = new Promise<never>(() => {});
  const outcome = await Promise.race([
    page.waitForURL((u) => u.toString().startsWith(`${VENDOR}/download`), { timeout: 20_000 }).then(() => "navigated", () => never),
    page.getByText("System Check Succeeded").waitFor({ timeout: 20_000 }).then(() => "ready", () => never),
    new Promise<string>((resolve) => setTimeout(() => resolve("neither"), 21_000)),
  ]);
  expect(outcome).not.toBe("neither");
  const ready = await request.post(`${VENDOR}/_control/ready`, { data: { attempt: vendorAttempt!.vendorAttemptId } });
  expect(ready.status(), await ready.text()).toBe(200);
  expect(((await ready.json()) as { status: number }).status).toBe(200);
  if (outcome === "navigated") await openClient(page, token);
  else await page.getByRole("button", { name: "Ok" }).click();

  const setupStart = page.getByRole("button", { name: "Start Exam", exact: true });
  const begin = page.getByRole("button", { name: "Start exam", exact: true });
  const notYet = page.getByRole("button", { name: "Ok" });
  const deadline = Date.now() + 30_000;
  while (!(await begin.isVisible()) && Date.now() < deadline) {
    if (await notYet.isVisible()) await notYet.click();
    else if (await setupStart.isVisible()) await setupStart.click();
    await page.waitForTimeout(1_000);
  }
  await expect(begin).toBeVisible({ timeout: 5_000 });
  await attachScreenshot(page, testInfo, "client-rest-ready");
  await begin.click();

  // The start handshake ran in the vendor's worker (loaded from the vendor's origin), which asked
  // the desktop application to start.
  await expect(page.getByTestId("exam-content")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "End My Exam" })).toBeVisible();
  await expectNoErrorBanner(page);
  expect((await vendorCalls(request, "^/worker\\.js$")).length).toBeGreaterThan(0);
  expect((await vendorCalls(request, ".", "desktop")).length).toBeGreaterThan(0);
  await attachScreenshot(page, testInfo, "client-rest-started");

  await page.getByRole("button", { name: "End My Exam" }).click();
  await page.getByRole("button", { name: "Yes, end my proctored exam" }).click();
  await expect(page.getByText("You have submitted this proctored exam for review")).toBeVisible({ timeout: 30_000 });
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-rest-submitted");

  // The vendor's reviewer passes the session.
  const review = await request.post(`${VENDOR}/_control/review`, { data: { attempt: vendorAttempt!.vendorAttemptId, status: "Clean" } });
  expect(review.status(), await review.text()).toBe(200);
  expect(((await review.json()) as { status: number }).status).toBe(200);

  await expect
    .poll(
      async () => {
        await openClient(page, token);
        await page.getByText(/reviewed successfully|submitted this proctored exam/).first().waitFor({ timeout: 20_000 });
        return page.getByText(/Your proctoring session was reviewed successfully/).count();
      },
      { timeout: 40_000, intervals: [1_000] },
    )
    .toBe(1);
  await expectNoErrorBanner(page);
  await attachScreenshot(page, testInfo, "client-rest-verified");
  expect(blocked).toEqual([]);
});
