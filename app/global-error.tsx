"use client";

import { SiteErrorPage } from "@/components/course/site-error-page";
import "./globals.css";

/**
 * An error in the root layout itself (it reads the session, so a database that cannot be reached
 * fails it): app/error.tsx sits inside that layout and cannot show, and without this file Next
 * would show its own bare page. This one replaces the whole document, so it has its own html and
 * body, and shows the same page as app/error.tsx (decision 044).
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          <SiteErrorPage error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
