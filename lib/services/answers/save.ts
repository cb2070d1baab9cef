import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { attemptAnswers, examQuestions, type Attempt, type AttemptStatus } from "@/db/schema";
import type { UserActor } from "@/lib/domain/actor";
import { isInProgress } from "@/lib/domain/statuses";
import { expiryInstant } from "@/lib/domain/time";
import { expireLocked } from "../attempt/expire";
import { findAttempt } from "../attempt/store";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { idField, integerField, MAX_INT32, parseInput } from "@/lib/domain/input";
import { scoreAttempt } from "./score";
import { answerProblem, MAX_SHORT_ANSWER_CHARS } from "./shapes";

/**
 * How long after the expiry instant an autosave is still taken for an attempt that was submitted
 * automatically at that instant (decision 008): the keystrokes were made in time, the debounce
 * and the network delayed them.
 */
export const AUTOSAVE_GRACE_MS = 10_000;

const AnswerValueSchema = z.union(
  [
    z.strictObject({
      choice: z.number({ error: "choice must be an integer." }).int({ error: "choice must be an integer." }).min(0).max(MAX_INT32),
    }),
    z.strictObject({
      text: z
        .string({ error: "text must be a string." })
        .max(MAX_SHORT_ANSWER_CHARS, { error: `Ensure the answer has no more than ${MAX_SHORT_ANSWER_CHARS} characters.` })
        // Postgres cannot store U+0000 in jsonb; refuse it here rather than fail the query.
        .refine((t) => !t.includes("\u0000"), { error: "The answer contains a NUL character." }),
    }),
  ],
  { error: (issue) => (issue.input === undefined ? "This field is required." : 'Send {"choice": <index>} or {"text": "..."}.') },
);

export const SaveAnswerInput = z.object({
  attemptId: idField(),
  questionId: idField(),
  answer: AnswerValueSchema,
  /** The browser's counter for this question; the stored answer only ever moves forward. */
  revision: integerField({ min: 1 }),
});
export type SaveAnswerInput = z.input<typeof SaveAnswerInput>;

export interface SaveAnswerResult {
  questionId: number;
  /** The revision that was sent. */
  revision: number;
  /** The revision now stored: equal when this save won, higher when a newer one was already there. */
  savedRevision: number;
}

export type { AnswerView } from "@/lib/data/answers";

export type AnswerWindow = "open" | "grace" | "closed";

/**
 * Whether an attempt takes answers now: while it runs (`open`), or in the grace window of an
 * automatic submission (`grace`): submitted with completed_at exactly the expiry instant, and now
 * at most AUTOSAVE_GRACE_MS past it. A learner who submitted early, or after "End My Exam", has a
 * completed_at that is not the expiry instant and gets no grace; so does a `timed_out` attempt
 * (ALLOW_TIMED_OUT_STATE), which has no completed_at. The expiry rule must have been applied first.
 */
export function answerWindow(
  attempt: Pick<Attempt, "status" | "startedAt" | "allowedTimeLimitMins" | "completedAt">,
  now: Date,
): AnswerWindow {
  if (isInProgress(attempt.status)) return "open";
  if (attempt.status !== "submitted") return "closed";
  if (!attempt.startedAt || attempt.allowedTimeLimitMins === null || !attempt.completedAt) return "closed";
  const expiry = expiryInstant(attempt.startedAt, attempt.allowedTimeLimitMins).getTime();
  if (attempt.completedAt.getTime() !== expiry) return "closed";
  return now.getTime() - expiry <= AUTOSAVE_GRACE_MS ? "grace" : "closed";
}

function requireUser(ctx: ServiceContext): UserActor {
  if (ctx.principal.kind !== "user") throw new ServiceError("FORBIDDEN", "Answers are saved and read by signed-in learners and course staff.");
  return ctx.principal;
}

/** One answer for every kind of "not yours": an id that exists says nothing more than one that does not. */
const attemptNotFound = (attemptId: number) => new ServiceError("NOT_FOUND", `Attempt ${attemptId} was not found.`);

const closedDetail = (status: AttemptStatus) =>
  `This attempt is ${status.replace(/_/g, " ")}: its answers can no longer be changed.`;

/**
 * Autosave of one answer (PUT /api/attempts/<id>/answers). Only the attempt's owner; the question
 * must be one of the attempt's exam and the answer must fit it; the attempt must be running after
 * the expiry rule, or in the grace window of its automatic submission (answerWindow). A stale
 * save (a lower revision than the stored one, e.g. a retry overtaken by a later keystroke) is
 * ignored and answered with the stored revision, never an error: the browser just moves on.
 */
export async function saveAnswer(ctx: ServiceContext, raw: SaveAnswerInput | Record<string, unknown>): Promise<SaveAnswerResult> {
  const me = requireUser(ctx);
  const input = parseInput(SaveAnswerInput, raw, "Invalid answer");
  const found = await findAttempt(ctx.db, input.attemptId);
  if (!found || found.userId !== me.userId) throw attemptNotFound(input.attemptId);

  const [question] = await ctx.db
    .select({ kind: examQuestions.kind, choices: examQuestions.choices })
    .from(examQuestions)
    .where(and(eq(examQuestions.id, input.questionId), eq(examQuestions.examId, found.examId)))
    .limit(1);
  if (!question) {
    const message = `Question ${input.questionId} is not part of this exam.`;
    throw new ServiceError("VALIDATION", message, { fields: { questionId: [message] } });
  }
  const problem = answerProblem(question, input.answer);
  if (problem) throw new ServiceError("VALIDATION", `Invalid answer: answer: ${problem}`, { fields: { answer: [problem] } });

  const outcome = await ctx.db.transaction(async (tx) => {
    // Locks the attempt (a save and a submit serialise: the score sees every answer saved before
    // it) and applies the expiry rule inside the same transaction.
    const attempt = await expireLocked(tx, ctx, found.id);
    if (!attempt) return { kind: "gone" as const };
    const window = answerWindow(attempt, ctx.now);
    if (window === "closed") return { kind: "closed" as const, status: attempt.status };

    const [won] = await tx
      .insert(attemptAnswers)
      .values({
        attemptId: attempt.id,
        questionId: input.questionId,
        answer: input.answer,
        revision: input.revision,
        created: ctx.now,
        modified: ctx.now,
      })
      .onConflictDoUpdate({
        target: [attemptAnswers.attemptId, attemptAnswers.questionId],
        set: { answer: sql`excluded.answer`, revision: sql`excluded.revision`, modified: ctx.now },
        // A stale save never overwrites a newer one, whatever order the requests arrive in.
        setWhere: sql`${attemptAnswers.revision} < excluded.revision`,
      })
      .returning({ revision: attemptAnswers.revision });
    if (won) {
      // The attempt was scored when it was submitted automatically; this answer counts too.
      if (window === "grace") await scoreAttempt(tx, attempt.id, attempt.examId);
      return { kind: "saved" as const, savedRevision: won.revision };
    }
    const [stored] = await tx
      .select({ revision: attemptAnswers.revision })
      .from(attemptAnswers)
      .where(and(eq(attemptAnswers.attemptId, attempt.id), eq(attemptAnswers.questionId, input.questionId)))
      .limit(1);
    return { kind: "saved" as const, savedRevision: stored?.revision ?? 0 };
  });

  // Thrown after commit, so the expiry applied on the way is kept.
  if (outcome.kind === "gone") throw attemptNotFound(input.attemptId);
  if (outcome.kind === "closed") throw new ServiceError("CONFLICT", closedDetail(outcome.status));
  return { questionId: input.questionId, revision: input.revision, savedRevision: outcome.savedRevision };
}

export { answersByQuestion } from "@/lib/data/answers";
export { MAX_SHORT_ANSWER_CHARS, type AnswerValue } from "./shapes";
