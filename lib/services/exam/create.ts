import { z } from "zod";
import { exams, type Exam } from "@/db/schema";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { recordAudit } from "../journal";
import {
  booleanField,
  courseKeyField,
  integerField,
  nullableDatetimeField,
  parseInput,
  textField,
  typeError,
} from "../input";
import {
  configuredBackendNames,
  defaultBackend,
  enqueueExamSaved,
  ensureCourse,
  examEvent,
  requireExamAdmin,
  requireExamEditor,
  unknownBackendMessage,
} from "./store";

/** Upper bound of a time limit: keeps limit + allowance inside the 32-bit attempt column. */
export const MAX_TIME_LIMIT_MINS = 1_000_000;

export const timeLimitField = () => integerField({ min: 0, max: MAX_TIME_LIMIT_MINS });
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
 * content_url (Invigil's, spec README point 5): the LMS page holding the exam's questions. Absent
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

/** `create_exam` (§8.1). Returns the new exam; the route answers `{"exam_id": id}`. */
export async function createExam(ctx: ServiceContext, input: unknown): Promise<Exam> {
  // API callers are refused before their body is read (3.8.1's order); dashboard users are
  // checked against the course the body names.
  if (ctx.source !== "web") requireExamAdmin(ctx);
  const data = parseInput(CreateExamInput, input, "Invalid exam");
  requireExamEditor(ctx, data.course_id);
  return ctx.db.transaction(async (tx) => {
    let backend: string;
    if (data.backend !== undefined) {
      const available = await configuredBackendNames(tx);
      if (!available.includes(data.backend)) {
        throw new ServiceError("VALIDATION", unknownBackendMessage(data.backend, available), {
          extra: { errors: [{ field: "backend", message: unknownBackendMessage(data.backend, available) }] },
        });
      }
      backend = data.backend;
    } else {
      backend = await defaultBackend(tx);
    }
    await ensureCourse(tx, ctx, data.course_id);
    const [exam] = await tx
      .insert(exams)
      .values({
        courseId: data.course_id,
        contentId: data.content_id,
        externalId: data.external_id || null,
        examName: data.exam_name,
        timeLimitMins: data.time_limit_mins,
        dueDate: data.due_date ?? null,
        isProctored: data.is_proctored,
        isPracticeExam: data.is_practice_exam,
        isActive: data.is_active,
        hideAfterDue: data.hide_after_due,
        backend,
        contentUrl: data.content_url ?? null,
        created: ctx.now,
        modified: ctx.now,
      })
      .onConflictDoNothing({ target: [exams.courseId, exams.contentId] })
      .returning();
    if (!exam) {
      throw new ServiceError(
        "CONFLICT",
        `Attempted to create proctored exam with course_id=${data.course_id} and content_id=${data.content_id}, but this exam already exists.`,
        { status: 400 },
      );
    }
    await recordAudit(tx, ctx, {
      action: "exam.create",
      entityType: "exam",
      entityId: String(exam.id),
      courseId: exam.courseId,
      data: { ...examEvent(exam, "created"), due_date: exam.dueDate?.toISOString() ?? null, backend: exam.backend },
    });
    await enqueueExamSaved(tx, ctx, null, exam);
    return exam;
  });
}
