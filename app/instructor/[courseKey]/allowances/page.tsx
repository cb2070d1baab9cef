import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { AllowancesPanel } from "@/components/dashboard/allowances/allowances-panel";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getCourseByKey } from "@/lib/queries/courses";
import { allowanceFormExams, listAllowanceGroups } from "@/lib/queries/dashboard-allowances";
import { loadListState, normalizeListSearch, normalizePage } from "@/components/dashboard/list/url-state";
import { AllowanceGroupsPageSchema } from "@/lib/domain/dashboard-lists";
import { webContext } from "@/lib/auth/request-context";

export const metadata: Metadata = { title: "Allowances" };

export const dynamic = "force-dynamic";

/**
 * The Allowances panel (§13.1, §20). The page the URL asks for and the course's exams are read
 * here, so the table is in the HTML; paging, search and changes then go through the JSON routes.
 */
export default async function InstructorAllowancesPage({
  params,
  searchParams,
}: {
  params: Promise<{ courseKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const courseKey = decodeKeySegment((await params).courseKey);
  // The layout checked already; pages check again (architecture rule 2).
  const actor = await requireCourseStaff(courseKey, `/instructor/${encodeKeySegment(courseKey)}/allowances`);
  const db = await getDb();
  const course = await getCourseByKey(db, courseKey);
  if (!course) notFound();

  // The same parsers as the panel's (components/dashboard/list/url-state.ts).
  const state = await loadListState(searchParams);
  const search = normalizeListSearch(state.search);
  const ctx = await webContext(actor, { db });
  const [exams, initial] = await Promise.all([
    allowanceFormExams(ctx, courseKey),
    listAllowanceGroups(ctx, { courseKey, search: search || null, page: String(normalizePage(state.page)) }),
  ]);

  return <AllowancesPanel courseKey={courseKey} exams={exams} initial={{ state, data: AllowanceGroupsPageSchema.parse(initial) }} />;
}
