import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * An unknown course or exam, or one the learner has no business in (the same answer for both):
 * what may be wrong and the way back to the course list.
 */
export default function CourseNotFound() {
  const t = useTranslations("common");
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8" data-testid="course-not-found">
      <h1 id="not-found-title" className="text-2xl font-semibold">
        {t("not_found.title")}
      </h1>
      <p className="mt-3 text-slate-700">{t("not_found.text")}</p>
      <p className="mt-2 text-slate-700">{t("not_found.next")}</p>
      <p className="mt-6">
        <Link href="/courses" className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900">
          {t("page_error.back_to_courses")}
        </Link>
      </p>
    </section>
  );
}
