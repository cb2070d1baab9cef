import { createEmailHandler, type EmailHandlerDeps } from "./handlers/email";
import { mockMarkReadyHandler, mockPostReviewHandler } from "./handlers/mock";
import { createSupportNotificationHandler } from "./handlers/support";
import { vendorCallHandler } from "./handlers/vendor";
import { createWebhookHandler, webhookDeliveryHandler } from "./handlers/webhook";
import type { OutboxHandler, OutboxHandlers } from "./outbox";
import type { OutboxTopic } from "./topics";

export type JobHandlerDeps = EmailHandlerDeps;

/**
 * Every outbox topic the app writes, and what delivers it. Typed over OutboxTopic, so a topic
 * without a handler does not compile; a message whose topic is unknown anyway (a row written by
 * an older version) is dead-lettered with "no handler" (visible to an operator), never dropped.
 */
export function createJobHandlers(deps: JobHandlerDeps): OutboxHandlers {
  const handlers: Record<OutboxTopic, OutboxHandler> = {
    "vendor.call": vendorCallHandler,
    "mock.mark_ready": mockMarkReadyHandler,
    "mock.post_review": mockPostReviewHandler,
    "email.attempt_status": createEmailHandler(deps),
    "email.support_notification": createSupportNotificationHandler(deps),
    "webhook.attempt_status": createWebhookHandler("attempt_status"),
    "webhook.credit_requirement": createWebhookHandler("credit_requirement"),
    "webhook.grade_override": createWebhookHandler("grade_override"),
    "webhook.certificate_invalidate": createWebhookHandler("certificate_invalidate"),
    "webhook.attempt_deleted": createWebhookHandler("attempt_deleted"),
    "webhook.delivery": webhookDeliveryHandler,
  };
  return handlers;
}
