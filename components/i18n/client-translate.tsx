"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { formatClientMessage } from "@/lib/i18n/client-format";
import type { Translate } from "@/lib/i18n/format";

/** What `ClientMessages` (components/i18n/client-messages.tsx) hands the client components below it. */
export interface ClientMessagesValue {
  locale: string;
  /** Flat keys (`timer.label`) of the namespaces the page named, ICU text in `locale`. */
  messages: Readonly<Record<string, string>>;
}

const Context = createContext<ClientMessagesValue | null>(null);

export function ClientMessagesProvider({ value, children }: { value: ClientMessagesValue; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/**
 * The translator of client components (the timer, the question set): the page's words, formatted
 * in the browser by lib/i18n/client-format.ts instead of next-intl's client runtime
 * (docs/decisions/033-page-weight.md).
 */
export function useClientTranslate(): Translate {
  const value = useContext(Context);
  return useMemo(() => {
    const locale = value?.locale ?? "en";
    const messages = value?.messages ?? {};
    // A key the page did not send reads as itself (as next-intl's fallback does).
    return (key, values) => {
      const message = messages[key];
      return message === undefined ? key : formatClientMessage(message, values, locale);
    };
  }, [value]);
}
