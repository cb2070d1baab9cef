import Link from "next/link";

/**
 * The site's own answer when no page can be shown (app/not-found.tsx, app/forbidden.tsx): a
 * heading, what happened, and the way back to the reader's home page. The words come from the
 * page, in the reader's language.
 */
export function SiteNotice({ id, title, text, home }: { id: string; title: string; text: string; home: string }) {
  return (
    <section aria-labelledby={id} className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8">
      <h1 id={id} className="text-2xl font-semibold">
        {title}
      </h1>
      <p className="mt-3 text-slate-700">{text}</p>
      <p className="mt-6">
        <Link href="/" className="text-brand-700 underline">
          {home}
        </Link>
      </p>
    </section>
  );
}
