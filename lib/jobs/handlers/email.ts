import { eq } from "drizzle-orm";
import { attempts, backendConfigs, courses, exams, users } from "@/db/schema";
import { attemptStatusEmail, unnamedCourse, type AttemptStatusTemplate } from "@/emails/attempt-status";
import { emailOverridesFrom, type BackendEmailOverrides } from "@/emails/overrides";
import { getBackendByName } from "@/lib/backends/registry";
import { chooseLocale } from "@/lib/domain/language";
import { encodeKeySegment } from "@/lib/http/params";
import { LOCALES } from "@/lib/i18n/config";
import { countEmail } from "@/lib/metrics";
import { loadSiteSettings, type SiteSettings } from "@/lib/services/settings";
import type { Mailer } from "../mailer";
import { PermanentJobError, type OutboxHandler } from "../outbox";

export interface EmailHandlerDeps {
  /** null when SMTP is not configured: messages are marked done as skipped. */
  mailer: Mailer | null;
  /** The site's public URL (INVIGIL_BASE_URL) for links in the e-mail; else the site_name setting. */
  baseUrl?: string;
}

const TEMPLATES: readonly AttemptStatusTemplate[] = ["submitted", "verified", "rejected"];
export const SMTP_NOT_CONFIGURED = "skipped: SMTP not configured";

let warnedNoSmtp = false;

export function siteUrl(deps: EmailHandlerDeps, settings: SiteSettings): string {
  if (deps.baseUrl) return deps.baseUrl.replace(/\/+$/, "");
  if (settings.site_name) return `https://${settings.site_name.replace(/\/+$/, "")}`;
  return "";
}

type Db = Parameters<OutboxHandler>[1]["db"];

/** The e-mail overrides in a backend's settings (§11.4); none for an unknown or built-in backend. */
async function backendOverrides(db: Db, backendName: string | null, template: AttemptStatusTemplate): Promise<BackendEmailOverrides> {
  if (!backendName) return { contactEmail: null, blocks: {} };
  const [row] = await db.select({ settings: backendConfigs.settings }).from(backendConfigs).where(eq(backendConfigs.name, backendName)).limit(1);
  return emailOverridesFrom(row?.settings, template);
}

/**
 * §11.2 contact rule: the course's proctoring escalation e-mail, else the backend's contact
 * address override (§11.4), else its link_urls.contact, else the site's contact page
 * (link_urls.contact_us, the contact e-mail, or /support/contact_us as in 3.8.1). The course's
 * address stays first: it is the most specific, as in 3.8.1.
 */
async function contactFor(
  db: Db,
  escalationEmail: string | null | undefined,
  backendName: string | null,
  backendContactEmail: string | null,
  settings: SiteSettings,
  site: string,
): Promise<{ url: string; text: string }> {
  const escalation = escalationEmail?.trim();
  if (escalation) return { url: `mailto:${escalation}`, text: escalation };
  if (backendContactEmail) return { url: `mailto:${backendContactEmail}`, text: backendContactEmail };
  if (backendName) {
    try {
      const contact = (await getBackendByName(db, backendName)).linkUrls.contact;
      if (contact) return { url: contact, text: contact };
    } catch {
      // A backend removed since the transition: fall back to the site's contact.
    }
  }
  const contactUs = settings.link_urls.contact_us;
  if (contactUs) return { url: contactUs, text: contactUs };
  if (settings.contact_email) return { url: `mailto:${settings.contact_email}`, text: settings.contact_email };
  const url = `${site}/support/contact_us`;
  return { url, text: url };
}

/**
 * `email.attempt_status`: the learner's e-mail of §11 for a submitted, verified or rejected
 * proctored attempt. Sent after commit: an SMTP failure is retried and never fails the
 * transition (§17.17).
 */
export function createEmailHandler(deps: EmailHandlerDeps): OutboxHandler {
  return async (payload, { db }) => {
    const template = payload.template as AttemptStatusTemplate;
    if (!TEMPLATES.includes(template)) throw new PermanentJobError(`unknown e-mail template '${String(payload.template)}'`);
    const attemptId = Number(payload.attempt_id);
    if (!Number.isInteger(attemptId)) throw new PermanentJobError("payload has no attempt_id");

    if (!deps.mailer) {
      if (!warnedNoSmtp) {
        warnedNoSmtp = true;
        console.warn("[invigil] e-mail: SMTP is not configured; learner status e-mails are skipped.");
      }
      return { note: SMTP_NOT_CONFIGURED };
    }

    const [row] = await db
      .select({ attempt: attempts, exam: exams, user: users, course: courses })
      .from(attempts)
      .innerJoin(exams, eq(exams.id, attempts.examId))
      .innerJoin(users, eq(users.id, attempts.userId))
      .leftJoin(courses, eq(courses.courseKey, exams.courseKey))
      .where(eq(attempts.id, attemptId))
      .limit(1);
    if (!row) return { note: "skipped: attempt no longer exists" };
    const { exam, user, course } = row;
    if (!user.email) return { note: "skipped: the learner has no e-mail address" };

    const settings = await loadSiteSettings(db);
    const site = siteUrl(deps, settings);
    const backendName = typeof payload.backend === "string" && payload.backend ? payload.backend : exam.backend;
    const overrides = await backendOverrides(db, backendName, template);
    const contact = await contactFor(db, course?.proctoringEscalationEmail, backendName, overrides.contactEmail, settings, site);
    const courseKey = course?.courseKey ?? exam.courseKey;
    // The learner's own language, else the site's: an e-mail has no browser to ask.
    const locale = chooseLocale({ setting: user.locale, acceptLanguage: null, supported: LOCALES, fallback: settings.default_locale });

    const email = await attemptStatusEmail({
      template,
      username: user.username,
      courseName: course?.name || unnamedCourse(locale),
      courseUrl: site ? `${site}/courses/${encodeKeySegment(courseKey)}` : "",
      examName: exam.examName,
      platformName: settings.platform_name,
      contactUrl: contact.url,
      contactUrlText: contact.text,
      blocks: overrides.blocks,
      locale,
    });
    try {
      await deps.mailer.transport.sendMail({
        from: settings.status_email_from_address || deps.mailer.from,
        to: { name: user.fullName || user.username, address: user.email },
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
    } catch (error) {
      // Counted here, where SMTP answered, not for a template or lookup bug (decision 046).
      countEmail("failed");
      throw error;
    }
    countEmail("sent");
  };
}
