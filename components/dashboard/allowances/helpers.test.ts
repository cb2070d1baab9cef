import { describe, expect, it } from "vitest";
import { BulkAllowanceInput } from "@/lib/domain/allowance-input";
import { bulkFormField, bulkSummary, fileTooLarge, firstErrorMessage, serverFieldErrors, splitLearners, valueText } from "./helpers";

const apiError = (data: unknown, message = "Request failed") => Object.assign(new Error(message), { status: 400, data });

describe("splitLearners", () => {
  it("splits on commas, semicolons, blanks and line breaks, and drops repeats", () => {
    expect(splitLearners("alice, bob\r\ncarol;dave@x.test\n\n alice \t eve")).toEqual(["alice", "bob", "carol", "dave@x.test", "eve"]);
    expect(splitLearners("")).toEqual([]);
    expect(splitLearners(undefined)).toEqual([]);
    expect(splitLearners(["a", "b"])).toEqual(["a", "b"]);
  });

  it("gives what the server's schema takes: the form and the API agree", () => {
    const parsed = BulkAllowanceInput.safeParse({ user_ids: splitLearners("alice\nbob"), exam_ids: [3, 4], allowance_type: "Time Multiplier", value: "1.5" });
    expect(parsed.success && parsed.data).toEqual({ user_ids: ["alice", "bob"], exam_ids: [3, 4], allowance_type: "time_multiplier", value: "1.5" });
    const empty = BulkAllowanceInput.safeParse({ user_ids: splitLearners(" \n "), exam_ids: [], allowance_type: "additional_time_granted", value: "" });
    expect(empty.success).toBe(false);
    expect(empty.error!.issues.map((i) => i.path.join("."))).toEqual(["exam_ids", "user_ids", "value"]);
  });
});

describe("serverFieldErrors", () => {
  it("puts the bulk API's problems on the form's fields, several joined, the rest at the top", () => {
    const error = apiError({
      detail: "Enter a valid username or email",
      field: "user_info",
      errors: [
        { user_info: "bob", field: "user_ids", message: "Cannot find user against bob" },
        { user_info: "carl", field: "user_ids", message: "Cannot find user against carl" },
        { field: "exam_ids", exam_id: 9, message: "Attempted to get exam_id=9, but this exam does not exist in course_id=c." },
        { field: "value", message: 'allowance_value "x" should be non-negative integer value.' },
        { field: "non_field_errors", message: "At most 10000 allowances per request." },
      ],
    });
    expect(serverFieldErrors(error, bulkFormField)).toEqual({
      fields: {
        // 3.8.1's raw messages read as sentences.
        user_ids: "No learner has the username or e-mail address “bob”. No learner has the username or e-mail address “carl”.",
        exam_ids: "Attempted to get exam_id=9, but this exam does not exist in course_id=c.",
        value: "“x” is not a number of minutes: enter a whole number, 0 or more (for example 30).",
      },
      root: "At most 10000 allowances per request.",
    });
  });

  it("shows the first five messages of a field and counts the rest", () => {
    const errors = Array.from({ length: 8 }, (_, i) => ({ field: `user_ids.${i}`, message: `bad ${i}` }));
    expect(serverFieldErrors(apiError({ detail: "x", errors }), bulkFormField).fields.user_ids).toBe("bad 0 bad 1 bad 2 bad 3 bad 4 (and 3 more)");
  });

  it("falls back to the detail, or the error's message", () => {
    expect(serverFieldErrors(apiError({ detail: "Must be a Staff User to Perform this request." }), bulkFormField)).toEqual({
      fields: {},
      root: "Must be a Staff User to Perform this request.",
    });
    expect(serverFieldErrors(new Error("Network down"), bulkFormField)).toEqual({ fields: {}, root: "Network down" });
  });
});

describe("small helpers", () => {
  it("find the first message of a react-hook-form error tree", () => {
    expect(firstErrorMessage({ message: "top" })).toBe("top");
    expect(firstErrorMessage([undefined, { message: "item 1", ref: { message: "not me" } }])).toBe("item 1");
    expect(firstErrorMessage(undefined)).toBeUndefined();
  });

  it("say values, sizes and counts in words", () => {
    expect(valueText("additional_time_granted", "90")).toBe("1 hour and 30 minutes extra");
    expect(valueText("review_policy_exception", "Calculator")).toBe("Calculator");
    expect(bulkSummary(3, 2)).toBe("3 learners × 2 exams = 6 allowances");
    expect(bulkSummary(1, 1)).toBe("1 learner × 1 exam = 1 allowance");
    expect(fileTooLarge(1024, 1024 * 1024)).toBeNull();
    expect(fileTooLarge(3 * 1024 * 1024, 1024 * 1024)).toBe("The file is 3.0 MiB; at most 1 MiB can be imported at once. Split it into smaller files.");
  });
});
