import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "./catalogue";
import { requestLocale } from "./request-locale";

/**
 * next-intl's request configuration (next.config.mjs points its plugin here): the locale of the
 * request and the whole catalogue for server components and actions. Client components get only
 * the namespaces their page passes to `ClientMessages` (components/i18n/client-messages.tsx).
 */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return {
    locale,
    messages: messagesFor(locale),
    // Dates on the server are formatted in UTC unless a component passes the learner's zone.
    timeZone: "UTC",
  };
});
