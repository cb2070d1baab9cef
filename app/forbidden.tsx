import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * A page for another role, in the reader's language. The document keeps the title of the page
 * that was asked for (its metadata has been resolved by then), which says where the reader is.
 */
export default function Forbidden() {
  const t = useTranslations("site");
  return (
    <section aria-labelledby="forbidden-title" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8" data-testid="site-forbidden">
      <h1 id="forbidden-title" className="text-2xl font-semibold">
        {t("forbidden.title")}
      </h1>
      <p className="mt-3 text-slate-700">{t("forbidden.text")}</p>
      <p className="mt-6">
        <Link href="/" className="text-brand-700 underline">
          {t("forbidden.home")}
        </Link>
      </p>
    </section>
  );
}
