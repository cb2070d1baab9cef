import { desc, eq } from "drizzle-orm";
import { attemptHistory, attempts, exams, type Review } from "@/db/schema";
import { resolveExamBackend } from "@/lib/backends/registry";
import { RpnowReviewPayload, convertRpnowReview, parseRpnowReviewPayload } from "@/lib/backends/software-secure/review";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { loadSiteSettings } from "../settings";
import { recordReview } from "./submit";

/** The fields of RPNow's review body Invigil reads (the rest is stored as received). */
export const RpnowReviewBody = RpnowReviewPayload;

/**
 * RPNow's review callback (§8.24, §9.5): the attempt by `examMetaData.examCode` (live, then
 * archived), the external-id check against `ssiRecordLocator` unless the site allows callback
 * simulation, the payload converted (video link dropped, status mapped, comments renamed), then
 * the one review path. Every refusal is a 400 with a plain message and changes nothing.
 */
export async function receiveSoftwareSecureReview(ctx: ServiceContext, raw: unknown): Promise<Review> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ServiceError("VALIDATION", "The review must be a JSON object.");
  }
  const parsed = parseRpnowReviewPayload(raw);
  if (!parsed.ok) throw new ServiceError("VALIDATION", parsed.detail);
  const code = parsed.payload.examMetaData.examCode;

  const [live] = await ctx.db.select().from(attempts).where(eq(attempts.attemptCode, code)).limit(1);
  const [archived] = live
    ? [undefined]
    : await ctx.db.select().from(attemptHistory).where(eq(attemptHistory.attemptCode, code)).orderBy(desc(attemptHistory.id)).limit(1);
  const subject = live ?? archived;
  if (!subject) throw new ServiceError("VALIDATION", `Could not locate attempt_code=${code}`);

  const [exam] = await ctx.db.select().from(exams).where(eq(exams.id, subject.examId)).limit(1);
  const backend = exam ? await resolveExamBackend(ctx.db, exam) : null;
  if (backend?.kind !== "software_secure") {
    throw new ServiceError("VALIDATION", `attempt_code=${code} does not belong to an exam proctored with RPNow.`);
  }

  const settings = await loadSiteSettings(ctx.db);
  const converted = convertRpnowReview(
    parsed,
    { attemptCode: code, externalId: subject.externalId },
    { allowCallbackSimulation: settings.allow_callback_simulation },
  );
  if (!converted.ok) throw new ServiceError("VALIDATION", converted.detail);

  return recordReview(ctx, {
    attemptCode: code,
    attemptId: live ? live.id : null,
    examId: subject.examId,
    studentId: subject.userId,
    courseKey: subject.courseKey,
    stored: converted.review.stored,
    rawData: JSON.stringify(converted.review.payload),
    reviewedByEmail: null,
    comments: converted.review.comments,
  });
}
