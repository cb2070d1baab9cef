import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { pickNamespaces, type NestedMessages } from "@/lib/i18n/catalogue";

/**
 * Hands the client components below it the request's locale and only the catalogue namespaces
 * they use (`timer`, `exam_body`, ...), so a page's JavaScript carries its own words and no more.
 */
export async function ClientMessages({ namespaces, children }: { namespaces: readonly string[]; children: ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={pickNamespaces(messages as NestedMessages, namespaces)}>
      {children}
    </NextIntlClientProvider>
  );
}
