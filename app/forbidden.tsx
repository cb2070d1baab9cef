import { useTranslations } from "next-intl";
import { SiteNotice } from "@/components/site-notice";

/**
 * A page for another role, in the reader's language. The document keeps the title of the page
 * that was asked for (its metadata has been resolved by then), which says where the reader is.
 */
export default function Forbidden() {
  const t = useTranslations("site");
  return <SiteNotice id="forbidden-title" title={t("forbidden.title")} text={t("forbidden.text")} home={t("forbidden.home")} />;
}
