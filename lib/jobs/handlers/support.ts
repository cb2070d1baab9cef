import { eq } from "drizzle-orm";
import { courses, exams, users } from "@/db/schema";
import { supportNotificationEmail } from "@/emails/support-notification";
import { encodeKeySegment } from "@/lib/http/params";
import { PermanentJobError, type OutboxHandler } from "../outbox";
import { SMTP_NOT_CONFIGURED, batchSiteSettings, siteUrl, type EmailHandlerDeps } from "./email";

export const NO_SUPPORT_ADDRESS = "skipped: no support address (set the contact e-mail in the site settings)";

/**
 * `email.support_notification` (§10.2 step 8, §11.5): a Suspicious review that no person has
 * reviewed. 3.8.1 asks the LMS to open a support ticket; here it is an e-mail to the site's support
 * address (the `contact_email` setting), the team that handles second reviews for every course.
 * A course's proctoring escalation e-mail is the learners' contact, not a reviewer, so it is used
 * only when the site has no support address: someone should still hear of the review.
 */
export function createSupportNotificationHandler(deps: EmailHandlerDeps): OutboxHandler {
  return async (payload, { db, batch }) => {
    const examId = Number(payload.exam_id);
    const userId = Number(payload.user_id);
    if (!Number.isInteger(examId) || !Number.isInteger(userId)) throw new PermanentJobError("payload has no exam_id or user_id");
    if (!deps.mailer) return { note: SMTP_NOT_CONFIGURED };

    const [row] = await db
      .select({ exam: exams, course: courses })
      .from(exams)
      .leftJoin(courses, eq(courses.courseKey, exams.courseKey))
      .where(eq(exams.id, examId))
      .limit(1);
    if (!row) return { note: "skipped: the exam no longer exists" };
    const { exam, course } = row;
    const [user] = await db.select({ username: users.username }).from(users).where(eq(users.id, userId)).limit(1);

    const settings = await batchSiteSettings(db, batch);
    const to = settings.contact_email.trim() || course?.proctoringEscalationEmail?.trim() || "";
    if (!to) return { note: NO_SUPPORT_ADDRESS };

    const site = siteUrl(deps, settings);
    const courseKey = course?.courseKey ?? exam.courseKey;
    const username = user?.username ?? `user #${userId}`;
    const reviewUrl = site ? `${site}/instructor/${encodeKeySegment(courseKey)}/reviews?search=${encodeURIComponent(username)}` : "";
    const email = await supportNotificationEmail({
      courseName: course?.name || courseKey,
      courseKey,
      examName: exam.examName,
      username,
      reviewStatus: typeof payload.review_status === "string" ? payload.review_status : "Suspicious",
      reviewUrl,
      platformName: settings.platform_name,
    });
    await deps.mailer.transport.sendMail({
      from: settings.status_email_from_address || deps.mailer.from,
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    });
  };
}
