import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { renderPanel } from "../list/render-for-test";
import { describe, expect, it } from "vitest";
import type { output } from "zod/mini";
import type { ReviewQueuePageSchema } from "@/lib/domain/dashboard-lists";
import { DecisionDialog } from "./decision-dialog";
import { ReviewDetails } from "./review-details";
import { ReviewsPanel } from "./reviews-panel";

// Server rendering of the panel's client components: what the first HTML holds.
const render = (element: ReactElement) =>
  renderToString(createElement(QueryClientProvider, { client: new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } }) }, element)).replaceAll("<!-- -->", "");

const PAGE: output<typeof ReviewQueuePageSchema> = {
  rows: [
    {
      attemptId: 41,
      status: "second_review_required",
      modified: "2026-05-01T12:00:00.000Z",
      startedAt: "2026-05-01T10:00:00.000Z",
      completedAt: "2026-05-01T11:00:00.000Z",
      takingAsProctored: true,
      isSampleAttempt: false,
      user: { id: 5, apiId: 5, username: "ada", email: "ada@example.com" },
      exam: { id: 3, name: "Final", kind: "proctored" },
      review: {
        id: 9,
        status: "Suspicious",
        standardStatus: "suspicious",
        received: "2026-05-01T11:30:00.000Z",
        modified: "2026-05-01T11:30:00.000Z",
        reviewedBy: null,
        reviewUrl: "/api/edx_proctoring/v1/instructor/course-v1:A+B+C/3?attempt=x1",
        comments: [{ id: 1, comment: "Looked <away>", status: "Suspicious", startTime: 65, stopTime: 70, duration: 5, created: "2026-05-01T11:30:00.000Z" }],
        commentCount: 1,
      },
    },
    {
      attemptId: 42,
      status: "error",
      modified: "2026-05-02T12:00:00.000Z",
      startedAt: "2026-05-02T10:00:00.000Z",
      completedAt: null,
      takingAsProctored: true,
      isSampleAttempt: true,
      user: { id: 6, apiId: 6, username: "bo", email: "bo@example.com" },
      exam: { id: 4, name: "Onboarding", kind: "onboarding" },
      review: null,
    },
  ],
  page: 1,
  pageCount: 1,
  total: 2,
  perPage: 25,
  search: "",
  status: null,
};

describe("reviews panel (server-rendered HTML)", () => {
  it("lists each attempt with the vendor's verdict, named Verify/Reject buttons and the review in the accordion", () => {
    const initial = { state: { page: 1, search: "", status: null }, data: PAGE };
    const html = renderPanel(createElement(ReviewsPanel, { courseKey: "course-v1:A+B+C", basePath: "/instructor/course-v1:A+B+C", initial }));
    expect(html).toContain("2 attempts waiting");
    expect(html).toContain("Second review required");
    expect(html).toContain("Onboarding exam");
    expect(html).toContain("None received");
    expect(html).toContain('aria-label="Verify ada&#x27;s attempt at Final"');
    expect(html).toContain('aria-label="Reject bo&#x27;s attempt at Onboarding"');
    expect(html).toContain('aria-label="Show the review of ada&#x27;s attempt at Final"');
    // bo's onboarding attempt is in error, but onboarding exams are never resumed (§6.6).
    expect(html).not.toContain("Resume bo");
    const options = [...html.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(options).toEqual(["", "second_review_required", "error"]);
  });

  it("opens a row to the vendor's review: verdict, link, comments escaped with their times in the recording", () => {
    const html = render(createElement(ReviewDetails, { row: PAGE.rows[0]!, attemptHref: "/instructor/course-v1:A+B+C/attempts/41" }));
    expect(html).toContain("Looked &lt;away&gt;");
    expect(html).toContain("1:05–1:10");
    expect(html).toContain("Nobody yet");
    expect(html).toContain('href="/api/edx_proctoring/v1/instructor/course-v1:A+B+C/3?attempt=x1"');
    expect(html).toContain('href="/instructor/course-v1:A+B+C/attempts/41"');
    const none = render(createElement(ReviewDetails, { row: PAGE.rows[1]!, attemptHref: "/x" }));
    expect(none).toContain("None received (the session ended in a technical error).");
  });

  it("asks for a required, labelled note in the decision dialog and says what will happen", () => {
    const html = render(
      createElement(DecisionDialog, {
        pending: { decision: "reject", subject: { username: "ada", examName: "Final", emailsLearner: true } },
        busy: false,
        error: null,
        onSubmit: () => {},
        onCancel: () => {},
      }),
    );
    expect(html).toContain("Reject ada&#x27;s attempt at Final?");
    expect(html).toContain("Reject attempt");
    expect(html).toContain("becomes Rejected");
    expect(html).toContain("gets an e-mail");
    const label = /<label for="([^"]+)"[^>]*>Note \(required\)<\/label>/.exec(html);
    expect(label).not.toBeNull();
    expect(html).toContain(`<textarea id="${label![1]}"`);
  });
});
