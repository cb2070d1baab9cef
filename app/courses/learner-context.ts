import "server-only";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import type { LearnerPageContext } from "@/components/course/course-contact";
import { getSessionActor } from "@/lib/auth/actor";
import { CATALOGUES, DEFAULT_LOCALE, isLocale } from "@/lib/i18n";
import { courseContactFor } from "@/lib/queries/course-contact";

/** The catalogue's messages the error and loading pages use (plain `{name}` placeholders only). */
const PAGE_KEYS = /^common\.(page_error\.|loading$|not_found\.)/;

/**
 * What the learner layouts hand to their error and loading pages: the words in the request's
 * locale (next-intl's), and the one contact (the course's escalation e-mail, else the site's
 * support; docs/decisions/027). A failure to read it (the database is down) leaves the contact out
 * instead of failing the layout: the error page must still render then.
 */
export async function learnerPageContext(courseKey: string | null): Promise<LearnerPageContext> {
  const requested = await getLocale();
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const catalogue: Record<string, string> = { ...CATALOGUES[DEFAULT_LOCALE], ...CATALOGUES[locale] };
  const messages = Object.fromEntries(Object.entries(catalogue).filter(([key]) => PAGE_KEYS.test(key)));
  try {
    const contact = await courseContactFor(await getDb(), await getSessionActor(), courseKey ?? "");
    return { contact, messages, locale };
  } catch {
    return { contact: null, messages, locale };
  }
}
