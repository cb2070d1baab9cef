/**
 * The locales the learner pages and e-mails exist in (each has a catalogue under
 * lib/i18n/messages/<locale>/), and the site's default when nothing else decides.
 */
export const SUPPORTED_LOCALES = ["en", "es"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = "en";

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The languages a learner's browser asks for, from an `Accept-Language` header (RFC 9110 §12.5.4):
 * tags lower-cased, highest q first (equals keep the header's order). Malformed parts, `*` and
 * q=0 are dropped; at most 32 parts are read, so a huge header costs nothing.
 */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const tags: { tag: string; q: number; index: number }[] = [];
  header
    .split(",")
    .slice(0, 32)
    .forEach((part, index) => {
      const [rawTag, ...params] = part.trim().split(";");
      const tag = rawTag?.trim().toLowerCase() ?? "";
      if (!/^[a-z]{1,8}(-[a-z0-9]{1,8})*$/.test(tag)) return;
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      if (!Number.isFinite(q) || q <= 0 || q > 1) return;
      tags.push({ tag, q, index });
    });
  return tags.sort((a, b) => b.q - a.q || a.index - b.index).map((t) => t.tag);
}

/**
 * The language a learner's browser asks for first, from an `Accept-Language` header: the tag
 * with the highest q (the first of equals), lower-cased, or null when the header names none we
 * can pass on (absent, only `*`, malformed). Proctoring vendors translate their rules and
 * instructions by it (§9.6: the config and attempt reads send it on).
 */
export function preferredLanguage(header: string | null | undefined): string | null {
  return acceptedLanguages(header)[0] ?? null;
}

/**
 * The supported locale that best serves a language tag: the tag itself, else its primary
 * language (`es-MX` → `es`), else null. Case does not matter.
 */
export function matchLocale<L extends string>(tag: string | null | undefined, supported: readonly L[]): L | null {
  if (!tag) return null;
  const wanted = tag.trim().toLowerCase();
  const exact = supported.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const primary = wanted.split("-")[0];
  return supported.find((l) => l.toLowerCase() === primary) ?? null;
}

/**
 * A language tag from elsewhere (a sign-in provider's `locale` claim such as `es-ES` or `es_ES`)
 * as one of our locales, or null when it names none we translate into.
 */
export function supportedLocaleOf(tag: unknown): SupportedLocale | null {
  return typeof tag === "string" ? matchLocale(tag.replace(/_/g, "-"), SUPPORTED_LOCALES) : null;
}

/**
 * The locale the pages and e-mails of one learner are in: their own setting when it is a
 * supported locale, else the first language of their browser's `Accept-Language` we support (an
 * e-mail has no browser: pass null), else the site's default.
 */
export function chooseLocale<L extends string>(input: {
  setting: string | null | undefined;
  acceptLanguage: string | null | undefined;
  supported: readonly L[];
  fallback: L;
}): L {
  const fromSetting = matchLocale(input.setting, input.supported);
  if (fromSetting) return fromSetting;
  for (const tag of acceptedLanguages(input.acceptLanguage)) {
    const match = matchLocale(tag, input.supported);
    if (match) return match;
  }
  return input.fallback;
}
