import { describe, expect, it } from "vitest";
import { answerWindow, AUTOSAVE_GRACE_MS } from "./save";
import { computeScore } from "./score";
import { answerProblem } from "./shapes";

const MIN = 60_000;

describe("computeScore", () => {
  const q = (id: number, kind: "multiple_choice" | "short_answer", correctChoice: number | null, points: number) => ({ id, kind, correctChoice, points });

  it("adds the points of right choices over the points of every scorable question", () => {
    const questions = [q(1, "multiple_choice", 0, 2), q(2, "multiple_choice", 2, 3), q(3, "short_answer", null, 10), q(4, "multiple_choice", 1, 1)];
    expect(computeScore(questions, [])).toEqual({ earned: 0, possible: 6 });
    expect(
      computeScore(questions, [
        { questionId: 1, answer: { choice: 0 } },
        { questionId: 2, answer: { choice: 1 } },
        { questionId: 3, answer: { text: "long essay" } },
        { questionId: 4, answer: { choice: 1 } },
      ]),
    ).toEqual({ earned: 3, possible: 6 });
  });

  it("is null without a multiple-choice question with a right answer", () => {
    expect(computeScore([], [])).toBeNull();
    expect(computeScore([q(1, "short_answer", null, 5)], [{ questionId: 1, answer: { text: "x" } }])).toBeNull();
    // A question whose right answer was never set counts for nobody.
    expect(computeScore([q(1, "multiple_choice", null, 5)], [{ questionId: 1, answer: { choice: 0 } }])).toBeNull();
    expect(computeScore([q(1, "multiple_choice", null, 5), q(2, "multiple_choice", 0, 1)], [])).toEqual({ earned: 0, possible: 1 });
  });

  it("ignores a text answer stored for a multiple-choice question", () => {
    expect(computeScore([q(1, "multiple_choice", 0, 2)], [{ questionId: 1, answer: { text: "0" } }])).toEqual({ earned: 0, possible: 2 });
  });
});

describe("answerWindow", () => {
  const startedAt = new Date("2026-04-01T09:00:00Z");
  const expiry = new Date(startedAt.getTime() + 30 * MIN);
  const base = { startedAt, allowedTimeLimitMins: 30 };
  const at = (ms: number) => new Date(expiry.getTime() + ms);

  it("is open while the attempt runs", () => {
    expect(answerWindow({ ...base, status: "started", completedAt: null }, at(-1000))).toBe("open");
    expect(answerWindow({ ...base, status: "ready_to_submit", completedAt: null }, at(-1000))).toBe("open");
  });

  it("grants the grace only to an automatic submission at the expiry instant, for 10 s", () => {
    const auto = { ...base, status: "submitted" as const, completedAt: expiry };
    expect(answerWindow(auto, at(0))).toBe("grace");
    expect(answerWindow(auto, at(AUTOSAVE_GRACE_MS))).toBe("grace");
    expect(answerWindow(auto, at(AUTOSAVE_GRACE_MS + 1))).toBe("closed");
    expect(answerWindow({ ...auto, completedAt: at(-1) }, at(1000))).toBe("closed");
    expect(answerWindow({ ...auto, completedAt: at(1) }, at(1000))).toBe("closed");
    expect(answerWindow({ ...auto, status: "verified" }, at(1000))).toBe("closed");
    expect(answerWindow({ ...auto, status: "timed_out" }, at(1000))).toBe("closed");
    expect(answerWindow({ ...auto, startedAt: null }, at(1000))).toBe("closed");
    expect(answerWindow({ ...auto, allowedTimeLimitMins: null }, at(1000))).toBe("closed");
  });

  it("is closed before the start and after other endings", () => {
    for (const status of ["created", "ready_to_start", "error", "declined", "rejected", "ready_to_resume", "resumed"] as const) {
      expect(answerWindow({ ...base, status, completedAt: expiry }, at(0)), status).toBe("closed");
    }
  });
});

describe("answerProblem", () => {
  const mc = { kind: "multiple_choice" as const, choices: ["a", "b"] };
  const sa = { kind: "short_answer" as const, choices: [] };
  it("matches the answer to the question", () => {
    expect(answerProblem(mc, { choice: 0 })).toBeNull();
    expect(answerProblem(mc, { choice: 1 })).toBeNull();
    expect(answerProblem(mc, { choice: 2 })).toMatch(/between 0 and 1/);
    expect(answerProblem(mc, { text: "a" })).toMatch(/multiple-choice/);
    expect(answerProblem(sa, { text: "" })).toBeNull();
    expect(answerProblem(sa, { choice: 0 })).toMatch(/short-answer/);
    expect(answerProblem(sa, { text: "x".repeat(10_001) })).toMatch(/10000/);
  });
});
