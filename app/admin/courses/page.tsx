import { getDb } from "@/db/client";
import { CourseList } from "@/components/dashboard/courses/course-list";
import { loadListState } from "@/components/dashboard/list/url-state";
import { PageHeading } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/actor";
import { CourseListPageSchema } from "@/lib/domain/dashboard-lists";
import { listStaffCoursesPage } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";
export const metadata = { title: "Courses" };

/** Every course: its proctoring settings and staff are one click away. */
export default async function AdminCoursesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireAdmin("/admin/courses");
  const db = await getDb();
  const state = await loadListState(searchParams);
  const data = CourseListPageSchema.parse(await listStaffCoursesPage(db, actor, { page: String(state.page), search: state.search }));
  return (
    <>
      <PageHeading title="Courses">Proctoring settings, staff and enrollments of each course.</PageHeading>
      <h2 id="admin-course-list" className="sr-only">
        Courses
      </h2>
      <CourseList data={data} basePath="/admin/courses" headingId="admin-course-list" courseHrefBase="/admin/courses" emptyText="The site has no courses yet: the LMS creates them when it syncs." />
    </>
  );
}
