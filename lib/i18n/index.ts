/**
 * The message catalogue (issue 4 point 6): every learner-facing string lives under
 * lib/i18n/messages/<locale>/, looked up by key. Placeholders are `{name}`; keys that depend on a
 * count are stored as `<key>.<plural category>` (Intl.PluralRules: one, other, few, ...). A missing
 * key renders as the key itself: visible in review, never a crash.
 *
 * Only English exists today; a new locale is a new folder with the same keys (a test checks that
 * every locale has every English key and the same placeholders).
 */
import { formatTimerMessage, type MessageValue } from "@/lib/domain/timer-clock";
import { en } from "./messages/en";

export type Messages = Readonly<Record<string, string>>;
export type { MessageValue };

export const LOCALES = { en } as const satisfies Record<string, Messages>;
export type Locale = keyof typeof LOCALES;
export const DEFAULT_LOCALE: Locale = "en";

export function getMessages(locale: Locale = DEFAULT_LOCALE): Messages {
  return LOCALES[locale] ?? LOCALES[DEFAULT_LOCALE];
}

export type Translate = (key: string, values?: Record<string, MessageValue>) => string;

/** `t("exam.entrance.title", { name })`: formats one message of the catalogue. */
export function createTranslator(messages: Messages = getMessages(), locale: string = DEFAULT_LOCALE): Translate {
  return (key, values) => formatTimerMessage(messages, { key, values }, locale);
}

/**
 * The keys under the given prefixes, for a client component (only what it needs goes to the
 * browser): `pickMessages(messages, "timer.", "exam_body.")`.
 */
export function pickMessages(messages: Messages, ...prefixes: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(messages)) {
    if (prefixes.some((p) => key.startsWith(p))) out[key] = value;
  }
  return out;
}

/** Every key a template names with `{name}`, e.g. to check a translation keeps them. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
