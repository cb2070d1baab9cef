import { and, asc, eq } from "drizzle-orm";
import { exams, type Exam } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { requireExamById } from "./store";

/**
 * The exam reads of §8.3. Any authenticated caller may read them (3.8.1 has no staff check, and
 * the learner client needs them); the route wrapper has already refused anonymous calls.
 */

export async function getExamById(ctx: ServiceContext, examId: unknown): Promise<Exam> {
  return requireExamById(ctx.db, examId);
}

/** By course and usage key; `contentId` is the full usage key (our fix of §17.4). */
export async function getExamByContent(ctx: ServiceContext, courseKey: string, contentId: string): Promise<Exam> {
  const [exam] = await ctx.db
    .select()
    .from(exams)
    .where(and(eq(exams.courseKey, courseKey), eq(exams.contentId, contentId)))
    .limit(1);
  if (!exam) {
    throw new ServiceError("NOT_FOUND", `Cannot find proctored exam in course_id=${courseKey} with content_id=${contentId}`, {
      status: 400,
    });
  }
  return exam;
}

/** The course's active exams, timed and proctored, oldest first (`get_all_exams_for_course(active_only)`). */
export async function listActiveExams(ctx: ServiceContext, courseKey: string): Promise<Exam[]> {
  return ctx.db
    .select()
    .from(exams)
    .where(and(eq(exams.courseKey, courseKey), eq(exams.isActive, true)))
    .orderBy(asc(exams.id));
}
