import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { BackendChoice, ExamSettingsSummary } from "@/lib/domain/dashboard-views";

// Server rendering of the panels' client components (what the first HTML holds), without Next's
// router: the forms only use it after a submit.
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: unknown }) => createElement("a", { href, ...rest }, children as never),
}));

const { ExamSettingsForm } = await import("./exam-settings-form");
const { QuestionSetEditor } = await import("./question-set-editor");
const { ExamList } = await import("./exam-list");
const { LiveBoard } = await import("../live/live-board");

const BACKENDS: BackendChoice[] = [
  { name: "mock", label: "Mock proctoring", supportsOnboarding: true, isDefault: true },
  { name: "null", label: "Null Backend", supportsOnboarding: false, isDefault: false },
];
const EXAM: ExamSettingsSummary = {
  id: 7,
  examName: "Final",
  contentId: "block-v1:A+B+C+type@sequential+block@final",
  kind: "proctored",
  timeLimitMins: 90,
  dueDate: "2026-06-01T12:00:00.000Z",
  hideAfterDue: false,
  isActive: true,
  isProctored: true,
  isPracticeExam: false,
  backend: "mock",
  contentUrl: null,
  questionCount: 0,
  hasReviewPolicy: false,
};
const save = async () => ({ ok: true as const, examId: 7, message: "Saved." });

/** The HTML without React's text-node separators. Registered inputs get their values on hydration (react-hook-form sets them through refs), so tests look at structure, not values. */
const render = (element: Parameters<typeof renderToString>[0]) => renderToString(element).replaceAll("<!-- -->", "");

/** Every `for=` of a label names an element id in the page, and every text input has a label. */
function labelsResolve(html: string) {
  const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  for (const [, target] of html.matchAll(/<label[^>]* for="([^"]+)"/g)) expect(ids.has(target), `label for ${target}`).toBe(true);
  const labelled = new Set([...html.matchAll(/<label[^>]* for="([^"]+)"/g)].map((m) => m[1]));
  for (const [input] of html.matchAll(/<(input|textarea|select)\b[^>]*>/g)) {
    if (/type="(radio|checkbox|hidden)"/.test(input)) continue;
    const id = / id="([^"]+)"/.exec(input)?.[1];
    expect(id && labelled.has(id), `control without a label: ${input}`).toBe(true);
  }
}

describe("exam settings panel (server-rendered HTML)", () => {
  it("renders the edit form with the exam's values, its kind chosen and onboarding offered by the backend", () => {
    const html = render(createElement(ExamSettingsForm, { basePath: "/instructor/x", backends: BACKENDS, exam: EXAM, reviewPolicy: "No notes.", save }));
    // The usage key cannot change: it is shown, not an input.
    expect(html).toContain(">block-v1:A+B+C+type@sequential+block@final</span>");
    expect(html).toMatch(/<input[^>]*checked=""[^>]*value="proctored"/);
    // Practice needs a backend without onboarding; this one has it.
    expect(html).toMatch(/<input[^>]*disabled=""[^>]*value="practice"|<input[^>]*value="practice"[^>]*disabled=""/);
    expect(html).toContain("Review policy (optional)");
    expect(html).toContain("Save settings");
    labelsResolve(html);
  });

  it("renders the create form with the suggested usage key and the site default backend", () => {
    const html = render(createElement(ExamSettingsForm, { basePath: "/instructor/x", backends: BACKENDS, suggestedContentId: "block-v1:A+B+C+type@sequential+block@abc", save }),
    );
    expect(html).toContain("Usage key of the sequence");
    expect(html).toContain("Site default (Mock proctoring)");
    expect(html).toContain("Create exam");
    labelsResolve(html);
  });

  it("renders the question set editor, and a locked one as read-only with the reason", () => {
    const questions = [
      { kind: "multiple_choice" as const, prompt: "2 + 2?", choices: ["3", "4"], correct_choice: 1, points: 2 },
      { kind: "short_answer" as const, prompt: "Why?", points: 1 },
    ];
    const open = render(createElement(QuestionSetEditor, { initial: questions, locked: false, save }));
    expect(open).toContain("Question 1");
    expect(open).toContain("Question 2");
    expect(open).toContain('aria-label="Move down: question 1"');
    expect(open).toContain("Save question set");
    labelsResolve(open);
    const locked = render(createElement(QuestionSetEditor, { initial: questions, locked: true, save }));
    expect(locked).toContain("Learners have already answered this question set");
    expect(locked).toMatch(/<fieldset[^>]*disabled=""/);
    expect(locked).not.toContain("Save question set");
  });

  it("lists the course's exams with links to their settings", () => {
    const html = render(createElement(ExamList, { exams: [EXAM], backends: BACKENDS, basePath: "/instructor/x" }));
    expect(html).toContain('href="/instructor/x/exams/7"');
    expect(html).toContain("Proctored exam");
    expect(html).toContain("1 hour and 30 minutes");
    // Active with no questions and no content page: the reason is text, not only the mark.
    expect(html).toContain("Needs attention: ");
    expect(html).toContain("Learners can start it, but it has no questions and no external page");
  });

  it("gives no warning to an exam with questions", () => {
    const html = render(createElement(ExamList, { exams: [{ ...EXAM, questionCount: 3 }], backends: BACKENDS, basePath: "/instructor/x" }));
    expect(html).not.toContain("Needs attention");
    expect(html).not.toContain('data-testid="exam-warning"');
  });
});

describe("live board (server-rendered HTML)", () => {
  it("starts connecting, loading, with the filter and no rows", () => {
    const html = render(createElement(LiveBoard, { courseKey: "course-v1:A+B+C", examId: 3, basePath: "/instructor/course-v1:A+B+C" }));
    expect(html).toContain("Connecting…");
    expect(html).toContain('role="status"');
    expect(html).toContain("Needs attention (0)");
    expect(html).toContain("Loading…");
  });
});

describe("vendor dashboard link on exam rows", () => {
  it("links an exam on a backend with a vendor dashboard, and no other", () => {
    const other = { ...EXAM, id: 8, examName: "Midterm" };
    const html = render(
      createElement(ExamList, { exams: [EXAM, other], backends: BACKENDS, basePath: "/instructor/x", vendorDashboard: { base: "/api/edx_proctoring/v1/instructor/c", examIds: [7] } }),
    );
    expect(html).toContain('href="/api/edx_proctoring/v1/instructor/c/7"');
    expect(html).toContain("Vendor dashboard");
    expect(html).not.toContain('href="/api/edx_proctoring/v1/instructor/c/8"');
    expect(render(createElement(ExamList, { exams: [EXAM], backends: BACKENDS, basePath: "/instructor/x" }))).not.toContain("Vendor dashboard");
  });
});

describe("the course's credit requirements on the exam settings page (§12.3)", async () => {
  const { CreditRequirementsList } = await import("./credit-requirements");
  const REQS = [
    { namespace: "reverification", name: "rev", displayName: "Photo check", order: 1 },
    { namespace: "proctored_exam", name: EXAM.contentId, displayName: "Final exam", order: 2 },
    { namespace: "grade", name: "grade", displayName: "Final grade", order: 3 },
  ];

  it("lists them in order, marking this exam and its prerequisites", () => {
    const html = renderToString(createElement(CreditRequirementsList, { requirements: REQS, contentId: EXAM.contentId }));
    const items = [...html.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "").replace(/<!-- -->/g, ""));
    expect(items).toEqual(["Photo check (Identity reverification, prerequisite)", "Final exam (Proctored exam, this exam)", "Final grade (Grade)"]);
  });

  it("says so when the learning platform sent none", () => {
    const html = renderToString(createElement(CreditRequirementsList, { requirements: [], contentId: EXAM.contentId }));
    expect(html).toContain("sent no credit requirements");
  });
});
