import { z } from "zod";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES } from "./language";

/**
 * Site settings (what 3.8.1 reads from PROCTORING_SETTINGS, §14.1), stored as data. Every key
 * has a schema and a default, so a missing or malformed row never breaks a transition.
 */
export const SiteSettings = z.object({
  enable_special_exams: z.boolean().default(true),
  platform_name: z.string().default("Invigil"),
  /**
   * The language of the learner pages and e-mails when neither the learner's setting nor their
   * browser names a supported one (docs/decisions/028-translations.md).
   */
  default_locale: z.enum(SUPPORTED_LOCALES).default(DEFAULT_LOCALE),
  site_name: z.string().default(""),
  contact_email: z.string().default(""),
  status_email_from_address: z.string().default(""),
  onboarding_validity_days: z.number().int().positive().default(730),
  low_threshold_pct: z.number().min(0).max(1).default(0.2),
  critically_low_threshold_pct: z.number().min(0).max(1).default(0.05),
  require_failure_second_reviews: z.boolean().default(true),
  allow_review_updates: z.boolean().default(true),
  allow_timed_out_state: z.boolean().default(false),
  /**
   * 3.8.1's ALLOW_CALLBACK_SIMULATION: the RPNow review callback skips its check that the
   * payload's ssiRecordLocator is the attempt's external id (§9.5, §15.2). For demos and vendor
   * test set-ups only: with it on, anyone holding an attempt code can post its review.
   */
  allow_callback_simulation: z.boolean().default(false),
  default_review_policy: z.string().default("Closed Book"),
  link_urls: z.record(z.string(), z.string()).default({}),
  /**
   * Origin (and path) of the Open edX Learning MFE, e.g. "https://learning.example.org"; "" for
   * none. With it, the links the Open edX client follows (`exam_url_path`, `onboarding_link`)
   * point at the MFE's sequence pages, as 3.8.1's LEARNING_MICROFRONTEND_URL does; a course may
   * override it (courses.learning_microfrontend_url, synced by the LMS).
   */
  learning_microfrontend_url: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]).default(""),
  /**
   * Whether a proctored attempt waits for the learner's identity verification (`approved`, synced
   * by the LMS) before its instructions (§12.3 `id_verification`). On by default, as in 3.8.1;
   * edx-proctoring 4.10 dropped the check (docs/decisions/031-credit-eligibility.md).
   */
  identity_verification_required: z.boolean().default(true),
  /**
   * The LMS's identity-verification page (3.8.1's `reverify_url`), where the `id_verification`
   * page sends the learner; null: the page asks them to contact support instead.
   */
  reverify_url: z.union([z.null(), z.url({ protocol: /^https?$/ })]).default(null),
  /** Backends whose ping failures are ignored (the waffle switch of §5.8). */
  ping_failure_passthrough_backends: z.array(z.string()).default([]),
});
export type SiteSettings = z.infer<typeof SiteSettings>;

export type SiteSettingKey = keyof SiteSettings;
export const SITE_SETTING_KEYS = Object.keys(SiteSettings.shape) as SiteSettingKey[];

export function isSiteSettingKey(key: string): key is SiteSettingKey {
  return (SITE_SETTING_KEYS as string[]).includes(key);
}

/** The default of one setting (what a missing row means). */
export function siteSettingDefault(key: SiteSettingKey): unknown {
  return SiteSettings.shape[key].parse(undefined);
}

/**
 * How the admin form edits a setting: one text field for text and numbers, a yes/no choice for
 * booleans, a choice of locales, or JSON for maps and lists (the shape the CLI's set-setting takes).
 */
export type SiteSettingInputKind = "boolean" | "number" | "text" | "locale" | "json" | "optional-url";

export const SITE_SETTING_INPUT: Record<SiteSettingKey, SiteSettingInputKind> = {
  enable_special_exams: "boolean",
  platform_name: "text",
  default_locale: "locale",
  site_name: "text",
  contact_email: "text",
  status_email_from_address: "text",
  onboarding_validity_days: "number",
  low_threshold_pct: "number",
  critically_low_threshold_pct: "number",
  require_failure_second_reviews: "boolean",
  allow_review_updates: "boolean",
  allow_timed_out_state: "boolean",
  allow_callback_simulation: "boolean",
  default_review_policy: "text",
  link_urls: "json",
  learning_microfrontend_url: "text",
  identity_verification_required: "boolean",
  reverify_url: "optional-url",
  ping_failure_passthrough_backends: "json",
};

/**
 * Turns what the admin form sends (always text) into the value `setSiteSetting` checks against the
 * setting's schema; a text that cannot be read at all is an error message. The schema itself
 * decides the rest, as it does for the CLI's `set-setting --value JSON`.
 */
export function readSiteSettingInput(key: SiteSettingKey, raw: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const kind = SITE_SETTING_INPUT[key];
  const text = raw.trim();
  switch (kind) {
    case "boolean":
      if (text === "true" || text === "false") return { ok: true, value: text === "true" };
      return { ok: false, message: "Choose yes or no." };
    case "number": {
      if (text === "" || !Number.isFinite(Number(text))) return { ok: false, message: "Enter a number." };
      return { ok: true, value: Number(text) };
    }
    case "optional-url":
      return { ok: true, value: text === "" ? null : text };
    case "json":
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return { ok: false, message: 'Enter JSON, e.g. {"contact_us": "https://example.org/contact"}.' };
      }
    default:
      return { ok: true, value: raw };
  }
}

/** The first message of a setting's schema for `value`, or null when it fits. */
export function checkSiteSetting(key: SiteSettingKey, value: unknown): string | null {
  const parsed = SiteSettings.shape[key].safeParse(value);
  return parsed.success ? null : parsed.error.issues.map((i) => i.message).join("; ");
}
