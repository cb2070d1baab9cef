import { WEBHOOK_EVENT_NAMES } from "@/lib/domain/webhooks";

/**
 * Every outbox topic the app may write, and nothing else. The list is shared by the writer
 * (lib/services/journal.ts refuses any other topic, at compile time and at run time) and the worker
 * (lib/jobs/handlers.ts must have a handler for each, or it does not compile), so a message can no
 * longer be written that no handler will ever deliver. Pure data: imported by both layers.
 */

/** The webhook events the service layer emits (outbox topic `webhook.<event>`); the list lives in lib/domain for the console's form. */
export const WEBHOOK_EVENTS = WEBHOOK_EVENT_NAMES;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export type OutboxTopic =
  | "vendor.call"
  | "mock.mark_ready"
  | "mock.post_review"
  | "email.attempt_status"
  | "email.support_notification"
  | `webhook.${WebhookEvent}`
  /** One stored delivery (a test event or a replay) to its endpoint. */
  | "webhook.delivery";

/** A record over the type, so the run-time list cannot drift from it (a missing key does not compile). */
const TOPICS: Record<OutboxTopic, true> = {
  "vendor.call": true,
  "mock.mark_ready": true,
  "mock.post_review": true,
  "email.attempt_status": true,
  "email.support_notification": true,
  "webhook.attempt_status": true,
  "webhook.credit_requirement": true,
  "webhook.grade_override": true,
  "webhook.certificate_invalidate": true,
  "webhook.attempt_deleted": true,
  "webhook.delivery": true,
};

export const OUTBOX_TOPICS = Object.keys(TOPICS) as readonly OutboxTopic[];

export function isOutboxTopic(topic: string): topic is OutboxTopic {
  return Object.hasOwn(TOPICS, topic);
}
