import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { NextResponse } from "next/server";
import { exams } from "@/db/schema";
import { defaultBackendName, getBackendByName, resolveExamBackend, type ProctoringBackend } from "@/lib/backends/registry";
import { getEnv } from "@/lib/env";
import { obscuredUserId } from "@/lib/domain/obscure";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { findExam } from "@/lib/data/attempts";
import { requireCourseStaffActor } from "./pagination";

/**
 * GET …/instructor/<course>[/<exam_id>] (§8.20): where the vendor's instructor dashboard is. The
 * outcomes keep 3.8.1's statuses and bodies: its 400/404 answers here are bare JSON strings, not
 * `{detail}`, and the 404s carry `X-Frame-Options: sameorigin` because the LMS shows them in an
 * iframe.
 */
export type InstructorDashboardOutcome =
  | { kind: "redirect"; url: string }
  | { kind: "message"; status: 400 | 404; message: string; framed: boolean };

export async function instructorDashboard(
  ctx: ServiceContext,
  input: { courseKey: string; examId: number | null; attempt?: string | null; config?: boolean },
): Promise<InstructorDashboardOutcome> {
  const actor = requireCourseStaffActor(ctx, input.courseKey);
  const { courseKey } = input;
  let backend: ProctoringBackend | null = null;
  let vendorExamId: string | null = null;

  if (input.examId !== null) {
    const exam = await findExam(ctx.db, input.examId);
    // Staff of one course must not reach another course's exam through their own course's URL;
    // such an exam answers like a missing one (3.8.1's 400 for a missing exam).
    if (!exam || exam.courseKey !== courseKey) {
      throw new ServiceError("NOT_FOUND", `Attempted to get exam_id=${input.examId}, but this exam does not exist.`, { status: 400 });
    }
    backend = await resolveExamBackend(ctx.db, exam);
    vendorExamId = exam.externalId;
  } else {
    const active = await ctx.db
      .select()
      .from(exams)
      .where(and(eq(exams.courseKey, courseKey), eq(exams.isActive, true)))
      .orderBy(asc(exams.id));
    if (active.length === 0) return { kind: "message", status: 404, message: `No exams in course ${courseKey}.`, framed: true };
    const fallback = await defaultBackendName(ctx.db);
    let seen: string | null = null;
    for (const exam of active) {
      if (!exam.isProctored) continue;
      const name = exam.backend || fallback;
      if (seen !== null && name !== seen) {
        return { kind: "message", status: 400, message: `Multiple backends for course '${courseKey}' '${seen}' != '${name}'`, framed: false };
      }
      seen = name;
    }
    backend = seen === null ? null : await getBackendByName(ctx.db, seen);
  }

  if (!backend) return { kind: "message", status: 404, message: `No proctored exams in course ${courseKey}`, framed: true };
  // `attempt` and `config` only mean something for one exam (§8.20); the staff member goes to the
  // vendor under the id obscured for that backend (§15.3), never ours.
  const url = await backend.getInstructorUrl({
    courseKey,
    user: { id: obscuredUserId(getEnv().secretKey, actor.userId, backend.name), fullName: actor.fullName, email: actor.email },
    examId: vendorExamId,
    attemptId: vendorExamId ? (input.attempt ?? null) : null,
    showConfigurationDashboard: vendorExamId ? input.config === true : false,
  });
  if (!url) return { kind: "message", status: 404, message: `No instructor dashboard for ${backend.verboseName}`, framed: true };
  return { kind: "redirect", url };
}

/** The outcome as 3.8.1 answers it: a 302, or a bare JSON string (framed 404s allow our own origin). */
export function instructorDashboardResponse(req: Request, outcome: InstructorDashboardOutcome): Response {
  if (outcome.kind === "redirect") return NextResponse.redirect(new URL(outcome.url, req.url), 302);
  return NextResponse.json(outcome.message, {
    status: outcome.status,
    headers: outcome.framed ? { "X-Frame-Options": "sameorigin" } : {},
  });
}
