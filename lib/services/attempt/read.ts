import { and, desc, eq, inArray } from "drizzle-orm";
import { attempts, exams, type Attempt, type Exam, type User } from "@/db/schema";
import { resolveExamBackend, type ProctoringBackend } from "@/lib/backends/registry";
import { isCourseStaff } from "@/lib/domain/actor";
import { examKind } from "@/lib/domain/exam-kind";
import { isInProgress } from "@/lib/domain/statuses";
import {
  accessibilityTimeString,
  frozenTotalMinutes,
  hasDueDatePassed,
  humanizeMinutes,
  remainingSeconds,
  shownRemainingSeconds,
  shownTotalMinutes,
  timerThresholds,
} from "@/lib/domain/time";
import { absoluteUrl, examLink, type LinkOptions } from "@/lib/links/exam-links";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { loadSiteSettings, type SiteSettings } from "../settings";
import { applyExpiry } from "./expire";
import { heartbeatOf, pollRunningAttempt } from "./poll";
import { resolveSubjectUser } from "@/lib/data/users";
import { allowanceValue, currentAttempt, findAttempt, learnerDueDate } from "./store";

export const ATTEMPT_POLL_PATH = "/api/edx_proctoring/v1/proctored_exam/attempt/";

/** "a timed exam" / "a proctored exam" / "an onboarding exam" / "a practice exam" (§8.4). */
export function examTypeLabel(attempt: Pick<Attempt, "takingAsProctored" | "isSampleAttempt">, backend: ProctoringBackend | null): string {
  if (!attempt.takingAsProctored) return "a timed exam";
  if (!attempt.isSampleAttempt) return "a proctored exam";
  return backend?.supportsOnboarding ? "an onboarding exam" : "a practice exam";
}

export function examTypeOf(exam: Exam, backend: ProctoringBackend | null): "timed" | "proctored" | "practice" | "onboarding" {
  const kind = examKind(exam, backend?.supportsOnboarding ?? false);
  return kind === "unsupported" ? "timed" : kind;
}

/** The owner or, with `user_id`, course staff (the Learning MFE's masquerade). */
function requireUser(ctx: ServiceContext) {
  if (ctx.principal.kind !== "user") throw new ServiceError("FORBIDDEN", "This endpoint is for signed-in learners and course staff.");
  return ctx.principal;
}

/** The total minutes shown for the learner's attempt (or none): what starting it would grant (§5.2, §6). */
async function attemptTotalMinutes(ctx: ServiceContext, exam: Exam, userId: number, attempt: Attempt | null): Promise<number> {
  const frozen = frozenTotalMinutes(attempt);
  if (frozen !== null) return frozen;
  return shownTotalMinutes({
    attempt,
    timeLimitMins: exam.timeLimitMins,
    additionalTimeAllowance: await allowanceValue(ctx.db, exam.id, userId, "additional_time_granted"),
    dueDate: await learnerDueDate(ctx.db, userId, exam),
    now: ctx.now,
  });
}

async function learnerTotalMinutes(ctx: ServiceContext, exam: Exam, userId: number): Promise<number> {
  return attemptTotalMinutes(ctx, exam, userId, await currentAttempt(ctx.db, exam.id, userId));
}

/**
 * One attempt as the Open edX client reads it (`get_exam_attempt_data`, client-contract §5),
 * with the live remaining time and 3.8.1's resume status mapped to `attempt_ready_to_resume`.
 */
export async function attemptData(
  ctx: ServiceContext,
  attempt: Attempt,
  exam: Exam,
  settings: SiteSettings,
  links: LinkOptions = { isLearningMfe: false },
) {
  const backend = await resolveExamBackend(ctx.db, exam);
  const allowed = await attemptTotalMinutes(ctx, exam, attempt.userId, attempt);
  const remaining = shownRemainingSeconds(attempt, allowed, ctx.now);
  const thresholds = timerThresholds(allowed, {
    lowPct: settings.low_threshold_pct,
    criticalPct: settings.critically_low_threshold_pct,
  });
  return {
    in_timed_exam: true,
    attempt_id: attempt.id,
    attempt_status: attempt.status,
    exam_type: examTypeLabel(attempt, backend),
    exam_display_name: exam.examName,
    exam_url_path: await examLink(ctx, exam, settings, links),
    time_remaining_seconds: remaining,
    total_time: humanizeMinutes(allowed),
    course_id: exam.courseId,
    external_id: attempt.externalId,
    exam_started_poll_url: `${ATTEMPT_POLL_PATH}${attempt.id}`,
    attempt_ready_to_resume: attempt.status === "ready_to_resume",
    use_legacy_attempt_api: true as const,
    desktop_application_js_url: absoluteUrl(ctx, backend?.getJavascriptUrl()),
    ping_interval: backend?.pingInterval ?? 60,
    attempt_code: attempt.attemptCode,
    ...(attempt.status === "created" || attempt.status === "download_software_clicked"
      ? { software_download_url: absoluteUrl(ctx, backend?.getSoftwareDownloadUrl()) }
      : {}),
    taking_as_proctored: attempt.takingAsProctored,
    low_threshold_sec: thresholds.lowThresholdSec,
    critically_low_threshold_sec: thresholds.criticallyLowThresholdSec,
    accessibility_time_string: accessibilityTimeString(remaining, { lessThanMinute: true }),
  };
}

/** The learner's running attempts, newest first, after the expiry rule. */
async function runningAttempts(ctx: ServiceContext, userId: number, courseKey?: string): Promise<Attempt[]> {
  const rows = await ctx.db
    .select()
    .from(attempts)
    .where(
      and(
        eq(attempts.userId, userId),
        inArray(attempts.status, ["started", "ready_to_submit"]),
        ...(courseKey ? [eq(attempts.courseId, courseKey)] : []),
      ),
    )
    .orderBy(desc(attempts.created), desc(attempts.id));
  const out: Attempt[] = [];
  for (const row of rows) {
    const after = await applyExpiry(ctx, row);
    if (isInProgress(after.status)) out.push(after);
  }
  return out;
}

async function examOf(ctx: ServiceContext, attempt: Attempt): Promise<Exam> {
  const [exam] = await ctx.db.select().from(exams).where(eq(exams.id, attempt.examId)).limit(1);
  if (!exam) throw new ServiceError("NOT_FOUND", `Attempted to get exam_id=${attempt.examId}, but this exam does not exist.`, { status: 400 });
  return exam;
}

export { resolveSubjectUser } from "@/lib/data/users";

/**
 * L1/L2 of client-contract §4.1: GET …/attempt/course_id/<course>?content_id=… →
 * `{exam: {…, attempt}, active_attempt}`.
 */
export async function sequenceExamData(
  ctx: ServiceContext,
  input: { courseKey: string; contentId: string | null; userId: number | null } & LinkOptions,
) {
  const me = requireUser(ctx);
  const userId = await resolveSubjectUser(ctx, input.userId, isCourseStaff(me, input.courseKey));
  const settings = await loadSiteSettings(ctx.db);
  // Course staff reading a learner see only what the learner does in the course they staff: not
  // a running exam (and its attempt code) in another course. The learner and admins see any.
  const running = await runningAttempts(ctx, userId, userId === me.userId || me.isAdmin ? undefined : input.courseKey);
  const active = running[0] ?? null;
  const links: LinkOptions = { isLearningMfe: input.isLearningMfe };
  const activeData = active ? await attemptData(ctx, active, await examOf(ctx, active), settings, links) : {};

  if (!input.contentId) return { exam: {}, active_attempt: activeData };
  const [exam] = await ctx.db
    .select()
    .from(exams)
    .where(and(eq(exams.courseId, input.courseKey), eq(exams.contentId, input.contentId), eq(exams.isActive, true)))
    .limit(1);
  if (!exam) return { exam: {}, active_attempt: activeData };

  const backend = await resolveExamBackend(ctx.db, exam);
  let attempt = await currentAttempt(ctx.db, exam.id, userId);
  if (attempt) attempt = await applyExpiry(ctx, attempt);
  const due = await learnerDueDate(ctx.db, userId, exam);
  const type = examTypeOf(exam, backend);
  return {
    exam: {
      id: exam.id,
      course_id: exam.courseId,
      content_id: exam.contentId,
      exam_name: exam.examName,
      time_limit_mins: exam.timeLimitMins,
      is_proctored: exam.isProctored,
      is_practice_exam: exam.isPracticeExam,
      is_active: exam.isActive,
      due_date: due?.toISOString() ?? null,
      hide_after_due: exam.hideAfterDue,
      backend: exam.backend,
      type,
      passed_due_date: hasDueDatePassed(due, ctx.now),
      // Only before the first attempt, as 3.8.1 (the attempt carries its own total_time).
      ...(attempt ? {} : { total_time: humanizeMinutes(await learnerTotalMinutes(ctx, exam, userId)) }),
      prerequisite_status: { are_prerequisites_satisifed: true, satisfied_prerequisites: [], failed_prerequisites: [], pending_prerequisites: [], declined_prerequisites: [] },
      ...(attempt && ["onboarding_missing", "onboarding_expired", "onboarding_failed", "onboarding_pending"].includes(attempt.status)
        ? { onboarding_link: await onboardingLink(ctx, exam.courseId, settings, links) }
        : {}),
      use_legacy_attempt_api: true as const,
      attempt: attempt ? await attemptData(ctx, attempt, exam, settings, links) : {},
    },
    active_attempt: activeData,
  };
}

async function onboardingLink(ctx: ServiceContext, courseKey: string, settings: SiteSettings, links: LinkOptions): Promise<string> {
  const [onboarding] = await ctx.db
    .select()
    .from(exams)
    .where(and(eq(exams.courseId, courseKey), eq(exams.isActive, true), eq(exams.isProctored, true), eq(exams.isPracticeExam, true)))
    .orderBy(desc(exams.created))
    .limit(1);
  return onboarding ? examLink(ctx, onboarding, settings, links) : "";
}

/** GET …/active_attempt (4.15.0): the running attempt's data, or `{}`. Staff may pass user_id. */
export async function activeAttemptData(ctx: ServiceContext, requestedUserId: number | null, links: LinkOptions = { isLearningMfe: false }) {
  const me = requireUser(ctx);
  const userId = await resolveSubjectUser(ctx, requestedUserId, me.isAdmin);
  const settings = await loadSiteSettings(ctx.db);
  const [active] = await runningAttempts(ctx, userId);
  return active ? attemptData(ctx, active, await examOf(ctx, active), settings, links) : {};
}

/** GET …/proctored_exam/attempt (§8.4): the timer of the caller's running exam. */
export async function timerStatus(ctx: ServiceContext) {
  const me = requireUser(ctx);
  const [active] = await runningAttempts(ctx, me.userId);
  if (!active) return { in_timed_exam: false, is_proctored: false };
  const exam = await examOf(ctx, active);
  const backend = await resolveExamBackend(ctx.db, exam);
  const settings = await loadSiteSettings(ctx.db);
  const remaining = remainingSeconds(active, ctx.now);
  const allowed = active.allowedTimeLimitMins ?? exam.timeLimitMins;
  const t = timerThresholds(allowed, { lowPct: settings.low_threshold_pct, criticalPct: settings.critically_low_threshold_pct });
  return {
    in_timed_exam: true,
    taking_as_proctored: active.takingAsProctored,
    exam_type: examTypeLabel(active, backend),
    exam_display_name: exam.examName,
    // 3.8.1's timer endpoint takes no is_learning_mfe: always our own page, absolute.
    exam_url_path: await examLink(ctx, exam, settings, { isLearningMfe: false }),
    time_remaining_seconds: remaining,
    low_threshold_sec: t.lowThresholdSec,
    critically_low_threshold_sec: t.criticallyLowThresholdSec,
    course_id: exam.courseId,
    attempt_id: active.id,
    accessibility_time_string: accessibilityTimeString(remaining, { lessThanMinute: false }),
    attempt_status: active.status,
    exam_started_poll_url: `${ATTEMPT_POLL_PATH}${active.id}`,
    desktop_application_js_url: absoluteUrl(ctx, backend?.getJavascriptUrl()),
    ...(backend ? { ping_interval: backend.pingInterval } : {}),
  };
}

/**
 * GET …/attempt/<id> (§8.6): owner only; applies the expiry rule; the timer poll
 * (`sourceid=in_exam`) also records the learner's last heartbeat (spec README point 9).
 *
 * The poll is the hottest request of a running exam: its common case (the owner's attempt, still
 * running and not yet due) is one prepared SELECT of attempt, exam and learner, with the heartbeat
 * buffered and written in batches (heartbeats.ts); everything else takes the general path.
 */
export async function readOwnAttempt(
  ctx: ServiceContext,
  attemptId: number,
  options: { heartbeat: boolean; ipAddress?: string | null },
): Promise<{ attempt: Attempt; exam: Exam; user: Pick<User, "id" | "username" | "email">; remaining: number }> {
  const me = requireUser(ctx);
  const owner = { id: me.userId, username: me.username, email: me.email };
  if (options.heartbeat) {
    const running = await pollRunningAttempt(ctx.db, { attemptId, userId: me.userId, now: ctx.now, ipAddress: options.ipAddress ?? null });
    if (running) return { attempt: running.attempt, exam: running.exam, user: owner, remaining: remainingSeconds(running.attempt, ctx.now) };
  }
  const found = await findAttempt(ctx.db, attemptId);
  if (!found) throw new ServiceError("NOT_FOUND", `Attempted to get attempt_id=${attemptId} but this attempt does not exist.`, { status: 400 });
  if (found.userId !== me.userId) {
    throw new ServiceError("FORBIDDEN", `user_id=${me.userId} attempted to get attempt_id=${attemptId} but does not have authorization.`);
  }
  let attempt = await applyExpiry(ctx, found);
  if (options.heartbeat && isInProgress(attempt.status)) attempt = heartbeatOf(ctx.db, attempt, ctx.now, options.ipAddress);
  return { attempt, exam: await examOf(ctx, attempt), user: owner, remaining: remainingSeconds(attempt, ctx.now) };
}
