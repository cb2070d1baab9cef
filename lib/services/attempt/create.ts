import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attempts, courses, enrollments, exams, reviewPolicies, users, type Attempt, type Exam, type User } from "@/db/schema";
import { resolveExamBackend, type ProctoringBackend } from "@/lib/backends/registry";
import { isVendorError } from "@/lib/backends/errors";
import type { BackendExam, BackendFollowUp, RegistrationContext, RegistrationResult } from "@/lib/backends/types";
import { isCourseStaff } from "@/lib/domain/actor";
import { decideCreateAttempt } from "@/lib/domain/attempt-rules";
import { creationGate, isCreditGated } from "@/lib/domain/credit";
import { learnerEligibility } from "@/lib/data/credit-eligibility";
import { enrollmentRefusal } from "@/lib/domain/student-view";
import { hasDueDatePassed } from "@/lib/domain/time";
import { getEnv } from "@/lib/env";
import { carryOverAnswers } from "../answers/carry-over";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { enqueue, recordAudit } from "../journal";
import { obscuredUserId } from "@/lib/domain/obscure";
import { allowanceValue, currentAttempt, learnerDueDate, lockAttempt, newAttemptCode, requireExam } from "./store";
import { computeAllowedMinutes, deleteAttemptRow, transitionAttempt } from "./transition";
import { isOnboardingError } from "@/lib/domain/statuses";

export function backendExam(exam: Exam): BackendExam {
  return {
    id: exam.id,
    courseKey: exam.courseKey,
    contentId: exam.contentId,
    externalId: exam.externalId,
    examName: exam.examName,
    timeLimitMins: exam.timeLimitMins,
    isProctored: exam.isProctored,
    isPracticeExam: exam.isPracticeExam,
    isActive: exam.isActive,
    dueDate: exam.dueDate,
    hideAfterDue: exam.hideAfterDue,
    backend: exam.backend,
  };
}

/** The exam as a backend is told about it, with its review policy as `ruleSummary` (§9.8). */
export async function backendExamWithPolicy(db: DbOrTx, exam: Exam): Promise<BackendExam> {
  const [policy] = await db.select({ text: reviewPolicies.reviewPolicy }).from(reviewPolicies).where(eq(reviewPolicies.examId, exam.id)).limit(1);
  return { ...backendExam(exam), ruleSummary: policy?.text ?? null };
}

/** Why a registration failed, in words fit for the attempt's timeline (no secret, no vendor body). */
function registrationFailureReason(error: unknown): string {
  if (isVendorError(error)) return error.message;
  return "the proctoring backend failed unexpectedly";
}

/**
 * Registers the attempt at the vendor. A vendor that needs to know the exam first (REST) gets it
 * synchronously when the exam has no vendor id yet (its sync failed or is still queued), and the
 * id is kept. Any failure is returned, not thrown: the caller creates the attempt in `error`.
 */
async function registerAtVendor(
  ctx: ServiceContext,
  backend: ProctoringBackend,
  exam: Exam,
  context: RegistrationContext,
): Promise<{ ok: true; result: RegistrationResult } | { ok: false; reason: string; status: number | null }> {
  try {
    let sent = backendExam(exam);
    if (backend.needsExamExternalId && !exam.externalId) {
      const vendorId = await backend.onExamSaved(await backendExamWithPolicy(ctx.db, exam));
      if (vendorId) {
        await ctx.db.update(exams).set({ externalId: vendorId }).where(and(eq(exams.id, exam.id), isNull(exams.externalId)));
        sent = { ...sent, externalId: vendorId };
      }
    }
    return { ok: true, result: await backend.registerExamAttempt(sent, context) };
  } catch (error) {
    // Vendor errors are expected and end up on the attempt's timeline; anything else is a bug
    // worth a log line (name and message only: our own errors carry no secret).
    if (!isVendorError(error)) console.error(`[invigil] registration at backend '${backend.name}' failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return { ok: false, reason: registrationFailureReason(error), status: isVendorError(error) ? error.status : null };
  }
}

/** Invigil's own jobs, or course staff acting for another learner: exempt from the learner's gates. */
function isTrustedForLearner(ctx: ServiceContext, exam: Exam, user: User): boolean {
  const p = ctx.principal;
  return p.kind === "system" || (p.kind === "user" && p.userId !== user.id && isCourseStaff(p, exam.courseKey));
}

async function enrollmentCheck(ctx: ServiceContext, exam: Exam, user: User) {
  if (ctx.principal.kind === "system") return { refusal: null, enrollment: undefined };
  const [enrollment] = await ctx.db
    .select({ mode: enrollments.mode })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(courses.courseKey, exam.courseKey), eq(enrollments.userId, user.id), eq(enrollments.isActive, true)))
    .limit(1);
  const refusal = enrollmentRefusal({
    proctoring: exam.isProctored,
    enrollmentMode: enrollment?.mode ?? null,
    staffActingForLearner: isTrustedForLearner(ctx, exam, user),
  });
  return { refusal, enrollment };
}

/** Would the enrollment rule (decision 013) refuse this learner an attempt on this exam? */
export async function isRefusedByEnrollment(ctx: ServiceContext, exam: Exam, user: User): Promise<boolean> {
  return (await enrollmentCheck(ctx, exam, user)).refusal !== null;
}

/**
 * §12.3's credit prerequisites at the first attempt of a gated exam (docs/decisions/031-credit-eligibility.md):
 * failed or pending ones refuse a proctored attempt with a 403 (and an unproctored one where the
 * course does not allow opting out); a declined one turns a proctored attempt into a declined one.
 * Returns whether the attempt is to be declined. Trusted callers are not checked.
 */
async function prerequisiteGate(ctx: ServiceContext, exam: Exam, user: User, takingAsProctored: boolean): Promise<boolean> {
  if (!isCreditGated(exam) || isTrustedForLearner(ctx, exam, user)) return false;
  const eligibility = await learnerEligibility(ctx.db, { userId: user.id, examId: exam.id });
  const [course] = await ctx.db.select({ optOut: courses.allowProctoringOptOut }).from(courses).where(eq(courses.courseKey, exam.courseKey)).limit(1);
  const gate = creationGate({ prerequisites: eligibility.prerequisites, takingAsProctored, optOutAllowed: course?.optOut ?? false });
  if (gate.kind !== "refuse") return gate.kind === "decline";
  const what = gate.reason === "failed" ? "did not satisfy" : "has not yet completed";
  const wayOut = gate.optOutAllowed
    ? " The exam can be taken without proctoring (attempt_proctored=false)."
    : " This course does not allow taking it without proctoring.";
  throw new ServiceError(
    "FORBIDDEN",
    `user_id=${user.id} attempted to create an attempt for exam_id=${exam.id} in course_id=${exam.courseKey} ` +
      `but ${what} its prerequisites (${gate.reason}: ${gate.names.join(", ")}).${wayOut}`,
  );
}

/**
 * what-we-build decision 12: the pages refuse a learner without an active enrollment (or, for a
 * proctored, practice or onboarding exam, without one in a mode eligible for proctoring), and so
 * does every other way of creating an attempt. Course staff (and admins) acting for another
 * learner are exempt; Invigil's own jobs (system principals) are trusted callers.
 */
async function requireEnrollment(ctx: ServiceContext, exam: Exam, user: User): Promise<void> {
  const { refusal, enrollment } = await enrollmentCheck(ctx, exam, user);
  if (!refusal) return;
  const prefix = `user_id=${user.id} attempted to create an attempt for exam_id=${exam.id} in course_id=${exam.courseKey}`;
  throw new ServiceError(
    "FORBIDDEN",
    refusal === "not_enrolled"
      ? `${prefix} but is not enrolled in the course.`
      : `${prefix} but the enrollment mode '${enrollment?.mode}' is not eligible for proctored exams.`,
  );
}

export interface CreateAttemptInput {
  examId: number;
  userId: number;
  takingAsProctored: boolean;
}

/**
 * create_exam_attempt (§4.6). The vendor is called before the transaction (a slow vendor must
 * not hold row locks); the resume bookkeeping and the insert then run in one transaction.
 */
export async function createExamAttempt(ctx: ServiceContext, input: CreateAttemptInput): Promise<Attempt> {
  const exam = await requireExam(ctx.db, input.examId);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user) throw new ServiceError("NOT_FOUND", `Cannot find user with id=${input.userId}.`, { status: 400 });
  await requireEnrollment(ctx, exam, user);

  let existing = await currentAttempt(ctx.db, exam.id, user.id);
  if (existing && isOnboardingError(existing.status)) {
    // The vendor refused this learner earlier (no onboarding yet). Asking again must be possible
    // from any course once onboarding is done, so the refused attempt is archived and replaced.
    const stale = existing;
    await ctx.db.transaction(async (tx) => {
      const locked = await lockAttempt(tx, stale.id);
      if (locked && isOnboardingError(locked.status)) await deleteAttemptRow(tx, ctx, locked, "attempt.replace_onboarding_error");
    });
    existing = await currentAttempt(ctx.db, exam.id, user.id);
  }
  const decision = decideCreateAttempt({
    current: existing ? { status: existing.status, isSampleAttempt: existing.isSampleAttempt, timeRemainingSeconds: existing.timeRemainingSeconds } : null,
    exam: { isPracticeExam: exam.isPracticeExam },
  });
  if (decision.kind === "error") {
    throw new ServiceError(
      "VALIDATION",
      `Cannot create new exam attempt for exam_id=${exam.id} and user_id=${user.id} in course_id=${exam.courseKey} because it already exists!`,
    );
  }
  if (decision.kind === "existing" && existing) return existing;
  // Only before the learner's first attempt, as §12.3's pages (a resumed attempt is not gated again).
  const declineForPrerequisite = existing ? false : await prerequisiteGate(ctx, exam, user, input.takingAsProctored);
  const takingAsProctored = input.takingAsProctored && !declineForPrerequisite;

  const due = await learnerDueDate(ctx.db, user.id, exam);
  const attemptCode = newAttemptCode();
  const [policy] = await ctx.db.select().from(reviewPolicies).where(eq(reviewPolicies.examId, exam.id)).limit(1);

  let externalId: string | null = null;
  let forcedStatus: Attempt["status"] | null = null;
  let followUps: BackendFollowUp[] = [];
  let registrationFailure: { reason: string; status: number | null } | null = null;
  const backend = takingAsProctored ? await resolveExamBackend(ctx.db, exam) : null;

  // Resume: the old attempt becomes `resumed` before the past-due check, as in 3.8.1 (§4.6 step 5).
  const resumeFrom = decision.kind === "new" ? decision.resumeFrom : undefined;
  if (resumeFrom && existing) {
    await ctx.db.transaction(async (tx) => {
      const locked = await lockAttempt(tx, existing.id);
      if (locked && (locked.status === "ready_to_resume" || locked.status === "resumed")) {
        await transitionAttempt(tx, ctx, locked, "resumed", { action: "attempt.resumed" });
      }
    });
  }

  if (takingAsProctored && hasDueDatePassed(due, ctx.now)) {
    throw new ServiceError(
      "VALIDATION",
      `user_id=${user.id} attempted to create an attempt for expired exam with exam_id=${exam.id} in course_id=${exam.courseKey}`,
    );
  }

  if (backend) {
    const reviewPolicyException = await allowanceValue(ctx.db, exam.id, user.id, "review_policy_exception");
    const registration = await registerAtVendor(ctx, backend, exam, {
      // The address vendors reach us at (RPNow builds its exam URL from it): the configured one, else the caller's.
      lmsHost: getEnv().baseUrl ?? ctx.origin ?? "",
      timeLimitMins: await computeAllowedMinutes(ctx.db, exam, user.id, ctx.now),
      attemptCode,
      isSampleAttempt: exam.isPracticeExam,
      obscuredUserId: obscuredUserId(getEnv().secretKey, user.id, backend.name),
      fullName: user.fullName,
      email: user.email,
      ...(policy ? { reviewPolicy: policy.reviewPolicy } : {}),
      ...(reviewPolicyException ? { reviewPolicyException } : {}),
    });
    if (registration.ok) {
      externalId = registration.result.externalId;
      forcedStatus = registration.result.onboardingStatus ?? null;
      followUps = registration.result.followUps ?? [];
    } else {
      // The vendor is down or refused: the learner's attempt still exists, in `error` (§12.3's
      // error page with the escalation contact); staff can let them resume once it is fixed.
      registrationFailure = { reason: registration.reason, status: registration.status };
      forcedStatus = "error";
    }
  }

  return ctx.db.transaction(async (tx) => {
    // Two creates racing (a double-clicked "Start"): the second waits here, then finds the
    // first one's attempt and returns it instead of making a duplicate.
    await tx.execute(sql`select pg_advisory_xact_lock(${exam.id}, ${user.id})`);
    const now = await currentAttempt(tx, exam.id, user.id);
    if (now && now.id !== existing?.id && now.created.getTime() >= (existing?.created.getTime() ?? 0)) {
      if (backend && externalId) {
        await enqueue(tx, ctx, "vendor.call", { backend: backend.name, call: "remove_exam_attempt", exam_external_id: exam.externalId, attempt_external_id: externalId, attempt_id: null });
      }
      return now;
    }
    const [row] = await tx
      .insert(attempts)
      .values({
        userId: user.id,
        examId: exam.id,
        courseKey: exam.courseKey,
        status: forcedStatus ?? "created",
        attemptCode,
        externalId: forcedStatus ? null : externalId,
        takingAsProctored,
        isSampleAttempt: exam.isPracticeExam,
        reviewPolicyId: policy?.id ?? null,
        timeRemainingSeconds: resumeFrom?.timeRemainingSeconds ?? null,
        created: ctx.now,
        modified: ctx.now,
      })
      .returning();
    if (!row) throw new Error("insert returned no attempt");
    if (resumeFrom && existing) await carryOverAnswers(tx, existing.id, row.id);
    for (const f of followUps) await enqueue(tx, ctx, f.topic, f.payload, { delayMs: f.delayMs });
    await recordAudit(tx, ctx, {
      action: "attempt.create",
      entityType: "attempt",
      entityId: String(row.id),
      courseKey: row.courseKey,
      attemptId: row.id,
      subjectUserId: row.userId,
      fromStatus: null,
      toStatus: row.status,
      data: { taking_as_proctored: row.takingAsProctored, ...(resumeFrom && existing ? { resumed_from: existing.id } : {}) },
    });
    if (declineForPrerequisite) {
      // §12.3: a declined credit prerequisite declines this exam too (3.8.1 `_create_and_decline_attempt`).
      const { attempt: declined } = await transitionAttempt(tx, ctx, row, "declined", { action: "attempt.decline_prerequisite" });
      return declined;
    }
    if (registrationFailure) {
      await recordAudit(tx, ctx, {
        action: "attempt.registration_failed",
        entityType: "attempt",
        entityId: String(row.id),
        courseKey: row.courseKey,
        attemptId: row.id,
        subjectUserId: row.userId,
        fromStatus: null,
        toStatus: row.status,
        data: { backend: backend?.name ?? null, reason: registrationFailure.reason, vendor_status: registrationFailure.status },
      });
    }
    return row;
  });
}
