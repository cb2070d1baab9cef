import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { listAnswers } from "@/lib/queries/learner-answers";
import { saveAnswer } from "@/lib/services/answers/save";
import { expireAttempts } from "@/lib/services/attempt/expire";

export const dynamic = "force-dynamic";
type Params = { attemptId: string };

// Answers change with every keystroke: no cache may ever hold them.
const NO_STORE = { "cache-control": "no-store" };

/**
 * The attempt's answers: for its owner (the exam page after a reload) and course staff. An attempt
 * the read shows as expired is stored so first (the expiry verb), then read again (decision 025).
 */
export const GET = apiRoute<Params>(async ({ ctx, params }) => {
  const id = parseId(params.attemptId, "attempt_id");
  let read = await listAnswers(ctx, id);
  if (read.expiring.length > 0) {
    await expireAttempts(ctx, read.expiring);
    read = await listAnswers(ctx, id);
  }
  const { attemptId, status, answers } = read.body;
  return NextResponse.json(
    {
      attempt_id: attemptId,
      status,
      answers: answers.map((a) => ({
        question_id: a.questionId,
        answer: a.answer,
        revision: a.revision,
        saved_at: a.savedAt.toISOString(),
      })),
    },
    { headers: NO_STORE },
  );
});

/**
 * Autosave of one answer: `{question_id, answer: {choice} | {text}, revision}` →
 * `{question_id, revision, saved_revision}`. A stale revision is a 200 with the stored, higher
 * `saved_revision`; a closed attempt is a 409.
 */
export const PUT = apiRoute<Params>(async ({ ctx, params, body }) => {
  const attemptId = parseId(params.attemptId, "attempt_id");
  const data = await body();
  const saved = await saveAnswer(ctx, { attemptId, questionId: data.question_id, answer: data.answer, revision: data.revision });
  return NextResponse.json(
    { question_id: saved.questionId, revision: saved.revision, saved_revision: saved.savedRevision },
    { headers: NO_STORE },
  );
});
