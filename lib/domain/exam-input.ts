/**
 * The request bodies of the exam verbs as zod schemas (§8.1, §8.2, the review policy, the built-in
 * question set): client-safe (zod and the domain only), so the dashboard's forms validate with the
 * very schemas the verbs parse with (decision 022). lib/services/exam re-exports them.
 */
import { z } from "zod";
import {
  MAX_CHOICE_CHARS,
  MAX_CHOICES,
  MAX_PROMPT_CHARS,
  MAX_QUESTIONS,
  MAX_REVIEW_POLICY_CHARS,
  MAX_TIME_LIMIT_MINS,
  MIN_TIME_LIMIT_MINS,
  TIME_LIMIT_TOO_SMALL,
} from "./exam-limits";
import {
  booleanField,
  courseKeyField,
  idField,
  integerField,
  nullableDatetimeField,
  REQUIRED,
  textField,
  typeError,
} from "./input";

export { MAX_TIME_LIMIT_MINS, MIN_TIME_LIMIT_MINS } from "./exam-limits";

export const timeLimitField = () => integerField({ min: MIN_TIME_LIMIT_MINS, max: MAX_TIME_LIMIT_MINS, minMessage: TIME_LIMIT_TOO_SMALL });
export const examNameField = () => textField(1000);
export const contentIdField = () => textField(255);
/** external_id: a string (blank allowed) or null. */
export const externalIdField = () =>
  z
    .string({ error: typeError("Not a valid string.") })
    .trim()
    .max(255, { error: "Ensure this field has no more than 255 characters." })
    .nullable();
/** A backend name; "" and null mean "not given". */
export const backendField = () =>
  z
    .string({ error: typeError("Not a valid string.") })
    .trim()
    .max(255, { error: "Ensure this field has no more than 255 characters." })
    .nullish()
    .transform((v) => (v ? v : undefined));

/** Longest content URL we store (a page address, not a document). */
export const MAX_CONTENT_URL_CHARS = 2000;
/** An absolute http(s) URL or a path on this site: what the exam frame will show (components/exam-body/content-url.ts). */
const CONTENT_URL = /^(https?:\/\/[^\s/?#]+[^\s]*|\/(?![/\\])[^\s]*)$/i;

/**
 * content_url (Invigil's, docs/reference/what-we-build.md, point 5): the LMS page holding the exam's questions. Absent
 * means "not given" (update: unchanged); null or "" means none.
 */
export const contentUrlField = () =>
  z
    .string({ error: typeError("Not a valid string.") })
    .trim()
    .max(MAX_CONTENT_URL_CHARS, { error: `Ensure this field has no more than ${MAX_CONTENT_URL_CHARS} characters.` })
    .refine((v) => v === "" || CONTENT_URL.test(v), { error: "Enter an http(s) address, or a path on this site starting with /." })
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null))
    .describe('The page that holds the exam\'s questions, shown in the exam frame: an http(s) address or a path on this site; null or "" for none. A built-in question set, when the exam has one, is shown instead.');

/**
 * POST body of §8.1. As in 3.8.1's validator every field but `due_date` and `backend` must be
 * present (booleans too); unlike 3.8.1 (§17.19) `due_date` and `backend` are stored.
 */
export const CreateExamInput = z.object({
  course_id: courseKeyField(),
  content_id: contentIdField(),
  exam_name: examNameField(),
  time_limit_mins: timeLimitField(),
  external_id: externalIdField(),
  is_proctored: booleanField(),
  is_practice_exam: booleanField(),
  is_active: booleanField(),
  hide_after_due: booleanField(),
  due_date: nullableDatetimeField(),
  backend: backendField(),
  content_url: contentUrlField(),
});
export type CreateExamInput = z.input<typeof CreateExamInput>;

/**
 * PUT body of §8.2: `exam_id` plus any field; absent or null leaves a field as it is (3.8.1's
 * rule). Ours also updates `backend` (null = unchanged) and `due_date` (null clears it, as
 * 3.8.1's Python `update_exam` does).
 */
export const UpdateExamInput = z.object({
  exam_id: z.unknown().refine((v) => v !== undefined && v !== null && v !== "", { error: REQUIRED }),
  exam_name: examNameField().nullish(),
  time_limit_mins: timeLimitField().nullish(),
  external_id: externalIdField().optional(),
  is_proctored: booleanField().nullish(),
  is_practice_exam: booleanField().nullish(),
  is_active: booleanField().nullish(),
  hide_after_due: booleanField().nullish(),
  due_date: nullableDatetimeField(),
  backend: backendField(),
  content_url: contentUrlField(),
});
export type UpdateExamInput = z.input<typeof UpdateExamInput>;

export { MAX_CHOICE_CHARS, MAX_CHOICES, MAX_PROMPT_CHARS, MAX_QUESTIONS } from "./exam-limits";

const Prompt = z.string().trim().min(1, "Write the question.").max(MAX_PROMPT_CHARS, `At most ${MAX_PROMPT_CHARS} characters.`);
const Points = z.number().int("A whole number of points.").min(0).max(1000).default(1);

const MultipleChoice = z
  .object({
    kind: z.literal("multiple_choice"),
    prompt: Prompt,
    choices: z
      .array(z.string().trim().min(1, "A choice cannot be empty.").max(MAX_CHOICE_CHARS))
      .min(2, "Give at least two choices.")
      .max(MAX_CHOICES, `At most ${MAX_CHOICES} choices.`),
    correct_choice: z.number().int().min(0),
    points: Points,
  })
  .refine((q) => q.correct_choice < q.choices.length, { path: ["correct_choice"], message: "Must be the index of one of the choices." });

const ShortAnswer = z.object({ kind: z.literal("short_answer"), prompt: Prompt, points: Points });

export const QuestionInput = z.discriminatedUnion("kind", [MultipleChoice, ShortAnswer]);
export const QuestionSetInput = z.object({
  questions: z.array(QuestionInput).max(MAX_QUESTIONS, `At most ${MAX_QUESTIONS} questions.`),
});
export type QuestionSetInput = z.input<typeof QuestionSetInput>;

export { MAX_REVIEW_POLICY_CHARS } from "./exam-limits";

export const ReviewPolicyInput = z.object({
  exam_id: idField(),
  review_policy: z
    .string({ error: "Not a valid string." })
    .max(MAX_REVIEW_POLICY_CHARS, { error: `Ensure this field has no more than ${MAX_REVIEW_POLICY_CHARS} characters.` })
    .default(""),
  /** For service callers: who wrote it (a user id); users are recorded as themselves. */
  set_by_user_id: idField().optional(),
});
export type ReviewPolicyInput = z.input<typeof ReviewPolicyInput>;
