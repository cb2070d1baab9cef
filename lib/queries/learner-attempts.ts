import "server-only";
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attempts, exams, users, type Attempt, type Exam, type User } from "@/db/schema";
import { resolveExamBackend, type ProctoringBackend } from "@/lib/backends/registry";
import { isCourseStaff } from "@/lib/domain/actor";
import { effectiveAttempt, isExpiryPending } from "@/lib/domain/effective-attempt";
import { ServiceError } from "@/lib/domain/errors";
import { attemptTypeLabel, examKind, type ExamKind } from "@/lib/domain/exam-kind";
import { isCreditGated, type Prerequisite } from "@/lib/domain/credit";
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
import { allowanceValue, currentAttempt, findAttempt, learnerDueDate } from "@/lib/data/attempts";
import { builtStatement, columnsReader, tableReader } from "@/lib/data/built-statement";
import type { ServiceContext } from "@/lib/data/context";
import { learnerEligibility } from "@/lib/data/credit-eligibility";
import { loadSiteSettings, type SiteSettings } from "@/lib/data/settings";
import { resolveSubjectUser } from "@/lib/data/users";
import { absoluteUrl, examLink, prerequisiteLink, type LinkOptions } from "@/lib/links/exam-links";

/**
 * The learner's reads of the Open edX client (client-contract L1/L3, §8.4, §8.6, 4.15.0's
 * `active_attempt`) and of our exam page's clock. Pure: an attempt whose time ran out is shown in
 * its effective state (effectiveAttempt), and its id is handed back in `expiring`. The contract of
 * these endpoints wants the expiry *stored* before the answer (the client reacts to the stored
 * `submitted`, the learner gets the submission e-mail at once), so the route calls the expiry verb
 * for those ids and reads again (docs/decisions/025-learner-reads-and-keyset-paging.md). The
 * common case, nothing expired, costs no write and no second read.
 */

export const ATTEMPT_POLL_PATH = "/api/edx_proctoring/v1/proctored_exam/attempt/";

/** A read's answer and the attempts it showed as expired whose expiry is not stored yet. */
export interface LearnerRead<T> {
  body: T;
  /** Ids for the expiry verb; empty in the common case. */
  expiring: number[];
}

/** The exam's kind as the client's `type` names it; an unsupported onboarding exam is timed. */
export function examTypeOf(exam: Exam, backend: ProctoringBackend | null): Exclude<ExamKind, "unsupported"> {
  const kind = examKind(exam, backend?.supportsOnboarding ?? false);
  return kind === "unsupported" ? "timed" : kind;
}

/** The owner or, with `user_id`, course staff (the Learning MFE's masquerade). */
function requireUser(ctx: ServiceContext) {
  if (ctx.principal.kind !== "user") throw new ServiceError("FORBIDDEN", "This endpoint is for signed-in learners and course staff.");
  return ctx.principal;
}

/** Shows the attempt in effect, noting it in `expiring` when its expiry is not stored yet. */
function inEffect(attempt: Attempt, ctx: ServiceContext, settings: Pick<SiteSettings, "allow_timed_out_state">, expiring: number[]): Attempt {
  if (!isExpiryPending(attempt, ctx.now)) return attempt;
  expiring.push(attempt.id);
  return effectiveAttempt(attempt, ctx.now, { allowTimedOutState: settings.allow_timed_out_state });
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

/**
 * One attempt as the Open edX client reads it (`get_exam_attempt_data`, client-contract §5),
 * with the live remaining time and 3.8.1's resume status mapped to `attempt_ready_to_resume`.
 * `attempt` is already in its effective state.
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
    exam_type: attemptTypeLabel(attempt, backend?.supportsOnboarding ?? false),
    exam_display_name: exam.examName,
    exam_url_path: await examLink(ctx, exam, settings, links),
    time_remaining_seconds: remaining,
    total_time: humanizeMinutes(allowed),
    course_id: exam.courseKey,
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

/** The learner's running attempts in effect (an expired one is no longer running), newest first. */
async function runningAttempts(ctx: ServiceContext, settings: SiteSettings, userId: number, expiring: number[], courseKey?: string): Promise<Attempt[]> {
  const rows = await ctx.db
    .select()
    .from(attempts)
    .where(
      and(
        eq(attempts.userId, userId),
        inArray(attempts.status, ["started", "ready_to_submit"]),
        ...(courseKey ? [eq(attempts.courseKey, courseKey)] : []),
      ),
    )
    .orderBy(desc(attempts.created), desc(attempts.id));
  return rows.map((row) => inEffect(row, ctx, settings, expiring)).filter((a) => isInProgress(a.status));
}

async function examOf(ctx: ServiceContext, attempt: Attempt): Promise<Exam> {
  const [exam] = await ctx.db.select().from(exams).where(eq(exams.id, attempt.examId)).limit(1);
  if (!exam) throw new ServiceError("NOT_FOUND", `Attempted to get exam_id=${attempt.examId}, but this exam does not exist.`, { status: 400 });
  return exam;
}

/**
 * `prerequisite_status` of the client's read (client-contract L1; 3.8.1 `check_prerequisites`):
 * the learner's credit prerequisites before the exam, each with its `display_name` and a
 * `jumpto_url` (null outside the jump-to namespaces). `are_prerequisites_satisifed` is spelt as
 * edx-proctoring spells it.
 */
async function prerequisiteStatus(
  ctx: ServiceContext,
  exam: Exam,
  userId: number,
  settings: SiteSettings,
  links: LinkOptions,
) {
  const { prerequisites } = await learnerEligibility(ctx.db, { userId, examId: exam.id });
  const items = (list: Prerequisite[]) =>
    Promise.all(
      list.map(async (p) => ({
        namespace: p.namespace,
        name: p.name,
        display_name: p.displayName,
        order: p.order,
        status: p.status,
        jumpto_url: await prerequisiteLink(ctx, exam.courseKey, p, settings, links),
      })),
    );
  return {
    prerequisites,
    json: {
      are_prerequisites_satisifed: prerequisites.ok,
      satisfied_prerequisites: await items(prerequisites.satisfied),
      failed_prerequisites: await items(prerequisites.failed),
      pending_prerequisites: await items(prerequisites.pending),
      declined_prerequisites: await items(prerequisites.declined),
    },
  };
}

/**
 * L1/L2 of client-contract §4.1: GET …/attempt/course_id/<course>?content_id=… →
 * `{exam: {…, attempt}, active_attempt}`. `declining` names the exam when the learner's own read
 * finds a declined credit prerequisite and no attempt yet: the route then has the attempt created
 * and declined (declineForPrerequisite) and reads again, as for an expiry (decision 025).
 */
export async function sequenceExamData(
  ctx: ServiceContext,
  input: { courseKey: string; contentId: string | null; userId: number | null } & LinkOptions,
) {
  const me = requireUser(ctx);
  const userId = await resolveSubjectUser(ctx, input.userId, isCourseStaff(me, input.courseKey));
  const settings = await loadSiteSettings(ctx.db);
  const expiring: number[] = [];
  // Course staff reading a learner see only what the learner does in the course they staff: not
  // a running exam (and its attempt code) in another course. The learner and admins see any.
  const running = await runningAttempts(ctx, settings, userId, expiring, userId === me.userId || me.isAdmin ? undefined : input.courseKey);
  const active = running[0] ?? null;
  const links: LinkOptions = { isLearningMfe: input.isLearningMfe };
  const activeData = active ? await attemptData(ctx, active, await examOf(ctx, active), settings, links) : {};
  const none = { body: { exam: {} as Record<string, never>, active_attempt: activeData }, expiring, declining: null as number | null };

  if (!input.contentId) return none;
  const [exam] = await ctx.db
    .select()
    .from(exams)
    .where(and(eq(exams.courseKey, input.courseKey), eq(exams.contentId, input.contentId), eq(exams.isActive, true)))
    .limit(1);
  if (!exam) return none;

  const backend = await resolveExamBackend(ctx.db, exam);
  const stored = await currentAttempt(ctx.db, exam.id, userId);
  const attempt = stored ? inEffect(stored, ctx, settings, expiring) : null;
  const due = await learnerDueDate(ctx.db, userId, exam);
  const type = examTypeOf(exam, backend);
  // Only for non-practice proctored exams without an attempt (client contract L1, as edx-proctoring).
  const prerequisites = !attempt && isCreditGated(exam) ? await prerequisiteStatus(ctx, exam, userId, settings, links) : null;
  const data = {
    id: exam.id,
    course_id: exam.courseKey,
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
    ...(attempt ? {} : { total_time: humanizeMinutes(await attemptTotalMinutes(ctx, exam, userId, null)) }),
    ...(prerequisites ? { prerequisite_status: prerequisites.json } : {}),
    ...(attempt && ["onboarding_missing", "onboarding_expired", "onboarding_failed", "onboarding_pending"].includes(attempt.status)
      ? { onboarding_link: await onboardingLink(ctx, exam.courseKey, settings, links) }
      : {}),
    use_legacy_attempt_api: true as const,
    attempt: attempt ? await attemptData(ctx, attempt, exam, settings, links) : {},
  };
  const declining = prerequisites && prerequisites.prerequisites.declined.length > 0 && userId === me.userId ? exam.id : null;
  return { body: { exam: data, active_attempt: activeData }, expiring: [...new Set(expiring)], declining };
}

async function onboardingLink(ctx: ServiceContext, courseKey: string, settings: SiteSettings, links: LinkOptions): Promise<string> {
  const [onboarding] = await ctx.db
    .select()
    .from(exams)
    .where(and(eq(exams.courseKey, courseKey), eq(exams.isActive, true), eq(exams.isProctored, true), eq(exams.isPracticeExam, true)))
    .orderBy(desc(exams.created))
    .limit(1);
  return onboarding ? examLink(ctx, onboarding, settings, links) : "";
}

/** GET …/active_attempt (4.15.0): the running attempt's data, or `{}`. Staff may pass user_id. */
export async function activeAttemptData(
  ctx: ServiceContext,
  requestedUserId: number | null,
  links: LinkOptions = { isLearningMfe: false },
): Promise<LearnerRead<Awaited<ReturnType<typeof attemptData>> | Record<string, never>>> {
  const me = requireUser(ctx);
  const userId = await resolveSubjectUser(ctx, requestedUserId, me.isAdmin);
  const settings = await loadSiteSettings(ctx.db);
  const expiring: number[] = [];
  const [active] = await runningAttempts(ctx, settings, userId, expiring);
  return { body: active ? await attemptData(ctx, active, await examOf(ctx, active), settings, links) : {}, expiring };
}

/** GET …/proctored_exam/attempt (§8.4): the timer of the caller's running exam. */
export async function timerStatus(ctx: ServiceContext) {
  const me = requireUser(ctx);
  const settings = await loadSiteSettings(ctx.db);
  const expiring: number[] = [];
  const [active] = await runningAttempts(ctx, settings, me.userId, expiring);
  if (!active) return { body: { in_timed_exam: false as const, is_proctored: false as const }, expiring };
  const exam = await examOf(ctx, active);
  const backend = await resolveExamBackend(ctx.db, exam);
  const remaining = remainingSeconds(active, ctx.now);
  const allowed = active.allowedTimeLimitMins ?? exam.timeLimitMins;
  const t = timerThresholds(allowed, { lowPct: settings.low_threshold_pct, criticalPct: settings.critically_low_threshold_pct });
  return {
    body: {
      in_timed_exam: true as const,
      taking_as_proctored: active.takingAsProctored,
      exam_type: attemptTypeLabel(active, backend?.supportsOnboarding ?? false),
      exam_display_name: exam.examName,
      // 3.8.1's timer endpoint takes no is_learning_mfe: always our own page, absolute.
      exam_url_path: await examLink(ctx, exam, settings, { isLearningMfe: false }),
      time_remaining_seconds: remaining,
      low_threshold_sec: t.lowThresholdSec,
      critically_low_threshold_sec: t.criticallyLowThresholdSec,
      course_id: exam.courseKey,
      attempt_id: active.id,
      accessibility_time_string: accessibilityTimeString(remaining, { lessThanMinute: false }),
      attempt_status: active.status,
      exam_started_poll_url: `${ATTEMPT_POLL_PATH}${active.id}`,
      desktop_application_js_url: absoluteUrl(ctx, backend?.getJavascriptUrl()),
      ...(backend ? { ping_interval: backend.pingInterval } : {}),
    },
    expiring,
  };
}

// -------------------------------------------------------------------------------------------------
// One attempt, read by its owner: the timer poll (§8.6) and our clock

export interface OwnAttempt {
  attempt: Attempt;
  exam: Exam;
  user: Pick<User, "id" | "username" | "email">;
  remaining: number;
}

const pollAttemptReader = tableReader(attempts);
const pollExamReader = tableReader(exams, pollAttemptReader.width);
const pollUserReader = columnsReader<Pick<User, "username" | "email">>({ username: users.username, email: users.email }, pollAttemptReader.width + pollExamReader.width);

/** Built once and prepared (lib/data/built-statement.ts): drizzle's SQL building was ~10% of a poll. */
const pollStatement = builtStatement(
  "invigil_poll_running_attempt",
  (db) =>
    db
      .select({ attempt: attempts, exam: exams, username: users.username, email: users.email })
      .from(attempts)
      .innerJoin(exams, eq(exams.id, attempts.examId))
      .innerJoin(users, eq(users.id, attempts.userId))
      .where(
        and(
          eq(attempts.id, sql.placeholder("attemptId")),
          eq(attempts.userId, sql.placeholder("userId")),
          eq(users.isActive, true),
          inArray(attempts.status, ["started", "ready_to_submit"]),
          gt(attempts.expiresAt, sql`${sql.placeholder("now")}::timestamptz`),
        ),
      )
      .limit(1),
  (row) => ({ attempt: pollAttemptReader.read(row)!, exam: pollExamReader.read(row)!, ...pollUserReader.read(row)! }),
);

/**
 * The timer poll's common case in one read (decision 010): the learner (active) polls their own
 * running, not-yet-due attempt. Null means "not the common case": the caller takes the general
 * path (ownAttempt), which gives the exact answer (not found, not yours, expired, ...). The
 * heartbeat is the caller's to record (lib/services/attempt/poll.ts).
 */
export async function runningOwnAttempt(
  db: Db,
  input: { attemptId: number; userId: number; now: Date },
): Promise<Omit<OwnAttempt, "remaining"> | null> {
  const [row] = await pollStatement(db, { attemptId: input.attemptId, userId: input.userId, now: input.now.toISOString() });
  if (!row) return null;
  return { attempt: row.attempt, exam: row.exam, user: { id: row.attempt.userId, username: row.username, email: row.email } };
}

/**
 * GET …/attempt/<id> (§8.6) and our clock: owner only, in its effective state. The hot case
 * (running, not yet due) is the one prepared read of runningOwnAttempt.
 */
export async function ownAttempt(ctx: ServiceContext, attemptId: number): Promise<LearnerRead<OwnAttempt>> {
  const me = requireUser(ctx);
  const owner = { id: me.userId, username: me.username, email: me.email };
  const running = await runningOwnAttempt(ctx.db, { attemptId, userId: me.userId, now: ctx.now });
  if (running) return { body: { ...running, user: owner, remaining: remainingSeconds(running.attempt, ctx.now) }, expiring: [] };
  const found = await findAttempt(ctx.db, attemptId);
  if (!found) throw new ServiceError("NOT_FOUND", `Attempted to get attempt_id=${attemptId} but this attempt does not exist.`, { status: 400 });
  if (found.userId !== me.userId) {
    throw new ServiceError("FORBIDDEN", `user_id=${me.userId} attempted to get attempt_id=${attemptId} but does not have authorization.`);
  }
  const expiring: number[] = [];
  const attempt = isExpiryPending(found, ctx.now) ? inEffect(found, ctx, await loadSiteSettings(ctx.db), expiring) : found;
  return { body: { attempt, exam: await examOf(ctx, attempt), user: owner, remaining: remainingSeconds(attempt, ctx.now) }, expiring };
}
