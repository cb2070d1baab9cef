import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { OnboardingPanel } from "@/components/dashboard/onboarding/onboarding-panel";
import { loadOnboardingListState, normalizeListSearch, normalizePage } from "@/components/dashboard/list/url-state";
import { OnboardingPageSchema } from "@/lib/domain/dashboard-lists";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getCourseByKey } from "@/lib/queries/courses";
import { listOnboardingStatuses, type DashboardOnboardingPage } from "@/lib/queries/dashboard-onboarding";
import { webContext } from "@/lib/auth/request-context";
import { isServiceError } from "@/lib/domain/errors";

export const metadata: Metadata = { title: "Onboarding" };

export const dynamic = "force-dynamic";

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

  // The same parsers as the panel's (components/dashboard/list/url-state.ts).
  const state = await loadOnboardingListState(searchParams);
  const search = normalizeListSearch(state.search);
  const ctx = await webContext(actor, { db });

  let initial: DashboardOnboardingPage | null;
  try {
    initial = await listOnboardingStatuses(ctx, { courseKey, page: String(normalizePage(state.page)), search: search || null, statuses: state.status });
  } catch (error) {
    // No onboarding exam (or a backend without onboarding): the panel says so (§13.3's empty state).
    if (isServiceError(error) && error.code === "NOT_FOUND") initial = null;
    else throw error;
  }

  // Parsed with the API's schema, as the client parses its fetches.
  return <OnboardingPanel courseKey={courseKey} initial={initial === null ? null : { state, data: OnboardingPageSchema.parse(initial) }} />;
}
