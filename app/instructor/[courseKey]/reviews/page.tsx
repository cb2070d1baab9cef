import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { ReviewsPanel } from "@/components/dashboard/reviews/reviews-panel";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getCourseByKey } from "@/lib/queries/courses";
import { listReviewQueue } from "@/lib/queries/dashboard-reviews";
import { webContext } from "@/lib/auth/request-context";
import { loadReviewListState, normalizeListSearch, normalizePage } from "@/components/dashboard/list/url-state";
import { ReviewQueuePageSchema } from "@/lib/domain/dashboard-lists";

export const metadata: Metadata = { title: "Reviews" };

export const dynamic = "force-dynamic";

/**
 * The Reviews panel: attempts waiting for a person's decision. The page the URL asks for is read
 * here, so the table is in the HTML; paging, search, the filter and decisions then go through
 * /api/instructor/<course>/reviews.
 */
export default async function InstructorReviewsPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const courseKey = decodeKeySegment((await params).courseKey);
  const base = `/instructor/${encodeKeySegment(courseKey)}`;
  // The layout checked already; pages check again (architecture rule 2).
  const actor = await requireCourseStaff(courseKey, `${base}/reviews`);
  const db = await getDb();
  if (!(await getCourseByKey(db, courseKey))) notFound();

  // The same parsers as the panel's (components/dashboard/list/url-state.ts).
  const state = await loadReviewListState(searchParams);
  const search = normalizeListSearch(state.search);
  const ctx = await webContext(actor, { db });
  const initial = await listReviewQueue(ctx, { courseKey, page: String(normalizePage(state.page)), search: search || null, status: state.status });

  return <ReviewsPanel courseKey={courseKey} basePath={base} initial={{ state, data: ReviewQueuePageSchema.parse(initial) }} />;
}
