import { apiRoute } from "@/lib/http/api-route";
import { EXPORT_COLUMNS, openAllowanceExport } from "@/lib/queries/dashboard-allowances";
import { csvRecords } from "@/lib/csv";

export const dynamic = "force-dynamic";

/** `course-v1:Org+Num+Run` → `course-v1_Org_Num_Run`: a file name every system takes. */
function fileStem(courseKey: string): string {
  return courseKey.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 120) || "course";
}

/**
 * The course's allowances as CSV (`?search=` narrows it like the panel), streamed batch by batch.
 * A UTF-8 byte-order mark first, so spreadsheets read non-ASCII names right; every cell is quoted,
 * and neutralised where a spreadsheet would evaluate it (csvRecords).
 */
export const GET = apiRoute<{ courseKey: string }>(async ({ ctx, params, query }) => {
  const batches = await openAllowanceExport(ctx, params.courseKey, query.get("search"));
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvRecords([EXPORT_COLUMNS])}`));
        return;
      }
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(csvRecords(next.value.map((row) => EXPORT_COLUMNS.map((c) => row[c])))));
      } catch (error) {
        console.error(`[invigil] request ${ctx.requestId} allowance export failed`, error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  const stem = fileStem(params.courseKey);
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="allowances-${stem}.csv"; filename*=UTF-8''${encodeURIComponent(`allowances-${stem}.csv`)}`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
