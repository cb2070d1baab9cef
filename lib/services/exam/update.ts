import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { exams, type Exam, type NewExam } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { recordAudit } from "../journal";
import { parseInput } from "@/lib/domain/input";
import { configuredBackendNames, enqueueExamSaved, examEvent, requireExamAdmin, requireExamEditor, toExamId, unknownBackendMessage } from "./store";

export { UpdateExamInput } from "@/lib/domain/exam-input";
import { UpdateExamInput } from "@/lib/domain/exam-input";


export type ExamChanges = Partial<
  Pick<NewExam, "examName" | "timeLimitMins" | "externalId" | "isProctored" | "isPracticeExam" | "isActive" | "hideAfterDue" | "dueDate" | "backend" | "contentUrl">
>;

/** The columns whose value differs from the row's (so an idempotent repeat writes nothing). */
export function diffExam(exam: Exam, changes: ExamChanges): ExamChanges {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes) as [keyof ExamChanges, unknown][]) {
    if (value === undefined) continue;
    const current = exam[key];
    const same =
      current instanceof Date || value instanceof Date
        ? (current as Date | null)?.getTime() === (value as Date | null)?.getTime()
        : current === value;
    if (!same) out[key] = value;
  }
  return out as ExamChanges;
}

/**
 * Applies changes to a locked exam row: history in the audit log (before/after of each changed
 * column), the backend signals of §2.1. Returns the row as it now is. Shared with the course
 * exam registration, which updates many exams in one transaction.
 */
export async function applyExamChanges(
  tx: DbOrTx,
  ctx: ServiceContext,
  exam: Exam,
  changes: ExamChanges,
  auditData: Record<string, unknown> = {},
): Promise<Exam> {
  const diff = diffExam(exam, changes);
  if (Object.keys(diff).length === 0) return exam;
  const [updated] = await tx
    .update(exams)
    .set({ ...diff, modified: ctx.now })
    .where(eq(exams.id, exam.id))
    .returning();
  if (!updated) throw new Error(`applyExamChanges: exam ${exam.id} vanished`);
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  await recordAudit(tx, ctx, {
    action: "exam.update",
    entityType: "exam",
    entityId: String(updated.id),
    courseKey: updated.courseKey,
    data: {
      ...examEvent(updated, "updated"),
      changes: Object.fromEntries(Object.entries(diff).map(([k, v]) => [k, { from: iso(exam[k as keyof Exam]), to: iso(v) }])),
      ...auditData,
    },
  });
  await enqueueExamSaved(tx, ctx, exam, updated);
  return updated;
}

/** Locks and returns an exam row (the conditional-update rule: one writer at a time). */
export async function lockExam(tx: DbOrTx, id: number): Promise<Exam | null> {
  const [row] = await tx.select().from(exams).where(eq(exams.id, id)).for("update").limit(1);
  return row ?? null;
}

/** `update_exam` (§8.2). Returns the exam as it now is; the route answers `{"exam_id": id}`. */
export async function updateExam(ctx: ServiceContext, input: unknown): Promise<Exam> {
  // API callers are refused before their body is read (3.8.1's order); dashboard users are
  // checked against the exam's course once it is found.
  if (ctx.source !== "web") requireExamAdmin(ctx);
  const data = parseInput(UpdateExamInput, input, "Invalid exam");
  const notFound = () =>
    new ServiceError("NOT_FOUND", `Attempted to update exam_id=${String(data.exam_id)}, but this exam does not exist.`, {
      status: 400,
    });
  const id = toExamId(data.exam_id);
  if (id === null) throw notFound();
  return ctx.db.transaction(async (tx) => {
    const exam = await lockExam(tx, id);
    if (!exam) throw notFound();
    requireExamEditor(ctx, exam.courseKey);
    if (data.backend !== undefined) {
      const available = await configuredBackendNames(tx);
      if (!available.includes(data.backend)) {
        const message = unknownBackendMessage(data.backend, available);
        throw new ServiceError("VALIDATION", message, { extra: { errors: [{ field: "backend", message }] } });
      }
    }
    return applyExamChanges(tx, ctx, exam, {
      examName: data.exam_name ?? undefined,
      timeLimitMins: data.time_limit_mins ?? undefined,
      // null = unchanged (3.8.1); "" clears it.
      externalId: data.external_id === null || data.external_id === undefined ? undefined : data.external_id || null,
      isProctored: data.is_proctored ?? undefined,
      isPracticeExam: data.is_practice_exam ?? undefined,
      isActive: data.is_active ?? undefined,
      hideAfterDue: data.hide_after_due ?? undefined,
      dueDate: data.due_date,
      backend: data.backend,
      contentUrl: data.content_url,
    });
  });
}
