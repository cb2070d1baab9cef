import type { OutboxMessage } from "@/db/schema";
import { SMTP_CONNECTIONS } from "./mailer";

/**
 * How the outbox worker delivers one claimed batch side by side (decision 047): which messages
 * must go one after another, and how many deliveries each receiver gets at once.
 */
export interface DeliveryPlan {
  /**
   * Messages with the same key are delivered one at a time, in id order (the order they were
   * written); messages with different keys (or a null key) may be delivered at the same time.
   */
  orderKey(message: OutboxMessage): string | null;
  /** What a delivery occupies (an SMTP connection pool, one vendor backend, the webhook sender). */
  target(message: OutboxMessage): string;
  /** How many deliveries of one target may be in flight at once (at least 1). */
  limit(target: string): number;
}

/** One message at a time, in id order: the worker as it was before decision 047. */
export const SEQUENTIAL_PLAN: DeliveryPlan = {
  orderKey: () => "all",
  target: () => "all",
  limit: () => 1,
};

/** Deliveries in flight at once per run, all targets together. */
export const OUTBOX_CONCURRENCY = 16;
/** Calls to one vendor backend at once: a vendor's API is someone else's server. */
export const VENDOR_CONCURRENCY = 4;
/** The mock backend's vendor side runs service verbs (a transaction each) on our own database. */
export const MOCK_CONCURRENCY = 2;
/** Webhook messages at once; each endpoint has its own, smaller bound (handlers/webhook.ts). */
export const WEBHOOK_CONCURRENCY = 8;
const OTHER_CONCURRENCY = 4;

const positiveInteger = (value: unknown): number | null => (typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null);
const nonEmpty = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/**
 * The order key of the app's topics: everything about one attempt (its status webhooks, e-mails
 * and vendor calls) in the order it happened; the mock vendor's follow-ups by the attempt's
 * external id; an exam's pushes to its vendor in order; a learner's course-wide webhooks (credit
 * requirement, grade override, certificate) in order. A stored webhook delivery (a test or a
 * replay) has no order.
 */
export function appOrderKey(message: OutboxMessage): string | null {
  const payload = message.payload ?? {};
  const attemptId = positiveInteger(payload.attempt_id);
  if (attemptId !== null) return `attempt:${attemptId}`;
  const externalId = nonEmpty(payload.attempt_external_id) ?? nonEmpty(payload.externalId);
  if (externalId !== null) return `attempt-external:${externalId}`;
  const examId = positiveInteger(payload.exam_id);
  if (examId !== null) return `exam:${examId}`;
  const userId = positiveInteger(payload.user_id);
  const courseId = nonEmpty(payload.course_id);
  if (userId !== null && courseId !== null) return `learner:${userId}:${courseId}`;
  return null;
}

export function appTarget(message: OutboxMessage): string {
  const topic = message.topic;
  if (topic.startsWith("email.")) return "smtp";
  if (topic === "vendor.call") return `vendor:${nonEmpty(message.payload?.backend) ?? "?"}`;
  if (topic.startsWith("mock.")) return "mock";
  if (topic.startsWith("webhook.")) return "webhooks";
  return `topic:${topic}`;
}

export function appLimit(target: string): number {
  if (target === "smtp") return SMTP_CONNECTIONS;
  if (target.startsWith("vendor:")) return VENDOR_CONCURRENCY;
  if (target === "mock") return MOCK_CONCURRENCY;
  if (target === "webhooks") return WEBHOOK_CONCURRENCY;
  return OTHER_CONCURRENCY;
}

export const APP_DELIVERY_PLAN: DeliveryPlan = { orderKey: appOrderKey, target: appTarget, limit: appLimit };
