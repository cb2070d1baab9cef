import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { LiveBoard } from "@/components/dashboard/live/live-board";
import { requireCourseStaff } from "@/lib/auth/actor";
import { decodeKeySegment, encodeKeySegment } from "@/lib/http/params";
import { listCourseExamSettings } from "@/lib/queries/exam-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Live board" };

type Props = { params: Promise<{ courseKey: string }>; searchParams: Promise<{ exam?: string | string[] }> };

/**
 * The live status board (issue 5): pick an exam (or all), then the board streams from
 * GET /api/instructor/<course>/live. The exam picker is a plain GET form, so the choice is in the
 * URL and works without script.
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
      <form method="get" action={`${base}/live`} className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="live-exam" className="text-sm font-medium text-slate-900">
            Exam
          </label>
          <select
            id="live-exam"
            name="exam"
            defaultValue={exam ? String(exam.id) : ""}
            className="min-w-64 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900"
          >
            <option value="">All exams of the course</option>
            {exams.map((e) => (
              <option key={e.id} value={String(e.id)}>
                {e.isActive ? e.examName : `${e.examName} (inactive)`}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
        >
          Show
        </button>
      </form>
      {wanted !== null && !exam ? (
        <p role="alert" className="rounded-md border border-amber-700 bg-amber-50 p-3 text-sm text-amber-900">
          That exam is not in this course; showing all exams.
        </p>
      ) : null}
      {/* A new board (and stream) per exam: no rows of the previous choice linger. */}
      <LiveBoard key={exam?.id ?? "all"} courseKey={courseKey} examId={exam?.id ?? null} />
    </div>
  );
}
