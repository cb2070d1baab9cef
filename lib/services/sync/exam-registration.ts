import { and, eq, inArray, notInArray } from "drizzle-orm";
import { z } from "zod";
import { exams, type Exam } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { backendField, contentIdField, examNameField, externalIdField, MAX_TIME_LIMIT_MINS } from "../exam/create";
import { resolvePolicyAuthor, setReviewPolicyInTx, MAX_REVIEW_POLICY_CHARS } from "../exam/review-policy";
import {
  configuredBackendNames,
  defaultBackend,
  enqueueExamSaved,
  ensureCourse,
  examEvent,
  requireExamAdmin,
  unknownBackendMessage,
} from "../exam/store";
import { applyExamChanges, type ExamChanges } from "../exam/update";
import { booleanField, COURSE_KEY_PATTERN, idField, integerField, nullableDatetimeField, parseBatch, typeError, type InputError } from "@/lib/domain/input";
import { recordAudit } from "../journal";
import { auditBatch, duplicateErrors, rejectBatch, summarize, type SyncItemResult } from "./common";

/**
 * Whole-course exam registration (4.12.0, §20): what Studio does on publish. The body lists every
 * timed or proctored sequence of the course; each is created or updated by content_id, and the
 * course's exams missing from the list are deactivated (is_active and is_proctored false), never
 * deleted, so attempts and allowances stay. One transaction.
 */

export const EXAM_TYPES = ["timed", "proctored", "practice", "onboarding"] as const;

export const RegisterExamInput = z.object({
  content_id: contentIdField(),
  exam_name: examNameField().optional(),
  time_limit_mins: integerField({ min: 0, max: MAX_TIME_LIMIT_MINS }).optional(),
  due_date: nullableDatetimeField(),
  is_proctored: booleanField().nullish(),
  is_practice_exam: booleanField().nullish(),
  /** Shorthand for the two booleans; they win when both are sent. */
  exam_type: z.enum(EXAM_TYPES, { error: typeError(`Choose one of: ${EXAM_TYPES.join(", ")}.`) }).optional(),
  external_id: externalIdField().optional(),
  is_active: booleanField().nullish(),
  hide_after_due: booleanField().nullish(),
  backend: backendField(),
  /** Studio's "exam review rules". Absent: left as is; "": removed. */
  review_policy: z
    .string({ error: typeError("Not a valid string.") })
    .max(MAX_REVIEW_POLICY_CHARS, { error: `Ensure this field has no more than ${MAX_REVIEW_POLICY_CHARS} characters.` })
    .nullish(),
  /** Who wrote the review policy, for service callers (users are recorded as themselves). */
  set_by_user_id: idField().optional(),
});
export type RegisterExamInput = z.input<typeof RegisterExamInput>;
type Item = z.output<typeof RegisterExamInput>;

function kindOf(item: Item): { isProctored?: boolean; isPracticeExam?: boolean } {
  const fromType =
    item.exam_type === undefined
      ? {}
      : { isProctored: item.exam_type !== "timed", isPracticeExam: item.exam_type === "practice" || item.exam_type === "onboarding" };
  return {
    isProctored: item.is_proctored ?? fromType.isProctored,
    isPracticeExam: item.is_practice_exam ?? fromType.isPracticeExam,
  };
}

export interface ExamRegistrationResult {
  /** Upstream's answer: one `{exam_id}` per item, in order. */
  exams: { exam_id: number }[];
  results: SyncItemResult[];
  deactivated: number[];
}

/** POST (or PATCH, as edx-exams sends it) …/proctored_exam/exam_registration/course_id/<course_id>. */
export async function registerCourseExams(ctx: ServiceContext, courseKey: string, body: unknown): Promise<ExamRegistrationResult> {
  requireExamAdmin(ctx);
  if (!COURSE_KEY_PATTERN.test(courseKey)) {
    throw new ServiceError("VALIDATION", `"${courseKey}" is not a course key such as course-v1:Org+Number+Run.`);
  }
  // An empty list is a course without special exams: every exam of it is deactivated.
  const items = Array.isArray(body) && body.length === 0 ? [] : parseBatch(RegisterExamInput, body, "Invalid exam registration");
  const errors: InputError[] = duplicateErrors(items, (i) => i.content_id, "content_id");
  if (errors.length) throw rejectBatch(errors);

  return ctx.db.transaction(async (tx) => {
    const contentIds = items.map((i) => i.content_id);
    const existing = new Map(
      (contentIds.length
        ? await tx
            .select()
            .from(exams)
            .where(and(eq(exams.courseKey, courseKey), inArray(exams.contentId, contentIds)))
            .for("update")
        : []
      ).map((e) => [e.contentId, e]),
    );
    const available = await configuredBackendNames(tx);
    items.forEach((item, index) => {
      if (!existing.has(item.content_id)) {
        if (item.exam_name === undefined) errors.push({ index, field: "exam_name", message: "This field is required to create an exam." });
        if (item.time_limit_mins === undefined) {
          errors.push({ index, field: "time_limit_mins", message: "This field is required to create an exam." });
        }
      }
      if (item.backend !== undefined && !available.includes(item.backend)) {
        errors.push({ index, field: "backend", message: unknownBackendMessage(item.backend, available) });
      }
    });
    // A policy needs an author; find out now rather than after half the batch is written.
    let author: number | null = null;
    const authorFor = async (item: Item, index: number): Promise<number | null> => {
      if (item.set_by_user_id === undefined && author !== null) return author;
      try {
        const id = await resolvePolicyAuthor(tx, ctx, item.set_by_user_id);
        if (item.set_by_user_id === undefined) author = id;
        return id;
      } catch (error) {
        errors.push({ index, field: "review_policy", message: error instanceof Error ? error.message : String(error) });
        return null;
      }
    };
    const authors = new Map<number, number>();
    for (const [index, item] of items.entries()) {
      if (item.review_policy && item.review_policy.trim() !== "") {
        const id = await authorFor(item, index);
        if (id !== null) authors.set(index, id);
      }
    }
    if (errors.length) throw rejectBatch(errors);

    await ensureCourse(tx, ctx, courseKey);
    const fallbackBackend = await defaultBackend(tx);
    const results: SyncItemResult[] = [];
    const registered: Exam[] = [];
    for (const [index, item] of items.entries()) {
      const kind = kindOf(item);
      const current = existing.get(item.content_id);
      let exam: Exam;
      if (!current) {
        const [row] = await tx
          .insert(exams)
          .values({
            courseKey,
            contentId: item.content_id,
            externalId: item.external_id || null,
            examName: item.exam_name!,
            timeLimitMins: item.time_limit_mins!,
            dueDate: item.due_date ?? null,
            isProctored: kind.isProctored ?? false,
            isPracticeExam: kind.isPracticeExam ?? false,
            isActive: item.is_active ?? true,
            hideAfterDue: item.hide_after_due ?? false,
            backend: item.backend ?? fallbackBackend,
            created: ctx.now,
            modified: ctx.now,
          })
          .returning();
        exam = row!;
        await recordAudit(tx, ctx, {
          action: "exam.create",
          entityType: "exam",
          entityId: String(exam.id),
          courseKey: exam.courseKey,
          data: { ...examEvent(exam, "created"), via: "exam_registration" },
        });
        await enqueueExamSaved(tx, ctx, null, exam);
        results.push({ index, id: exam.id, status: "created" });
      } else {
        const changes: ExamChanges = {
          examName: item.exam_name,
          timeLimitMins: item.time_limit_mins,
          dueDate: item.due_date,
          isProctored: kind.isProctored,
          isPracticeExam: kind.isPracticeExam,
          externalId: item.external_id === null || item.external_id === undefined ? undefined : item.external_id || null,
          // Listed means published: an exam deactivated by an earlier registration comes back.
          isActive: item.is_active ?? true,
          hideAfterDue: item.hide_after_due ?? undefined,
          backend: item.backend,
        };
        exam = await applyExamChanges(tx, ctx, current, changes, { via: "exam_registration" });
        results.push({ index, id: exam.id, status: exam === current ? "unchanged" : "updated" });
      }
      if (item.review_policy !== undefined && item.review_policy !== null) {
        const { outcome } = await setReviewPolicyInTx(tx, ctx, exam, item.review_policy, async () => authors.get(index)!);
        if (outcome !== "unchanged" && results[index]!.status === "unchanged") results[index]!.status = "updated";
      }
      registered.push(exam);
    }

    // Exams of the course that Studio no longer lists.
    const stale = await tx
      .select()
      .from(exams)
      .where(
        and(
          eq(exams.courseKey, courseKey),
          contentIds.length ? notInArray(exams.contentId, contentIds) : undefined,
        ),
      )
      .for("update");
    const deactivated: number[] = [];
    for (const exam of stale) {
      const after = await applyExamChanges(tx, ctx, exam, { isActive: false, isProctored: false }, { via: "exam_registration" });
      if (after !== exam) deactivated.push(exam.id);
    }

    const summary = summarize(results);
    await auditBatch(tx, ctx, "sync.exams", summary, { courseKey, data: { deactivated } });
    return { exams: registered.map((e) => ({ exam_id: e.id })), results, deactivated };
  });
}
