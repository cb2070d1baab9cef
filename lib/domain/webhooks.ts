import { z } from "zod";

/**
 * Webhook rules the browser needs too (the admin console's form) and the answers of its actions.
 * The verbs are in lib/services/webhooks.ts; the sender in lib/jobs/handlers/webhook.ts.
 */

/** The events an endpoint may subscribe to (outbox topics `webhook.<event>`, lib/jobs/topics.ts). */
export const WEBHOOK_EVENT_NAMES = ["attempt_status", "credit_requirement", "grade_override", "certificate_invalidate", "attempt_deleted"] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

/** The event a "send a test event" delivers: receivers should answer 2xx and otherwise ignore it. */
export const WEBHOOK_TEST_EVENT = "ping";

export const WEBHOOK_EVENT_HELP: Record<WebhookEventName, string> = {
  attempt_status: "An attempt changes status.",
  credit_requirement: "A learner's credit requirement status changes.",
  grade_override: "A grade override is set or undone.",
  certificate_invalidate: "A certificate must be invalidated.",
  attempt_deleted: "An attempt is deleted.",
};

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** The add form and the service's input: an http(s) URL and the events (none chosen = every event). */
export const WebhookEndpointFormSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, "Give the URL the LMS receives webhooks at.")
    .max(2000, "At most 2,000 characters.")
    .refine(isHttpUrl, { message: "An http:// or https:// URL, e.g. https://lms.example.edu/invigil/webhooks." }),
  events: z.array(z.enum(WEBHOOK_EVENT_NAMES, { error: "Unknown event." })).transform((events) => [...new Set(events)]),
});
export type WebhookEndpointFormValues = z.input<typeof WebhookEndpointFormSchema>;

/** The URL as lists show it: credentials in it (user:password@) are masked. */
export function displayWebhookUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.username || url.password) {
      url.username = "***";
      url.password = "";
    }
    return url.toString();
  } catch {
    return raw;
  }
}

/** An action that hands out a signing secret (create, rotate): the only time it leaves the server. */
export type WebhookSecretResult =
  | { ok: true; secret: string; url: string }
  | { ok: false; detail: string; fieldErrors: Record<string, string> };
export type WebhookActionResult = { ok: true } | { ok: false; detail: string };
