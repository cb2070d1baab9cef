import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ATTEMPT_STATUSES, type AttemptStatus } from "@/lib/domain/statuses";
import { attemptStatusSummary } from "@/lib/domain/summary";
import { CATALOGUES } from "@/lib/i18n";
import { withIntl } from "@/lib/i18n/testing";
import { ExamList, SUMMARY_MESSAGE_KEYS, type ExamCardData } from "./exam-list";

const en: Readonly<Record<string, string>> = CATALOGUES.en;
const KINDS = ["timed", "proctored", "practice", "onboarding"] as const;

function render(exams: ExamCardData[], isStaff = false) {
  const html = renderToStaticMarkup(withIntl(createElement(ExamList, { exams, timeZone: "UTC", isStaff })));
  return { html, text: html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() };
}

function exam(over: Partial<ExamCardData>): ExamCardData {
  return {
    id: 1,
    name: "Final exam",
    kind: "proctored",
    timeLimitMins: 90,
    dueDate: null,
    duePassed: false,
    hideAfterDue: false,
    attemptStatus: null,
    summary: attemptStatusSummary({ examKind: over.kind ?? "proctored", status: over.attemptStatus ?? null, courseEndPassed: false }),
    url: "/courses/c/exams/e",
    ...over,
  };
}

describe("ExamList", () => {
  it("has a catalogue message for every §3.6 summary the domain can give", () => {
    for (const kind of KINDS) {
      for (const status of [null, ...ATTEMPT_STATUSES] as (AttemptStatus | null)[]) {
        for (const courseEndPassed of [false, true]) {
          const summary = attemptStatusSummary({ examKind: kind, status, courseEndPassed });
          if (!summary) continue;
          const key = SUMMARY_MESSAGE_KEYS[summary.short_description];
          expect(key, summary.short_description).toBeDefined();
          expect(en[key!], key).toBe(summary.short_description);
        }
      }
    }
  });

  it("links each exam by its name and shows kind, time limit, due date and status in words", () => {
    const { html, text } = render([
      exam({ id: 1, name: "Final exam", attemptStatus: "verified", dueDate: new Date("2026-07-01T16:30:00Z") }),
      exam({ id: 2, name: "Weekly quiz", kind: "timed", timeLimitMins: 1, attemptStatus: "started" }),
      exam({ id: 3, name: "Onboarding", kind: "onboarding", attemptStatus: "submitted" }),
    ]);
    expect(html).toContain('<a class="');
    expect(html).toMatch(/<a [^>]*href="\/courses\/c\/exams\/e"[^>]*>Final exam<\/a>/);
    expect(text).toContain("Proctored exam · 90 minutes");
    // The joining words and spaces vary with the ICU version ("2026, 4:30" / "2026 at 4:30").
    expect(text).toMatch(/Due July 1, 2026\D+4:30\sPM UTC/);
    expect(text).toContain("Status: Passed Proctoring");
    expect(html).toContain('data-icon="check"');
    expect(text).toContain("Timed exam · 1 minute");
    expect(text).toContain("Status: In progress");
    expect(text).toContain("Onboarding exam · 90 minutes");
    expect(text).toContain("Status: Practice Exam Completed");
    expect(text).not.toMatch(/course\.[a-z_]+/);
    expect(text).not.toMatch(/[{}]/);
  });

  it("says when a proctored exam is not available in the learner's track, or is a staff preview", () => {
    const learner = render([exam({ summary: null })]);
    expect(learner.text).toContain("Not available in your enrollment track");
    const staff = render([exam({ summary: null, hideAfterDue: true })], true);
    expect(staff.text).toContain("Course staff: open the exam to preview it");
    expect(staff.text).toContain("Hidden from learners after the due date");
  });

  it("a passed due date reads as past", () => {
    const { text } = render([exam({ dueDate: new Date("2026-01-01T00:00:00Z"), duePassed: true })]);
    expect(text).toContain("Was due January 1, 2026");
  });
});
