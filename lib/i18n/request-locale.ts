import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getSessionActor } from "@/lib/auth/actor";
import { loadSiteSettings } from "@/lib/data/settings";
import { chooseLocale } from "@/lib/domain/language";
import { databaseUnavailableCode } from "@/lib/domain/database-unavailable";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./config";

/**
 * The locale of this request's pages, once per request: the signed-in user's setting
 * (users.locale), else their browser's Accept-Language, else the site's `default_locale`
 * (lib/domain/language.ts chooseLocale). No locale in the URL: the Open edX client and the
 * vendors call fixed paths.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const requestHeaders = await headers();
  let setting: string | null | undefined;
  let fallback: Locale = DEFAULT_LOCALE;
  try {
    const [actor, settings] = await Promise.all([getSessionActor(), getDb().then(loadSiteSettings)]);
    setting = actor?.locale;
    fallback = settings.default_locale;
  } catch (error) {
    // Without the database the outage page still needs words (decision 048): the browser's
    // languages, else the default. Any other failure is the page's to show.
    if (!databaseUnavailableCode(error)) throw error;
  }
  return chooseLocale({ setting, acceptLanguage: requestHeaders.get("accept-language"), supported: LOCALES, fallback });
});
