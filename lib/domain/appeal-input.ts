import { z } from "zod";
import type { AttemptStatus } from "./statuses";
import { idField } from "./input";

/**
 * An admin's status change of an attempt on appeal (issue 13, item 5; decision 039). Client-safe
 * (zod only): the admin form validates with `AppealForm`, the verb parses `AppealInput` again.
 *
 * The targets are the statuses a reviewer sets in edx-proctoring (§10.4: a review maps to
 * verified, rejected or second_review_required; §4.3 lets staff mark an attempt as error) plus
 * `submitted`, the state an attempt waits in for its review, so an appeal can send an attempt back
 * to be reviewed again. Only attempts already handed in can be changed: moving a running or
 * not-yet-started attempt is the lifecycle's job, not an appeal's.
 */
export const APPEAL_TARGET_STATUSES = ["verified", "rejected", "second_review_required", "submitted", "error"] as const satisfies readonly AttemptStatus[];
export type AppealTargetStatus = (typeof APPEAL_TARGET_STATUSES)[number];

/** Statuses from which an appeal may move an attempt: handed in and waiting for, or past, review. */
export const APPEALABLE_STATUSES = ["submitted", "second_review_required", "verified", "rejected", "error"] as const satisfies readonly AttemptStatus[];

export const isAppealable = (status: string | null | undefined): boolean =>
  status != null && (APPEALABLE_STATUSES as readonly string[]).includes(status);

export const APPEAL_REASON_MAX = 2000;

export const AppealForm = z.object({
  status: z.enum(APPEAL_TARGET_STATUSES, { error: "Choose the new status." }),
  reason: z
    .string({ error: "Write the reason for the change." })
    .trim()
    .min(1, { error: "Write the reason for the change." })
    .max(APPEAL_REASON_MAX, { error: `Keep the reason under ${APPEAL_REASON_MAX.toLocaleString("en-US")} characters.` }),
});
export type AppealForm = z.infer<typeof AppealForm>;

export const AppealInput = AppealForm.extend({
  attemptId: idField(),
  /** The status the admin saw: when the attempt has moved since, the change is refused (409). */
  expectedStatus: z.string().min(1).max(64).optional(),
});
export type AppealInput = z.input<typeof AppealInput>;

/** Words for the form's choices. */
export const APPEAL_STATUS_LABELS: Record<AppealTargetStatus, string> = {
  verified: "Verified (passed review)",
  rejected: "Rejected (failed review)",
  second_review_required: "Needs a second review",
  submitted: "Submitted (waiting for review)",
  error: "Error",
};
