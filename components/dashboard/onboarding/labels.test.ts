import { describe, expect, it } from "vitest";
import { INSTRUCTOR_ONBOARDING_STATUSES } from "@/lib/domain/onboarding";
import { enrollmentModeLabel, ONBOARDING_FILTER_ORDER, onboardingEmptyText, onboardingStatusLabel } from "./labels";

describe("onboarding panel labels (§13.3)", () => {
  it("names every dashboard status, other_course_approved as 3.8.1 does", () => {
    expect(onboardingStatusLabel("other_course_approved")).toBe("Approved in Another Course");
    expect(onboardingStatusLabel("not_started")).toBe("Not Started");
    expect(onboardingStatusLabel("onboarding_started")).toBe("Onboarding Started");
    for (const status of INSTRUCTOR_ONBOARDING_STATUSES) expect(onboardingStatusLabel(status)).not.toBe(status);
    expect(onboardingStatusLabel(null)).toMatch(/^Other/);
    expect(onboardingStatusLabel("something_new")).toBe("something_new");
  });

  it("offers every status once in the filter, in 3.8.1's checkbox order", () => {
    expect([...ONBOARDING_FILTER_ORDER].sort()).toEqual([...INSTRUCTOR_ONBOARDING_STATUSES].sort());
    expect(ONBOARDING_FILTER_ORDER.slice(0, 4)).toEqual(["not_started", "setup_started", "onboarding_started", "other_course_approved"]);
  });

  it("labels enrollment modes and keeps unknown ones", () => {
    expect(enrollmentModeLabel("masters")).toBe("Master's");
    expect(enrollmentModeLabel("no-id-professional")).toBe("No ID Professional");
    expect(enrollmentModeLabel("executive-education")).toBe("Executive Education");
    expect(enrollmentModeLabel("new-mode")).toBe("new-mode");
  });

  it("has 3.8.1's two empty states", () => {
    expect(onboardingEmptyText(true)).toBe("There are no learners who fit this criteria.");
    expect(onboardingEmptyText(false)).toBe("There are no learners in this course who require onboarding exams.");
  });
});
