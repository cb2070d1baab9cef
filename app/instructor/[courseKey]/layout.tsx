import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { DashboardProviders } from "@/components/dashboard/providers";
import { PageHeading } from "@/components/ui/card";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getCourseByKey } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";

/**
 * The instructor dashboard of one course: the staff check once for every panel (pages and their
 * API calls check again), the course heading and the panel navigation.
 */
export default async function InstructorCourseLayout({ children, params }: { children: ReactNode; params: Promise<{ courseKey: string }> }) {
  const courseKey = decodeKeySegment((await params).courseKey);
  const base = `/instructor/${encodeKeySegment(courseKey)}`;
  // The staff check comes first: non-staff learn nothing, not even whether the course exists.
  await requireCourseStaff(courseKey, base);
  const course = await getCourseByKey(await getDb(), courseKey);
  if (!course) notFound();
  return (
    <>
      <PageHeading title={`Instructor dashboard: ${course.name}`}>{course.courseKey}</PageHeading>
      <DashboardNav base={base} />
      <DashboardProviders>
        <div className="mt-6">{children}</div>
      </DashboardProviders>
    </>
  );
}
