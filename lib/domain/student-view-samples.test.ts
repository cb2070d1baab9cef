import { describe, expect, it } from "vitest";
import { decideStudentView, STUDENT_VIEW_KINDS } from "./student-view";
import { STUDENT_VIEW_SAMPLES } from "./student-view-samples";

const NOW = new Date("2026-05-01T12:00:00Z");

describe("learner page samples", () => {
  const views = STUDENT_VIEW_SAMPLES.map((s) => ({ id: s.id, view: decideStudentView(s.input(NOW)) }));

  it("have unique, URL-safe ids", () => {
    const ids = STUDENT_VIEW_SAMPLES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it("cover every view kind but wrong_browser (no backend asks for it yet)", () => {
    const kinds = new Set(views.map((v) => v.view.kind));
    expect(STUDENT_VIEW_KINDS.filter((k) => !kinds.has(k))).toEqual(["wrong_browser"]);
  });

  it("produce the view each one is named after", () => {
    const kindOf = Object.fromEntries(views.map((v) => [v.id, v.view.kind]));
    expect(kindOf).toMatchObject({
      "timed-entrance": "entrance",
      instructions: "instructions",
      "system-check": "instructions",
      "ready-to-start": "ready_to_start",
      "in-progress": "in_progress",
      "ready-to-submit": "ready_to_submit",
      "timed-time-expired": "submitted",
      "second-review": "submitted",
      verified: "verified",
      rejected: "rejected",
      error: "error",
      "ready-to-resume": "ready_to_resume",
      declined: "content",
      "onboarding-missing": "onboarding_error",
      "due-date-passed": "due_date_passed",
      "not-eligible": "not_eligible",
      "not-enrolled": "not_eligible",
      "inactive-account": "inactive_account",
      "course-ended": "content",
      "staff-preview": "staff_preview",
      "failed-prerequisites": "failed_prerequisites",
      "failed-prerequisites-no-opt-out": "failed_prerequisites",
      "pending-prerequisites": "pending_prerequisites",
      "prerequisite-declined": "content",
      "id-verification-none": "id_verification",
      "id-verification-pending": "id_verification",
      "id-verification-must-reverify": "id_verification",
      "id-verification-expired": "id_verification",
      "id-verification-no-link": "id_verification",
    });
    const expired = views.find((v) => v.id === "timed-time-expired")!.view;
    expect(expired.kind === "submitted" && expired.timeExpired).toBe(true);
    const second = views.find((v) => v.id === "second-review")!.view;
    expect(second.kind === "submitted" && second.secondReview).toBe(true);
    const statuses = views.filter((v) => v.id.startsWith("onboarding-") && v.view.kind === "onboarding_error").map((v) => (v.view.kind === "onboarding_error" ? v.view.status : null));
    expect(statuses).toEqual(["missing", "pending", "failed", "expired"]);
  });
});
