import "server-only";
import { getDb } from "@/db/client";
import type { LearnerPageContext } from "@/components/course/course-contact";
import { getSessionActor } from "@/lib/auth/actor";
import { DEFAULT_LOCALE, getMessages, pickMessages } from "@/lib/i18n";
import { courseContactFor } from "@/lib/queries/course-contact";

/**
 * What the learner layouts hand to their error and loading pages: the words, and the one contact
 * (the course's escalation e-mail, else the site's support; docs/decisions/027). A failure to read
 * it (the database is down) leaves the contact out instead of failing the layout: the error page
 * must still render then.
 */
export async function learnerPageContext(courseKey: string | null): Promise<LearnerPageContext> {
  const locale = DEFAULT_LOCALE;
  const messages = pickMessages(getMessages(locale), "common.page_error.", "common.loading", "common.not_found.");
  try {
    const contact = await courseContactFor(await getDb(), await getSessionActor(), courseKey ?? "");
    return { contact, messages, locale };
  } catch {
    return { contact: null, messages, locale };
  }
}
