import { apiRoute } from "@/lib/http/api-route";
import { parseId } from "@/lib/http/ids";
import { RESULTS_REPORT_COLUMNS, openResultsReport } from "@/lib/queries/results-report";
import { csvRecords } from "@/lib/csv";

export const dynamic = "force-dynamic";

/** `course-v1:Org+Num+Run` → `course-v1_Org_Num_Run`: a file name every system takes. */
function fileStem(courseKey: string): string {
  return courseKey.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 120) || "course";
}

/**
 * The proctored exam results report of a course (`?exam_id=` for one exam) as CSV: course staff
 * of the course and site admins. Streamed: each pull of the ReadableStream reads one keyset batch
 * and writes it through csv-stringify, so neither the database nor this process holds the whole
 * report, and the first bytes leave before the last row is read. Cells a spreadsheet would
 * evaluate are neutralised (csvRecords), as in the allowances export.
 */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) => {
  const rawExam = query.get("exam_id");
  const examId = rawExam === null || rawExam === "" ? null : parseId(rawExam, "exam_id");
  const batches = await openResultsReport(ctx, params.courseKey, { examId });
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvRecords([RESULTS_REPORT_COLUMNS])}`));
        return;
      }
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(csvRecords(next.value.map((row) => RESULTS_REPORT_COLUMNS.map((c) => row[c])))));
      } catch (error) {
        console.error(`[invigil] request ${ctx.requestId} results report failed`, error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  const name = `proctored-exam-results-${fileStem(params.courseKey)}${examId ? `-exam-${examId}` : ""}.csv`;
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
