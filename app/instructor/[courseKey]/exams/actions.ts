"use server";

/**
 * Server actions of the exam settings panel: adapters from the dashboard's forms to the
 * same service verbs as the REST API (§8.1, §8.2, review policies, PUT …/questions). The forms
 * validate with the same zod schemas first; the services parse again and decide.
 */
import { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } from "@/lib/actions/unavailable";
import { refresh } from "next/cache";
import type { ExamActionResult } from "@/components/dashboard/exams/types";
import { getSessionActor } from "@/lib/auth/actor";
import { isCourseStaff } from "@/lib/domain/actor";
import { type ServiceContext } from "@/lib/data/context";
import { isServiceError, ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import { createExam } from "@/lib/services/exam/create";
import { replaceQuestionSet } from "@/lib/services/exam/questions";
import { createOrUpdateReviewPolicy } from "@/lib/services/exam/review-policy";
import { findExamById } from "@/lib/services/exam/store";
import { updateExam } from "@/lib/services/exam/update";
import { webContext } from "@/lib/auth/request-context";

async function staffContext(courseKey: unknown): Promise<ServiceContext & { courseKey: string }> {
  const actor = await getSessionActor();
  if (!actor) throw new ServiceError("UNAUTHENTICATED", "Your session has ended: sign in again.");
  if (typeof courseKey !== "string" || !isCourseStaff(actor, courseKey)) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
  return { ...(await webContext(actor)), courseKey };
}

/** The exam, when it belongs to the course the dashboard is for (else "not found", whoever asks). */
async function examOfCourse(ctx: ServiceContext & { courseKey: string }, examId: unknown) {
  const exam = typeof examId === "number" && Number.isSafeInteger(examId) ? await findExamById(ctx.db, examId) : null;
  if (!exam || exam.courseKey !== ctx.courseKey) throw new ServiceError("NOT_FOUND", "This exam does not exist in this course.");
  return exam;
}

function failure(error: unknown, examId?: number): ExamActionResult {
  if (!isServiceError(error)) {
    console.error("[invigil] exam settings action failed", error);
    return { ok: false, status: 500, detail: "Something went wrong on our side; nothing may have been saved. Try again.", fieldErrors: {}, examId };
  }
  const fieldErrors: Record<string, string> = {};
  const listed = error.extra?.errors;
  if (Array.isArray(listed)) {
    for (const item of listed as { field?: unknown; message?: unknown }[]) {
      if (typeof item.field === "string" && typeof item.message === "string") fieldErrors[item.field] ??= item.message;
    }
  }
  for (const [field, messages] of Object.entries(error.fields ?? {})) if (messages[0]) fieldErrors[field] ??= messages[0];
  return { ok: false, status: error.status, detail: error.detail, fieldErrors, examId };
}

function split(values: unknown): { exam: Record<string, unknown>; reviewPolicy: unknown } {
  if (!values || typeof values !== "object" || Array.isArray(values)) return { exam: {}, reviewPolicy: undefined };
  const { review_policy: reviewPolicy, ...exam } = values as Record<string, unknown>;
  return { exam, reviewPolicy };
}

/**
 * The review policy is given to reviewers of proctored exams (§2.2, §9.8): it is saved with a
 * proctored (practice, onboarding) exam and left alone for a timed one.
 */
async function savePolicy(ctx: ServiceContext, examId: number, isProctored: boolean, text: unknown): Promise<ExamActionResult | null> {
  if (!isProctored || text === undefined) return null;
  try {
    await createOrUpdateReviewPolicy(ctx, { exam_id: examId, review_policy: text });
    return null;
  } catch (error) {
    rethrowIfUnavailable(error);
    const result = failure(error, examId);
    if (!result.ok) {
      result.detail = `The exam was saved, but not its review policy: ${result.detail}`;
      if (result.fieldErrors.review_policy === undefined && Object.keys(result.fieldErrors).length === 0) result.fieldErrors.review_policy = result.detail;
    }
    return result;
  }
}

/** Creates an exam of the course (and its review policy). */
export async function createExamAction(courseKey: string, values: unknown): Promise<ExamActionResult> {
  return unavailableAsResult(async (): Promise<ExamActionResult> => {
    try {
      const ctx = await staffContext(courseKey);
      const { exam: fields, reviewPolicy } = split(values);
      // The dashboard creates exams only in its own course, whatever the form sent.
      const exam = await createExam(ctx, { ...fields, course_id: ctx.courseKey });
      const policyFailed = await savePolicy(ctx, exam.id, exam.isProctored, reviewPolicy);
      refresh();
      return policyFailed ?? { ok: true, examId: exam.id, message: `Created “${exam.examName}”.` };
    } catch (error) {
      rethrowIfUnavailable(error);
      return failure(error);
    }
  }, () => ({ ok: false, status: 503, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}

/** Saves an exam's settings (and its review policy). */
export async function updateExamAction(courseKey: string, examId: number, values: unknown): Promise<ExamActionResult> {
  return unavailableAsResult(async (): Promise<ExamActionResult> => {
    try {
      const ctx = await staffContext(courseKey);
      await examOfCourse(ctx, examId);
      const { exam: fields, reviewPolicy } = split(values);
      const exam = await updateExam(ctx, { ...fields, exam_id: examId });
      const policyFailed = await savePolicy(ctx, exam.id, exam.isProctored, reviewPolicy);
      refresh();
      return policyFailed ?? { ok: true, examId: exam.id, message: `Saved the settings of “${exam.examName}”.` };
    } catch (error) {
      rethrowIfUnavailable(error);
      return failure(error, examId);
    }
  }, () => ({ ok: false, status: 503, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}

/** Replaces the exam's built-in question set; refused (409) once learners have answered it. */
export async function saveQuestionSetAction(courseKey: string, examId: number, values: unknown): Promise<ExamActionResult> {
  return unavailableAsResult(async (): Promise<ExamActionResult> => {
    try {
      const ctx = await staffContext(courseKey);
      const exam = await examOfCourse(ctx, examId);
      const result = await replaceQuestionSet(ctx, exam.id, values);
      refresh();
      const n = result.questions.length;
      return { ok: true, examId: exam.id, message: n === 0 ? "Removed the question set." : `Saved ${n} question${n === 1 ? "" : "s"}.` };
    } catch (error) {
      rethrowIfUnavailable(error);
      return failure(error, examId);
    }
  }, () => ({ ok: false, status: 503, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}
