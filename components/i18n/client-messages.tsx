import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { DEFAULT_LOCALE, isLocale, namespaceMessages, type ClientNamespace } from "@/lib/i18n";
import { ClientMessagesProvider } from "./client-translate";

/**
 * Hands the client components below it the request's locale and only the catalogue namespaces
 * they use (`timer`, `exam_body`, ...), so a page's JavaScript carries its own words and no more.
 * They format them with `useClientTranslate` (components/i18n/client-translate.tsx), not with
 * next-intl's client runtime, which the learner pages do not ship (docs/decisions/033-page-weight.md).
 */
export async function ClientMessages({ namespaces, children }: { namespaces: readonly ClientNamespace[]; children: ReactNode }) {
  const requested = await getLocale();
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  return <ClientMessagesProvider value={{ locale, messages: namespaceMessages(locale, namespaces) }}>{children}</ClientMessagesProvider>;
}
