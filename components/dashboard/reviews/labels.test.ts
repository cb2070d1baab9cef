import { describe, expect, it } from "vitest";
import { decisionConsequences, decisionDoneText, formatOffset, queueStatusLabel, reviewOffersResume, reviewStatusLabel } from "./labels";

describe("reviews panel labels", () => {
  it("names the vendor's verdicts and keeps unknown ones", () => {
    expect(reviewStatusLabel("Suspicious")).toBe("Suspicious");
    expect(reviewStatusLabel("Clean")).toBe("Clean (passed)");
    expect(reviewStatusLabel("Not Reviewed")).toMatch(/^Not reviewed/);
    expect(reviewStatusLabel("Odd")).toBe("Odd");
    expect(queueStatusLabel("second_review_required")).toBe("Second review required");
  });

  it("prints offsets into a recording", () => {
    expect(formatOffset(0)).toBe("0:00");
    expect(formatOffset(65)).toBe("1:05");
    expect(formatOffset(3723)).toBe("1:02:03");
    expect(formatOffset(-4)).toBe("0:00");
  });

  it("says what a decision does, e-mail included only when one goes out", () => {
    const subject = { username: "ada", examName: "Final", emailsLearner: true };
    expect(decisionConsequences("verify", subject)[0]).toBe("ada's attempt at Final becomes Verified (passed proctoring).");
    expect(decisionConsequences("reject", subject).join(" ")).toContain("grade is set to 0");
    expect(decisionConsequences("reject", subject).at(-1)).toContain("gets an e-mail");
    expect(decisionConsequences("verify", { ...subject, emailsLearner: false }).at(-1)).toContain("No e-mail");
    expect(decisionDoneText("reject", subject, true)).toBe("ada's attempt at Final was rejected. The learner will get an e-mail.");
    expect(decisionDoneText("verify", subject, false)).toBe("ada's attempt at Final was already verified; nothing changed.");
  });
});

describe("reviewOffersResume", () => {
  it.each([
    ["error", "proctored", true],
    ["error", "timed", true],
    ["error", "practice", false],
    ["error", "onboarding", false],
    ["second_review_required", "proctored", false],
  ])("%s at a %s exam → %s", (status, kind, offered) => {
    expect(reviewOffersResume({ status, exam: { kind } })).toBe(offered);
  });
});
