import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Card, EmptyState, PageHeading } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/actor";
import { EXAM_KIND_LABELS, examKind } from "@/lib/domain/exam-kind";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getCourseForLearner, listActiveExams } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";

export default async function CoursePage({ params }: { params: Promise<{ courseKey: string }> }) {
  const courseKey = decodeKeySegment((await params).courseKey);
  const actor = await requireActor(`/courses/${encodeKeySegment(courseKey)}`);
  const db = await getDb();
  // Unknown course and "not enrolled" give the same answer: no hint that a course exists.
  const course = await getCourseForLearner(db, actor, courseKey);
  if (!course) notFound();
  const exams = await listActiveExams(db, courseKey);
  return (
    <>
      <PageHeading title={course.name}>{course.courseKey}</PageHeading>
      <h2 className="mb-3 text-lg font-medium">Exams</h2>
      {exams.length === 0 ? (
        <EmptyState>This course has no timed or proctored exams.</EmptyState>
      ) : (
        <ul className="grid gap-3">
          {exams.map((exam) => (
            <li key={exam.id}>
              <Card>
                <h3 className="font-medium">{exam.examName}</h3>
                <p className="text-sm text-slate-600">
                  {EXAM_KIND_LABELS[examKind(exam, exam.backend === "mock")]} · {exam.timeLimitMins} minutes
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
