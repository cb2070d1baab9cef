/**
 * The results report at scale (decision 039): the course's whole proctored exam results report
 * (every attempt: 300,000 with the default load) streamed through the route handler in-process,
 * read chunk by chunk and thrown away as a browser's download would. Prints the time to the first
 * and to the last byte, rows and bytes, and the process's peak RSS and heap while streaming, next
 * to a baseline in the same run: the allowances export of the same course (streamed the same way,
 * 10,000 rows) and the memory before either started.
 */

type Handler = (req: import("next/server").NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface StreamFigures {
  name: string;
  status: number;
  firstByteMs: number;
  lastByteMs: number;
  rows: number;
  bytes: number;
  peakRssMb: number;
  peakHeapMb: number;
}

const mb = (n: number) => n / (1024 * 1024);

async function streamOnce(name: string, handler: Handler, path: string, courseKey: string, auth: string): Promise<StreamFigures> {
  const { NextRequest } = await import("next/server");
  const req = new NextRequest(new URL(path, "http://127.0.0.1:3000"), { headers: { authorization: auth, host: "127.0.0.1:3000" } });
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const res = await handler(req, { params: Promise.resolve({ courseKey }) });
  let firstByteMs = -1;
  let bytes = 0;
  let rows = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (firstByteMs < 0) firstByteMs = performance.now() - t0;
      bytes += value.byteLength;
      // CRLF ends a record; a line break inside a quoted cell is a bare LF.
      for (let i = 1; i < value.length; i++) if (value[i] === 10 && value[i - 1] === 13) rows++;
      const m = process.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }
  }
  return { name, status: res.status, firstByteMs, lastByteMs: performance.now() - t0, rows: Math.max(0, rows - 1), bytes, peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap) };
}

/** Runs the scenario and prints its table; `log` is the bench's line printer. */
export async function benchResultsReport(options: { courseKey: string; auth: string; log: (line: string) => void }): Promise<void> {
  const { courseKey, auth, log } = options;
  const base = `/api/instructor/${encodeURIComponent(courseKey)}`;
  const report = (await import("@/app/api/instructor/[courseKey]/results.csv/route")).GET as Handler;
  const allowances = (await import("@/app/api/instructor/[courseKey]/allowances/export.csv/route")).GET as Handler;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  log(`results report: memory before streaming rss ${mb(before.rss).toFixed(0)} MB, heap ${mb(before.heapUsed).toFixed(0)} MB`);
  const figures = [
    await streamOnce("baseline: allowances export.csv", allowances, `${base}/allowances/export.csv`, courseKey, auth),
    await streamOnce("results report (whole course)", report, `${base}/results.csv`, courseKey, auth),
  ];
  console.log("");
  console.log("| stream | status | first byte ms | last byte ms | rows | MB sent | peak RSS MB (before) | peak heap MB (before) |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const f of figures) {
    console.log(
      `| ${f.name} | ${f.status} | ${f.firstByteMs.toFixed(1)} | ${f.lastByteMs.toFixed(0)} | ${f.rows} | ${mb(f.bytes).toFixed(1)} | ${f.peakRssMb.toFixed(0)} (${mb(before.rss).toFixed(0)}) | ${f.peakHeapMb.toFixed(0)} (${mb(before.heapUsed).toFixed(0)}) |`,
    );
  }
}
