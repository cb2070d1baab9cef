import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { signOutAction } from "@/app/actions";
import { getSessionActor } from "@/lib/auth/actor";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Invigil", template: "%s · Invigil" },
  description: "Timed and proctored exams for online courses.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [actor, locale, t] = await Promise.all([getSessionActor(), getLocale(), getTranslations("site")]);
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
