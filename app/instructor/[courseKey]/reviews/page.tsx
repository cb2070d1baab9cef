import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { ReviewsPanel } from "@/components/dashboard/reviews/reviews-panel";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getCourseByKey } from "@/lib/queries/courses";
import { normalizeSearch } from "@/lib/queries/dashboard-attempts";
import { listReviewQueue } from "@/lib/queries/dashboard-reviews";
import { requestedPageOfView } from "@/lib/queries/pagination";
import { STAFF_REVIEWABLE_STATUSES, type StaffReviewableStatus } from "@/lib/domain/reviews";
import { webContext } from "@/lib/auth/request-context";

export const dynamic = "force-dynamic";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

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

  const query = await searchParams;
  const search = normalizeSearch(first(query.search));
  const rawStatus = first(query.status) ?? "";
  const status = (STAFF_REVIEWABLE_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as StaffReviewableStatus) : "";
  const asked = requestedPageOfView(first(query.page));
  const ctx = await webContext(actor, { db });
  const initial = await listReviewQueue(ctx, { courseKey, page: asked === null ? null : String(asked), search: search || null, status: status || null });

  return <ReviewsPanel courseKey={courseKey} basePath={base} initial={initial} initialPage={initial.page} initialSearch={search} initialStatus={status} />;
}
