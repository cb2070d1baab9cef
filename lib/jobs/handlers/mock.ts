import { eq } from "drizzle-orm";
import { attempts } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { isServiceError } from "@/lib/domain/errors";
import { markAttemptReady } from "@/lib/services/attempt/ready";
import { submitVendorReview } from "@/lib/services/review/submit";
import { PermanentJobError, type OutboxHandler } from "../outbox";

/**
 * The mock backend's vendor side (§9.3): what a real vendor would do by calling us back. Both
 * go through the same service verbs as the vendor callbacks, so the demo exercises real code.
 */

const externalIdOf = (payload: Record<string, unknown>): string => {
  const externalId = payload.externalId;
  if (typeof externalId !== "string" || externalId === "") throw new PermanentJobError("payload has no externalId");
  return externalId;
};

/**
 * A service refusal (validation, not found, forbidden) will not change on a retry: dead at once.
 * A conflict (someone changed the attempt at the same moment) is worth another try.
 */
async function viaService<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isServiceError(error) && error.code !== "CONFLICT") throw new PermanentJobError(`${error.code}: ${error.detail}`);
    throw error;
  }
}

/** `mock.mark_ready`: "the vendor says the learner's set-up is done" (§8.11). */
export const mockMarkReadyHandler: OutboxHandler = async (payload, { db, now }) => {
  const externalId = externalIdOf(payload);
  const [attempt] = await db
    .select({ status: attempts.status })
    .from(attempts)
    .where(eq(attempts.externalId, externalId))
    .limit(1);
  // Deleted, or moved on (started, declined ...) before the mock vendor answered: nothing to do.
  if (!attempt) return { note: "skipped: attempt no longer exists" };
  if (attempt.status !== "created" && attempt.status !== "download_software_clicked") return;
  await viaService(() => markAttemptReady(systemContext(db, "mock-backend", now), externalId));
};

/** `mock.post_review`: "the vendor's reviewers finished" with the configured status (§8.12). */
export const mockPostReviewHandler: OutboxHandler = async (payload, { db, now }) => {
  const externalId = externalIdOf(payload);
  const status = typeof payload.status === "string" ? payload.status : "passed";
  // The review service also stores reviews of attempts deleted since (§10.5).
  await viaService(() => submitVendorReview(systemContext(db, "mock-backend", now), externalId, { status, comments: [] }));
};
