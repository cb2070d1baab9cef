import { eq } from "drizzle-orm";
import { exams } from "@/db/schema";
import { getBackendByName } from "@/lib/backends/registry";
import { isVendorError } from "@/lib/backends/errors";
import { countVendorCall } from "@/lib/metrics";
import { backendExamWithPolicy } from "@/lib/services/attempt/create";
import { PermanentJobError, type OutboxHandler } from "../outbox";

export const VENDOR_CALLS = [
  "start_exam_attempt",
  "stop_exam_attempt",
  "mark_erroneous_exam_attempt",
  "remove_exam_attempt",
  "on_exam_saved",
] as const;
export type VendorCall = (typeof VENDOR_CALLS)[number];

const optionalString = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/**
 * `vendor.call`: tells the attempt's backend what happened (§4.3-8, §4.10), after commit. The
 * return values are ignored as in 3.8.1, except that a removal the vendor does not confirm is
 * tried again. Any error is retried with backoff; the attempt itself is never touched here.
 */
export const vendorCallHandler: OutboxHandler = async (payload, context) => {
  const backendName = optionalString(payload.backend);
  try {
    const result = await deliver(payload, context);
    countVendorCall(backendName, false);
    return result;
  } catch (error) {
    // Every failure counts as an error of the backend, a removed or unreachable one included.
    countVendorCall(backendName, true);
    // A vendor that answered 4xx (other than 401/408/429) will answer the same next time: stop
    // retrying and leave the plain reason in the dead letter. Down, slow, 5xx: retried with backoff.
    if (isVendorError(error) && !error.retryable) throw new PermanentJobError(error.message);
    throw error;
  }
};

const deliver: OutboxHandler = async (payload, { db, batch }) => {
  const backendName = optionalString(payload.backend);
  const call = payload.call;
  if (!backendName) throw new PermanentJobError("vendor.call without a backend name");
  if (!VENDOR_CALLS.includes(call as VendorCall)) throw new PermanentJobError(`unknown vendor call '${String(call)}'`);
  const examExternalId = optionalString(payload.exam_external_id);
  const attemptExternalId = optionalString(payload.attempt_external_id);

  // A backend that was removed or disabled since is an error worth retrying: an admin may
  // re-enable it, and the dead letter shows the failure otherwise. Looked up once per batch and
  // backend (decision 051); a failed lookup is not kept, so each of its messages fails on its own.
  const backend = await batch.once(`vendor:backend:${backendName}`, () => getBackendByName(db, backendName));
  switch (call as VendorCall) {
    case "start_exam_attempt":
      await backend.startExamAttempt(examExternalId, attemptExternalId);
      return;
    case "stop_exam_attempt":
      await backend.stopExamAttempt(examExternalId, attemptExternalId);
      return;
    case "mark_erroneous_exam_attempt":
      await backend.markErroneousExamAttempt(examExternalId, attemptExternalId);
      return;
    case "on_exam_saved": {
      // §2.1: push the exam as it is now (inactive when it stopped being proctored); a new vendor
      // id becomes the exam's external_id.
      const examId = Number(payload.exam_id);
      const [exam] = await db.select().from(exams).where(eq(exams.id, examId)).limit(1);
      if (!exam) return;
      const sent = await backendExamWithPolicy(db, payload.force_inactive === true ? { ...exam, isActive: false } : exam);
      const vendorId = await backend.onExamSaved(sent);
      if (vendorId && vendorId !== exam.externalId && payload.force_inactive !== true) {
        await db.update(exams).set({ externalId: vendorId }).where(eq(exams.id, exam.id));
      }
      return;
    }
    case "remove_exam_attempt": {
      const removed = await backend.removeExamAttempt(examExternalId, attemptExternalId);
      if (!removed) throw new Error(`backend '${backendName}' did not confirm the removal of the attempt`);
      return;
    }
  }
};
