/**
 * The message catalogue and its locales (docs/decisions/028-translations.md). Server code imports
 * from here; client components use `useClientTranslate` (components/i18n/client-translate.tsx)
 * under the `ClientMessages` their page renders with only the namespaces they need.
 */
export { DEFAULT_LOCALE, isLocale, LOCALE_NAMES, LOCALES, type Locale } from "./config";
export { CATALOGUES, CLIENT_NAMESPACES, messagesFor, namespaceMessages, nestMessages, type ClientNamespace, type FlatMessages, type NestedMessages } from "./catalogue";
export { formatMessage, richText, type Translate, type TranslateValues } from "./format";
