/**
 * The exam settings forms validate with the verbs' own zod schemas (lib/domain/exam-input.ts; the server parses the
 * same values with them again): §8.1's CreateExamInput, §8.2's UpdateExamInput, the review
 * policy's text field, and the question set. Nothing here adds a rule the server does not have.
 */
import type { z } from "zod";
import { CreateExamInput, QuestionSetInput, ReviewPolicyInput, UpdateExamInput } from "@/lib/domain/exam-input";

const reviewPolicy = ReviewPolicyInput.shape.review_policy;

// The course comes from the page (the server action adds it), not from a field of the form.
export const CreateExamForm = CreateExamInput.omit({ course_id: true }).extend({ review_policy: reviewPolicy });
// Likewise the exam's id comes from the page.
export const UpdateExamForm = UpdateExamInput.omit({ exam_id: true }).extend({ review_policy: reviewPolicy });
export const QuestionSetForm = QuestionSetInput;

export type CreateExamFormInput = z.input<typeof CreateExamForm>;
export type UpdateExamFormInput = z.input<typeof UpdateExamForm>;
export type QuestionSetFormInput = z.input<typeof QuestionSetForm>;

// The kinds live in a zod-free module so the form can use them without loading the schemas.
export { kindAvailable, kindFlags, kindOf, SETTABLE_KINDS, type SettableKind } from "./kinds";
