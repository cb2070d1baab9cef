import { count, eq } from "drizzle-orm";
import Link from "next/link";
import { getDb } from "@/db/client";
import { Card, PageHeading } from "@/components/ui/card";
import { backendConfigs, courses, outbox, users } from "@/db/schema";
import { CourseList } from "@/components/dashboard/courses/course-list";
import { loadListState } from "@/components/dashboard/list/url-state";
import { requireAdmin } from "@/lib/auth/actor";
import { CourseListPageSchema } from "@/lib/domain/dashboard-lists";
import { listStaffCoursesPage } from "@/lib/queries/courses";

export const dynamic = "force-dynamic";
export const metadata = { title: "Administration" };

const CONSOLE_PAGES = [
  { href: "/admin/settings", label: "Site settings", help: "Platform name, links, exam and credit options." },
  { href: "/admin/backends", label: "Proctoring backends", help: "Vendors, their secrets, the default, connection tests." },
  { href: "/admin/courses", label: "Courses", help: "Proctoring settings, staff and enrollments." },
  { href: "/admin/people", label: "People", help: "Accounts, site admins, CSV imports." },
  { href: "/admin/attempts", label: "Attempts and appeals", help: "Find any attempt, see its timeline, change its status on appeal." },
  { href: "/admin/tokens", label: "API tokens", help: "Credentials of the LMS, vendors and scripts." },
  { href: "/admin/webhooks", label: "Webhooks", help: "Results sent to the LMS: endpoints, deliveries, replays." },
  { href: "/admin/health", label: "Health", help: "Database, outbox, background loops, vendors, e-mail." },
  { href: "/admin/audit", label: "Audit log", help: "Every change on the site: who, when, before and after." },
] as const;

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireAdmin("/admin");
  const db = await getDb();
  const state = await loadListState(searchParams);
  const courseList = CourseListPageSchema.parse(await listStaffCoursesPage(db, actor, { page: String(state.page), search: state.search }));
  const [userCount] = await db.select({ n: count() }).from(users);
  const [courseCount] = await db.select({ n: count() }).from(courses);
  const [backendCount] = await db.select({ n: count() }).from(backendConfigs);
  const [deadCount] = await db.select({ n: count() }).from(outbox).where(eq(outbox.state, "dead"));
  return (
    <>
      <PageHeading title="Site administration">
        Everything an admin configures: <Link href="/admin/settings" className="underline">site settings</Link>, proctoring backends, courses and
        people, attempts on appeal, API tokens, webhooks, the site’s health and its audit log.
      </PageHeading>
      <nav aria-label="Console pages" className="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {CONSOLE_PAGES.map((p) => (
          <Link key={p.href} href={p.href} className="rounded-lg border border-slate-200 bg-white p-3 hover:border-blue-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700">
            <span className="font-medium text-blue-800">{p.label}</span>
            <span className="block text-sm text-slate-700">{p.help}</span>
          </Link>
        ))}
      </nav>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Card>
          <h2 className="text-lg font-medium">Users</h2>
          <p className="mt-1 text-3xl font-semibold">{userCount?.n ?? 0}</p>
        </Card>
        <Card>
          <h2 className="text-lg font-medium">Courses</h2>
          <p className="mt-1 text-3xl font-semibold">{courseCount?.n ?? 0}</p>
        </Card>
        <Card>
          <h2 className="text-lg font-medium">Proctoring backends</h2>
          <p className="mt-1 text-3xl font-semibold">{backendCount?.n ?? 0}</p>
        </Card>
        <Card>
          <h2 className="text-lg font-medium">Dead messages</h2>
          <p className={`mt-1 text-3xl font-semibold ${deadCount?.n ? "text-red-800" : ""}`}>{deadCount?.n ?? 0}</p>
          {deadCount?.n ? (
            <Link href="/admin/health#dead-heading" className="text-sm text-blue-800 underline">
              See them
            </Link>
          ) : null}
        </Card>
      </div>
      <h2 id="admin-courses-heading" className="mb-3 mt-8 text-lg font-medium">
        Courses
      </h2>
      <CourseList data={courseList} basePath="/admin" headingId="admin-courses-heading" emptyText="The site has no courses yet: the LMS creates them when it syncs." />
    </>
  );
}
