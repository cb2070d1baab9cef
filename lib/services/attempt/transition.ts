import { and, eq, getTableColumns, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  attemptAnswers,
  attemptHistory,
  attempts,
  backendConfigs,
  courses,
  creditRequirementStatuses,
  examQuestions,
  exams,
  gradeOverrides,
  reviews,
  siteSettings,
  type Attempt,
  type AttemptStatus,
  type BackendConfig,
  type Course,
  type Exam,
  type ExamQuestion,
} from "@/db/schema";
import { examBackendFromRow } from "@/lib/backends/registry";
import { ONBOARDING_ERROR_STATUSES, isCompleted } from "@/lib/domain/statuses";
import { allowedMinutes } from "@/lib/domain/time";
import {
  canUpdateCreditGradesAndEmail,
  illegalTransitionMessage,
  isTransitionLegal,
  rewriteTarget,
  startGuard,
  transitionEffects,
  type TransitionEffect,
} from "@/lib/domain/transitions";
import { attemptScore, computeScore, scoreColumns, type Score } from "../answers/score";
import type { AnswerValue } from "../answers/shapes";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { countTransition } from "@/lib/metrics";
import { ShapedStatements, builtStatement, columnPlaceholders, definedValues, encodeColumnValues, tableReader } from "@/lib/data/built-statement";
import { OutboxBatch, auditWrite, enqueue, recordAudit } from "../journal";
import { loadSiteSettings } from "../settings";
import { parseSiteSettings, type SiteSettings } from "@/lib/data/settings";
import { allowanceValue, archiveAttempt, currentAttempt, historyRow, learnerDueDate, lockAttempt, newAttemptCode } from "./store";
import { attemptStatusMessage, outboxMessagesOf, transitionAuditEntry, type TransitionMessage } from "./transition-rows";

export interface TransitionOptions {
  /** `entity.verb` for the audit log, e.g. `attempt.submit`. */
  action: string;
  /** Run the decline cascade (§4.3-6b); false inside the cascade itself. */
  cascade?: boolean;
  /** For expiry: the instant the time ran out, which becomes completed_at (§5.6). */
  timeoutAt?: Date;
  /** The reviewer a grade override is attributed to. */
  attributableToUserId?: number | null;
  /** Extra columns written with the status (e.g. time_remaining_seconds for `error`). */
  extra?: Partial<Pick<Attempt, "timeRemainingSeconds" | "externalId" | "takingAsProctored">>;
  /** Free data for the audit row. */
  auditData?: Record<string, unknown>;
}

export interface TransitionResult {
  attempt: Attempt;
  /** False when the attempt already was in the target status: nothing was written. */
  changed: boolean;
}

/** Allowed minutes for a learner starting (or registering) now (§5.2). */
export async function computeAllowedMinutes(tx: DbOrTx, exam: Exam, userId: number, now: Date): Promise<number> {
  const current = await currentAttempt(tx, exam.id, userId);
  return allowedMinutes({
    timeLimitMins: exam.timeLimitMins,
    additionalTimeAllowance: await allowanceValue(tx, exam.id, userId, "additional_time_granted"),
    savedRemainingSeconds: current?.timeRemainingSeconds ?? null,
    dueDate: await learnerDueDate(tx, userId, exam),
    now,
  });
}

/**
 * Starts a locked attempt of `exam` (§4.2's start checks, then the transition to `started`), for
 * both ways in: the learner's start and 3.8.1's `start` action.
 */
export async function startLockedAttempt(tx: DbOrTx, ctx: ServiceContext, locked: Attempt, exam: Exam): Promise<Attempt> {
  const guard = startGuard({
    status: locked.status,
    startedAt: locked.startedAt,
    takingAsProctored: locked.takingAsProctored,
    isTimedExam: !exam.isProctored,
    examId: exam.id,
    userId: locked.userId,
    courseKey: exam.courseKey,
  });
  if (!guard.ok) throw new ServiceError("VALIDATION", guard.detail);
  return (await transitionAttempt(tx, ctx, locked, "started", { action: "attempt.start" })).attempt;
}

/**
 * update_attempt_status (§4.3) inside the caller's transaction: rewrites, legality, the
 * conditional write with its history and audit rows, and every side effect, those outside our
 * database going to the outbox. The attempt must have been locked with lockAttempt.
 */
export async function transitionAttempt(
  tx: DbOrTx,
  ctx: ServiceContext,
  attempt: Attempt,
  requested: AttemptStatus,
  options: TransitionOptions,
  ahead?: ScopeAhead,
): Promise<TransitionResult> {
  const from = attempt.status;
  // What the transition reads besides the locked row, in one statement. The score's inputs are
  // read when the target may be a hand-in (the setting that picks submitted or timed_out is part
  // of the same read). A caller may have sent it already, right behind the lock.
  const probe = rewriteTarget(from, requested).to;
  const withScore = probe === "submitted" || probe === "timed_out";
  const scope = ahead && (ahead.withScore || !withScore) ? await ahead.scope : await readTransitionScope(tx, attempt, withScore);
  const settings = scope?.settings ?? (await loadSiteSettings(tx));
  const { to, timedOutRewrite } = rewriteTarget(from, requested, { allowTimedOutState: settings.allow_timed_out_state });

  // A repeated request (a double-clicked submit, the sweeper racing the learner) is answered
  // with the current state instead of a second history row, e-mail and vendor call.
  if (to === from && !options.extra) return { attempt, changed: false };

  if (!isTransitionLegal(from, to)) {
    throw new ServiceError(
      "ILLEGAL_TRANSITION",
      illegalTransitionMessage({ from, to, examId: attempt.examId, userId: attempt.userId, courseKey: attempt.courseKey }),
    );
  }

  if (!scope) throw new ServiceError("NOT_FOUND", `Attempted to get exam_id=${attempt.examId}, but this exam does not exist.`, { status: 400 });
  const { exam, course } = scope;
  const backend = await examBackendFromRow(tx, exam, scope.defaultBackendName, scope.backendRow);

  const set: Partial<Attempt> = { status: to, ...options.extra };
  if (to === "started" && !attempt.startedAt) {
    set.startedAt = ctx.now;
    set.allowedTimeLimitMins = await computeAllowedMinutes(tx, exam, attempt.userId, ctx.now);
  } else if (timedOutRewrite || to === "timed_out") {
    // §17.8: never a null completed_at; the expiry instant when known (also when
    // ALLOW_TIMED_OUT_STATE keeps the attempt timed_out, §4.4: transitionEffects' set_completed_at).
    set.completedAt = options.timeoutAt ?? ctx.now;
  } else if (to === "submitted") {
    set.completedAt = ctx.now;
  }

  // Score the built-in question set as the attempt is handed in (submit, expiry on read, sweeper),
  // written with the status: the row is locked, so no answer can arrive in between.
  if (to === "submitted" || to === "timed_out") {
    Object.assign(set, scoreColumns(scope.score !== undefined ? scope.score : await attemptScore(tx, attempt.id, attempt.examId)));
  }

  // One statement: the history row (the locked row as it was, when the status changes), the
  // conditional status write, and the statuses of the learner's other attempts of the exam. The
  // RETURNING list's sub-select runs on the statement's snapshot, from before the write, so it
  // leaves this attempt out and the new status is added here.
  const [written] = await writeTransition(tx, attempt, to !== from ? historyRow(attempt, ctx.now) : null, set);
  if (!written) {
    throw new ServiceError("CONFLICT", "This attempt was changed by another request at the same time; reload and try again.");
  }
  const { otherStatuses, ...updated } = written;
  // Counted once the write is in (decision 046); a transaction rolled back later still counts.
  if (to !== from) countTransition(to);

  const gateOpen = canUpdateCreditGradesAndEmail([...jsonValue<AttemptStatus[]>(otherStatuses), updated.status], to);

  const effects = transitionEffects({
    from,
    to,
    timedOutRewrite,
    attempt: { startedAt: attempt.startedAt, takingAsProctored: updated.takingAsProctored, isSampleAttempt: updated.isSampleAttempt, externalId: updated.externalId },
    exam: { isPracticeExam: exam.isPracticeExam, contentId: exam.contentId },
    gateOpen,
    backend: backend ? { present: true, supportsOnboarding: backend.supportsOnboarding, verboseName: backend.verboseName } : null,
    overrideGradeOnRejected: course?.overrideGradeOnRejectedExam ?? false,
    cascade: options.cascade ?? true,
  });

  let result: Attempt = updated;
  const courseId = course?.id ?? null;
  const outboxBatch = new OutboxBatch(ctx);
  const send = (message: TransitionMessage) => outboxBatch.add(message.topic, message.payload, { delayMs: message.delayMs });
  for (const effect of effects) {
    // Effects that write outbox rows of their own come after what was gathered before them.
    if (WRITES_OWN_OUTBOX.has(effect.type)) await outboxBatch.flush(tx);
    result = await runEffect(tx, ctx, effect, { attempt: result, exam, courseId, options, outbox: outboxBatch });
    outboxMessagesOf(effect, { attempt: result, to, exam, backend, courseId }).forEach(send);
  }

  // The audit row and the outbox rows go in one statement.
  outboxBatch.alongside(auditWrite(ctx, transitionAuditEntry(attempt, { action: options.action, from, to, timedOutRewrite, data: options.auditData })));
  send(attemptStatusMessage(attempt, exam, from, to));
  // Nothing reads these rows back: on PostgreSQL the statement leaves with the COMMIT.
  await outboxBatch.flushWithCommit(tx);
  return { attempt: result, changed: true };
}

/**
 * The transition's write (the history row, the guarded status write, the sibling statuses), built
 * once per shape: whether a history row is written and which columns change (a handful of shapes
 * in all: see the callers' `set`). `modified` is written as drizzle's `$onUpdate` would, now.
 */
function writeTransition(tx: DbOrTx, attempt: Attempt, history: typeof attemptHistory.$inferInsert | null, set: Partial<Attempt>) {
  const changes = definedValues({ ...set, modified: new Date() });
  const historyValues = history ? definedValues(history) : null;
  const setKeys = Object.keys(changes);
  const historyKeys = historyValues ? Object.keys(historyValues) : [];
  const statement = writeStatements.get(`${historyKeys.join(",")}|${setKeys.join(",")}`, () => writeStatementFor(historyKeys, setKeys));
  const params = encodeColumnValues(attempts, changes, "s_", { id: attempt.id, from: attempt.status, examId: attempt.examId, userId: attempt.userId });
  if (historyValues) encodeColumnValues(attemptHistory, historyValues, "h_", params);
  return statement(tx, params);
}

/** Shapes kept: far more than the transitions make (a bound, in case a caller's `set` varies). */
const writeStatements = new ShapedStatements<ReturnType<typeof writeStatementFor>>(64);
const writtenReader = tableReader(attempts);

function writeStatementFor(historyKeys: readonly string[], setKeys: readonly string[]) {
  return builtStatement(
    "invigil_transition_write",
    (tx) => {
      const archived = historyKeys.length > 0 ? tx.$with("archived").as(tx.insert(attemptHistory).values(columnPlaceholders(historyKeys, "h_") as never)) : null;
      return (archived ? tx.with(archived) : tx)
        .update(attempts)
        .set(columnPlaceholders(setKeys, "s_") as never)
        .where(and(eq(attempts.id, sql.placeholder("id")), eq(attempts.status, sql.placeholder("from"))))
        .returning({
          ...getTableColumns(attempts),
          otherStatuses: sql<unknown>`(select coalesce(json_agg(o.status), '[]'::json) from ${attempts} o where o.exam_id = ${sql.placeholder("examId")} and o.user_id = ${sql.placeholder("userId")} and o.id <> ${sql.placeholder("id")})`,
        });
    },
    (row) => ({ ...writtenReader.read(row)!, otherStatuses: row[writtenReader.width] as unknown }),
  );
}

interface TransitionScope {
  settings: SiteSettings;
  exam: Exam;
  course: Course | null;
  /** The default backend's name (null: none enabled) and the enabled row the exam's backend names. */
  defaultBackendName: string | null;
  backendRow: BackendConfig | null;
  /** The attempt's score now; undefined when not read. */
  score?: Score | null;
}

/** A json/jsonb value as the driver hands it over (parsed by postgres.js and PGlite; text otherwise). */
function jsonValue<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/**
 * The site settings, the exam, its course, the default backend's name and the exam's backend row
 * (and, when asked, the score's questions and answers) in one statement, read fresh inside the
 * transaction as the separate reads were (the per-instance caches of decision 043 are not used
 * inside a transaction). Null when the exam does not exist.
 */
async function readTransitionScope(tx: DbOrTx, attempt: Attempt, withScore: boolean): Promise<TransitionScope | null> {
  return scopeOf((await (withScore ? scopeWithScore : scopeWithoutScore)(tx, { attemptId: attempt.id, examId: attempt.examId }))[0], withScore);
}

/** The transition's scope, read before the attempt's lock was answered (readTransitionScopeAhead). */
export interface ScopeAhead {
  withScore: boolean;
  scope: Promise<TransitionScope | null>;
}

/**
 * Sends the transition's scope read for attempt `attemptId` right behind its lock, in the same
 * transaction, before the lock is answered: one round trip fewer (decision 058). PostgreSQL runs
 * the statements of a connection in order, so the read runs once the lock is held, on a snapshot
 * taken then: it sees the answers of a save the lock waited for, as a read sent after the lock's
 * answer would. The exam is found from the attempt row (its exam never changes). The score is
 * read when `requested` is a hand-in; transitionAttempt reads again in the rare case the rewrite
 * makes a hand-in of another request. Unused (the lock found nothing, the caller went another
 * way), its result is dropped.
 */
export function readTransitionScopeAhead(tx: DbOrTx, attemptId: number, requested: AttemptStatus): ScopeAhead {
  const withScore = requested === "submitted" || requested === "timed_out";
  const scope = (withScore ? scopeByAttemptWithScore : scopeByAttempt)(tx, { attemptId }).then((rows) => scopeOf(rows[0], withScore));
  scope.catch(() => {});
  return { withScore, scope };
}

function scopeOf(row: ScopeRow | undefined, withScore: boolean): TransitionScope | null {
  if (!row) return null;
  return {
    settings: parseSiteSettings(jsonValue<{ key: string; value: unknown }[]>(row.settings)),
    exam: row.exam,
    course: row.course,
    defaultBackendName: row.defaultBackendName,
    backendRow: row.backendRow,
    ...(withScore
      ? {
          score: computeScore(
            jsonValue<Pick<ExamQuestion, "id" | "kind" | "correctChoice" | "points">[]>(row.questions),
            jsonValue<{ questionId: number; answer: AnswerValue }[]>(row.answers),
          ),
        }
      : {}),
  };
}

type ScopeRow = ReturnType<ReturnType<typeof scopeStatement>> extends Promise<(infer R)[]> ? R : never;

/**
 * The scope statement, built once per variant (lib/data/built-statement.ts): it runs on every
 * transition. `byAttempt` finds the exam from the attempt row instead of taking its id.
 */
function scopeStatement(withScore: boolean, byAttempt = false) {
  const examReader = tableReader(exams);
  const courseReader = tableReader(courses, examReader.width, { nullable: true });
  const backendReader = tableReader(backendConfigs, examReader.width + courseReader.width, { nullable: true });
  const rest = examReader.width + courseReader.width + backendReader.width;
  return builtStatement(
    `invigil_transition_scope${byAttempt ? "_by_attempt" : ""}${withScore ? "_score" : ""}`,
    (tx) => {
      const defaultName = sql`(select d.name from ${backendConfigs} d where d.is_default and d.enabled limit 1)`;
      return tx
        .select({
          exam: exams,
          course: courses,
          backendRow: backendConfigs,
          defaultBackendName: sql<string | null>`${defaultName}`,
          settings: sql<unknown>`(select coalesce(json_agg(json_build_object('key', s.key, 'value', s.value)), '[]'::json) from ${siteSettings} s)`,
          questions: withScore
            ? sql<unknown>`(select coalesce(json_agg(json_build_object('id', q.id, 'kind', q.kind, 'correctChoice', q.correct_choice, 'points', q.points)), '[]'::json) from ${examQuestions} q where q.exam_id = ${exams.id} and q.kind = 'multiple_choice')`
            : sql<unknown>`null`,
          answers: withScore
            ? sql<unknown>`(select coalesce(json_agg(json_build_object('questionId', a.question_id, 'answer', a.answer)), '[]'::json) from ${attemptAnswers} a where a.attempt_id = ${sql.placeholder("attemptId")})`
            : sql<unknown>`null`,
        })
        .from(exams)
        .leftJoin(courses, eq(courses.courseKey, exams.courseKey))
        .leftJoin(
          backendConfigs,
          and(eq(exams.isProctored, true), eq(backendConfigs.enabled, true), eq(backendConfigs.name, sql`coalesce(nullif(${exams.backend}, ''), ${defaultName}, 'null')`)),
        )
        .where(eq(exams.id, byAttempt ? sql`(select a.exam_id from ${attempts} a where a.id = ${sql.placeholder("attemptId")})` : sql.placeholder("examId")))
        .limit(1);
    },
    (row) => ({
      exam: examReader.read(row)!,
      course: courseReader.read(row),
      backendRow: backendReader.read(row),
      defaultBackendName: row[rest] as string | null,
      settings: row[rest + 1],
      questions: row[rest + 2],
      answers: row[rest + 3],
    }),
  );
}
const scopeWithScore = scopeStatement(true);
const scopeWithoutScore = scopeStatement(false);
const scopeByAttemptWithScore = scopeStatement(true, true);
const scopeByAttempt = scopeStatement(false, true);

interface EffectScope {
  attempt: Attempt;
  exam: Exam;
  courseId: number | null;
  options: TransitionOptions;
  /** Where effects put the writes that go with the outbox rows (written once, after the effects). */
  outbox: OutboxBatch;
}

const WRITES_OWN_OUTBOX: ReadonlySet<TransitionEffect["type"]> = new Set(["cascade_decline", "undo_grade_override", "clear_onboarding_errors"]);

/**
 * The rows of our own an effect writes; its outbox messages come from outboxMessagesOf
 * (transition-rows.ts), which the set-based expiry uses too.
 */
async function runEffect(tx: DbOrTx, ctx: ServiceContext, effect: TransitionEffect, scope: EffectScope): Promise<Attempt> {
  const { attempt, exam, courseId } = scope;
  switch (effect.type) {
    case "credit": {
      if (courseId === null) return attempt;
      const status = effect.status;
      // Sent with the outbox rows of this change (nothing in between reads it).
      scope.outbox.alongside({
        table: creditRequirementStatuses,
        values: {
          userId: attempt.userId,
          courseId,
          namespace: "proctored_exam",
          name: exam.contentId,
          status,
          statusDate: ctx.now,
          source: "proctoring",
        },
        onConflict: {
          target: [creditRequirementStatuses.userId, creditRequirementStatuses.courseId, creditRequirementStatuses.namespace, creditRequirementStatuses.name],
          set: { status, statusDate: ctx.now, source: "proctoring", modified: ctx.now },
        },
      });
      return attempt;
    }
    case "clear_proctoring": {
      const [declined] = await tx
        .update(attempts)
        .set({ takingAsProctored: false, externalId: null })
        .where(eq(attempts.id, attempt.id))
        .returning();
      return declined ?? attempt;
    }
    case "cascade_decline": {
      await cascadeDecline(tx, ctx, exam, attempt.userId);
      return attempt;
    }
    case "grade_override": {
      if (courseId === null) return attempt;
      await tx
        .update(gradeOverrides)
        .set({ active: false })
        .where(and(eq(gradeOverrides.userId, attempt.userId), eq(gradeOverrides.courseId, courseId), eq(gradeOverrides.usageKey, exam.contentId), eq(gradeOverrides.active, true)));
      await tx.insert(gradeOverrides).values({
        userId: attempt.userId,
        courseId,
        usageKey: exam.contentId,
        earnedAll: 0,
        earnedGraded: 0,
        overriderId: scope.options.attributableToUserId ?? null,
        comment: effect.comment,
      });
      return attempt;
    }
    case "undo_grade_override": {
      if (courseId === null) return attempt;
      await undoGradeOverride(tx, ctx, attempt.userId, courseId, exam);
      return attempt;
    }
    case "clear_onboarding_errors": {
      await clearOnboardingErrors(tx, ctx, attempt.userId, exam.courseKey);
      return attempt;
    }
    default:
      // set_started / set_completed_at are applied with the status write above; the webhooks,
      // e-mail and vendor call are outbox messages only.
      return attempt;
  }
}

/** §4.3-6b: decline every other active proctored exam of the course the learner has not finished. */
async function cascadeDecline(tx: DbOrTx, ctx: ServiceContext, source: Exam, userId: number): Promise<void> {
  const others = await tx
    .select()
    .from(exams)
    .where(
      and(
        eq(exams.courseKey, source.courseKey),
        eq(exams.isActive, true),
        eq(exams.isProctored, true),
        eq(exams.isPracticeExam, false),
        ne(exams.contentId, source.contentId),
      ),
    );
  for (const other of others) {
    const current = await currentAttempt(tx, other.id, userId);
    if (current && isCompleted(current.status)) continue;
    let target: Attempt | null | undefined = current ? await lockAttempt(tx, current.id) : null;
    if (!target) {
      [target] = await tx
        .insert(attempts)
        .values({
          userId,
          examId: other.id,
          courseKey: other.courseKey,
          status: "created",
          attemptCode: newAttemptCode(),
          takingAsProctored: false,
          isSampleAttempt: other.isPracticeExam,
          created: ctx.now,
          modified: ctx.now,
        })
        .returning();
    }
    if (target) await transitionAttempt(tx, ctx, target, "declined", { action: "attempt.decline_cascade", cascade: false });
  }
}

export async function undoGradeOverride(tx: DbOrTx, ctx: ServiceContext, userId: number, courseId: number, exam: Exam): Promise<void> {
  const undone = await tx
    .update(gradeOverrides)
    .set({ active: false })
    .where(and(eq(gradeOverrides.userId, userId), eq(gradeOverrides.courseId, courseId), eq(gradeOverrides.usageKey, exam.contentId), eq(gradeOverrides.active, true)))
    .returning({ id: gradeOverrides.id });
  if (undone.length > 0) {
    await enqueue(tx, ctx, "webhook.grade_override", { user_id: userId, course_id: exam.courseKey, usage_key: exam.contentId, action: "undo" });
  }
}

/**
 * Deletes the learner's attempts in onboarding-error statuses so the next visit to a proctored
 * exam registers again (§4.3-8). Our decision on §17.11: only in this course.
 */
async function clearOnboardingErrors(tx: DbOrTx, ctx: ServiceContext, userId: number, courseKey: string): Promise<void> {
  const victims = await tx
    .select()
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.courseKey, courseKey), inArray(attempts.status, [...ONBOARDING_ERROR_STATUSES])));
  for (const victim of victims) await deleteAttemptRow(tx, ctx, victim, "attempt.clear_onboarding_error");
}

/**
 * Deletes one attempt the way §2.4 rule 3 and §4.10 say: archive it, tell the vendor (after
 * commit), deactivate its review, and audit it. Credit and grade clean-up are the caller's.
 */
export async function deleteAttemptRow(tx: DbOrTx, ctx: ServiceContext, attempt: Attempt, action: string): Promise<void> {
  const [exam] = await tx.select().from(exams).where(eq(exams.id, attempt.examId)).limit(1);
  await archiveAttempt(tx, attempt, ctx.now);
  await tx.delete(attempts).where(eq(attempts.id, attempt.id));
  if (attempt.attemptCode) {
    await tx.update(reviews).set({ isAttemptActive: false }).where(eq(reviews.attemptCode, attempt.attemptCode));
  }
  if (exam?.backend) {
    await enqueue(tx, ctx, "vendor.call", {
      backend: exam.backend,
      call: "remove_exam_attempt",
      exam_external_id: exam.externalId,
      attempt_external_id: attempt.externalId,
      attempt_id: attempt.id,
    });
  }
  await recordAudit(tx, ctx, {
    action,
    entityType: "attempt",
    entityId: String(attempt.id),
    courseKey: attempt.courseKey,
    attemptId: attempt.id,
    subjectUserId: attempt.userId,
    fromStatus: attempt.status,
    toStatus: null,
    data: {},
  });
}
