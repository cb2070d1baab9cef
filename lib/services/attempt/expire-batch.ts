import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attemptAnswers, attemptHistory, attempts, auditLog, courses, creditRequirementStatuses, examQuestions, exams, outbox as outboxTable, type Attempt, type AttemptStatus, type Exam } from "@/db/schema";
import { resolveExamBackend, type ProctoringBackend } from "@/lib/backends/registry";
import { insertJsonRows } from "@/lib/data/bulk";
import type { ServiceContext } from "@/lib/data/context";
import { expiryInstant, isExpired } from "@/lib/domain/time";
import { canUpdateCreditGradesAndEmail, isTransitionLegal, rewriteTarget, transitionEffects, type TransitionEffect } from "@/lib/domain/transitions";
import { countTransition } from "@/lib/metrics";
import { computeScore, type Score } from "../answers/score";
import { auditRow, outboxRow } from "../journal";
import { loadSiteSettings } from "../settings";
import { historyRow } from "./store";
import { attemptStatusMessage, outboxMessagesOf, transitionAuditEntry, type TransitionMessage } from "./transition-rows";

type OutboxInsert = typeof outboxTable.$inferInsert;

/**
 * The effects the set-based path writes itself. Every other effect (the decline cascade, grade
 * overrides, onboarding clean-up: none of which an expiry of a normal exam produces) sends its
 * attempt down the per-attempt path, so those rules exist once, in transition.ts.
 */
const SET_BASED_EFFECTS: ReadonlySet<TransitionEffect["type"]> = new Set(["set_completed_at", "credit", "email", "vendor", "certificate_invalidate"]);

/** One claimed attempt, planned: what its row becomes and what else its expiry writes. */
interface Planned {
  attempt: Attempt;
  from: AttemptStatus;
  to: AttemptStatus;
  timedOutRewrite: boolean;
  /** Set from the effects: the expiry instant for a timeout (§4.4). */
  completedAt: Date | null;
  score: Score | null;
  exam: Exam;
  backend: ProctoringBackend | null;
  courseId: number | null;
}

export interface BatchExpiryResult {
  /** Attempts ended by the set-based statements. */
  ended: number;
  /**
   * Attempts the set-based path leaves to the caller's per-attempt path (transitionAttempt): an
   * effect it does not write, a missing exam, two claimed attempts of one learner and exam.
   */
  fallback: Attempt[];
}

/**
 * Ends a batch of attempts whose time ran out (§5.6), already claimed and row-locked by the
 * caller, with a fixed number of statements whatever the batch's size: the exams, courses,
 * questions, answers and sibling statuses read once each, then one INSERT of history rows, one
 * UPDATE of the attempts (guarded by their old status, as transitionAttempt's write is), one
 * credit upsert, one INSERT of audit rows and one of outbox messages.
 *
 * What each attempt's rows hold is what transitionAttempt writes for the same expiry: the target
 * from rewriteTarget, the effects from transitionEffects (the rules in lib/domain), completed_at
 * = the expiry instant, the score of its answers, the same history, audit and outbox rows in the
 * same order (lib/services/attempt/expire.test.ts compares the two paths row by row).
 *
 * Runs inside the caller's transaction; throws if any guarded write finds a row changed (it
 * cannot while the caller holds the locks), so the caller can roll back and go one by one.
 */
export async function expireClaimedAttempts(tx: DbOrTx, ctx: ServiceContext, claimed: readonly Attempt[]): Promise<BatchExpiryResult> {
  const fallback: Attempt[] = [];
  const due = claimed.filter((a) => isExpired(a, ctx.now) && a.startedAt !== null && a.allowedTimeLimitMins !== null);
  if (due.length === 0) return { ended: 0, fallback };

  const settings = await loadSiteSettings(tx);
  const examIds = [...new Set(due.map((a) => a.examId))];
  const examRows = await tx.select().from(exams).where(inArray(exams.id, examIds));
  const examById = new Map(examRows.map((e) => [e.id, e]));
  const backendByExam = new Map<number, ProctoringBackend | null>();
  for (const exam of examRows) backendByExam.set(exam.id, await resolveExamBackend(tx, exam));
  const courseKeys = [...new Set(examRows.map((e) => e.courseKey))];
  const courseRows = courseKeys.length === 0 ? [] : await tx.select({ id: courses.id, courseKey: courses.courseKey, overrideGradeOnRejectedExam: courses.overrideGradeOnRejectedExam }).from(courses).where(inArray(courses.courseKey, courseKeys));
  const courseByKey = new Map(courseRows.map((c) => [c.courseKey, c]));

  // Two claimed attempts of one (exam, learner) would each change the other's gate: rare enough
  // to leave both to the per-attempt path, which reads the gate after each write.
  const pairCount = new Map<string, number>();
  for (const a of due) pairCount.set(`${a.examId}:${a.userId}`, (pairCount.get(`${a.examId}:${a.userId}`) ?? 0) + 1);

  const planned: Planned[] = [];
  for (const attempt of due) {
    const exam = examById.get(attempt.examId);
    const { to, timedOutRewrite } = rewriteTarget(attempt.status, "timed_out", { allowTimedOutState: settings.allow_timed_out_state });
    if (!exam || pairCount.get(`${attempt.examId}:${attempt.userId}`) !== 1 || to === attempt.status || !isTransitionLegal(attempt.status, to)) {
      fallback.push(attempt);
      continue;
    }
    planned.push({
      attempt,
      from: attempt.status,
      to,
      timedOutRewrite,
      completedAt: attempt.completedAt,
      score: null,
      exam,
      backend: backendByExam.get(exam.id) ?? null,
      courseId: courseByKey.get(exam.courseKey)?.id ?? null,
    });
  }
  if (planned.length === 0) return { ended: 0, fallback };

  await scoreAll(tx, planned);

  // The multi-attempt gate (§4.5) over every attempt of each pair, as it will be after the write.
  const siblings = await tx
    .select({ id: attempts.id, examId: attempts.examId, userId: attempts.userId, status: attempts.status })
    .from(attempts)
    .where(and(inArray(attempts.examId, [...new Set(planned.map((p) => p.exam.id))]), inArray(attempts.userId, [...new Set(planned.map((p) => p.attempt.userId))])));
  const statusesByPair = groupBy(siblings, (s) => `${s.examId}:${s.userId}`);

  const ready: { plan: Planned; effects: TransitionEffect[] }[] = [];
  for (const plan of planned) {
    const { attempt, exam, backend, to } = plan;
    const statuses = (statusesByPair.get(`${exam.id}:${attempt.userId}`) ?? []).map((s) => (s.id === attempt.id ? to : s.status));
    const effects = transitionEffects({
      from: plan.from,
      to,
      timedOutRewrite: plan.timedOutRewrite,
      attempt: { startedAt: attempt.startedAt, takingAsProctored: attempt.takingAsProctored, isSampleAttempt: attempt.isSampleAttempt, externalId: attempt.externalId },
      exam: { isPracticeExam: exam.isPracticeExam, contentId: exam.contentId },
      gateOpen: canUpdateCreditGradesAndEmail(statuses, to),
      backend: backend ? { present: true, supportsOnboarding: backend.supportsOnboarding, verboseName: backend.verboseName } : null,
      overrideGradeOnRejected: courseByKey.get(exam.courseKey)?.overrideGradeOnRejectedExam ?? false,
      cascade: true,
    });
    if (!effects.every((e) => SET_BASED_EFFECTS.has(e.type))) {
      fallback.push(attempt);
      continue;
    }
    for (const effect of effects) {
      if (effect.type === "set_completed_at") {
        plan.completedAt = effect.at === "expiry" ? expiryInstant(attempt.startedAt!, attempt.allowedTimeLimitMins!) : ctx.now;
      }
    }
    ready.push({ plan, effects });
  }
  if (ready.length === 0) return { ended: 0, fallback };

  // History: the state before the change, as archiveAttempt writes it.
  await insertJsonRows(tx, attemptHistory, ready.map(({ plan }) => historyRow(plan.attempt, ctx.now)));

  const changes = ready.map(({ plan }) => ({
    id: plan.attempt.id,
    from_status: plan.from,
    to_status: plan.to,
    completed_at: plan.completedAt?.toISOString() ?? null,
    score_earned: plan.score?.earned ?? null,
    score_possible: plan.score?.possible ?? null,
  }));

  const updated = await tx
    .update(attempts)
    .set({
      status: sql`v.to_status`,
      completedAt: sql`v.completed_at`,
      scoreEarned: sql`v.score_earned`,
      scorePossible: sql`v.score_possible`,
    })
    .from(
      sql`jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as v(id integer, from_status varchar, to_status varchar, completed_at timestamptz, score_earned real, score_possible real)`,
    )
    .where(and(eq(attempts.id, sql`v.id`), eq(attempts.status, sql`v.from_status`)))
    .returning({ id: attempts.id });
  if (updated.length !== ready.length) {
    throw new Error(`expiry batch: ${ready.length - updated.length} of ${ready.length} attempts changed under their row lock`);
  }
  for (const { plan } of ready) countTransition(plan.to);

  const credits = ready.flatMap(({ plan, effects }) =>
    plan.courseId === null
      ? []
      : effects.flatMap((e) =>
          e.type === "credit"
            ? [{ userId: plan.attempt.userId, courseId: plan.courseId!, namespace: "proctored_exam", name: plan.exam.contentId, status: e.status, statusDate: ctx.now, source: "proctoring" as const }]
            : [],
        ),
  );
  if (credits.length > 0) {
    await tx
      .insert(creditRequirementStatuses)
      .values(credits)
      .onConflictDoUpdate({
        target: [creditRequirementStatuses.userId, creditRequirementStatuses.courseId, creditRequirementStatuses.namespace, creditRequirementStatuses.name],
        set: { status: sql`excluded.status`, statusDate: ctx.now, source: "proctoring", modified: ctx.now },
      });
  }

  await insertJsonRows(
    tx,
    auditLog,
    ready.map(({ plan }) => auditRow(ctx, transitionAuditEntry(plan.attempt, { action: "attempt.expire", from: plan.from, to: plan.to, timedOutRewrite: plan.timedOutRewrite }))),
  );

  const messages: OutboxInsert[] = [];
  const send = ({ topic, payload, delayMs }: TransitionMessage) => {
    // The keys every row carries (insertJsonRows needs them alike): no max_tries, so the column default.
    const row = outboxRow(ctx, topic, payload, { delayMs });
    messages.push({ topic: row.topic, payload: row.payload, nextAttemptAt: row.nextAttemptAt, requestId: row.requestId });
  };
  for (const { plan, effects } of ready) {
    const { attempt, exam, backend, courseId, to } = plan;
    // The row's columns the messages read (id, learner, vendor ids) are not changed by the expiry.
    for (const effect of effects) outboxMessagesOf(effect, { attempt, to, exam, backend, courseId }).forEach(send);
    send(attemptStatusMessage(attempt, exam, plan.from, to));
  }
  await insertJsonRows(tx, outboxTable, messages);
  return { ended: ready.length, fallback };
}

/** The built-in question set's score of each attempt (computeScore), from two reads for the batch. */
async function scoreAll(tx: DbOrTx, planned: Planned[]): Promise<void> {
  const questions = await tx
    .select({ id: examQuestions.id, examId: examQuestions.examId, kind: examQuestions.kind, correctChoice: examQuestions.correctChoice, points: examQuestions.points })
    .from(examQuestions)
    .where(and(inArray(examQuestions.examId, [...new Set(planned.map((p) => p.exam.id))]), eq(examQuestions.kind, "multiple_choice")));
  if (questions.length === 0) {
    for (const p of planned) p.score = computeScore([], []);
    return;
  }
  const examsWithQuestions = new Set(questions.map((q) => q.examId));
  const scored = planned.filter((p) => examsWithQuestions.has(p.exam.id));
  const answers =
    scored.length === 0
      ? []
      : await tx
          .select({ attemptId: attemptAnswers.attemptId, questionId: attemptAnswers.questionId, answer: attemptAnswers.answer })
          .from(attemptAnswers)
          .where(inArray(attemptAnswers.attemptId, scored.map((p) => p.attempt.id)));
  const questionsByExam = groupBy(questions, (q) => q.examId);
  const answersByAttempt = groupBy(answers, (a) => a.attemptId);
  for (const p of planned) p.score = computeScore(questionsByExam.get(p.exam.id) ?? [], answersByAttempt.get(p.attempt.id) ?? []);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
