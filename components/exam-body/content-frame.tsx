import { useTranslations } from "next-intl";
import type { Translate } from "@/lib/i18n/format";
import { safeContentUrl } from "./content-url";

export interface ContentFrameProps {
  /** The exam's content URL (exams.content_url): the LMS page that holds the questions. */
  url: string;
  /** The exam's name, for the frame's title. */
  examName: string;
  className?: string;
}

/**
 * The exam body when the questions live elsewhere: the content page in a
 * full-width frame, with a link to open it in a new tab when the other site refuses to be framed
 * (X-Frame-Options / CSP frame-ancestors are the other site's decision, and a refused frame is
 * blank without any event we could react to, so the link is always there).
 *
 * The sandbox keeps the framed page from navigating the exam page away (LMS pages may "bust" out
 * of frames), while letting it run, submit forms and open its own pop-ups.
 */
export function ContentFrame({ url, examName, className = "" }: ContentFrameProps) {
  const t = useTranslations() as Translate;
  const src = safeContentUrl(url);
  if (!src) {
    return <p className="rounded-lg border border-amber-700 bg-amber-50 p-4 text-amber-950">{t("exam_body.frame.invalid")}</p>;
  }
  const title = t("exam_body.frame.title", { name: examName });
  return (
    <section aria-label={title} className={`grid gap-2 ${className}`}>
      <p className="text-sm text-slate-700">
        {t("exam_body.frame.help")}{" "}
        <a
          href={src}
          target="_blank"
          rel="noopener noreferrer"
          className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        >
          {t("exam_body.frame.open")}
          <svg aria-hidden focusable={false} width={14} height={14} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className="ml-1 inline align-[-2px]">
            <path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />
          </svg>
        </a>
      </p>
      <iframe
        src={src}
        title={title}
        className="h-[75vh] min-h-[28rem] w-full rounded-lg border border-slate-300 bg-white"
        sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads"
        referrerPolicy="strict-origin-when-cross-origin"
        allow="fullscreen; clipboard-write"
      />
    </section>
  );
}
