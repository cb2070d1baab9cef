import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/domain/database-unavailable";
import { chooseLocale, SUPPORTED_LOCALES, type SupportedLocale } from "@/lib/domain/language";
import { outageWords } from "@/lib/i18n/messages/en/common";
import { common as esCommon } from "@/lib/i18n/messages/es/common";

/**
 * The page a browser gets while the database cannot be reached (decision 048): HTTP 503 with
 * Retry-After, a plain message for a learner under stress, a Try again button, and a retry by
 * itself after a few seconds. The proxy answers it without rendering anything (nothing of the
 * app can render without the database: the root layout reads the session's user), so it is plain
 * HTML with its own small style; the root layout shows the same words in the site's frame when a
 * render meets the outage first (components/outage/outage-notice.tsx).
 */

export type OutageWords = { [K in keyof typeof outageWords]: string };

const WORDS: Record<SupportedLocale, OutageWords> = {
  en: outageWords,
  es: {
    "common.outage.document_title": esCommon["common.outage.document_title"],
    "common.outage.title": esCommon["common.outage.title"],
    "common.outage.text": esCommon["common.outage.text"],
    "common.outage.next": esCommon["common.outage.next"],
    "common.outage.retry": esCommon["common.outage.retry"],
    "common.outage.retrying": esCommon["common.outage.retrying"],
  },
};

/**
 * The locale without the database: the browser's languages, else English. (The user's own setting
 * and the site's default live in the database.)
 */
export function outageLocale(acceptLanguage: string | null): SupportedLocale {
  return chooseLocale({ setting: null, acceptLanguage, supported: SUPPORTED_LOCALES, fallback: "en" });
}

export function outageWordsFor(locale: SupportedLocale): OutageWords {
  return WORDS[locale];
}

/** Seconds the page waits before it tries again by itself (the same as the API's Retry-After). */
export const OUTAGE_RETRY_SECONDS = DATABASE_RETRY_AFTER_SECONDS;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The whole document. The script (allowed by the request's CSP nonce) runs the button and the automatic retry. */
export function outagePageHtml(input: { locale: SupportedLocale; nonce: string }): string {
  const w = outageWordsFor(input.locale);
  const e = (key: keyof OutageWords) => escapeHtml(w[key]);
  const nonce = escapeHtml(input.nonce);
  return `<!DOCTYPE html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e("common.outage.document_title")} · Invigil</title>
<noscript><meta http-equiv="refresh" content="${OUTAGE_RETRY_SECONDS * 2}"></noscript>
<style>
body{margin:0;font-family:ui-sans-serif,system-ui,sans-serif;color:#1e293b;background:#f8fafc;line-height:1.6}
header{border-bottom:1px solid #e2e8f0;background:#fff}
header p{max-width:72rem;margin:0 auto;padding:.75rem 1rem;font-size:1.125rem;font-weight:600;color:#1e3a8a}
main{max-width:72rem;margin:0 auto;padding:2rem 1rem}
section{max-width:42rem;margin:0 auto;border:2px solid #1d4ed8;border-radius:.5rem;background:#fff;padding:1.5rem}
h1{margin:0;font-size:1.5rem;line-height:1.3;color:#0f172a}
h1:focus{outline:none}
p{margin:.75rem 0 0}
button{margin-top:1.25rem;min-height:2.75rem;padding:.5rem 1rem;border:0;border-radius:.375rem;background:#1d4ed8;color:#fff;font:inherit;font-weight:500;cursor:pointer}
button:hover{background:#1e40af}
button:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
button[disabled]{background:#475569;cursor:wait}
</style>
</head>
<body>
<header><p>Invigil</p></header>
<main id="main">
<section aria-labelledby="outage-title" data-testid="outage-page">
<h1 id="outage-title" tabindex="-1">${e("common.outage.title")}</h1>
<p>${e("common.outage.text")}</p>
<p>${e("common.outage.next")}</p>
<button type="button" id="outage-retry" data-retrying="${e("common.outage.retrying")}">${e("common.outage.retry")}</button>
</section>
</main>
<script nonce="${nonce}">
(function () {
  var button = document.getElementById("outage-retry");
  var title = document.getElementById("outage-title");
  function retry() {
    button.disabled = true;
    button.textContent = button.getAttribute("data-retrying");
    window.location.reload();
  }
  button.addEventListener("click", retry);
  title.focus();
  setTimeout(retry, ${OUTAGE_RETRY_SECONDS * 1000});
})();
</script>
</body>
</html>
`;
}

/** The proxy's answer to a page request while the database is known to be down. */
export function outageResponse(input: { acceptLanguage: string | null; nonce: string }): Response {
  const locale = outageLocale(input.acceptLanguage);
  return new Response(outagePageHtml({ locale, nonce: input.nonce }), {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "retry-after": String(OUTAGE_RETRY_SECONDS),
      "cache-control": "no-store",
      "content-language": locale,
    },
  });
}
