/**
 * The message catalogue and its locales (docs/decisions/028-translations.md). Server code imports
 * from here; client components use next-intl's hooks (`useTranslations`) under the
 * NextIntlClientProvider their page renders with only the namespaces they need.
 */
export { DEFAULT_LOCALE, isLocale, LOCALE_NAMES, LOCALES, type Locale } from "./config";
export { CATALOGUES, messagesFor, nestMessages, pickNamespaces, type FlatMessages, type NestedMessages } from "./catalogue";
export { formatMessage, richText, type Translate, type TranslateValues } from "./format";
