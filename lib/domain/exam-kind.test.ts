import { describe, expect, it } from "vitest";
import { attemptKind, attemptKindLabel, attemptTypeLabel, examKind } from "./exam-kind";

describe("exam and attempt kinds (§1.2)", () => {
  it.each([
    [false, false, false, "timed", "Timed", "a timed exam"],
    [false, true, true, "timed", "Timed", "a timed exam"],
    [true, false, false, "proctored", "Proctored", "a proctored exam"],
    [true, false, true, "proctored", "Proctored", "a proctored exam"],
    [true, true, false, "practice", "Practice", "a practice exam"],
    [true, true, true, "onboarding", "Onboarding", "an onboarding exam"],
  ] as const)("taking as proctored %s, sample %s, backend with onboarding %s → %s", (proctored, sample, onboarding, kind, label, phrase) => {
    const attempt = { takingAsProctored: proctored, isSampleAttempt: sample };
    expect(attemptKind(attempt, onboarding)).toBe(kind);
    expect(attemptKindLabel(attempt, onboarding)).toBe(label);
    expect(attemptTypeLabel(attempt, onboarding)).toBe(phrase);
  });

  it("an exam's kind agrees with its attempt taken as proctored", () => {
    for (const isPracticeExam of [false, true])
      for (const onboarding of [false, true])
        expect(attemptKind({ takingAsProctored: true, isSampleAttempt: isPracticeExam }, onboarding)).toBe(examKind({ isProctored: true, isPracticeExam }, onboarding));
  });
});
