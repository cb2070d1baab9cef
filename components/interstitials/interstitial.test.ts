/**
 * Server rendering of every interstitial (react-dom/server, no DOM). Written without JSX because
 * vitest.config.ts includes `**\/*.test.ts` only.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { ExamFormAction } from "@/lib/actions/exam-types";
import {
  decideStudentView,
  FULLY_ELIGIBLE,
  STUDENT_VIEW_KINDS,
  type SpecialExamKind,
  type StudentView,
  type StudentViewAttempt,
  type StudentViewInput,
} from "@/lib/domain/student-view";
import { withIntl } from "@/lib/i18n/testing";
import { Interstitial } from "./interstitial";
import type { InterstitialProps, ResolvedContact, VendorInfo } from "./types";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));
vi.mock("@/components/proctoring/vendor-worker", () => ({ runVendorHandshake: async () => undefined }));

const NOW = new Date("2025-03-10T12:00:00.000Z");
const at = (m: number) => new Date(NOW.getTime() + m * 60_000);
const ESCALATION = "exams@course.example";

const action: ExamFormAction = async () => ({ error: null });

const COURSE_TEAM: ResolvedContact = { kind: "course_team", name: "the course team", email: ESCALATION, url: null, phone: null };
const SUPPORT: ResolvedContact = {
  kind: "platform_support",
  name: "Invigil",
  email: "support@invigil.example",
  url: "https://invigil.example/support",
  phone: "+1 555 0100",
};
const VENDOR: VendorInfo = {
  name: "Mock Proctoring",
  workerUrl: "/mock-proctoring-worker.js",
  downloadUrl: "https://vendor.example/download",
  pingIntervalSeconds: 60,
  instructions: ["Open the proctoring application.", "Show your photo ID to the camera."],
};

function input(kind: SpecialExamKind, o: Partial<StudentViewInput> = {}, attempt: Partial<StudentViewAttempt> | null = null): StudentViewInput {
  return {
    exam: { kind, isActive: true, timeLimitMins: 90, dueDate: null, hideAfterDue: false },
    attempt: attempt
      ? {
          status: "created",
          startedAt: null,
          allowedTimeLimitMins: null,
          completedAt: null,
          isStatusAcknowledged: false,
          takingAsProctored: kind !== "timed",
          timeRemainingSeconds: null,
          ...attempt,
        }
      : null,
    learner: { enrollmentMode: "verified", isCourseStaff: false },
    eligibility: FULLY_ELIGIBLE,
    course: { endDate: null, allowProctoringOptOut: false, escalationEmail: ESCALATION },
    backend: kind === "timed" ? null : { blocksExamMaterial: false, supportsOnboarding: kind === "onboarding" },
    now: NOW,
    ...o,
  };
}

const ran = { startedAt: at(-10), allowedTimeLimitMins: 60 };
const finished = { ...ran, completedAt: at(-5) };

function props(view: StudentView, o: Partial<InterstitialProps> = {}): InterstitialProps {
  return {
    view,
    exam: { id: 7, name: "Final exam", contentId: "block-v1:final", courseKey: "course-v1:Org+CS101+2025" },
    attemptId: 42,
    contact: COURSE_TEAM,
    vendor: view.kind !== "staff_preview" && view.examKind === "timed" ? null : VENDOR,
    action,
    timeZone: "UTC",
    answers: null,
    ...o,
  };
}

function render(p: InterstitialProps, locale: "en" | "es" = "en"): string {
  return renderToStaticMarkup(withIntl(createElement(Interstitial, p), locale));
}

function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .replace(/ ([.,;:!?])/g, "$1")
    .trim();
}

function headings(html: string): string[] {
  return [...html.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((m) => text(m[1]!));
}

function intents(html: string): string[] {
  return [...html.matchAll(/<input type="hidden" name="intent" value="([a-z_]+)"\/>/g)].map((m) => m[1]!);
}

function buttons(html: string): string[] {
  return [...html.matchAll(/<button[^>]*>[\s\S]*?<\/button>/g)].map((m) => m[0]);
}

function expectClean(html: string) {
  const visible = text(html);
  expect(visible).not.toMatch(/interstitials\./);
  expect(visible).not.toMatch(/\{\w+\}/);
  // Every form posts the exam id.
  for (const form of html.match(/<form[\s\S]*?<\/form>/g) ?? []) {
    expect(form).toContain('<input type="hidden" name="examId" value="7"/>');
  }
}

type CreditRow = [namespace: string, name: string, displayName: string, status: "satisfied" | "failed" | "pending" | "declined"];
/** The gate's answer for these requirements (all before this exam), with a verification page configured. */
function credit(...rows: CreditRow[]): Partial<StudentViewInput> {
  const list = rows.map(([namespace, name, displayName, status], order) => ({
    namespace, name, displayName, order, status, jumpable: namespace === "proctored_exam" || namespace === "reverification",
  }));
  const by = (s: CreditRow[3]) => list.filter((p) => p.status === s);
  return {
    eligibility: {
      ...FULLY_ELIGIBLE,
      prerequisites: { ok: false, satisfied: by("satisfied"), failed: by("failed"), pending: by("pending"), declined: by("declined") },
      verification: { required: true, status: "approved", reverifyUrl: "https://lms.example/verify" },
    },
  };
}
function verification(status: "pending" | "must_reverify" | "expired" | "none", reverifyUrl: string | null = "https://lms.example/verify"): Partial<StudentViewInput> {
  return { eligibility: { ...FULLY_ELIGIBLE, verification: { required: true, status, reverifyUrl } } };
}

interface Case {
  name: string;
  view: StudentView;
  kind: StudentView["kind"];
  heading: string | RegExp;
  intents: string[];
  includes?: string[];
  overrides?: Partial<InterstitialProps>;
}

const CASES: Case[] = [
  {
    name: "timed entrance",
    view: decideStudentView(input("timed")),
    kind: "entrance",
    heading: "This is a timed exam (1 hour and 30 minutes)",
    intents: ["start_timed"],
    includes: ["Start exam", "Can I ask for more time?", ESCALATION],
  },
  {
    name: "proctored entrance with opt-out",
    view: decideStudentView(input("proctored", { course: { endDate: null, allowProctoringOptOut: true, escalationEmail: ESCALATION } })),
    kind: "entrance",
    heading: "This exam is proctored",
    intents: ["begin_proctored", "decline"],
    includes: ["Continue to exam", "Take this exam without proctoring", "1 hour and 30 minutes"],
  },
  {
    name: "practice entrance",
    view: decideStudentView(input("practice")),
    kind: "entrance",
    heading: "Try a proctored exam",
    intents: ["begin_proctored"],
  },
  {
    name: "onboarding entrance",
    view: decideStudentView(input("onboarding")),
    kind: "entrance",
    heading: "Proctoring onboarding exam",
    intents: ["begin_proctored"],
    includes: ["Continue to onboarding", "Mock Proctoring"],
  },
  {
    name: "not enrolled",
    view: decideStudentView(input("proctored", { learner: { enrollmentMode: null, isCourseStaff: false } })),
    kind: "not_eligible",
    heading: "You are not enrolled in this course",
    intents: [],
  },
  {
    name: "audit learner",
    view: decideStudentView(input("proctored", { learner: { enrollmentMode: "audit", isCourseStaff: false } })),
    kind: "not_eligible",
    heading: "This exam is not available with your enrollment",
    intents: [],
    includes: ["You are enrolled in the Audit track.", "Verified", "Professional (no ID)", "Executive Education"],
  },
  {
    name: "inactive account",
    view: decideStudentView(input("proctored", { learner: { enrollmentMode: "verified", isCourseStaff: false }, eligibility: { ...FULLY_ELIGIBLE, accountActive: false } })),
    kind: "inactive_account",
    heading: "Activate your account to take this exam",
    intents: [],
    overrides: { contact: SUPPORT },
    includes: ["support@invigil.example", 'href="https://invigil.example/support"', 'href="tel:+15550100"', "You can also call +1 555 0100."],
  },
  {
    name: "failed prerequisites with opt-out: jump-to links only for proctored_exam and reverification",
    view: decideStudentView(input("proctored", { ...credit(["proctored_exam", "block-v1:mid", "Midterm", "failed"], ["reverification", "rev1", "Photo check", "failed"], ["grade_like", "essay", "Essay", "failed"]), course: { endDate: null, allowProctoringOptOut: true, escalationEmail: ESCALATION } })),
    kind: "failed_prerequisites",
    heading: "This exam is proctored",
    intents: ["decline"],
    includes: [
      "You did not satisfy the requirements",
      "Due to unsatisfied prerequisites, you can only take this exam without proctoring.",
      'href="/courses/course-v1%3AOrg%2BCS101%2B2025/exams/block-v1%3Amid"',
      'href="https://lms.example/verify"',
      "Essay",
      ESCALATION,
    ],
  },
  {
    name: "failed prerequisites without opt-out",
    view: decideStudentView(input("proctored", credit(["proctored_exam", "block-v1:mid", "Midterm", "failed"]))),
    kind: "failed_prerequisites",
    heading: "This exam is proctored",
    intents: [],
    includes: ["You cannot take this exam with proctoring."],
  },
  {
    name: "pending prerequisites",
    view: decideStudentView(input("proctored", credit(["proctored_exam", "block-v1:mid", "Midterm", "pending"]))),
    kind: "pending_prerequisites",
    heading: "Complete the prerequisites of this exam first",
    intents: [],
    includes: ["Requirements still to complete:", "Midterm", "then come back to this page"],
  },
  {
    name: "identity verification expired: the link to the verification page",
    view: decideStudentView(input("proctored", verification("expired"), { status: "created" })),
    kind: "id_verification",
    heading: "Complete your verification before starting the proctored exam",
    intents: [],
    overrides: { contact: SUPPORT },
    includes: ["Your verification has expired.", 'href="https://lms.example/verify"', "Continue to verification"],
  },
  {
    name: "identity verification failed: retry",
    view: decideStudentView(input("proctored", verification("must_reverify"), { status: "download_software_clicked" })),
    kind: "id_verification",
    heading: "Complete your verification before starting the proctored exam",
    intents: [],
    includes: ["Your verification attempt failed.", "Retry verification"],
  },
  {
    name: "identity verification pending: wait",
    view: decideStudentView(input("proctored", verification("pending"), { status: "created" })),
    kind: "id_verification",
    heading: "Complete your verification before starting the proctored exam",
    intents: [],
    includes: ["Results should be available 2-3 days", "You do not need to do anything now."],
  },
  {
    name: "identity verification without a verification page: contact support",
    view: decideStudentView(input("proctored", verification("none", null), { status: "created" })),
    kind: "id_verification",
    heading: "Complete your verification before starting the proctored exam",
    intents: [],
    overrides: { contact: SUPPORT },
    includes: ["webcam and a government-issued photo ID", "Contact support (below)", "support@invigil.example"],
  },
  {
    name: "due date passed",
    view: decideStudentView(input("timed", { exam: { kind: "timed", isActive: true, timeLimitMins: 90, dueDate: at(-60), hideAfterDue: false } })),
    kind: "due_date_passed",
    heading: "The due date for this exam has passed",
    intents: [],
    includes: ["This exam was due on March 10, 2025 at 11:00 AM UTC."],
  },
  {
    name: "due date passed while running",
    view: {
      kind: "due_date_passed",
      examKind: "proctored",
      dueDate: at(-5),
      contact: { kind: "course_team", email: ESCALATION },
      autoSubmitAt: at(50),
    },
    kind: "due_date_passed",
    heading: "The due date for this exam has passed",
    intents: [],
    includes: ["can no longer be continued", "submitted automatically at March 10, 2025 at 12:50 PM UTC."],
  },
  {
    name: "instructions (setup)",
    view: decideStudentView(input("proctored", { course: { endDate: null, allowProctoringOptOut: true, escalationEmail: ESCALATION } }, { status: "created" })),
    kind: "instructions",
    heading: "Set up and start your proctored exam",
    intents: ["system_check", "decline"],
    includes: ["Start system check", "Show your photo ID to the camera.", 'href="https://vendor.example/download"', "(opens in a new tab)"],
  },
  {
    name: "instructions (setup, RPNow: the exam code)",
    view: decideStudentView(
      input("proctored", { backend: { blocksExamMaterial: true, supportsOnboarding: false, showsExamCode: true } }, { status: "created", attemptCode: "CODE-1234-ABCD" }),
    ),
    kind: "instructions",
    heading: "Set up and start your proctored exam",
    intents: ["system_check"],
    includes: [
      "Copy your exam code",
      'value="CODE-1234-ABCD"',
      "readOnly=\"\"",
      "Copy Exam Code",
      "Start system check",
      "Sign in to the Mock Proctoring software with your exam code",
    ],
  },
  {
    name: "instructions (system check started)",
    view: decideStudentView(input("proctored", {}, { status: "download_software_clicked" })),
    kind: "instructions",
    heading: "Checking your system",
    intents: [],
    includes: ["Waiting for the proctoring software…", "This page updates by itself"],
  },
  {
    name: "ready to start",
    view: decideStudentView(input("proctored", {}, { status: "ready_to_start" })),
    kind: "ready_to_start",
    heading: "Important: read this before you start",
    intents: ["start"],
    includes: ["You have 1 hour and 30 minutes to complete this exam."],
  },
  {
    name: "in progress",
    view: decideStudentView(input("proctored", {}, { status: "started", ...ran })),
    kind: "in_progress",
    heading: "Your exam is in progress",
    intents: [],
  },
  {
    name: "ready to submit",
    view: decideStudentView(input("proctored", {}, { status: "ready_to_submit", ...ran })),
    kind: "ready_to_submit",
    heading: "Are you sure you want to end your exam?",
    intents: ["submit", "continue"],
    includes: ["Yes, submit my exam", "No, I want to continue working"],
  },
  {
    name: "ready to submit, time is up",
    view: {
      kind: "ready_to_submit",
      examKind: "timed",
      dueDate: null,
      contact: { kind: "course_team", email: ESCALATION },
      timer: {
        startedAt: at(-60),
        deadline: at(0),
        serverNow: NOW,
        remainingSeconds: 0,
        allowedMinutes: 60,
        lowThresholdSec: 720,
        criticallyLowThresholdSec: 180,
      },
      canContinue: false,
      vendorWorker: false,
    },
    kind: "ready_to_submit",
    heading: "Are you sure you want to end your exam?",
    intents: ["submit"],
  },
  {
    name: "timed submitted, time expired, answers",
    view: decideStudentView(input("timed", { timeExpiredMessage: true }, { status: "submitted", ...finished })),
    kind: "submitted",
    heading: "Your time ran out",
    intents: [],
    overrides: { answers: { answered: 3, total: 4 } },
    includes: [
      "your time ran out and your exam was submitted automatically — your saved answers were handed in.",
      "Your answers were saved: 3 of 4 questions answered.",
    ],
  },
  {
    name: "proctored submitted after the due date (view my exam)",
    view: decideStudentView(
      input("proctored", { exam: { kind: "proctored", isActive: true, timeLimitMins: 90, dueDate: at(-1), hideAfterDue: false } }, {
        status: "submitted",
        ...finished,
      }),
    ),
    kind: "submitted",
    heading: "You have submitted this proctored exam for review",
    intents: ["acknowledge"],
    includes: ["View my exam"],
  },
  {
    name: "timed submitted with grace period",
    view: decideStudentView(
      input(
        "timed",
        { exam: { kind: "timed", isActive: true, timeLimitMins: 90, dueDate: at(-1), hideAfterDue: false }, waitDeadline: at(30) },
        { status: "submitted", ...finished },
      ),
    ),
    kind: "submitted",
    heading: "You have submitted your timed exam",
    intents: [],
    includes: ["Your result will be visible after March 10, 2025 at 12:30 PM UTC.", "After the due date, you can review your exam"],
  },
  {
    name: "onboarding submitted (retry with confirmation)",
    view: decideStudentView(input("onboarding", {}, { status: "submitted", ...finished })),
    kind: "submitted",
    heading: "You have submitted this onboarding exam",
    intents: ["retry"],
    includes: ["Retry my exam"],
  },
  {
    name: "verified",
    view: decideStudentView(input("proctored", {}, { status: "verified", ...finished })),
    kind: "verified",
    heading: "Your proctoring session was reviewed successfully",
    intents: [],
  },
  {
    name: "onboarding verified",
    view: decideStudentView(input("onboarding", {}, { status: "verified", ...finished })),
    kind: "verified",
    heading: "Your onboarding profile was reviewed successfully",
    intents: [],
  },
  {
    name: "rejected onboarding (retry)",
    view: decideStudentView(input("onboarding", {}, { status: "rejected", ...finished })),
    kind: "rejected",
    heading: "Your onboarding session was reviewed, but did not pass all requirements",
    intents: ["retry"],
  },
  {
    name: "attempt error with saved time",
    view: decideStudentView(input("proctored", {}, { status: "error", ...ran, timeRemainingSeconds: 45 * 60 + 20 })),
    kind: "error",
    heading: "There was a problem with your proctored exam",
    intents: [],
    includes: [`href="mailto:${ESCALATION}"`, "The time you had left was saved: 45 minutes."],
  },
  {
    name: "practice error (retry)",
    view: decideStudentView(input("practice", {}, { status: "error", ...ran })),
    kind: "error",
    heading: "There was a problem with your practice proctoring session",
    intents: ["retry"],
  },
  {
    name: "unexpected status",
    view: decideStudentView(input("proctored", {}, { status: "expired" })),
    kind: "error",
    heading: "Your exam cannot be shown right now",
    intents: [],
    includes: [ESCALATION],
  },
  {
    name: "ready to resume",
    view: decideStudentView(
      input("proctored", { course: { endDate: null, allowProctoringOptOut: true, escalationEmail: ESCALATION } }, {
        status: "ready_to_resume",
        ...ran,
        timeRemainingSeconds: 20 * 60,
      }),
    ),
    kind: "ready_to_resume",
    heading: "Your exam is ready to be resumed",
    intents: ["begin_proctored", "decline"],
    includes: ["You will have 20 minutes to complete it."],
  },
  {
    name: "ready to resume, blocked by the due date",
    view: {
      kind: "ready_to_resume",
      examKind: "proctored",
      dueDate: at(-1),
      contact: { kind: "course_team", email: ESCALATION },
      remainingTime: { minutes: 20, humanized: "20 minutes" },
      optOutAllowed: false,
      canResume: false,
      blockedBy: "due_date_passed",
    },
    kind: "ready_to_resume",
    heading: "Your exam is ready to be resumed",
    intents: [],
    includes: ["its due date has passed", "extend your due date"],
  },
  {
    name: "onboarding missing",
    view: decideStudentView(input("proctored", {}, { status: "onboarding_missing" })),
    kind: "onboarding_error",
    heading: "Complete onboarding before taking this proctored exam",
    intents: ["try_again"],
    includes: ['href="/courses/course-v1%3AOrg%2BCS101%2B2025"', "You have not completed an onboarding exam yet."],
  },
  {
    name: "onboarding pending",
    view: decideStudentView(input("proctored", {}, { status: "onboarding_pending" })),
    kind: "onboarding_error",
    heading: "Complete onboarding before taking this proctored exam",
    intents: ["try_again"],
    includes: ["Your onboarding exam is being reviewed."],
  },
  {
    name: "wrong browser",
    view: decideStudentView({
      ...input("proctored", {}, { status: "started", ...ran }),
      backend: { blocksExamMaterial: true, supportsOnboarding: false },
    }),
    kind: "wrong_browser",
    heading: "This exam cannot be shown in this browser",
    intents: ["stop"],
    includes: ["End my exam"],
  },
  {
    name: "declined (content)",
    view: decideStudentView(input("proctored", {}, { status: "declined", takingAsProctored: false })),
    kind: "content",
    heading: "You are taking this exam without proctoring",
    intents: [],
  },
  {
    name: "course ended (content)",
    view: decideStudentView(input("proctored", { course: { endDate: at(-60), allowProctoringOptOut: false, escalationEmail: ESCALATION } })),
    kind: "content",
    heading: "This course has ended",
    intents: [],
    includes: ["Your answers can no longer be changed."],
  },
  {
    name: "review after due (content)",
    view: decideStudentView(
      input("timed", { exam: { kind: "timed", isActive: true, timeLimitMins: 90, dueDate: at(-60), hideAfterDue: false } }, {
        status: "submitted",
        startedAt: at(-120),
        allowedTimeLimitMins: 60,
        completedAt: at(-90),
      }),
    ),
    kind: "content",
    heading: "Review your exam",
    intents: [],
  },
  {
    name: "staff preview",
    view: decideStudentView(input("proctored", { learner: { enrollmentMode: "verified", isCourseStaff: true } })),
    kind: "staff_preview",
    heading: "Preview: this is what a learner sees",
    intents: ["begin_proctored"],
    overrides: { attemptId: null },
  },
];

describe("Interstitial", () => {
  it("covers every view kind", () => {
    const covered = new Set(CASES.map((c) => c.view.kind));
    expect([...covered].sort()).toEqual([...STUDENT_VIEW_KINDS].sort());
  });

  it.each(CASES)("$name", (c) => {
    expect(c.view.kind).toBe(c.kind);
    const html = render(props(c.view, c.overrides));
    const h2s = headings(html);
    if (typeof c.heading === "string") expect(h2s[0]).toBe(c.heading);
    else expect(h2s[0]).toMatch(c.heading);
    expect(intents(html)).toEqual(c.intents);
    const visible = text(html);
    for (const s of c.includes ?? []) {
      if (s.includes("=")) expect(html).toContain(s);
      else expect(visible.toLowerCase()).toContain(s.toLowerCase());
    }
    expectClean(html);
    // The heading takes the focus: a focusable h2, one per interstitial (two for a staff preview).
    expect(html.match(/<h2 [^>]*tabindex="-1"/g)?.length).toBe(c.kind === "staff_preview" ? 2 : 1);
    // Every action is a real button with a visible focus style.
    for (const b of buttons(html)) expect(b).toContain("focus-visible:outline");
  });

  it("posts the attempt id when there is one, and not before", () => {
    const withAttempt = render(props(decideStudentView(input("proctored", {}, { status: "ready_to_start" }))));
    expect(withAttempt).toContain('<input type="hidden" name="attemptId" value="42"/>');
    const without = render(props(decideStudentView(input("proctored")), { attemptId: null }));
    expect(without).not.toContain('name="attemptId"');
  });

  it("shows the course's escalation email prominently on the error page, else whom else to contact", () => {
    const view = decideStudentView(input("proctored", {}, { status: "error", ...ran, timeRemainingSeconds: 600 }));
    const html = render(props(view));
    expect(text(html)).toContain(`Email the course team at ${ESCALATION} for help`);
    const support = decideStudentView(input("proctored", { course: { endDate: null, allowProctoringOptOut: false, escalationEmail: null } }, { status: "error", ...ran }));
    const supportHtml = render(props(support, { contact: SUPPORT }));
    expect(text(supportHtml)).toContain("If you have questions, contact Invigil at support@invigil.example.");
    expect(supportHtml).not.toContain(ESCALATION);
  });

  it("disables every button in a staff preview and says it is a preview", () => {
    const view = decideStudentView(
      input("proctored", {
        learner: { enrollmentMode: "verified", isCourseStaff: true },
        course: { endDate: null, allowProctoringOptOut: true, escalationEmail: ESCALATION },
      }),
    );
    const html = render(props(view, { attemptId: null, preview: true }));
    expect(html).toContain("data-staff-preview");
    const all = buttons(html);
    expect(all.length).toBe(2);
    for (const b of all) expect(b).toMatch(/ disabled=""/);
    // The nested learner heading does not steal the focus from the banner: ids differ.
    expect(html).toContain('id="interstitial-heading"');
    expect(html).toContain('id="interstitial-preview-heading"');
  });

  it("labels the RPNow exam code field and announces the copy in a live region (§12.3)", () => {
    const view = decideStudentView(
      input("proctored", { backend: { blocksExamMaterial: true, supportsOnboarding: false, showsExamCode: true } }, { status: "created", attemptCode: "CODE-1234-ABCD" }),
    );
    const html = render(props(view));
    const field = html.match(/<input id="([^"]+)" type="text" readOnly=""[^>]* value="CODE-1234-ABCD"/);
    const id = field?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain(`<label for="${id}"`);
    expect(html).toMatch(/<p role="status"[^>]*><\/p>/);
    // Other backends keep the generic setup page: no code is shown.
    const generic = render(props(decideStudentView(input("proctored", {}, { status: "created", attemptCode: "CODE-1234-ABCD" }))));
    expect(generic).not.toContain("CODE-1234-ABCD");
    expect(text(generic)).not.toContain("Copy Exam Code");
  });

  it("leaves buttons enabled for learners", () => {
    const html = render(props(decideStudentView(input("timed"))));
    for (const b of buttons(html)) expect(b).not.toMatch(/ disabled=""/);
  });

  it("formats dates in the learner's time zone and locale", () => {
    const view = decideStudentView(input("timed", { exam: { kind: "timed", isActive: true, timeLimitMins: 90, dueDate: at(-60), hideAfterDue: false } }));
    const html = render(props(view, { timeZone: "America/New_York" }));
    expect(text(html)).toContain("March 10, 2025 at 7:00 AM EDT");
    // An unknown time zone falls back instead of crashing.
    expect(() => render(props(view, { timeZone: "Not/AZone" }))).not.toThrow();
  });

  it("uses the singular for one question and one hour", () => {
    const view = decideStudentView(input("timed", { exam: { kind: "timed", isActive: true, timeLimitMins: 60, dueDate: null, hideAfterDue: false } }));
    expect(headings(render(props(view)))[0]).toBe("This is a timed exam (1 hour)");
    const submitted = decideStudentView(input("timed", {}, { status: "submitted", ...finished }));
    expect(text(render(props(submitted, { answers: { answered: 1, total: 1 } })))).toContain("1 of 1 question answered");
  });

  it("offers the retry of a submitted onboarding exam behind a confirmation step", () => {
    const html = render(props(decideStudentView(input("onboarding", {}, { status: "submitted", ...finished }))));
    // The first button only opens the confirmation (type=button); the post comes after "Yes".
    const retry = buttons(html).find((b) => b.includes("Retry my exam"));
    expect(retry).toContain('type="button"');
  });

  it("keeps the error page's contact when the escalation email is missing", () => {
    const view = decideStudentView(input("proctored", { course: { endDate: null, allowProctoringOptOut: false, escalationEmail: null } }, { status: "error", ...ran }));
    expect(view.kind === "error" && view.contact.kind).toBe("platform_support");
  });

  it("speaks the request's language: Spanish words, plurals, dates and links", () => {
    const view = decideStudentView(input("timed", { exam: { kind: "timed", isActive: true, timeLimitMins: 60, dueDate: null, hideAfterDue: false } }));
    const html = render(props(view), "es");
    expect(headings(html)[0]).toBe("Este es un examen cronometrado (1 hora)");
    expect(buttons(html).some((b) => b.includes("Empezar el examen"))).toBe(true);
    // The contact sentence keeps its mail link inside the translated sentence.
    expect(html).toMatch(/Si tienes preguntas, contacta con el equipo del curso en <a href="mailto:/);
    const submitted = decideStudentView(input("timed", {}, { status: "submitted", ...finished }));
    expect(text(render(props(submitted, { answers: { answered: 2, total: 3 } }), "es"))).toContain("2 de 3 preguntas respondidas");
    const due = decideStudentView(input("timed", { exam: { kind: "timed", isActive: true, timeLimitMins: 90, dueDate: at(-60), hideAfterDue: false } }));
    // LocalTime formats with the request's locale: a Spanish date, in the zone of the server's rendering.
    expect(text(render(props(due, { timeZone: "Europe/Madrid" }), "es"))).toMatch(/10 de marzo de 2025 a las 12:00 CET/);
    expect(text(html)).not.toMatch(/\b(the|your|exam)\b/i);
  });
});

describe("waiting states end (decision 027)", () => {
  const checking = () => decideStudentView(input("proctored", {}, { status: "download_software_clicked" }));

  it("the system check waits with its status line while within the time-out", () => {
    const html = render(props(checking(), { waitingMs: 10_000, vendor: { ...VENDOR, systemCheckTimeoutSeconds: 60 } }));
    expect(headings(html)).toEqual(["Checking your system"]);
    expect(text(html)).toContain("This page updates by itself");
  });

  it("past the time-out: what to do, check again, keep waiting, and the way back", () => {
    const html = render(
      props(checking(), { waitingMs: 61_000, coursePath: "/courses/x", vendor: { ...VENDOR, systemCheckTimeoutSeconds: 60 } }),
    );
    expect(headings(html)).toEqual(["The system check is taking longer than expected"]);
    expect(text(html)).not.toContain("This page updates by itself");
    expect(text(html)).toContain("no time is counting");
    expect(buttons(html).map(text)).toEqual(["Check again", "Keep waiting"]);
    expect(intents(html)).toEqual([]);
    expect(html).toMatch(/<a [^>]*href="\/courses\/x"[^>]*>Back to the course<\/a>/);
    expectClean(html);
  });

  it("offers the opt-out there when the course allows it", () => {
    const view = decideStudentView(
      input("proctored", { course: { endDate: null, allowProctoringOptOut: true, escalationEmail: ESCALATION } }, { status: "download_software_clicked" }),
    );
    const html = render(props(view, { waitingMs: 600_000 }));
    expect(text(html)).toContain("If the system check keeps failing, you can take this exam without proctoring.");
    expect(buttons(html).map(text)).toContain("Take this exam without proctoring");
  });

  it("the staff preview never times out (nothing refreshes there)", () => {
    const html = render(props(checking(), { waitingMs: 600_000, preview: true }));
    expect(headings(html)).toEqual(["Checking your system"]);
  });
});

describe("the submit confirmation summarises the answers (decision 027)", () => {
  const questionSummary = [
    { id: 11, number: 1, answered: true },
    { id: 12, number: 2, answered: false },
    { id: 13, number: 3, answered: false },
  ];
  const readyToSubmit = (remaining = true) =>
    decideStudentView(input("timed", {}, { status: "ready_to_submit", ...(remaining ? ran : { startedAt: at(-61), allowedTimeLimitMins: 60 }) }));

  it("counts answered and unanswered questions, each a way back to it", () => {
    const html = render(props(readyToSubmit(), { questionSummary }));
    const visible = text(html);
    expect(visible).toContain("You answered 1 of 3 questions.");
    expect(visible).toContain("2 questions have no answer. Select one to go back to it.");
    // Each question is a `continue` form; its name says where it goes and in what state it is.
    expect(intents(html)).toEqual(["continue", "continue", "continue", "submit", "continue"]);
    expect(html).toContain('aria-label="Go back to question 2: not answered"');
    expect(html).toContain('aria-label="Go back to question 1: answered"');
    expectClean(html);
  });

  it("every question answered", () => {
    const html = render(props(readyToSubmit(), { questionSummary: questionSummary.map((q) => ({ ...q, answered: true })) }));
    expect(text(html)).toContain("You answered 3 of 3 questions. Every question has an answer.");
  });

  it("without a question set: no summary", () => {
    const html = render(props(readyToSubmit(), { questionSummary: null }));
    expect(html).not.toContain("answer-summary");
  });
});

describe("links to the learning platform (decision 027)", () => {
  it("a verified proctored result links the progress page when one is configured, and words it without", () => {
    const view = decideStudentView(input("proctored", {}, { status: "verified", ...finished }));
    const linked = render(props(view, { links: { progress: "https://lms.example/progress", changeEnrollment: null } }));
    expect(linked).toMatch(/<a href="https:\/\/lms.example\/progress"[^>]*>See your grade on your progress page<\/a>/);
    const plain = render(props(view));
    expect(text(plain)).toContain("Your exam grade appears with your other grades in this course.");
    expect(text(plain)).not.toContain("progress page");
  });

  it("the wrong enrollment track links the enrollment page when configured", () => {
    const view = decideStudentView(input("proctored", { learner: { enrollmentMode: "audit", isCourseStaff: false } }));
    const linked = render(props(view, { links: { progress: null, changeEnrollment: "https://lms.example/modes" } }));
    expect(linked).toMatch(/<a href="https:\/\/lms.example\/modes"[^>]*>Change your enrollment<\/a>/);
    expect(text(render(props(view)))).toContain("Ask the course team how to change your enrollment");
  });
});
