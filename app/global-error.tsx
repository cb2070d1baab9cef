"use client";

import { SiteErrorPage } from "@/components/course/site-error-page";
import "./globals.css";

/**
 * An error in the root layout itself: app/error.tsx sits inside that layout and cannot show, and
 * without this file Next would show its own bare page. (A database that cannot be reached no
 * longer gets here: the layout shows the outage page itself, and the proxy answers later requests
 * with it, decision 048.) This one replaces the whole document, so it has its own html and
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
