import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { backendConfigs, courses, exams, type Course, type Exam } from "@/db/schema";
import { hasScope, isCourseStaff } from "@/lib/domain/actor";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError, STAFF_ONLY_DETAIL } from "@/lib/domain/errors";
import { enqueue, recordAudit } from "../journal";
import { MAX_INT32 } from "@/lib/domain/input";

/**
 * Exam creation and update are global-staff operations in 3.8.1 (§8.1, §8.2). Ours: an admin user,
 * or a service token for an LMS (`lms:sync`, which also registers a course's exams on publish) or
 * an admin script (`admin:api`).
 */
export function canAdministerExams(ctx: ServiceContext): boolean {
  const p = ctx.principal;
  if (p.kind === "user") return p.isAdmin;
  if (p.kind === "service") return hasScope(p, "admin:api") || hasScope(p, "lms:sync");
  return p.kind === "system" && p.name !== "anonymous";
}

export function requireExamAdmin(ctx: ServiceContext): void {
  if (!canAdministerExams(ctx)) throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
}

/**
 * Creating or changing one course's exams: exam admins, or that course's staff from Invigil's own
 * instructor dashboard (source "web"). Through the REST API (§8.1, §8.2) course staff
 * stay refused, as in 3.8.1, where the LMS's Studio publish owns the exam rows.
 */
export function requireExamEditor(ctx: ServiceContext, courseKey: string): void {
  if (canAdministerExams(ctx)) return;
  const p = ctx.principal;
  if (ctx.source === "web" && p.kind === "user" && isCourseStaff(p, courseKey)) return;
  throw new ServiceError("FORBIDDEN", STAFF_ONLY_DETAIL);
}

/** Ids arrive as path segments and body values; anything that is not a 32-bit id names no row. */
export function toExamId(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_INT32 ? n : null;
}

export async function findExamById(db: DbOrTx, id: number): Promise<Exam | null> {
  const [row] = await db.select().from(exams).where(eq(exams.id, id)).limit(1);
  return row ?? null;
}

/** The exam, or 3.8.1's ProctoredExamNotFoundException as a 400 (§8.3). */
export async function requireExamById(db: DbOrTx, rawId: unknown): Promise<Exam> {
  const id = toExamId(rawId);
  const exam = id === null ? null : await findExamById(db, id);
  if (!exam) {
    throw new ServiceError("NOT_FOUND", `Attempted to get exam_id=${String(rawId ?? "")}, but this exam does not exist.`, {
      status: 400,
    });
  }
  return exam;
}

/** Enabled backend names, plus the built-in `null` backend that exists without a row. */
export async function configuredBackendNames(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ name: backendConfigs.name })
    .from(backendConfigs)
    .where(eq(backendConfigs.enabled, true))
    .orderBy(asc(backendConfigs.name));
  const names = rows.map((r) => r.name);
  return names.includes("null") ? names : [...names, "null"];
}

export function unknownBackendMessage(name: string, available: readonly string[]): string {
  return `No proctoring backend configured for '${name}'. Available: [${available.map((n) => `'${n}'`).join(", ")}]`;
}

/** PROCTORING_BACKENDS['DEFAULT'] (§2.1: a new exam's backend when none is given). */
export async function defaultBackend(db: DbOrTx): Promise<string> {
  const [row] = await db
    .select({ name: backendConfigs.name })
    .from(backendConfigs)
    .where(and(eq(backendConfigs.isDefault, true), eq(backendConfigs.enabled, true)))
    .limit(1);
  return row?.name ?? "null";
}

/**
 * The course row an exam hangs off (exams reference courses.course_key). An LMS that speaks only
 * edx-proctoring's API never syncs its courses first, so an exam for an unknown course creates a
 * minimal course (its key as its name) that a later course sync fills in.
 */
export async function ensureCourse(tx: DbOrTx, ctx: ServiceContext, courseKey: string): Promise<Course> {
  const [inserted] = await tx
    .insert(courses)
    .values({ courseKey, name: courseKey })
    .onConflictDoNothing({ target: courses.courseKey })
    .returning();
  if (inserted) {
    await recordAudit(tx, ctx, {
      action: "course.create",
      entityType: "course",
      entityId: String(inserted.id),
      courseKey,
      data: { course_key: courseKey, reason: "exam for an unknown course" },
    });
    return inserted;
  }
  const [existing] = await tx.select().from(courses).where(eq(courses.courseKey, courseKey)).limit(1);
  if (!existing) throw new Error(`ensureCourse: course ${courseKey} vanished`);
  return existing;
}

/** `timed` / `practice` / `proctored`: the `<type>` of edx-proctoring's analytics event names (§14.5). */
export function examEventType(exam: Pick<Exam, "isProctored" | "isPracticeExam">): "timed" | "practice" | "proctored" {
  if (!exam.isProctored) return "timed";
  return exam.isPracticeExam ? "practice" : "proctored";
}

/** The organisation part of a course key (`course-v1:Org+Num+Run` or `Org/Num/Run`), or null. */
export function orgOf(courseKey: string): string | null {
  const body = courseKey.includes(":") ? courseKey.slice(courseKey.indexOf(":") + 1) : courseKey;
  const org = body.split(/[+/]/)[0];
  return org ? org : null;
}

/**
 * An analytics event of §14.5 as our audit log keeps it: the event name, its context and the
 * exam's data, plus any overrides (allowance events). There is no separate tracker: the audit row
 * is the event.
 */
export function examEvent(exam: Exam, short: string, override: Record<string, unknown> = {}) {
  return {
    event: `edx.special_exam.${examEventType(exam)}.${short}`,
    context: { course_id: exam.courseKey, org_id: orgOf(exam.courseKey) },
    exam_id: exam.id,
    exam_content_id: exam.contentId,
    exam_name: exam.examName,
    exam_default_time_limit_mins: exam.timeLimitMins,
    exam_is_proctored: exam.isProctored,
    exam_is_practice_exam: exam.isPracticeExam,
    exam_is_active: exam.isActive,
    ...override,
  };
}

/**
 * The exam signals of §2.1, as outbox messages delivered after commit (the vendor is never called
 * inside the transaction):
 * - before: a proctored exam whose `is_proctored` changes is pushed to its backend as inactive;
 * - after: a proctored exam is pushed (with its review policy as `rule_summary`), and the id the
 *   vendor answers becomes its `external_id`.
 * Payload: `{backend, call: "on_exam_saved", exam_id, force_inactive}`; the worker reads the exam
 * when it runs, so it always sends the latest state.
 */
export async function enqueueExamSaved(tx: DbOrTx, ctx: ServiceContext, before: Exam | null, after: Exam): Promise<void> {
  const backendOf = async (exam: Exam) => exam.backend || (await defaultBackend(tx));
  if (before && before.isProctored && before.isProctored !== after.isProctored) {
    await enqueue(tx, ctx, "vendor.call", {
      backend: await backendOf(before),
      call: "on_exam_saved",
      exam_id: after.id,
      force_inactive: true,
    });
  }
  if (after.isProctored) {
    await enqueue(tx, ctx, "vendor.call", {
      backend: await backendOf(after),
      call: "on_exam_saved",
      exam_id: after.id,
      force_inactive: false,
    });
  }
}
