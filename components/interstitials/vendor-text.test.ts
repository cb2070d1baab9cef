/**
 * The REST vendor's text on the learner interstitials (§12.3): its rules before the start, its
 * instructions on the set-up page, and a plain sentence when it did not answer.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { decideStudentView, FULLY_ELIGIBLE, type StudentViewInput } from "@/lib/domain/student-view";
import { loadVendorDisplay } from "@/lib/backends/vendor-display";
import { createNullBackend } from "@/lib/backends/null";
import { withIntl } from "@/lib/i18n/testing";
import { Interstitial } from "./interstitial";
import type { InterstitialProps, VendorInfo } from "./types";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));
vi.mock("@/components/proctoring/vendor-worker", () => ({ runVendorHandshake: async () => undefined }));

const NOW = new Date("2026-03-10T12:00:00.000Z");
const VENDOR: VendorInfo = {
  name: "Fake Proctoring",
  workerUrl: null,
  downloadUrl: "https://vendor.example/download",
  pingIntervalSeconds: 60,
  instructions: ["Install the Fake Proctoring app."],
  rules: [
    { key: "allow_notes", label: "Handwritten notes are allowed" },
    { key: "camera", label: "Keep your face in view of the camera" },
  ],
};

function view(status: "created" | "ready_to_start") {
  const input: StudentViewInput = {
    exam: { kind: "proctored", isActive: true, timeLimitMins: 90, dueDate: null, hideAfterDue: false },
    attempt: { status, startedAt: null, allowedTimeLimitMins: null, completedAt: null, isStatusAcknowledged: false, takingAsProctored: true, timeRemainingSeconds: null },
    learner: { enrollmentMode: "verified", isCourseStaff: false },
    eligibility: FULLY_ELIGIBLE,
    course: { endDate: null, allowProctoringOptOut: false, escalationEmail: null },
    backend: { blocksExamMaterial: false, supportsOnboarding: false },
    now: NOW,
  };
  return decideStudentView(input);
}

function render(status: "created" | "ready_to_start", vendor: VendorInfo): string {
  const p: InterstitialProps = {
    view: view(status),
    exam: { id: 7, name: "Final", contentId: "block-v1:final", courseKey: "course-v1:Org+CS101+2026" },
    attemptId: 42,
    contact: { kind: "course_team", name: "the course team", email: "team@example.test", url: null, phone: null },
    vendor,
    action: async () => ({ error: null }),
    timeZone: "UTC",
    answers: null,
  };
  return renderToStaticMarkup(withIntl(createElement(Interstitial, p)));
}

describe("vendor text on the learner pages", () => {
  it("lists the vendor's rules on the ready-to-start page", () => {
    const html = render("ready_to_start", VENDOR);
    expect(html).toContain("Exam rules from Fake Proctoring");
    expect(html).toContain("Handwritten notes are allowed");
    expect(html).toContain("Keep your face in view of the camera");
    expect(render("ready_to_start", { ...VENDOR, rules: [] })).not.toContain("Exam rules from");
  });

  it("shows the vendor's instructions on the set-up page, or a plain fallback when it did not answer", () => {
    const html = render("created", VENDOR);
    expect(html).toContain("Instructions from Fake Proctoring");
    expect(html).toContain("Install the Fake Proctoring app.");
    const down = render("created", { ...VENDOR, instructions: [], instructionsUnavailable: true });
    expect(down).toContain("The instructions from Fake Proctoring cannot be shown right now.");
    expect(down).toContain("Start system check");
  });

  it("loadVendorDisplay: null without a vendor service, `unavailable` when the vendor fails", async () => {
    const plain = createNullBackend({ name: "null", settings: {} });
    expect(await loadVendorDisplay(plain, { language: "en", examExternalId: null, attemptExternalId: null })).toBeNull();
    const failing = {
      ...plain,
      getVendorDisplay: async () => {
        throw new Error("down");
      },
    };
    expect(await loadVendorDisplay(failing, { language: "en", examExternalId: null, attemptExternalId: null })).toEqual({ unavailable: true });
    const working = { ...plain, getVendorDisplay: async () => ({ name: "V", instructions: ["a"], downloadUrl: null, rules: [] }) };
    expect(await loadVendorDisplay(working, { language: "en", examExternalId: null, attemptExternalId: null })).toEqual({
      name: "V",
      instructions: ["a"],
      downloadUrl: null,
      rules: [],
      unavailable: false,
    });
  });
});
