import "server-only";
import { eq } from "drizzle-orm";
import { backendConfigs, courses, reviewPolicies } from "@/db/schema";
import { resolveExamBackend } from "@/lib/backends/registry";
import { loadVendorDisplay } from "@/lib/backends/vendor-display";
import { DEFAULT_LOCALE } from "@/lib/i18n/config";
import type { ServiceContext } from "@/lib/data/context";
import { requireExam } from "@/lib/data/attempts";
import { loadSiteSettings } from "@/lib/data/settings";

/**
 * L6 and L7 of the client contract (§4.1; §20, 3.10.1 and 3.13.0): what the Learning MFE reads
 * about an exam's proctoring before and while the learner takes it.
 */

export interface ExamProctoringBackendConfig {
  download_url: string | null;
  name: string;
  rules: Record<string, unknown>;
  instructions: string[];
}

export interface ProctoringSettingsResponse {
  platform_name: string;
  contact_us: string;
  link_urls: Record<string, string>;
  /** `{}` for a timed exam, which has no backend. */
  exam_proctoring_backend: ExamProctoringBackendConfig | Record<string, never>;
  provider_tech_support_email?: string;
  provider_tech_support_phone?: string;
  provider_name?: string;
  learner_notification_from_email?: string;
  integration_specific_email?: string;
  proctoring_escalation_email?: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * GET …/proctored_exam/settings/exam_id/<id>/ (L6). As edx-proctoring's
 * get_proctoring_settings_by_exam_id: site settings for every exam; for a proctored one also its
 * backend's configuration (download URL, name, rules and vendor instructions from the backend's
 * settings) and the contact addresses. An unknown exam is 400, as there.
 */
export async function proctoringSettingsForExam(
  ctx: ServiceContext,
  examId: number,
  /** The learner's language (their browser's Accept-Language), for the vendor's texts. */
  request: { language?: string | null } = {},
): Promise<ProctoringSettingsResponse> {
  const exam = await requireExam(ctx.db, examId);
  const site = await loadSiteSettings(ctx.db);
  const data: ProctoringSettingsResponse = {
    platform_name: site.platform_name,
    contact_us: site.contact_email,
    link_urls: site.link_urls,
    exam_proctoring_backend: {},
  };
  const backend = await resolveExamBackend(ctx.db, exam);
  if (!backend) return data;

  const [config] = await ctx.db
    .select({ settings: backendConfigs.settings })
    .from(backendConfigs)
    .where(eq(backendConfigs.name, backend.name))
    .limit(1);
  const options = config?.settings ?? {};
  const [course] = await ctx.db
    .select({ escalation: courses.proctoringEscalationEmail })
    .from(courses)
    .where(eq(courses.courseKey, exam.courseKey))
    .limit(1);

  // A vendor with its own config service (REST, §9.6 GET /api/v1/config/) says what its download
  // URL, rules and instructions are, as get_proctoring_config does; the Open edX client picks the
  // REST instructions page only when `instructions` is not empty. Unreachable: the stored settings.
  const display = await loadVendorDisplay(backend, { language: request.language ?? DEFAULT_LOCALE, examExternalId: exam.externalId, attemptExternalId: null });
  const vendor = display && !display.unavailable ? display : null;
  return {
    ...data,
    exam_proctoring_backend: {
      download_url: vendor?.downloadUrl ?? backend.getSoftwareDownloadUrl(),
      name: vendor?.name || backend.verboseName,
      rules: vendor ? Object.fromEntries(vendor.rules.map((r) => [r.key, r.label])) : isRecord(options.rules) ? options.rules : {},
      instructions: vendor
        ? vendor.instructions
        : Array.isArray(options.instructions)
          ? options.instructions.filter((i): i is string => typeof i === "string")
          : [],
    },
    provider_tech_support_email: backend.techSupportEmail,
    provider_tech_support_phone: backend.techSupportPhone,
    provider_name: backend.verboseName,
    learner_notification_from_email: backend.learnerNotificationFromEmail,
    // get_integration_specific_email: the backend's own address, else the site's contact address.
    integration_specific_email: backend.integrationSpecificEmail || site.contact_email,
    proctoring_escalation_email: course?.escalation || null,
  };
}

/**
 * GET …/proctored_exam/review_policy/exam_id/<id>/ (L7): the exam's review policy text, or null
 * when it has none. Unlike 3.13.0 (200 with null) an unknown exam is a 400 with a detail.
 */
export async function reviewPolicyForExam(ctx: ServiceContext, examId: number): Promise<{ review_policy: string | null }> {
  const exam = await requireExam(ctx.db, examId);
  const [row] = await ctx.db
    .select({ text: reviewPolicies.reviewPolicy })
    .from(reviewPolicies)
    .where(eq(reviewPolicies.examId, exam.id))
    .limit(1);
  return { review_policy: row?.text || null };
}
