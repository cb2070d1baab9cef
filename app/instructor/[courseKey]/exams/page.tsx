import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { ExamList } from "@/components/dashboard/exams/exam-list";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { listBackendChoices, listCourseExamSettings } from "@/lib/queries/exam-settings";
import { vendorDashboardLinks } from "@/lib/queries/vendor-dashboard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Exams" };

/** The exam settings panel: the course's exams, and a way to add one. */
export default async function ExamsPage({ params }: { params: Promise<{ courseKey: string }> }) {
  const courseKey = decodeKeySegment((await params).courseKey);
  const base = `/instructor/${encodeKeySegment(courseKey)}`;
  await requireCourseStaff(courseKey, `${base}/exams`);
  const db = await getDb();
  const [exams, backends, vendorDashboard] = await Promise.all([
    listCourseExamSettings(db, courseKey),
    listBackendChoices(db),
    vendorDashboardLinks(db, courseKey),
  ]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-medium text-slate-900">Exams</h2>
        <Link
          href={`${base}/exams/new`}
          className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        >
          New exam
        </Link>
      </div>
      <ExamList exams={exams} backends={backends} basePath={base} vendorDashboard={vendorDashboard} />
    </div>
  );
}
