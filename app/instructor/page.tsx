import { getDb } from "@/db/client";
import { PageHeading } from "@/components/ui/card";
import { CourseList } from "@/components/dashboard/courses/course-list";
import { loadListState } from "@/components/dashboard/list/url-state";
import { requireActor } from "@/lib/auth/actor";
import { CourseListPageSchema } from "@/lib/domain/dashboard-lists";
import { listStaffCoursesPage } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";
export const metadata = { title: "Teaching" };

/** The courses the person teaches (every course for an admin), searchable and paged by the address. */
export default async function TeachingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("/instructor");
  const state = await loadListState(searchParams);
  const data = CourseListPageSchema.parse(await listStaffCoursesPage(await getDb(), actor, { page: String(state.page), search: state.search }));
  return (
    <>
      <PageHeading title={actor.isAdmin ? "Courses" : "Courses you teach"}>
        {actor.isAdmin ? "Every course of the site: open one's instructor dashboard." : "Open a course's instructor dashboard."}
      </PageHeading>
      <h2 id="course-list-heading" className="sr-only">
        Course list
      </h2>
      <CourseList
        data={data}
        basePath="/instructor"
        headingId="course-list-heading"
        emptyText={actor.isAdmin ? "The site has no courses yet: the LMS creates them when it syncs." : "You are not on the course team of any course."}
      />
    </>
  );
}
