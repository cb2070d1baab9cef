import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { AttemptsPanel } from "@/components/dashboard/attempts/attempts-panel";
import { listQueryString, loadAttemptListState, normalizeListSearch, normalizePage } from "@/components/dashboard/list/url-state";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { courseCounts, getCourseByKey } from "@/lib/queries/courses";
import { DashboardAttemptsCursorPageSchema } from "@/lib/domain/dashboard-lists";
import { ServiceError } from "@/lib/domain/errors";
import { listDashboardAttempts, listDashboardAttemptsAt } from "@/lib/queries/dashboard-attempts";
import { vendorDashboardLinks } from "@/lib/queries/vendor-dashboard";
import { webContext } from "@/lib/auth/request-context";

export const metadata: Metadata = { title: "Attempts" };

export const dynamic = "force-dynamic";

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

  // The same parsers as the panel's (components/dashboard/list/url-state.ts).
  const state = await loadAttemptListState(searchParams);
  const ctx = await webContext(actor, { db });
  const search = normalizeListSearch(state.search);
  // A deep page's address carries the keyset cursor (docs/decisions/025). One that no longer reads
  // (edited by hand, or from an older build) goes to the page number the address remembered.
  let first;
  try {
    first = state.cursor
      ? await listDashboardAttemptsAt(ctx, { courseKey, cursor: state.cursor, search })
      : await listDashboardAttempts(ctx, { courseKey, page: String(normalizePage(state.page)), search });
  } catch (error) {
    if (!(state.cursor && error instanceof ServiceError && error.code === "VALIDATION")) throw error;
    redirect(`${base}?${listQueryString({ page: state.page, search })}`);
  }
  const [counts, vendorDashboard] = await Promise.all([courseCounts(db, course), vendorDashboardLinks(db, courseKey)]);

  return (
    <AttemptsPanel
      courseKey={courseKey}
      basePath={base}
      // Parsed with the API's schema, as the client parses its fetches: one contract for both.
      initial={{ state, data: DashboardAttemptsCursorPageSchema.parse(first) }}
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
