import { createEmailHandler, type EmailHandlerDeps } from "./handlers/email";
import { mockMarkReadyHandler, mockPostReviewHandler } from "./handlers/mock";
import { vendorCallHandler } from "./handlers/vendor";
import { WEBHOOK_EVENTS, createWebhookHandler } from "./handlers/webhook";
import type { OutboxHandler, OutboxHandlers } from "./outbox";

export type JobHandlerDeps = EmailHandlerDeps;

/**
 * Every outbox topic the app writes, and what delivers it. A topic missing here is dead-lettered
 * with "no handler" (visible to an operator), never silently dropped.
 */
export function createJobHandlers(deps: JobHandlerDeps): OutboxHandlers {
  const handlers: Record<string, OutboxHandler> = {
    "vendor.call": vendorCallHandler,
    "mock.mark_ready": mockMarkReadyHandler,
    "mock.post_review": mockPostReviewHandler,
    "email.attempt_status": createEmailHandler(deps),
  };
  for (const event of WEBHOOK_EVENTS) handlers[`webhook.${event}`] = createWebhookHandler(event);
  return handlers;
}
