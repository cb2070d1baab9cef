import { asc, count } from "drizzle-orm";
import Link from "next/link";
import { getDb } from "@/db/client";
import { Card, PageHeading } from "@/components/ui/card";
import { backendConfigs, courses, users } from "@/db/schema";
import { CourseList } from "@/components/dashboard/courses/course-list";
import { loadListState } from "@/components/dashboard/list/url-state";
import { requireAdmin } from "@/lib/auth/actor";
import { CourseListPageSchema } from "@/lib/domain/dashboard-lists";
import { listStaffCoursesPage } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";
export const metadata = { title: "Administration" };

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireAdmin("/admin");
  const db = await getDb();
  const state = await loadListState(searchParams);
  const courseList = CourseListPageSchema.parse(await listStaffCoursesPage(db, actor, { page: String(state.page), search: state.search }));
  // Only non-secret columns: secrets never leave the server.
  const backends = await db
    .select({ name: backendConfigs.name, kind: backendConfigs.kind, verboseName: backendConfigs.verboseName, enabled: backendConfigs.enabled, isDefault: backendConfigs.isDefault })
    .from(backendConfigs)
    .orderBy(asc(backendConfigs.name));
  const [userCount] = await db.select({ n: count() }).from(users);
  const [courseCount] = await db.select({ n: count() }).from(courses);
  return (
    <>
      <PageHeading title="Site administration">
        Proctoring backends and{" "}
        <Link href="/admin/settings" className="underline">
          site settings
        </Link>
        .
      </PageHeading>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <h2 className="text-lg font-medium">Users</h2>
          <p className="mt-1 text-3xl font-semibold">{userCount?.n ?? 0}</p>
        </Card>
        <Card>
          <h2 className="text-lg font-medium">Courses</h2>
          <p className="mt-1 text-3xl font-semibold">{courseCount?.n ?? 0}</p>
        </Card>
      </div>
      <h2 id="admin-courses-heading" className="mb-3 mt-8 text-lg font-medium">
        Courses
      </h2>
      <CourseList data={courseList} basePath="/admin" headingId="admin-courses-heading" emptyText="The site has no courses yet: the LMS creates them when it syncs." />
      <h2 className="mb-3 mt-8 text-lg font-medium">Proctoring backends</h2>
      <Card>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Configured proctoring backends</caption>
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-2">Name</th>
              <th scope="col" className="py-2">Kind</th>
              <th scope="col" className="py-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {backends.map((b) => (
              <tr key={b.name} className="border-b border-slate-100">
                <td className="py-2">
                  {b.verboseName || b.name} <span className="text-slate-600">({b.name})</span>
                </td>
                <td className="py-2">{b.kind}</td>
                <td className="py-2">
                  {b.enabled ? "Enabled" : "Disabled"}
                  {b.isDefault ? " · default" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
