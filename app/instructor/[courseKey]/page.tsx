import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Card, PageHeading } from "@/components/ui/card";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { courseCounts, getCourseByKey } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";

export default async function InstructorDashboardPage({ params }: { params: Promise<{ courseKey: string }> }) {
  const courseKey = decodeKeySegment((await params).courseKey);
  // The staff check comes first: non-staff learn nothing, not even whether the course exists.
  await requireCourseStaff(courseKey, `/instructor/${encodeKeySegment(courseKey)}`);
  const db = await getDb();
  const course = await getCourseByKey(db, courseKey);
  if (!course) notFound();
  const counts = await courseCounts(db, course);
  return (
    <>
      <PageHeading title={`Instructor dashboard: ${course.name}`}>{course.courseKey}</PageHeading>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <h2 className="text-lg font-medium">Special exams</h2>
          <p className="mt-1 text-3xl font-semibold" data-testid="exam-count">
            {counts.exams}
          </p>
        </Card>
        <Card>
          <h2 className="text-lg font-medium">Active enrollments</h2>
          <p className="mt-1 text-3xl font-semibold" data-testid="enrollment-count">
            {counts.enrollments}
          </p>
        </Card>
      </div>
    </>
  );
}
