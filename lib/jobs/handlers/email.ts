import { eq, sql } from "drizzle-orm";
import { attempts, backendConfigs, courses, exams, users, type Attempt, type Course, type Exam, type User } from "@/db/schema";
import { attemptStatusEmail, unnamedCourse, type AttemptStatusTemplate } from "@/emails/attempt-status";
import { emailOverridesFrom, type BackendEmailOverrides } from "@/emails/overrides";
import { getBackendByName } from "@/lib/backends/registry";
import { builtStatement, tableReader } from "@/lib/data/built-statement";
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

type Db = Parameters<OutboxHandler>[1]["db"];
type Batch = Parameters<OutboxHandler>[1]["batch"];

/** The site settings, once per batch (from the instance's configuration cache when it has one). */
export function batchSiteSettings(db: Db, batch: Batch): Promise<SiteSettings> {
  return batch.once("site-settings", () => loadSiteSettings(db));
}

export function siteUrl(deps: EmailHandlerDeps, settings: SiteSettings): string {
  if (deps.baseUrl) return deps.baseUrl.replace(/\/+$/, "");
  if (settings.site_name) return `https://${settings.site_name.replace(/\/+$/, "")}`;
  return "";
}

/** The backend's settings (for the e-mail overrides of §11.4), whether or not it is enabled; read once per batch and backend. */
function backendSettings(db: Db, batch: Batch, backendName: string): Promise<Record<string, unknown> | null> {
  return batch.once(`email:backend-settings:${backendName}`, async () => {
    const [row] = await db.select({ settings: backendConfigs.settings }).from(backendConfigs).where(eq(backendConfigs.name, backendName)).limit(1);
    return row?.settings ?? null;
  });
}

/** The e-mail overrides in a backend's settings (§11.4); none for an unknown or built-in backend. */
async function backendOverrides(db: Db, batch: Batch, backendName: string | null, template: AttemptStatusTemplate): Promise<BackendEmailOverrides> {
  if (!backendName) return { contactEmail: null, blocks: {} };
  return emailOverridesFrom(await backendSettings(db, batch, backendName), template);
}

/** The enabled backend's contact link, or null (none, or a backend removed or disabled since the transition); once per batch and backend. */
function backendContactLink(db: Db, batch: Batch, backendName: string): Promise<string | null> {
  return batch.once(`email:backend-contact:${backendName}`, async () => {
    try {
      return (await getBackendByName(db, backendName)).linkUrls.contact || null;
    } catch {
      return null;
    }
  });
}

/**
 * §11.2 contact rule: the course's proctoring escalation e-mail, else the backend's contact
 * address override (§11.4), else its link_urls.contact, else the site's contact page
 * (link_urls.contact_us, the contact e-mail, or /support/contact_us as in 3.8.1). The course's
 * address stays first: it is the most specific, as in 3.8.1.
 */
async function contactFor(
  db: Db,
  batch: Batch,
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
    const contact = await backendContactLink(db, batch, backendName);
    if (contact) return { url: contact, text: contact };
  }
  const contactUs = settings.link_urls.contact_us;
  if (contactUs) return { url: contactUs, text: contactUs };
  if (settings.contact_email) return { url: `mailto:${settings.contact_email}`, text: settings.contact_email };
  const url = `${site}/support/contact_us`;
  return { url, text: url };
}

const EMAIL_TOPIC = "email.attempt_status";

/** What an attempt's e-mail needs: the attempt, its exam and learner, and the exam's course (null once removed). */
async function readAttemptRows(db: Db, attemptIds: readonly number[]) {
  const rows = await attemptRowsStatement(db, { ids: attemptIds.join(",") });
  // Every id asked for has an entry: null when the attempt no longer exists.
  const byId = new Map<number, AttemptRow | null>(attemptIds.map((id) => [id, null]));
  for (const row of rows) byId.set(row.attempt.id, row);
  return byId;
}

const attemptReader = tableReader(attempts);
const examReader = tableReader(exams, attemptReader.width);
const userReader = tableReader(users, attemptReader.width + examReader.width);
const courseReader = tableReader(courses, attemptReader.width + examReader.width + userReader.width, { nullable: true });
interface AttemptRow {
  attempt: Attempt;
  exam: Exam;
  user: User;
  course: Course | null;
}

/**
 * Built once (lib/data/built-statement.ts), with the ids as one comma-separated parameter: the
 * same text whatever the batch's size, so PostgreSQL and the driver prepare it once per
 * connection instead of once per batch size.
 */
const attemptRowsStatement = builtStatement(
  "invigil_email_attempt_rows",
  (db) =>
    db
      .select({ attempt: attempts, exam: exams, user: users, course: courses })
      .from(attempts)
      .innerJoin(exams, eq(exams.id, attempts.examId))
      .innerJoin(users, eq(users.id, attempts.userId))
      .leftJoin(courses, eq(courses.courseKey, exams.courseKey))
      .where(sql`${attempts.id} = any(string_to_array(${sql.placeholder("ids")}, ',')::integer[])`),
  (row): AttemptRow => ({ attempt: attemptReader.read(row)!, exam: examReader.read(row)!, user: userReader.read(row)!, course: courseReader.read(row) }),
);

/**
 * The attempt rows of every e-mail of the batch, read in one statement when the first of them is
 * delivered (decision 051); a message outside the batch's list (none in practice) is read alone.
 */
async function attemptRowFor(db: Db, batch: Batch, attemptId: number) {
  const all = await batch.once(`${EMAIL_TOPIC}:attempts`, () => {
    const ids = new Set<number>();
    for (const message of batch.messages) {
      const id = Number(message.payload?.attempt_id);
      if (message.topic === EMAIL_TOPIC && Number.isSafeInteger(id)) ids.add(id);
    }
    return readAttemptRows(db, [...ids]);
  });
  if (all.has(attemptId)) return all.get(attemptId) ?? null;
  return (await readAttemptRows(db, [attemptId])).get(attemptId) ?? null;
}

/**
 * `email.attempt_status`: the learner's e-mail of §11 for a submitted, verified or rejected
 * proctored attempt. Sent after commit: an SMTP failure is retried and never fails the
 * transition (§17.17).
 */
export function createEmailHandler(deps: EmailHandlerDeps): OutboxHandler {
  return async (payload, { db, batch }) => {
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

    const row = await attemptRowFor(db, batch, attemptId);
    if (!row) return { note: "skipped: attempt no longer exists" };
    const { exam, user, course } = row;
    if (!user.email) return { note: "skipped: the learner has no e-mail address" };

    const settings = await batchSiteSettings(db, batch);
    const site = siteUrl(deps, settings);
    const backendName = typeof payload.backend === "string" && payload.backend ? payload.backend : exam.backend;
    const overrides = await backendOverrides(db, batch, backendName, template);
    const contact = await contactFor(db, batch, course?.proctoringEscalationEmail, backendName, overrides.contactEmail, settings, site);
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
