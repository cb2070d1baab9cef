import { describe, expect, it } from "vitest";
import { failureText, plainApiMessage } from "./plain-messages";

describe("plainApiMessage", () => {
  it("turns 3.8.1's raw messages into sentences", () => {
    expect(plainApiMessage("Cannot find user against nobody_here")).toBe("No learner has the username or e-mail address “nobody_here”.");
    expect(plainApiMessage('allowance_value "-5" should be non-negative integer value.')).toBe(
      "“-5” is not a number of minutes: enter a whole number, 0 or more (for example 30).",
    );
    expect(plainApiMessage('allowance_value "" should be non-negative integer value.')).toBe("Enter the additional time as a whole number of minutes (0 or more).");
  });
  it("keeps a message that already reads well", () => {
    expect(plainApiMessage("Enter a time limit of at least 1 minute.")).toBe("Enter a time limit of at least 1 minute.");
  });
});

describe("failureText", () => {
  it.each([
    [{ message: "x" }, /Could not reach the server to load the attempts/],
    [{ status: 403, message: "Must be course staff." }, /not allowed to see the attempts any more/],
    [{ status: 404, message: "x" }, /^The attempts could not be found/],
    [{ status: 429, message: "x" }, /Wait a minute/],
    [{ status: 503, message: "x" }, /briefly unavailable/],
    [{ status: 500, message: "boom" }, /Something went wrong on the server/],
    [{ status: 200, message: "x", malformed: true }, /could not be read/],
    [{ status: 400, message: "Cannot find user against bo" }, /^No learner has the username or e-mail address “bo”\.$/],
  ])("%o", (failure, expected) => {
    expect(failureText(failure, "the attempts")).toMatch(expected);
  });
  it("never shows a server's internal message for a 5xx", () => {
    expect(failureText({ status: 500, message: "relation \"attempts\" does not exist" }, "the attempts")).not.toContain("relation");
  });
});
