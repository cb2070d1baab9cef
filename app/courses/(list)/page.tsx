import Link from "next/link";
import { getDb } from "@/db/client";
import { Card, EmptyState, PageHeading } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/actor";
import { encodeKeySegment } from "@/lib/http/params";
import { listLearnerCourses } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";
export const metadata = { title: "My courses" };

export default async function MyCoursesPage() {
  const actor = await requireActor("/courses");
  const list = await listLearnerCourses(await getDb(), actor.userId);
  return (
    <>
      <PageHeading title="My courses">Courses you are enrolled in, with their timed and proctored exams.</PageHeading>
      {list.length === 0 ? (
        <EmptyState>You are not enrolled in any course yet.</EmptyState>
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
                <p className="mt-1 text-sm text-slate-600">Enrollment: {c.mode}</p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
