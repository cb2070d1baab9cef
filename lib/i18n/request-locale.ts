import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getSessionActor } from "@/lib/auth/actor";
import { loadSiteSettings } from "@/lib/data/settings";
import { chooseLocale } from "@/lib/domain/language";
import { LOCALES, type Locale } from "./config";

/**
 * The locale of this request's pages, once per request: the signed-in user's setting
 * (users.locale), else their browser's Accept-Language, else the site's `default_locale`
 * (lib/domain/language.ts chooseLocale). No locale in the URL: the Open edX client and the
 * vendors call fixed paths.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const [actor, requestHeaders, settings] = await Promise.all([getSessionActor(), headers(), getDb().then(loadSiteSettings)]);
  return chooseLocale({
    setting: actor?.locale,
    acceptLanguage: requestHeaders.get("accept-language"),
    supported: LOCALES,
    fallback: settings.default_locale,
  });
});
