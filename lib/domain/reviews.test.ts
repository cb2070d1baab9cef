import { describe, expect, it } from "vitest";
import {
  DEFAULT_PASSING_REVIEW_STATUSES,
  REST_PASSING_REVIEW_STATUSES,
  STANDARD_REVIEW_STATUSES,
  STORED_REVIEW_STATUSES,
  badReviewStatusMessage,
  fromStoredReviewStatus,
  isPassingReview,
  isValidStandardStatus,
  isValidStoredStatus,
  reviewTargetStatus,
  shouldNotifySupport,
  toStoredReviewStatus,
  type ReviewTargetInput,
  type StandardReviewStatus,
  type StoredReviewStatus,
} from "./reviews";

describe("review vocabularies (§3.3)", () => {
  it("has the four standard and the four stored statuses", () => {
    expect(STANDARD_REVIEW_STATUSES).toEqual(["passed", "violation", "suspicious", "not_reviewed"]);
    expect(STORED_REVIEW_STATUSES).toEqual(["Clean", "Rules Violation", "Suspicious", "Not Reviewed"]);
  });

  it.each<[StandardReviewStatus, StoredReviewStatus]>([
    ["passed", "Clean"],
    ["violation", "Rules Violation"],
    ["suspicious", "Suspicious"],
    ["not_reviewed", "Not Reviewed"],
  ])("%s <-> %s", (standard, stored) => {
    expect(toStoredReviewStatus(standard)).toBe(stored);
    expect(fromStoredReviewStatus(stored)).toBe(standard);
  });

  it.each([
    ["passed", true],
    ["not_reviewed", true],
    ["Clean", false],
    ["PASSED", false],
    ["toString", false],
    ["", false],
    [null, false],
    [1, false],
  ])("isValidStandardStatus(%j) = %s", (x, expected) => {
    expect(isValidStandardStatus(x)).toBe(expected);
  });

  it.each([
    ["Clean", true],
    ["Rules Violation", true],
    ["clean", false],
    ["passed", false],
    ["constructor", false],
  ])("isValidStoredStatus(%j) = %s", (x, expected) => {
    expect(isValidStoredStatus(x)).toBe(expected);
  });

  it("bad status detail is 3.8.1's", () => {
    expect(badReviewStatusMessage("Great")).toBe("Received unexpected reviewStatus field value from payload. Was Great.");
  });
});

describe("isPassingReview (§3.3, §10.3)", () => {
  it.each<[StoredReviewStatus, readonly StoredReviewStatus[] | undefined, boolean]>([
    ["Clean", undefined, true],
    ["Rules Violation", undefined, true],
    ["Suspicious", undefined, false],
    ["Not Reviewed", undefined, false],
    ["Clean", REST_PASSING_REVIEW_STATUSES, true],
    ["Rules Violation", REST_PASSING_REVIEW_STATUSES, false],
    ["Rules Violation", DEFAULT_PASSING_REVIEW_STATUSES, true],
  ])("%s with %j -> %s", (stored, passing, expected) => {
    expect(isPassingReview(stored, passing)).toBe(expected);
  });
});

describe("reviewTargetStatus (§10.3 step 2)", () => {
  const ss: Omit<ReviewTargetInput, "stored"> = {
    passingStatuses: DEFAULT_PASSING_REVIEW_STATUSES,
    reviewedBy: false,
    requireFailureSecondReviews: true,
    backendSupportsOnboarding: false,
    isSampleAttempt: false,
  };
  const rest: Omit<ReviewTargetInput, "stored"> = { ...ss, passingStatuses: REST_PASSING_REVIEW_STATUSES, backendSupportsOnboarding: true };

  it.each<[string, StoredReviewStatus, Omit<ReviewTargetInput, "stored">, string]>([
    // §10.3's resulting mapping for SoftwareSecure with default settings
    ["SS Clean", "Clean", ss, "verified"],
    ["SS Rules Violation", "Rules Violation", ss, "verified"],
    ["SS Suspicious", "Suspicious", ss, "second_review_required"],
    ["SS Suspicious, second reviews disabled", "Suspicious", { ...ss, requireFailureSecondReviews: false }, "rejected"],
    ["SS Not Reviewed", "Not Reviewed", ss, "error"],
    ["SS Not Reviewed even with a reviewer", "Not Reviewed", { ...ss, reviewedBy: true }, "error"],
    ["SS Suspicious with a human reviewer", "Suspicious", { ...ss, reviewedBy: true }, "rejected"],
    // ... and for a REST backend
    ["REST passed", "Clean", rest, "verified"],
    ["REST violation", "Rules Violation", rest, "second_review_required"],
    ["REST violation, second reviews disabled", "Rules Violation", { ...rest, requireFailureSecondReviews: false }, "rejected"],
    ["REST suspicious", "Suspicious", rest, "second_review_required"],
    ["REST not_reviewed", "Not Reviewed", rest, "error"],
    // onboarding sample attempts fail straight away
    ["REST suspicious on an onboarding attempt", "Suspicious", { ...rest, isSampleAttempt: true }, "rejected"],
    ["SS practice attempt (no onboarding support) still needs a second review", "Suspicious", { ...ss, isSampleAttempt: true }, "second_review_required"],
    ["default passing list when none given", "Rules Violation", { ...ss, passingStatuses: undefined }, "verified"],
  ])("%s -> %s", (_name, stored, input, expected) => {
    expect(reviewTargetStatus({ stored, ...input })).toBe(expected);
  });
});

describe("shouldNotifySupport (§10.2-8)", () => {
  it.each<[StoredReviewStatus, boolean, boolean]>([
    ["Suspicious", false, true],
    ["Suspicious", true, false],
    ["Rules Violation", false, false],
    ["Not Reviewed", false, false],
    ["Clean", false, false],
  ])("%s, reviewedBy=%s -> %s", (stored, reviewedBy, expected) => {
    expect(shouldNotifySupport(stored, reviewedBy)).toBe(expected);
  });
});
