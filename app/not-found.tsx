import type { Metadata } from "next";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { SiteNotice } from "@/components/site-notice";

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
  return <SiteNotice id="not-found-title" title={t("not_found.title")} text={t("not_found.text")} home={t("not_found.home")} />;
}
