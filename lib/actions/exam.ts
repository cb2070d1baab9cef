"use server";

/**
 * Server actions of the learner exam pages: adapters of a few lines from a form (or the timer and
 * the vendor heartbeat) to the same service verbs as the REST API. No rule lives here; refusals
 * come back as a learner-readable sentence from the catalogue and the page is rendered again.
 */
import { refresh } from "next/cache";
import { getSessionActor } from "@/lib/auth/actor";
import { webContext } from "@/lib/auth/request-context";
import { getTranslations } from "next-intl/server";
import type { Translate, TranslateValues } from "@/lib/i18n/format";
import { type ServiceContext } from "@/lib/data/context";
import { isServiceError } from "@/lib/domain/errors";
import { createAttemptForLearner } from "@/lib/services/attempt/start-flow";
import { performAttemptAction } from "@/lib/services/attempt/actions";
import { findAttempt } from "@/lib/services/attempt/store";
import { acknowledgeReviewStatus } from "@/lib/services/review/submit";
import { rethrowIfUnavailable, unavailableAsResult } from "./unavailable";
import { EXAM_INTENTS, type ExamActionState, type ExamIntent } from "./exam-types";

/** A refusal in the learner's language (next-intl's request configuration, lib/i18n/request.ts). */
async function t(key: string, values?: TranslateValues): Promise<string> {
  return ((await getTranslations()) as Translate)(key, values);
}

/**
 * The site's public origin for this request. Registering an attempt tells the vendor where to send
 * the learner and its callbacks (RPNow's examUrl, REST `lms_host`); without INVIGIL_BASE_URL that
 * is the origin the learner used, as on the REST API (lib/http/api-route.ts requestOrigin).
 */
async function learnerContext(): Promise<ServiceContext | null> {
  const actor = await getSessionActor();
  if (!actor) return null;
  // The origin matters to vendors: registration hands it to them as `lms_host` for their callbacks.
  return webContext(actor, { withOrigin: true });
}

function positiveInt(raw: FormDataEntryValue | null): number | null {
  if (typeof raw !== "string" || !/^\d{1,10}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

/**
 * The database could not be reached (decision 048): nothing was changed, the page stays as it is
 * (with the answers the exam page keeps in the browser), and the same button can be pressed again.
 */
async function unavailable(): Promise<ExamActionState> {
  return { error: await t("common.error.unavailable") };
}

/** ServiceError → a sentence a learner under exam stress can act on; never an internal message. */
async function failure(error: unknown): Promise<ExamActionState> {
  if (!isServiceError(error)) {
    console.error("exam action failed", error);
    return { error: await t("common.error.unexpected") };
  }
  switch (error.code) {
    case "UNAUTHENTICATED":
      return { error: await t("common.error.signed_out") };
    case "FORBIDDEN":
      return { error: await t("common.error.not_allowed") };
    case "NOT_FOUND":
      return { error: await t("common.error.not_found") };
    case "CONFLICT":
    case "ILLEGAL_TRANSITION":
      return { error: await t("common.error.out_of_date") };
    case "VENDOR_ERROR":
      return { error: await t("common.error.vendor") };
    default:
      return { error: await t("common.error.invalid", { detail: error.message }) };
  }
}

async function run(intent: ExamIntent, ctx: ServiceContext, examId: number | null, attemptId: number | null): Promise<void> {
  const needAttempt = (): number => {
    if (attemptId === null) throw Object.assign(new Error("no attempt"), { missingAttempt: true });
    return attemptId;
  };
  const act = (action: string) => performAttemptAction(ctx, { attemptId: needAttempt(), action });
  switch (intent) {
    case "start_timed":
      // A created-but-not-started timed attempt is started; otherwise one is created with the clock running.
      if (attemptId !== null) await act("start");
      else await createAttemptForLearner(ctx, { exam_id: examId, start_clock: true });
      return;
    case "begin_proctored":
    case "try_again":
      await createAttemptForLearner(ctx, { exam_id: examId, attempt_proctored: true });
      return;
    case "decline":
      if (attemptId !== null) await act("decline");
      else await createAttemptForLearner(ctx, { exam_id: examId, attempt_proctored: false });
      return;
    case "system_check":
      await act("click_download_software");
      return;
    case "start":
    case "continue":
      await act("start");
      return;
    case "stop":
      await act("stop");
      return;
    case "submit":
      await act("submit");
      return;
    case "retry":
      await act("reset_attempt");
      return;
    case "acknowledge":
      await acknowledgeReviewStatus(ctx, needAttempt());
      return;
  }
}

/** The form action of every interstitial: fields `intent`, `examId`, `attemptId`. */
export async function examAction(_state: ExamActionState, formData: FormData): Promise<ExamActionState> {
  return unavailableAsResult(async (): Promise<ExamActionState> => {
    const intent = formData.get("intent");
    if (typeof intent !== "string" || !(EXAM_INTENTS as readonly string[]).includes(intent)) {
      return { error: await t("common.error.invalid", { detail: "unknown action" }) };
    }
    const examId = positiveInt(formData.get("examId"));
    const attemptId = formData.get("attemptId") ? positiveInt(formData.get("attemptId")) : null;
    if (examId === null) return { error: await t("common.error.invalid", { detail: "unknown exam" }) };
    const ctx = await learnerContext();
    if (!ctx) return { error: await t("common.error.signed_out") };
    // The attempt named by the form must belong to the exam named by the form (the verbs check the
    // owner; this keeps a hand-edited form from acting on another exam's attempt of the same learner).
    if (attemptId !== null) {
      const attempt = await findAttempt(ctx.db, attemptId);
      if (!attempt || attempt.examId !== examId) return { error: await t("common.error.not_found") };
    }
    try {
      await run(intent as ExamIntent, ctx, examId, attemptId);
    } catch (error) {
      rethrowIfUnavailable(error);
      if (error instanceof Error && "missingAttempt" in error) return { error: await t("common.error.out_of_date") };
      refresh();
      return failure(error);
    }
    refresh();
    return { error: null };
  }, unavailable);
}

async function attemptCall(attemptId: number, action: "submit" | "stop" | "error"): Promise<ExamActionState> {
  return unavailableAsResult(async (): Promise<ExamActionState> => {
    if (!Number.isInteger(attemptId) || attemptId <= 0) return { error: await t("common.error.not_found") };
    const ctx = await learnerContext();
    if (!ctx) return { error: await t("common.error.signed_out") };
    try {
      await performAttemptAction(ctx, { attemptId, action });
      return { error: null };
    } catch (error) {
      rethrowIfUnavailable(error);
      return failure(error);
    }
  }, unavailable);
}

/** The timer at 00:00 (after its grace) and the course page's timer: submit the attempt. */
export async function submitAttemptAction(attemptId: number): Promise<ExamActionState> {
  return attemptCall(attemptId, "submit");
}

/** "End My Exam" on the timer: started → ready_to_submit. */
export async function stopAttemptAction(attemptId: number): Promise<ExamActionState> {
  return attemptCall(attemptId, "stop");
}

/** A failed vendor ping (§5.8): the `error` action, which saves the time left. */
export async function reportVendorErrorAction(attemptId: number): Promise<ExamActionState> {
  return attemptCall(attemptId, "error");
}
