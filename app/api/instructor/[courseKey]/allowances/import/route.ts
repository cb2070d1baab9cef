import type { NextRequest } from "next/server";
import { apiRoute } from "@/lib/http/api-route";
import { requireCourseStaffActor } from "@/lib/queries/pagination";
import { importAllowancesCsv, isDryRun, MAX_IMPORT_BYTES } from "@/lib/services/allowance/csv-import";
import { ServiceError } from "@/lib/domain/errors";

export const dynamic = "force-dynamic";

/**
 * This route reads its own body: apiRoute's reader stops at 256 KiB and takes only JSON and form
 * bodies, while an allowance CSV may be 1 MiB and arrive as text/csv. A JSON body `{csv}` escapes
 * quotes and line breaks, hence twice the CSV's limit here; the CSV itself is held to
 * MAX_IMPORT_BYTES by the service.
 */
const MAX_REQUEST_BYTES = 2 * MAX_IMPORT_BYTES + 4096;
const CSV_TYPES = new Set(["text/csv", "text/plain", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel"]);

const tooLarge = () =>
  new ServiceError("PAYLOAD_TOO_LARGE", `The request is larger than ${MAX_REQUEST_BYTES.toLocaleString("en-US")} bytes: the CSV file may be at most 1 MiB.`);

async function readLimited(req: NextRequest): Promise<string> {
  if (Number(req.headers.get("content-length") ?? "0") > MAX_REQUEST_BYTES) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_REQUEST_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ServiceError("VALIDATION", "The file is not UTF-8 text: save it from your spreadsheet as CSV (UTF-8).");
  }
}

/** `{csv, preview_token}` from a JSON body, or a text/csv body with `?preview_token=`. */
async function importBody(req: NextRequest, query: URLSearchParams): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const text = await readLimited(req);
  if (CSV_TYPES.has(type)) {
    const token = query.get("preview_token");
    return token ? { csv: text, preview_token: token } : { csv: text };
  }
  if (type === "" || type === "application/json" || type.endsWith("+json")) {
    if (text.trim() === "") return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ServiceError("VALIDATION", "The request body is not valid JSON.");
    }
  }
  throw new ServiceError("VALIDATION", `Unsupported media type "${type}": send JSON {"csv": "..."} or text/csv.`, { status: 415 });
}

/**
 * `?dry_run=1`: every row checked, nothing written. Without it: every row written in one
 * transaction, or none (400 when a row has a problem, 409 when the data changed since the preview).
 */
export const POST = apiRoute<{ courseKey: string }>(async ({ ctx, params, query, req }) => {
  // Before the body is read: no one else learns how their file would have fared.
  requireCourseStaffActor(ctx, params.courseKey);
  const input = await importBody(req, query);
  return importAllowancesCsv(ctx, params.courseKey, input, { dryRun: isDryRun(query.get("dry_run")) });
});
