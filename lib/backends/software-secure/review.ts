/**
 * RPNow's review payload (§9.5 "Review callback conversion", §8.24), converted without I/O: the
 * external-id check, the video link removed, the status checked and mapped, the comments renamed.
 */
import { z } from "zod";
import { badReviewStatusMessage, fromStoredReviewStatus, isValidStoredStatus, type StandardReviewStatus, type StoredReviewStatus } from "@/lib/domain/reviews";

const MAX_INT32 = 2_147_483_647;
const seconds = z.coerce.number().int().min(0).max(MAX_INT32).nullish();

const RpnowComment = z.object({
  comments: z.string().max(10_000),
  eventStatus: z.string().max(255),
  eventStart: seconds,
  eventFinish: seconds,
  duration: seconds,
});

/** The fields we read; everything else in the payload is kept as received. */
export const RpnowReviewPayload = z.looseObject({
  examMetaData: z.looseObject({
    examCode: z.string().trim().min(1).max(255),
    ssiRecordLocator: z.string().max(255).nullish(),
  }),
  reviewStatus: z.unknown(),
  webCamComments: z.array(RpnowComment).max(1000).nullish(),
  desktopComments: z.array(RpnowComment).max(1000).nullish(),
});
export type RpnowReviewPayload = z.infer<typeof RpnowReviewPayload>;

export interface ConvertedRpnowReview {
  stored: StoredReviewStatus;
  standard: StandardReviewStatus;
  comments: { comment: string; status: string; start?: number; stop?: number; duration?: number }[];
  /** The payload to store: as received, without `videoReviewLink`. */
  payload: Record<string, unknown>;
}

export type RpnowReviewConversion = { ok: true; review: ConvertedRpnowReview } | { ok: false; detail: string };

/** Parses the body's shape; a plain message for whatever is missing or of the wrong type. */
export interface ParsedRpnowReview {
  /** The fields we read, checked. */
  payload: RpnowReviewPayload;
  /** The body exactly as received (what is stored, less the video link). */
  raw: Record<string, unknown>;
}

export function parseRpnowReviewPayload(raw: unknown): ({ ok: true } & ParsedRpnowReview) | { ok: false; detail: string } {
  const parsed = RpnowReviewPayload.safeParse(raw);
  if (parsed.success) return { ok: true, payload: parsed.data, raw: raw as Record<string, unknown> };
  return {
    ok: false,
    detail: `Invalid review payload: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`,
  };
}

/**
 * 3.8.1's `on_review_callback`: the received ssiRecordLocator must equal the attempt's external id
 * (case-insensitively) unless callback simulation is allowed; the status must be one of RPNow's
 * four; comments are the webcam ones, then the desktop ones.
 */
export function convertRpnowReview(
  { payload, raw }: ParsedRpnowReview,
  attempt: { attemptCode: string; externalId: string | null },
  options: { allowCallbackSimulation: boolean },
): RpnowReviewConversion {
  const received = (payload.examMetaData.ssiRecordLocator ?? "").toLowerCase();
  const existing = attempt.externalId ?? "";
  if (!options.allowCallbackSimulation && (existing === "" || existing.toLowerCase() !== received)) {
    return {
      ok: false,
      detail:
        `Found attempt_code ${attempt.attemptCode}, but the recorded external_id did not match the ssiRecordLocator ` +
        `that had been recorded previously. Has ${existing || "none"} but received ${received || "none"}!`,
    };
  }
  if (!isValidStoredStatus(payload.reviewStatus)) return { ok: false, detail: badReviewStatusMessage(payload.reviewStatus) };
  const { videoReviewLink: _dropped, ...kept } = raw;
  const comments = [...(payload.webCamComments ?? []), ...(payload.desktopComments ?? [])].map((c) => ({
    comment: c.comments,
    status: c.eventStatus,
    ...(c.eventStart != null ? { start: c.eventStart } : {}),
    ...(c.eventFinish != null ? { stop: c.eventFinish } : {}),
    ...(c.duration != null ? { duration: c.duration } : {}),
  }));
  return {
    ok: true,
    review: { stored: payload.reviewStatus, standard: fromStoredReviewStatus(payload.reviewStatus), comments, payload: kept },
  };
}
