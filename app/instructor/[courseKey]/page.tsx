import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { AttemptsPanel } from "@/components/dashboard/attempts/attempts-panel";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { courseCounts, getCourseByKey } from "@/lib/queries/courses";
import { listDashboardAttempts, normalizeSearch } from "@/lib/queries/dashboard-attempts";
import { requestedPageOfView } from "@/lib/queries/pagination";
import { vendorDashboardLinks } from "@/lib/queries/vendor-dashboard";
import { webContext } from "@/lib/auth/request-context";

export const dynamic = "force-dynamic";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

/**
 * The dashboard's first panel: Special exam attempts (§13.2). The page the URL asks for is read
 * here, so the table is in the HTML; paging and search then go through the JSON route.
 */
export default async function InstructorAttemptsPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const courseKey = decodeKeySegment((await params).courseKey);
  const base = `/instructor/${encodeKeySegment(courseKey)}`;
  // The layout checked already; pages check again (architecture rule 2).
  const actor = await requireCourseStaff(courseKey, base);
  const db = await getDb();
  const course = await getCourseByKey(db, courseKey);
  if (!course) notFound();

  const query = await searchParams;
  const search = normalizeSearch(first(query.search));
  const asked = requestedPageOfView(first(query.page));
  const ctx = await webContext(actor, { db });
  const [counts, initial, vendorDashboard] = await Promise.all([
    courseCounts(db, course),
    listDashboardAttempts(ctx, { courseKey, page: asked === null ? null : String(asked), search }),
    vendorDashboardLinks(db, courseKey),
  ]);

  return (
    <AttemptsPanel
      courseKey={courseKey}
      basePath={base}
      initial={initial}
      initialPage={initial.page}
      initialSearch={search}
      vendorDashboard={vendorDashboard}
      summary={
        <p>
          <span data-testid="exam-count">{counts.exams}</span> special {counts.exams === 1 ? "exam" : "exams"},{" "}
          <span data-testid="enrollment-count">{counts.enrollments}</span> active {counts.enrollments === 1 ? "enrollment" : "enrollments"}.
        </p>
      }
    />
  );
}
