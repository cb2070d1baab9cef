import { createElement } from "react";
import { describe, expect, it } from "vitest";
import type { output } from "zod/mini";
import type { OnboardingPageSchema } from "@/lib/domain/dashboard-lists";
import { renderPanel as render } from "../list/render-for-test";
import { OnboardingPanel } from "./onboarding-panel";

const ALL = { page: 1, search: "", status: null };

const PAGE: output<typeof OnboardingPageSchema> = {
  rows: [
    { username: "ana", enrollmentMode: "masters", status: "other_course_approved", modified: "2026-05-01T12:00:00.000Z" },
    { username: "ben", enrollmentMode: "verified", status: "not_started", modified: null },
    { username: "cleo<b>", enrollmentMode: "no-id-professional", status: "error", modified: "2026-05-02T08:30:00.000Z" },
    { username: "dev", enrollmentMode: "verified", status: null, modified: "2026-05-03T08:30:00.000Z" },
  ],
  page: 1,
  pageCount: 3,
  total: 60,
  perPage: 25,
  search: "",
  statuses: [],
};

describe("onboarding panel (server-rendered HTML)", () => {
  it("shows each learner's mode and status in words, with when it changed", () => {
    const html = render(createElement(OnboardingPanel, { courseKey: "course-v1:A+B+C", initial: { state: ALL, data: PAGE } }));
    expect(html).toContain("Approved in Another Course");
    expect(html).toContain("Master&#x27;s");
    expect(html).toContain("Not Started");
    expect(html).toContain("No ID Professional");
    expect(html).toContain("cleo&lt;b&gt;");
    expect(html).toContain('<time dateTime="2026-05-01T12:00:00.000Z" data-zone="server">');
    expect(html).toContain("60 learners");
    // The filter lists every status, 3.8.1's order, with "All statuses" first.
    const options = [...html.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(options).toEqual(["", "not_started", "setup_started", "onboarding_started", "other_course_approved", "submitted", "verified", "rejected", "error"]);
    expect(html).toMatch(/<label[^>]*>Onboarding status<\/label>/);
    expect(html).toContain('aria-label="Onboarding pages"');
  });

  it("says when the course has no onboarding exam, and which empty state applies", () => {
    expect(render(createElement(OnboardingPanel, { courseKey: "k", initial: null }))).toContain("This course has no onboarding exam");
    const empty = { ...PAGE, rows: [], total: 0, pageCount: 1 };
    expect(render(createElement(OnboardingPanel, { courseKey: "k", initial: { state: ALL, data: empty } }))).toContain("There are no learners in this course who require onboarding exams.");
    const filtered = { ...empty, statuses: ["verified" as const] };
    expect(render(createElement(OnboardingPanel, { courseKey: "k", initial: { state: { ...ALL, status: "verified" }, data: filtered } }), "?status=verified")).toContain("There are no learners who fit this criteria.");
  });
});
