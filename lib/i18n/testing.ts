import { NextIntlClientProvider } from "next-intl";
import { createElement, type ComponentProps, type FunctionComponent, type ReactElement } from "react";
import { messagesFor } from "./catalogue";
import type { Locale } from "./config";

/**
 * For tests that render components outside Next: the catalogue of `locale` through next-intl's
 * provider, as the page's request configuration gives it to server components.
 */
export function withIntl(element: ReactElement, locale: Locale = "en"): ReactElement {
  const Provider = NextIntlClientProvider as unknown as FunctionComponent<Omit<ComponentProps<typeof NextIntlClientProvider>, "children">>;
  return createElement(Provider, { locale, messages: messagesFor(locale), timeZone: "UTC" }, element);
}
