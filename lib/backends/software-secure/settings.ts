import { z } from "zod";
import { EmailOverridesSetting } from "@/emails/overrides";

/**
 * Settings of a `software_secure` (RPNow) backend, §9.5's constructor settings minus the secrets.
 * Unknown keys are refused, so a typo is caught when the backend is configured rather than at the
 * first learner's registration.
 */
export const SoftwareSecureSettings = z.strictObject(
  {
    organization: z.string({ error: "organization is required" }).trim().min(1, "organization is required"),
    exam_sponsor: z.string().trim().max(255).optional(),
    exam_register_endpoint: z
      .string({ error: "exam_register_endpoint is required" })
      .refine((v) => {
        try {
          return /^https?:$/.test(new URL(v).protocol);
        } catch {
          return false;
        }
      }, "exam_register_endpoint must be an http(s) URL"),
    software_download_url: z.string().trim().max(2048).optional(),
    send_email: z.boolean({ error: "send_email must be true or false" }).optional(),
    verbose_name: z.string().trim().min(1).max(255).optional(),
    ping_interval: z.number({ error: "ping_interval must be a number of seconds" }).int().positive().max(3600).optional(),
    /** How long the learner's system-check page waits for the vendor before it offers a way out. */
    system_check_timeout_seconds: z
      .number({ error: "system_check_timeout_seconds must be a number of seconds" })
      .int()
      .positive()
      .max(3600)
      .optional(),
    tech_support_email: z.string().trim().max(254).optional(),
    tech_support_phone: z.string().trim().max(64).optional(),
    learner_notification_from_email: z.string().trim().max(254).optional(),
    integration_specific_email: z.string().trim().max(254).optional(),
    link_urls: z.record(z.string(), z.string(), { error: "link_urls must map names to URLs" }).optional(),
    /** Per-backend wording and contact address of the learner e-mails (emails/overrides.ts). */
    emails: EmailOverridesSetting.optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown setting(s): ${issue.keys.join(", ")}` : undefined) },
);

/** secret_key_id and secret_key sign registrations (SSI); crypto_key (24 bytes) encrypts the exam password. */
export const SOFTWARE_SECURE_SECRET_NAMES = ["secret_key_id", "secret_key", "crypto_key"] as const;
