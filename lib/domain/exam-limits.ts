/**
 * Limits of an exam's settings and question set, without zod: the dashboard's forms show them
 * (maxLength, counters) without loading the schemas, which are in exam-input.ts.
 */

/** Upper bound of a time limit: keeps limit + allowance inside the 32-bit attempt column. */
export const MAX_TIME_LIMIT_MINS = 1_000_000;
/**
 * Lower bound of a time limit. 3.8.1's serializer takes any integer, but an exam of 0 minutes
 * cannot be taken (it is over when it starts): it is refused at the API and in the dashboard alike
 * (docs/decisions/026-dashboard-lists.md).
 */
export const MIN_TIME_LIMIT_MINS = 1;
export const TIME_LIMIT_TOO_SMALL = "Enter a time limit of at least 1 minute: an exam of 0 minutes would be over as soon as it starts.";

/** Limits that keep a question set readable in one page and one request. */
export const MAX_QUESTIONS = 200;
export const MAX_CHOICES = 12;
export const MAX_PROMPT_CHARS = 5_000;
export const MAX_CHOICE_CHARS = 1_000;

export const MAX_REVIEW_POLICY_CHARS = 10_000;
