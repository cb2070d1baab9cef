import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { AllowancesPanel } from "@/components/dashboard/allowances/allowances-panel";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { getCourseByKey } from "@/lib/queries/courses";
import { allowanceFormExams, listAllowanceGroups } from "@/lib/queries/dashboard-allowances";
import { requestedPageOfView } from "@/lib/queries/pagination";
import { webContext } from "@/lib/auth/request-context";

export const dynamic = "force-dynamic";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

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

  const query = await searchParams;
  const search = (first(query.search) ?? "").trim().slice(0, 254);
  const asked = requestedPageOfView(first(query.page));
  const ctx = await webContext(actor, { db });
  const [exams, initial] = await Promise.all([
    allowanceFormExams(ctx, courseKey),
    listAllowanceGroups(ctx, { courseKey, search: search || null, page: asked === null ? null : String(asked) }),
  ]);

  return <AllowancesPanel courseKey={courseKey} exams={exams} initial={initial} initialPage={initial.page} initialSearch={search} />;
}
