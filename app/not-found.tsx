import type { Metadata } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";

/** The root not-found page may give its own title (the root layout's template adds "· Invigil"). */
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("site");
  return { title: t("not_found.document_title") };
}

/**
 * An address that names no page: in the reader's language (the frame around it already is), with
 * a document title of its own, so a screen reader and a browser tab say what happened.
 */
export default function NotFound() {
  const t = useTranslations("site");
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8" data-testid="site-not-found">
      <h1 id="not-found-title" className="text-2xl font-semibold">
        {t("not_found.title")}
      </h1>
      <p className="mt-3 text-slate-700">{t("not_found.text")}</p>
      <p className="mt-6">
        <Link href="/" className="text-brand-700 underline">
          {t("not_found.home")}
        </Link>
      </p>
    </section>
  );
}
