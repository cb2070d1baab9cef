import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { siteSettings } from "@/db/schema";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES } from "@/lib/domain/language";

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

const KEYS = Object.keys(SiteSettings.shape) as (keyof SiteSettings)[];

/** All settings with defaults filled in; a stored value that no longer fits its schema is ignored. */
export async function loadSiteSettings(db: DbOrTx): Promise<SiteSettings> {
  const rows = await db.select().from(siteSettings);
  const raw: Record<string, unknown> = {};
  for (const row of rows) {
    if (!(KEYS as string[]).includes(row.key)) continue;
    const field = SiteSettings.shape[row.key as keyof SiteSettings];
    const parsed = field.safeParse(row.value);
    if (parsed.success) raw[row.key] = parsed.data;
  }
  return SiteSettings.parse(raw);
}
