import { exams, type Exam } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { recordAudit } from "../journal";
import { parseInput } from "@/lib/domain/input";
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

// The body's schema and fields are client-safe domain code (lib/domain/exam-input.ts, decision 022).
export {
  backendField,
  contentIdField,
  contentUrlField,
  CreateExamInput,
  examNameField,
  externalIdField,
  MAX_CONTENT_URL_CHARS,
  MAX_TIME_LIMIT_MINS,
  timeLimitField,
} from "@/lib/domain/exam-input";
import { CreateExamInput } from "@/lib/domain/exam-input";


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
        courseKey: data.course_id,
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
      .onConflictDoNothing({ target: [exams.courseKey, exams.contentId] })
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
      courseKey: exam.courseKey,
      data: { ...examEvent(exam, "created"), due_date: exam.dueDate?.toISOString() ?? null, backend: exam.backend },
    });
    await enqueueExamSaved(tx, ctx, null, exam);
    return exam;
  });
}
