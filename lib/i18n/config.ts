/**
 * The locales the learner pages and e-mails are translated into (docs/decisions/028-translations.md).
 * Client-safe and tiny: the catalogues themselves live in ./catalogue.ts and reach the browser only
 * as the namespaces a page hands to its client components (components/i18n/client-messages.tsx).
 */
export { SUPPORTED_LOCALES as LOCALES, type SupportedLocale as Locale, DEFAULT_LOCALE, isSupportedLocale as isLocale } from "@/lib/domain/language";

/** Each locale's name in its own language, for a language switcher. */
export const LOCALE_NAMES = { en: "English", es: "Español" } as const;
