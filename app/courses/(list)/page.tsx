import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Card, EmptyState, PageHeading } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/actor";
import { encodeKeySegment } from "@/lib/http/params";
import { listLearnerCourses } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("courses.title") };
}

export default async function MyCoursesPage() {
  const actor = await requireActor("/courses");
  const [list, t] = await Promise.all([listLearnerCourses(await getDb(), actor.userId), getTranslations()]);
  return (
    <>
      <PageHeading title={t("courses.title")}>{t("courses.intro")}</PageHeading>
      {list.length === 0 ? (
        <EmptyState>{t("courses.empty")}</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {list.map((c) => (
            <li key={c.courseKey}>
              <Card>
                <h2 className="text-lg font-medium">
                  <Link href={`/courses/${encodeKeySegment(c.courseKey)}`} className="text-brand-700 underline">
                    {c.name}
                  </Link>
                </h2>
                <p className="mt-1 text-sm text-slate-600">{c.courseKey}</p>
                <p className="mt-1 text-sm text-slate-600">
                  {t("courses.enrollment", { mode: t(`interstitials.mode.${c.mode.replace(/-/g, "_")}`) })}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
