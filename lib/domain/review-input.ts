import { z } from "zod";
import { STAFF_REVIEW_DECISIONS, type StaffReviewDecisionName } from "./reviews";
import { idField } from "./input";

/**
 * What a staff member sends to decide a review: the dashboard's form validates
 * with `StaffReviewDecision` and the service parses the whole `StaffReviewInput` again, so the two
 * cannot disagree. Client-safe (zod only): the form imports it without the service's database code.
 */

// The decision names and reviewable statuses are domain constants (lib/domain/reviews.ts, decision 022).
export { STAFF_REVIEW_DECISIONS, STAFF_REVIEWABLE_STATUSES, type StaffReviewDecisionName, type StaffReviewableStatus } from "./reviews";

export const STAFF_REVIEW_NOTE_MAX = 2000;

export const StaffReviewDecision = z.object({
  decision: z.enum(STAFF_REVIEW_DECISIONS, { error: "Choose Verify or Reject." }),
  note: z
    .string({ error: "Write a note: why this decision." })
    .trim()
    .min(1, { error: "Write a note: why this decision." })
    .max(STAFF_REVIEW_NOTE_MAX, { error: `Keep the note under ${STAFF_REVIEW_NOTE_MAX.toLocaleString("en-US")} characters.` }),
});
export type StaffReviewDecision = z.infer<typeof StaffReviewDecision>;

export const StaffReviewInput = StaffReviewDecision.extend({
  attemptId: idField(),
  /** The dashboard's course: the attempt must be of this course (else it is not found). */
  courseKey: z.string().min(1).max(255).optional(),
});
export type StaffReviewInput = z.input<typeof StaffReviewInput>;


/** The attempt status a decision leads to. */
export const DECISION_TARGET = { verify: "verified", reject: "rejected" } as const satisfies Record<StaffReviewDecisionName, string>;
