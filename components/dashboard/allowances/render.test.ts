import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { output } from "zod/mini";
import type { AllowanceGroupsPageSchema } from "@/lib/domain/dashboard-lists";
import type { AllowanceFormExam } from "@/lib/domain/dashboard-views";
import { renderPanel } from "../list/render-for-test";
import { AllowancesPanel } from "./allowances-panel";
import { BulkAllowanceForm } from "./bulk-allowance-form";
import { CsvImport } from "./csv-import";

// Server rendering of the panel's client components: what the first HTML holds.

// As DashboardProviders sets it up: the server's page is fresh for 10 s, so it is not refetched at once.
const render = (element: ReactElement) =>
  renderToString(createElement(QueryClientProvider, { client: new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } }) }, element)).replaceAll("<!-- -->", "");

/** Every `for=` of a label names an element id in the page, and every text control has a label. */
function labelsResolve(html: string) {
  const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  const labelled = new Set([...html.matchAll(/<label[^>]* for="([^"]+)"/g)].map((m) => m[1]));
  for (const target of labelled) expect(ids.has(target), `label for ${target}`).toBe(true);
  for (const [input] of html.matchAll(/<(input|textarea|select)\b[^>]*>/g)) {
    if (/type="(radio|checkbox|hidden|search)"/.test(input)) continue;
    const id = / id="([^"]+)"/.exec(input)?.[1];
    expect(id && labelled.has(id), `control without a label: ${input}`).toBe(true);
  }
}

const EXAMS: AllowanceFormExam[] = [
  { id: 3, name: "Final", content_id: "block-v1:A+B+C+type@sequential+block@final", type: "proctored", time_limit_mins: 60, is_active: true },
  { id: 4, name: "Quiz", content_id: "block-v1:A+B+C+type@sequential+block@quiz", type: "timed", time_limit_mins: 20, is_active: true },
  { id: 5, name: "Retired", content_id: "block-v1:A+B+C+type@sequential+block@old", type: "timed", time_limit_mins: 20, is_active: false },
];

const PAGE: output<typeof AllowanceGroupsPageSchema> = {
  count: 26,
  page: 1,
  num_pages: 2,
  has_previous: false,
  has_next: true,
  results: [
    {
      user: { id: 9, apiId: 9, username: "alice", email: "alice@example.com" },
      allowances: [
        { id: 1, exam_id: 3, exam_name: "Final", exam_type: "proctored", exam_is_active: true, key: "additional_time_granted", type_label: "Additional Time (minutes)", value: "30", time_limit_mins: 60, resulting_time_limit_mins: 90, modified: null },
        { id: 2, exam_id: 3, exam_name: "Final", exam_type: "proctored", exam_is_active: true, key: "review_policy_exception", type_label: "Review Policy Exception", value: "Calculator <b>", time_limit_mins: 60, resulting_time_limit_mins: 90, modified: null },
        { id: 3, exam_id: 5, exam_name: "Retired", exam_type: "timed", exam_is_active: false, key: "review_policy_exception", type_label: "Review Policy Exception", value: "Notes", time_limit_mins: 20, resulting_time_limit_mins: 20, modified: null },
      ],
    },
  ],
};

const ALL = { page: 1, search: "" };

describe("allowances panel (server-rendered HTML)", () => {
  it("shows each learner with their allowances per exam, the time limit they give, and named actions", () => {
    const html = renderPanel(createElement(AllowancesPanel, { courseKey: "course-v1:A+B+C", exams: EXAMS, initial: { state: ALL, data: PAGE } }));
    expect(html).toContain("alice@example.com");
    expect(html).toContain("Time limit: 1 hour → <strong");
    expect(html).toContain(">1 hour and 30 minutes</strong>");
    expect(html).toContain("30 minutes extra");
    // Text is escaped, never markup.
    expect(html).toContain("Calculator &lt;b&gt;");
    expect(html).toContain("(timed, inactive)");
    expect(html).toContain('aria-label="Edit Additional Time (minutes) of alice on Final"');
    expect(html).toContain('aria-label="Delete Review Policy Exception of alice on Final"');
    expect(html).toContain('aria-label="Add allowance for alice"');
    expect(html).toContain('href="/api/instructor/course-v1%3AA%2BB%2BC/allowances/export.csv"');
    expect(html).toContain("26 learners with allowances");
    expect(html).toContain("Page 1 of 2");
    expect(html).not.toContain('aria-busy="true"');
    labelsResolve(html);
  });

  it("says so when nobody has an allowance", () => {
    const data = { ...PAGE, count: 0, num_pages: 1, has_next: false, results: [] };
    const html = renderPanel(createElement(AllowancesPanel, { courseKey: "c", exams: EXAMS, initial: { state: ALL, data } }));
    // The empty state says what to do next.
    expect(html).toContain("No allowances yet. Use “+ Add allowances”");
  });
});

describe("add allowances form", () => {
  it("offers only active exams as checkboxes, every type, and labels every field", () => {
    const html = render(createElement(BulkAllowanceForm, { courseKey: "c", exams: EXAMS, initialLearners: ["alice"], onSaved: () => {}, onCancel: () => {} }));
    expect(html.match(/type="checkbox"/g)).toHaveLength(2);
    expect(html).not.toContain("Retired");
    for (const t of ["additional_time_granted", "time_multiplier", "review_policy_exception"]) expect(html).toContain(`value="${t}"`);
    expect(html).toContain("Additional minutes");
    labelsResolve(html);
  });

  it("explains itself when the course has no active exam", () => {
    const html = render(createElement(BulkAllowanceForm, { courseKey: "c", exams: [EXAMS[2]!], onSaved: () => {}, onCancel: () => {} }));
    expect(html).toContain("This course has no active exam");
  });
});

describe("CSV import", () => {
  it("starts with a labelled file input and the check button disabled until a file is read", () => {
    const html = render(createElement(CsvImport, { apiBase: "/api/instructor/c/allowances", onImported: () => {}, onClose: () => {} }));
    expect(html).toMatch(/<input[^>]*type="file"[^>]*accept=".csv,text\/csv"/);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Check file<\/button>/);
    labelsResolve(html);
  });
});
