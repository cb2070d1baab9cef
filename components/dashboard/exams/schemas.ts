/**
 * The exam settings forms validate with the verbs' own zod schemas (lib/domain/exam-input.ts; the server parses the
 * same values with them again): §8.1's CreateExamInput, §8.2's UpdateExamInput, the review
 * policy's text field, and the question set. Nothing here adds a rule the server does not have.
 */
import type { z } from "zod";
import { CreateExamInput, QuestionSetInput, ReviewPolicyInput, UpdateExamInput } from "@/lib/domain/exam-input";
import type { ExamKind } from "@/lib/domain/exam-kind";

const reviewPolicy = ReviewPolicyInput.shape.review_policy;

// The course comes from the page (the server action adds it), not from a field of the form.
export const CreateExamForm = CreateExamInput.omit({ course_id: true }).extend({ review_policy: reviewPolicy });
// Likewise the exam's id comes from the page.
export const UpdateExamForm = UpdateExamInput.omit({ exam_id: true }).extend({ review_policy: reviewPolicy });
export const QuestionSetForm = QuestionSetInput;

export type CreateExamFormInput = z.input<typeof CreateExamForm>;
export type UpdateExamFormInput = z.input<typeof UpdateExamForm>;
export type QuestionSetFormInput = z.input<typeof QuestionSetForm>;

/** The four kinds an exam can be set to (§1.2), and the two booleans each stands for. */
export const SETTABLE_KINDS = ["timed", "proctored", "practice", "onboarding"] as const satisfies readonly ExamKind[];
export type SettableKind = (typeof SETTABLE_KINDS)[number];

export function kindFlags(kind: SettableKind): { is_proctored: boolean; is_practice_exam: boolean } {
  return { is_proctored: kind !== "timed", is_practice_exam: kind === "practice" || kind === "onboarding" };
}

/**
 * Practice and onboarding are the same two booleans: the backend decides which (§1.2). So a kind
 * is available only with a backend that makes it: onboarding needs one that supports onboarding,
 * practice one that does not.
 */
export function kindAvailable(kind: SettableKind, backendSupportsOnboarding: boolean): boolean {
  if (kind === "onboarding") return backendSupportsOnboarding;
  if (kind === "practice") return !backendSupportsOnboarding;
  return true;
}

/** The kind two booleans make with a backend (unsupported combinations read as timed). */
export function kindOf(flags: { is_proctored: unknown; is_practice_exam: unknown }, backendSupportsOnboarding: boolean): SettableKind {
  if (flags.is_proctored !== true) return "timed";
  if (flags.is_practice_exam !== true) return "proctored";
  return backendSupportsOnboarding ? "onboarding" : "practice";
}
