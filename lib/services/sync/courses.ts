import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { courses, type Course } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { configuredBackendNames, unknownBackendMessage } from "../exam/store";
import { booleanField, courseKeyField, nullableDatetimeField, parseBatch, textField, typeError, type InputError } from "@/lib/domain/input";
import { auditBatch, duplicateErrors, rejectBatch, requireSyncCaller, sameTime, summarize, type SyncItemResult, type SyncResult } from "./common";

const nullableEmail = () =>
  z
    .union([z.null(), z.literal(""), z.string().trim().max(254).pipe(z.email())], { error: typeError("Enter a valid email address.") })
    .transform((v) => (v ? v : null));

const nullableName = () =>
  z
    .string({ error: typeError("Not a valid string.") })
    .trim()
    .max(255, { error: "Ensure this field has no more than 255 characters." })
    .nullable()
    .transform((v) => (v ? v : null));

/** An http(s) URL, or null / "" for none. */
const nullableHttpUrl = () =>
  z
    .union([z.null(), z.literal(""), z.string().trim().max(2048).pipe(z.url({ protocol: /^https?$/ }))], {
      error: typeError("Enter a valid URL (http or https)."),
    })
    .transform((v) => (v ? v.replace(/\/+$/, "") : null));

/** One course, keyed by course_key. Absent fields stay as they are (defaults on create). */
export const SyncCourseInput = z.object({
  course_key: courseKeyField(),
  name: textField(1000).optional(),
  start: nullableDatetimeField(),
  end: nullableDatetimeField(),
  proctoring_escalation_email: nullableEmail().optional(),
  /** A configured backend's name, or null for the site default. */
  proctoring_backend: nullableName().optional(),
  allow_proctoring_opt_out: booleanField().optional(),
  enable_proctored_exams: booleanField().optional(),
  enable_timed_exams: booleanField().optional(),
  override_grade_on_rejected_exam: booleanField().optional(),
  /** This course's Learning MFE, overriding the site's learning_microfrontend_url; null: the site's. */
  learning_microfrontend_url: nullableHttpUrl().optional(),
});
export type SyncCourseInput = z.input<typeof SyncCourseInput>;

type CoursePatch = Partial<Omit<Course, "id" | "created" | "modified" | "courseKey">>;

function patchFor(item: z.output<typeof SyncCourseInput>): CoursePatch {
  const patch: CoursePatch = {};
  if (item.name !== undefined) patch.name = item.name;
  if (item.start !== undefined) patch.start = item.start;
  if (item.end !== undefined) patch.end = item.end;
  if (item.proctoring_escalation_email !== undefined) patch.proctoringEscalationEmail = item.proctoring_escalation_email;
  if (item.proctoring_backend !== undefined) patch.proctoringBackend = item.proctoring_backend;
  if (item.allow_proctoring_opt_out !== undefined) patch.allowProctoringOptOut = item.allow_proctoring_opt_out;
  if (item.enable_proctored_exams !== undefined) patch.enableProctoredExams = item.enable_proctored_exams;
  if (item.enable_timed_exams !== undefined) patch.enableTimedExams = item.enable_timed_exams;
  if (item.override_grade_on_rejected_exam !== undefined) patch.overrideGradeOnRejectedExam = item.override_grade_on_rejected_exam;
  if (item.learning_microfrontend_url !== undefined) patch.learningMicrofrontendUrl = item.learning_microfrontend_url;
  return patch;
}

function changed(current: Course, patch: CoursePatch): CoursePatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const now = current[key as keyof Course];
    const same = value instanceof Date || now instanceof Date ? sameTime(now as Date | null, value as Date | null) : now === value;
    if (!same) out[key] = value;
  }
  return out as CoursePatch;
}

/** PUT/POST /api/v1/courses: upsert courses by course key. */
export async function syncCourses(ctx: ServiceContext, body: unknown): Promise<SyncResult> {
  requireSyncCaller(ctx);
  const items = parseBatch(SyncCourseInput, body);
  const errors: InputError[] = duplicateErrors(items, (i) => i.course_key, "course_key");
  if (errors.length) throw rejectBatch(errors);
  return ctx.db.transaction(async (tx) => {
    const available = await configuredBackendNames(tx);
    items.forEach((item, index) => {
      if (item.proctoring_backend && !available.includes(item.proctoring_backend)) {
        errors.push({ index, field: "proctoring_backend", message: unknownBackendMessage(item.proctoring_backend, available) });
      }
    });
    if (errors.length) throw rejectBatch(errors);
    const keys = items.map((i) => i.course_key);
    const existing = new Map((await tx.select().from(courses).where(inArray(courses.courseKey, keys)).for("update")).map((c) => [c.courseKey, c]));

    const results: SyncItemResult[] = [];
    for (const [index, item] of items.entries()) {
      const current = existing.get(item.course_key);
      const patch = patchFor(item);
      if (!current) {
        const [row] = await tx
          .insert(courses)
          .values({ name: item.course_key, ...patch, courseKey: item.course_key, created: ctx.now, modified: ctx.now })
          .returning();
        results.push({ index, id: row!.id, status: "created" });
        continue;
      }
      const diff = changed(current, patch);
      if (Object.keys(diff).length === 0) {
        results.push({ index, id: current.id, status: "unchanged" });
        continue;
      }
      await tx.update(courses).set({ ...diff, modified: ctx.now }).where(eq(courses.id, current.id));
      results.push({ index, id: current.id, status: "updated" });
    }
    const result = summarize(results);
    await auditBatch(tx, ctx, "sync.courses", result);
    return result;
  });
}
