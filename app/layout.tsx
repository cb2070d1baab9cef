import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { OutageNotice } from "@/components/outage/outage-notice";
import { SiteHeader } from "@/components/site-header";
import { signOutAction } from "@/app/actions";
import { getSessionActor } from "@/lib/auth/actor";
import { noteDatabaseOutage } from "@/lib/data/outage";
import type { Actor } from "@/lib/domain/actor";
import { OUTAGE_RETRY_SECONDS, outageLocale, outageWordsFor } from "@/lib/http/outage-page";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Invigil", template: "%s · Invigil" },
  description: "Timed and proctored exams for online courses.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  let actor: Actor | null;
  try {
    actor = await getSessionActor();
  } catch (error) {
    // The session's user is read from the database on every page. When it cannot be reached,
    // the outage page replaces the page (which would fail the same way), in our frame rather than
    // as Next's bare error document (decision 048). The proxy answers later requests at once.
    if (!noteDatabaseOutage(error)) throw error;
    return <OutageDocument />;
  }
  const [locale, t] = await Promise.all([getLocale(), getTranslations("site")]);
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          {t("skip_to_content")}
        </a>
        <SiteHeader actor={actor} signOutAction={signOutAction} />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}

/** The whole document while the database cannot be reached: no header (it would need the user). */
async function OutageDocument() {
  const locale = outageLocale((await headers()).get("accept-language"));
  const w = outageWordsFor(locale);
  return (
    <html lang={locale}>
      <head>
        <title>{`${w["common.outage.document_title"]} · Invigil`}</title>
      </head>
      <body className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <p className="mx-auto max-w-6xl px-4 py-3 text-lg font-semibold text-brand-800">Invigil</p>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          <OutageNotice
            retrySeconds={OUTAGE_RETRY_SECONDS}
            words={{
              title: w["common.outage.title"],
              text: w["common.outage.text"],
              next: w["common.outage.next"],
              retry: w["common.outage.retry"],
              retrying: w["common.outage.retrying"],
            }}
          />
        </main>
      </body>
    </html>
  );
}
