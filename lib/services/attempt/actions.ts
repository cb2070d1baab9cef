import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attempts, type Attempt, type AttemptStatus } from "@/db/schema";
import { isCourseStaff } from "@/lib/domain/actor";
import { decidePracticeReset, errorActionDecision } from "@/lib/domain/attempt-rules";
import { isExpired, remainingSeconds } from "@/lib/domain/time";
import {
  authorizeAttemptAction,
  type AttemptAction,
  isAttemptAction,
  targetStatusOfAction,
  unknownActionMessage,
} from "@/lib/domain/transitions";
import { resolveExamBackend } from "@/lib/backends/registry";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { recordAudit } from "../journal";
import { loadSiteSettings } from "../settings";
import { createExamAttempt } from "./create";
import { applyExpiry } from "./expire";
import { removeAttemptInTx } from "./remove";
import { archiveAttempt, currentAttempt, findAttempt, lockAttempt, requireExam } from "./store";
import { readTransitionScopeAhead, startLockedAttempt, transitionAttempt, type ScopeAhead } from "./transition";

export interface AttemptActionInput {
  attemptId: number;
  action: string;
  /** Staff resuming another learner's attempt pass the learner's id (§8.7). */
  userId?: number | null;
}

/**
 * PUT …/attempt/<id> (§8.7): one action on one attempt, authorised as in 3.8.1 except where our
 * decisions are stricter (staff-only resume, proctored start only from ready_to_start).
 * Returns the attempt id the client should follow, or false when nothing changed (`error`).
 */
export async function performAttemptAction(ctx: ServiceContext, input: AttemptActionInput): Promise<number | false> {
  const principal = ctx.principal;
  if (principal.kind !== "user") throw new ServiceError("FORBIDDEN", "Attempt actions are taken by people, not by service credentials.");
  if (!isAttemptAction(input.action)) {
    throw new ServiceError("VALIDATION", unknownActionMessage(input.action));
  }
  const action = input.action;
  const audit = `attempt.${action}`;

  // The plain status actions (submit, decline, …) on an attempt whose time has not run out: lock,
  // authorise and change in one transaction, without a separate read first. An attempt that is due
  // for expiry takes the general path below, which stores the expiry in a transaction of its own
  // before the action, exactly as always.
  if (!OWN_PATH_ACTIONS.has(action)) {
    const to = targetStatusOfAction(action) as AttemptStatus;
    const done = await ctx.db.transaction(async (tx) => {
      const locking = lockAttempt(tx, input.attemptId);
      // Sent behind the lock and answered with it: one round trip fewer (decision 058).
      const ahead = readTransitionScopeAhead(tx, input.attemptId, to);
      const locked = await locking;
      if (!locked) throw new ServiceError("NOT_FOUND", `Attempted to update attempt_id=${input.attemptId} but it does not exist.`, { status: 400 });
      authorize(ctx, action, input, locked);
      if (isExpired(locked, ctx.now)) return EXPIRY_FIRST;
      return actOnLocked(tx, ctx, locked, action, to, audit, ahead);
    });
    if (done !== EXPIRY_FIRST) return done;
  }

  const found = await findAttempt(ctx.db, input.attemptId);
  if (!found) throw new ServiceError("NOT_FOUND", `Attempted to update attempt_id=${input.attemptId} but it does not exist.`, { status: 400 });
  authorize(ctx, action, input, found);

  const attempt = await applyExpiry(ctx, found);

  switch (action) {
    case "start":
      return startCurrentAttempt(ctx, attempt);
    case "error":
      return markError(ctx, attempt);
    case "reset_attempt":
      return resetPracticeAttempt(ctx, attempt);
    default: {
      const to = targetStatusOfAction(action) as AttemptStatus;
      return ctx.db.transaction(async (tx) => {
        const locked = await lockAttempt(tx, attempt.id);
        if (!locked) throw new ServiceError("NOT_FOUND", `Attempted to update attempt_id=${attempt.id} but it does not exist.`, { status: 400 });
        return actOnLocked(tx, ctx, locked, action, to, audit);
      });
    }
  }
}

/** Actions with a flow of their own (the rest are one status change of the locked attempt). */
const OWN_PATH_ACTIONS: ReadonlySet<string> = new Set(["start", "error", "reset_attempt"]);
const EXPIRY_FIRST = Symbol("expiry first");

/** 3.8.1's permission check of an action on `attempt` (owner, or staff where allowed). */
function authorize(ctx: ServiceContext, action: AttemptAction, input: AttemptActionInput, attempt: Attempt): void {
  const principal = ctx.principal;
  if (principal.kind !== "user") throw new ServiceError("FORBIDDEN", "Attempt actions are taken by people, not by service credentials.");
  const userIdGiven = input.userId !== undefined && input.userId !== null;
  const actingUserId = userIdGiven ? input.userId! : principal.userId;
  const verdict = authorizeAttemptAction({
    action,
    actorIsOwner: attempt.userId === actingUserId,
    actorIsCourseStaff: isCourseStaff(principal, attempt.courseKey),
    userIdGiven,
    requesterId: principal.userId,
    attemptId: attempt.id,
    courseKey: attempt.courseKey,
  });
  if (!verdict.ok) throw new ServiceError("FORBIDDEN", verdict.detail);
}

/** A plain status action on the locked attempt; returns the id the client should follow. */
async function actOnLocked(tx: DbOrTx, ctx: ServiceContext, locked: Attempt, action: AttemptAction, to: AttemptStatus, audit: string, ahead?: ScopeAhead): Promise<number> {
  // "Start System Check" after the vendor already said ready (the mock says so within a
  // second) must not take the attempt back from ready_to_start: it only moves `created`.
  if (action === "click_download_software" && locked.status !== "created") return locked.id;
  const { attempt: after } = await transitionAttempt(tx, ctx, locked, to, { action: audit }, ahead);
  return after.id;
}

async function startCurrentAttempt(ctx: ServiceContext, attempt: Attempt): Promise<number> {
  const exam = await requireExam(ctx.db, attempt.examId);
  // 3.8.1 starts the *current* attempt of the pair, not necessarily the one in the URL.
  const current = (await currentAttempt(ctx.db, exam.id, attempt.userId)) ?? attempt;
  return ctx.db.transaction(async (tx) => {
    const locked = await lockAttempt(tx, current.id);
    if (!locked) {
      throw new ServiceError("VALIDATION", `Cannot start exam attempt for exam_id=${exam.id} and user_id=${attempt.userId} because it does not exist!`);
    }
    return (await startLockedAttempt(tx, ctx, locked, exam)).id;
  });
}

/** The `error` action after a failed ping (§5.8): save the time left, then go to `error`. */
async function markError(ctx: ServiceContext, attempt: Attempt): Promise<number | false> {
  const exam = await requireExam(ctx.db, attempt.examId);
  const backend = await resolveExamBackend(ctx.db, exam);
  const settings = await loadSiteSettings(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const locked = await lockAttempt(tx, attempt.id);
    if (!locked) throw new ServiceError("NOT_FOUND", `Attempted to update attempt_id=${attempt.id} but it does not exist.`, { status: 400 });
    const decision = errorActionDecision({
      status: locked.status,
      remainingSeconds: remainingSeconds(locked, ctx.now),
      passthrough: backend !== null && settings.ping_failure_passthrough_backends.includes(backend.name),
    });
    if (decision.kind !== "error") {
      await recordAudit(tx, ctx, {
        action: "attempt.error_ignored",
        entityType: "attempt",
        entityId: String(locked.id),
        courseKey: locked.courseKey,
        attemptId: locked.id,
        subjectUserId: locked.userId,
        fromStatus: locked.status,
        toStatus: locked.status,
        data: { reason: decision.reason },
      });
      return false;
    }
    const { attempt: after } = await transitionAttempt(tx, ctx, locked, "error", {
      action: "attempt.error",
      extra: { timeRemainingSeconds: decision.saveTimeRemainingSeconds },
    });
    return after.id;
  });
}

/** Learner "Retry" on a practice or onboarding exam (§4.9): returns the new attempt's id. */
async function resetPracticeAttempt(ctx: ServiceContext, attempt: Attempt): Promise<number> {
  const exam = await requireExam(ctx.db, attempt.examId);
  const current = (await currentAttempt(ctx.db, exam.id, attempt.userId)) ?? attempt;
  await ctx.db.transaction(async (tx) => {
    const locked = await lockAttempt(tx, current.id);
    if (!locked) throw new ServiceError("VALIDATION", `Cannot reset attempt for exam_id=${exam.id}: there is no attempt.`);
    const decision = decidePracticeReset({
      status: locked.status,
      isPracticeExam: exam.isPracticeExam,
      examId: exam.id,
      userId: locked.userId,
      courseKey: exam.courseKey,
    });
    if (decision.kind === "error") throw new ServiceError("ILLEGAL_TRANSITION", decision.detail);
    if (decision.kind === "remove") {
      await removeAttemptInTx(tx, ctx, locked, exam, "attempt.reset_practice_remove");
    } else {
      // A direct write with a history row, bypassing the workflow, as 3.8.1 does (§4.4).
      await archiveAttempt(tx, locked, ctx.now);
      await tx.update(attempts).set({ status: "onboarding_reset" }).where(eq(attempts.id, locked.id));
      await recordAudit(tx, ctx, {
        action: "attempt.reset_attempt",
        entityType: "attempt",
        entityId: String(locked.id),
        courseKey: locked.courseKey,
        attemptId: locked.id,
        subjectUserId: locked.userId,
        fromStatus: locked.status,
        toStatus: "onboarding_reset",
        data: {},
      });
    }
  });
  const fresh = await createExamAttempt(ctx, { examId: exam.id, userId: attempt.userId, takingAsProctored: current.takingAsProctored });
  return fresh.id;
}
