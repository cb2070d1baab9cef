import { apiRoute } from "@/lib/http/api-route";
import { forbidden } from "@/lib/domain/errors";
import { AUDIT_ADMIN_ONLY_DETAIL, parseAuditLogFilter } from "@/lib/domain/audit-log";
import { AUDIT_EXPORT_COLUMNS, auditExportRecord, auditLogBatches } from "@/lib/queries/admin-audit";
import { csvRecords } from "@/lib/csv";

export const dynamic = "force-dynamic";

/**
 * The site audit log as CSV, with the page's filters, streamed in keyset batches so a million
 * rows never sit in memory at once. Site admins only. A UTF-8 byte-order mark first, so
 * spreadsheets read non-ASCII names right; every cell quoted and guarded against formulas
 * (csvRecords).
 */
export const GET = apiRoute(async ({ ctx, query }) => {
  const p = ctx.principal;
  if (p.kind !== "user" || !p.isAdmin) throw forbidden(AUDIT_ADMIN_ONLY_DETAIL);
  const parsed = parseAuditLogFilter((name) => query.get(name));
  const iterator = auditLogBatches(ctx.db, parsed)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvRecords([AUDIT_EXPORT_COLUMNS])}`));
        return;
      }
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(csvRecords(next.value.map(auditExportRecord))));
      } catch (error) {
        console.error(`[invigil] request ${ctx.requestId} audit log export failed`, error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="audit-log.csv"',
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
