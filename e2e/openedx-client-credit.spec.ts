import type { Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { attachScreenshot } from "./fixtures";
import { learnerJwt, RUN, setUpCourse, type CourseSetup } from "./support/lms";
import { startSpecialExamsServer } from "./support/special-exams-server";

/**
 * The real Open edX learner client (@edx/frontend-lib-special-exams, unmodified) on a proctored
 * exam whose credit prerequisites are not complete: it shows its own prerequisites page from our
 * API's `prerequisite_status` (§12.3, client-contract L1), the requirements and their statuses
 * synced by the LMS.
 */

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const CLIENT_PORT = APP_PORT + 200;
const CLIENT_ORIGIN = `http://127.0.0.1:${CLIENT_PORT}`;
const LEARNER = `ccred_${RUN}`;

let server: Server;
let course: CourseSetup;

test.beforeAll(async ({ request }) => {
  server = await startSpecialExamsServer(CLIENT_PORT, APP_PORT);
  course = await setUpCourse(request, "ClientCredit", {
    learners: [LEARNER],
    allowOptOut: true,
    exams: [
      { block: "mid", name: "Client midterm", minutes: 30, type: "proctored" },
      { block: "final", name: "Client final", minutes: 60, type: "proctored" },
    ],
    creditRequirements: [
      { namespace: "proctored_exam", exam: "mid", displayName: "Midterm requirement" },
      { namespace: "reverification", name: `crev_${RUN}`, displayName: "Photo check" },
      { namespace: "proctored_exam", exam: "final", displayName: "Final requirement" },
    ],
    creditStatuses: [
      [LEARNER, "mid", "satisfied"],
      [LEARNER, `crev_${RUN}`, "pending"],
    ],
  });
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function openClient(page: Page, contentId: string, token: string) {
  const url = new URL("/special-exams/", CLIENT_ORIGIN);
  url.searchParams.set("course_id", course.courseKey);
  url.searchParams.set("content_id", contentId);
  url.searchParams.set("token", token);
  url.searchParams.set("username", LEARNER);
  await page.goto(url.toString());
}

test("a pending prerequisite: the client's prerequisites page lists it, and offers no way to start proctored", async ({ page, request }, testInfo) => {
  await openClient(page, course.usageKey("final"), await learnerJwt(request, LEARNER));
  await expect(page.getByTestId("pending-prerequisites")).toBeVisible();
  await expect(page.getByTestId("exam-instructions-title")).toHaveText("This exam is proctored");
  await expect(page.getByText("You have not completed the prerequisites for this exam.")).toBeVisible();
  // Only the pending requirement is listed, under its display name.
  const list = page.locator("ol").filter({ hasText: "Photo check" });
  await expect(list.getByRole("listitem")).toHaveText(["Photo check"]);
  await expect(page.getByText("Midterm requirement")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Continue to my proctored exam." })).toHaveCount(0);
  await expect(page.getByText(/A system error has occurred|Request failed with status code|Network Error/)).toHaveCount(0);
  await attachScreenshot(page, testInfo, "client-pending-prerequisites");

  // The midterm, with nothing before it, shows the client's usual entrance.
  await openClient(page, course.usageKey("mid"), await learnerJwt(request, LEARNER));
  await expect(page.getByRole("button", { name: "Continue to my proctored exam." })).toBeVisible();
});
