/** The allowance keys and their labels (§3.4, §20): shared by the allowance verbs, the dashboard and its forms. */

export const ADDITIONAL_TIME_GRANTED = "additional_time_granted";
export const REVIEW_POLICY_EXCEPTION = "review_policy_exception";
/** Bulk allowance type (§20): converted per exam into additional_time_granted, never stored. */
export const TIME_MULTIPLIER = "time_multiplier";

export const ALLOWANCE_LABELS: Record<string, string> = {
  [ADDITIONAL_TIME_GRANTED]: "Additional Time (minutes)",
  [REVIEW_POLICY_EXCEPTION]: "Review Policy Exception",
  [TIME_MULTIPLIER]: "Time Multiplier",
};

/** 3.8.1 takes a key or its label (§2.5 step 1-2); we store the key. */
export function normalizeAllowanceKey(key: string): string {
  const trimmed = key.trim();
  for (const [k, label] of Object.entries(ALLOWANCE_LABELS)) {
    if (trimmed === label) return k;
  }
  return trimmed;
}
