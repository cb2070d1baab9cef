import { z } from "zod";
import { EmailOverridesSetting } from "@/emails/overrides";

const httpUrl = (what: string) =>
  z
    .string({ error: `${what} must be a URL` })
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
      } catch {
        return false;
      }
    }, `${what} must be an http(s) URL without a user name or password`);

/**
 * Settings of a `rest` backend (§9.6 constructor kwargs, minus the secret). Unknown keys are
 * refused so that a typo ("base_uri") is caught when the backend is configured, not when the
 * first learner registers.
 */
export const RestSettings = z.strictObject(
  {
    base_url: httpUrl("base_url").transform((v) => v.replace(/\/+$/, "")),
    client_id: z.string({ error: "client_id is required" }).trim().min(1, "client_id is required"),
    integration_specific_email: z.email({ error: "integration_specific_email must be an e-mail address" }).optional(),
    /** Rules sent with an exam that has none of its own (all of ours). */
    default_rules: z.record(z.string(), z.unknown(), { error: "default_rules must be a JSON object" }).optional(),
    ping_interval: z.number({ error: "ping_interval must be a number of seconds" }).int().positive().max(3600).optional(),
    /** How long the learner's system-check page waits for the vendor before it offers a way out. */
    system_check_timeout_seconds: z
      .number({ error: "system_check_timeout_seconds must be a number of seconds" })
      .int()
      .positive()
      .max(3600)
      .optional(),
    /** The vendor's worker script (§9.7); absolute, or a path on this site. */
    javascript_url: z
      .union([httpUrl("javascript_url"), z.string().regex(/^\/[^/]/, "javascript_url must be an http(s) URL or a path")])
      .optional(),
    verbose_name: z.string().trim().min(1).max(255).optional(),
    tech_support_email: z.string().trim().max(254).optional(),
    tech_support_phone: z.string().trim().max(64).optional(),
    learner_notification_from_email: z.string().trim().max(254).optional(),
    link_urls: z.record(z.string(), z.string(), { error: "link_urls must map names to URLs" }).optional(),
    /** Per-backend wording and contact address of the learner e-mails (emails/overrides.ts). */
    emails: EmailOverridesSetting.optional(),
    /** Seconds each vendor call may take (default 10). */
    timeout_seconds: z.number({ error: "timeout_seconds must be a number" }).positive().max(60).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown setting(s): ${issue.keys.join(", ")}` : undefined) },
);
export type RestSettings = z.output<typeof RestSettings>;

/** The decrypted secrets of a `rest` backend. */
export const RestSecrets = z.object({
  client_secret: z.string({ error: "client_secret is required" }).min(1, "client_secret is required"),
});
export type RestSecrets = z.output<typeof RestSecrets>;

export const REST_SECRET_NAMES = ["client_secret"] as const;

/** The first problem of a failed parse, as one plain sentence (never echoing the input). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid settings";
  const path = issue.path.join(".");
  return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
}
