import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { OnboardingPanel } from "@/components/dashboard/onboarding/onboarding-panel";
import { isOnboardingStatus } from "@/components/dashboard/onboarding/labels";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getCourseByKey } from "@/lib/queries/courses";
import { listOnboardingStatuses, type DashboardOnboardingPage } from "@/lib/queries/dashboard-onboarding";
import { normalizeSearch } from "@/lib/queries/dashboard-attempts";
import { requestedPageOfView } from "@/lib/queries/pagination";
import { isServiceError } from "@/lib/domain/errors";
import { webContext } from "@/lib/auth/request-context";

export const dynamic = "force-dynamic";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

/**
 * The Onboarding panel (§7.4, §13.3). The page the URL asks for is read here, so the table is in
 * the HTML; paging, search and the filter then go through GET /api/instructor/<course>/onboarding.
 */
export default async function InstructorOnboardingPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const courseKey = decodeKeySegment((await params).courseKey);
  // The layout checked already; pages check again (architecture rule 2).
  const actor = await requireCourseStaff(courseKey, `/instructor/${encodeKeySegment(courseKey)}/onboarding`);
  const db = await getDb();
  if (!(await getCourseByKey(db, courseKey))) notFound();

  const query = await searchParams;
  const search = normalizeSearch(first(query.search));
  const rawStatus = first(query.status) ?? "";
  const status = isOnboardingStatus(rawStatus) ? rawStatus : "";
  const asked = requestedPageOfView(first(query.page));
  const ctx = await webContext(actor, { db });

  let initial: DashboardOnboardingPage | null;
  try {
    initial = await listOnboardingStatuses(ctx, { courseKey, page: asked === null ? null : String(asked), search: search || null, statuses: status || null });
  } catch (error) {
    // No onboarding exam (or a backend without onboarding): the panel says so (§13.3's empty state).
    if (isServiceError(error) && error.code === "NOT_FOUND") initial = null;
    else throw error;
  }

  return <OnboardingPanel courseKey={courseKey} initial={initial} initialPage={initial?.page ?? 1} initialSearch={search} initialStatus={status} />;
}
