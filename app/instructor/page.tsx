import Link from "next/link";
import { getDb } from "@/db/client";
import { Card, EmptyState, PageHeading } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/actor";
import { encodeKeySegment } from "@/lib/http/params";
import { listStaffCourses } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";
export const metadata = { title: "Teaching" };

export default async function TeachingPage() {
  const actor = await requireActor("/instructor");
  const list = await listStaffCourses(await getDb(), actor);
  return (
    <>
      <PageHeading title="Courses you teach">Open a course&apos;s instructor dashboard.</PageHeading>
      {list.length === 0 ? (
        <EmptyState>You are not on the course team of any course.</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {list.map((c) => (
            <li key={c.id}>
              <Card>
                <h2 className="text-lg font-medium">
                  <Link href={`/instructor/${encodeKeySegment(c.courseKey)}`} className="text-brand-700 underline">
                    {c.name}
                  </Link>
                </h2>
                <p className="mt-1 text-sm text-slate-600">{c.courseKey}</p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
