import { DEFAULT_LOCALE, type Locale } from "./config";
import { en } from "./messages/en";
import { es } from "./messages/es";

/**
 * The catalogues as written: one flat object per locale, keys `area.thing.detail` (the first
 * segment is the namespace: `timer`, `exam_body`, `interstitials`, `course`, `common`, `email`,
 * ...), values ICU MessageFormat (`{name}`, `{count, plural, one {# minute} other {# minutes}}`).
 * Flat keys keep a new message a one-line addition that merges cleanly; next-intl reads the
 * nested form built below (it treats a dot in a key as nesting).
 */
export type FlatMessages = Readonly<Record<string, string>>;
export interface NestedMessages {
  [key: string]: string | NestedMessages;
}

export const CATALOGUES = { en, es } as const satisfies Record<Locale, FlatMessages>;

/**
 * `{"a.b": "x", "a.c": "y"}` → `{a: {b: "x", c: "y"}}`. A key that is both a message and the
 * prefix of another (`a.b` and `a.b.c`) cannot be nested and throws: the catalogue test runs this
 * on every locale.
 */
export function nestMessages(flat: FlatMessages): NestedMessages {
  const root: NestedMessages = {};
  for (const [key, message] of Object.entries(flat)) {
    const path = key.split(".");
    let node = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const existing = node[segment];
      if (last) {
        if (existing !== undefined) throw new Error(`message key "${key}" is also a prefix of another key`);
        node[segment] = message;
        return;
      }
      if (typeof existing === "string") throw new Error(`message key "${path.slice(0, i + 1).join(".")}" is also a prefix of "${key}"`);
      node = (existing as NestedMessages | undefined) ?? (node[segment] = {});
    });
  }
  return root;
}

const nested = new Map<Locale, NestedMessages>();

/**
 * A locale's messages as next-intl reads them. A key the translation lacks falls back to the
 * default locale's wording (the catalogue test requires every key, so this only bridges a merge).
 */
export function messagesFor(locale: Locale): NestedMessages {
  let messages = nested.get(locale);
  if (!messages) {
    messages = nestMessages({ ...CATALOGUES[DEFAULT_LOCALE], ...CATALOGUES[locale] });
    nested.set(locale, messages);
  }
  return messages;
}

/**
 * The namespaces client components format in the browser, with lib/i18n/client-format.ts: its
 * test checks every message of these in every locale against next-intl.
 */
export const CLIENT_NAMESPACES = ["timer", "exam_body"] as const;
export type ClientNamespace = (typeof CLIENT_NAMESPACES)[number];

/**
 * Only the given namespaces of a locale, flat (`timer.label`), a key the translation lacks in the
 * default locale's wording: what a page hands its client components (components/i18n/
 * client-messages.tsx), never the whole catalogue (the exam page has a JavaScript budget).
 */
export function namespaceMessages(locale: Locale, namespaces: readonly ClientNamespace[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, message] of Object.entries({ ...CATALOGUES[DEFAULT_LOCALE], ...CATALOGUES[locale] })) {
    if ((namespaces as readonly string[]).includes(key.slice(0, key.indexOf(".")))) picked[key] = message;
  }
  return picked;
}
