import Link from "next/link";
import { notFound } from "next/navigation";
import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { backendConfigs } from "@/db/schema";
import { CourseSettingsForm } from "@/components/admin/course-settings-form";
import { CourseStaff } from "@/components/admin/course-staff";
import { Card, PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getAdminCourse, listAdminEnrollments } from "@/lib/queries/admin-people";
import { grantCourseRoleAction, removeCourseRoleAction, saveCourseAction } from "../../people/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Course" };

const link = "font-medium text-blue-800 underline underline-offset-2";

export default async function AdminCoursePage({
  params,
  searchParams,
}: {
  params: Promise<{ courseKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { courseKey: raw } = await params;
  await requireAdmin(`/admin/courses/${raw}`);
  const courseKey = decodeKeySegment(raw);
  const after = (await searchParams).after;
  const db = await getDb();
  const course = courseKey ? await getAdminCourse(db, courseKey) : null;
  if (!course) notFound();
  const enrollments = await listAdminEnrollments(db, course.courseKey, { after: typeof after === "string" ? after : null });
  const backends = (await db.select({ name: backendConfigs.name }).from(backendConfigs).orderBy(asc(backendConfigs.name))).map((b) => b.name);
  const base = `/admin/courses/${encodeKeySegment(course.courseKey)}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/courses" className="text-blue-800 underline">
          ← Courses
        </Link>
      </p>
      <PageHeading title={course.name || course.courseKey}>
        <code className="break-all">{course.courseKey}</code> ·{" "}
        <Link href={`/instructor/${encodeKeySegment(course.courseKey)}`} className="text-blue-800 underline">
          Instructor dashboard
        </Link>
      </PageHeading>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-lg font-medium">Proctoring settings</h2>
          <CourseSettingsForm
            courseKey={course.courseKey}
            backends={backends}
            initial={{
              proctoringEscalationEmail: course.proctoringEscalationEmail ?? "",
              proctoringBackend: course.proctoringBackend ?? "",
              allowProctoringOptOut: course.allowProctoringOptOut,
              learningMicrofrontendUrl: course.learningMicrofrontendUrl ?? "",
            }}
            saveAction={saveCourseAction}
          />
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-medium">Staff and instructors</h2>
          <CourseStaff courseKey={course.courseKey} staff={course.staff} grantAction={grantCourseRoleAction} removeAction={removeCourseRoleAction} />
        </Card>
      </div>
      <h2 id="enrollments-heading" className="mb-2 mt-8 text-lg font-medium">
        Enrollments ({course.activeEnrollments} active)
      </h2>
      {enrollments.rows.length === 0 ? (
        <p className="text-sm">No enrollments.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" role="region" aria-labelledby="enrollments-heading" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="p-2">Learner</th>
                <th scope="col" className="p-2">E-mail</th>
                <th scope="col" className="p-2">Mode</th>
                <th scope="col" className="p-2">State</th>
              </tr>
            </thead>
            <tbody>
              {enrollments.rows.map((e) => (
                <tr key={e.id} className="border-b border-slate-100">
                  <th scope="row" className="p-2">
                    <Link href={`/admin/people/${e.userId}`} className={link}>
                      {e.username}
                    </Link>
                  </th>
                  <td className="p-2 break-all">{e.email}</td>
                  <td className="p-2">{e.mode}</td>
                  <td className="p-2">{e.isActive ? "Active" : "Ended"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages of enrollments" className="mt-3 flex gap-3 text-sm">
        {after ? (
          <Link href={base} className={link}>
            First page
          </Link>
        ) : null}
        {enrollments.nextAfter ? (
          <Link href={`${base}?after=${enrollments.nextAfter}`} className={link}>
            Next page
          </Link>
        ) : null}
      </nav>
    </>
  );
}
