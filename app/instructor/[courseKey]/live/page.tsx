import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { LiveBoard } from "@/components/dashboard/live/live-board";
import { LiveExamPicker } from "@/components/dashboard/live/exam-picker";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { listCourseExamSettings } from "@/lib/queries/exam-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Live board" };

type Props = { params: Promise<{ courseKey: string }>; searchParams: Promise<{ exam?: string | string[] }> };

/**
 * The live status board: pick an exam (or all), then the board streams from
 * GET /api/instructor/<course>/live. The exam picker applies as soon as an exam is chosen; the
 * choice is in the URL (`?exam=`), and without script it is a plain GET form.
 */
export default async function LiveBoardPage({ params, searchParams }: Props) {
  const courseKey = decodeKeySegment((await params).courseKey);
  const base = `/instructor/${encodeKeySegment(courseKey)}`;
  await requireCourseStaff(courseKey, `${base}/live`);
  const exams = await listCourseExamSettings(await getDb(), courseKey);
  const raw = (await searchParams).exam;
  const wanted = typeof raw === "string" && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
  const exam = exams.find((e) => e.id === wanted) ?? null;

  return (
    <div className="space-y-6">
      <LiveExamPicker
        action={`${base}/live`}
        exams={exams.map((e) => ({ id: e.id, label: e.isActive ? e.examName : `${e.examName} (inactive)` }))}
        selected={exam?.id ?? null}
      />
      {wanted !== null && !exam ? (
        <p role="alert" className="rounded-md border border-amber-700 bg-amber-50 p-3 text-sm text-amber-900">
          That exam is not in this course; showing all exams.
        </p>
      ) : null}
      {/* A new board (and stream) per exam: no rows of the previous choice linger. */}
      <LiveBoard key={exam?.id ?? "all"} courseKey={courseKey} examId={exam?.id ?? null} basePath={base} />
    </div>
  );
}
