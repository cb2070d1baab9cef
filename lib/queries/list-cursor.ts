import { ServiceError } from "@/lib/domain/errors";
import { MAX_INT32 } from "@/lib/domain/numbers";
import { MAX_PAGE } from "./pagination";

/**
 * A position in a list ordered newest first by (created, id), handed out by the list and sent
 * back as `?cursor=` (keyset paging, docs/decisions/025-learner-reads-and-keyset-paging.md):
 * - `after`: the rows strictly older than the key (the next page);
 * - `before`: the page that ends just above the key (the previous page);
 * - `last`: the oldest page.
 * `page` is the page number the position had when the cursor was made (null when not known, e.g.
 * after jumping to the last page of a list too long to count); rows added since shift it.
 * Opaque to clients: base64url of a small JSON object, checked field by field when it comes back.
 */
export type ListCursor =
  | { kind: "after" | "before"; created: string; id: number; page: number | null }
  | { kind: "last" };

/** The instant as PostgreSQL stores it (microseconds, UTC): a JS Date would drop the last three digits. */
const CREATED_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const MAX_CURSOR_LENGTH = 200;
export const BAD_CURSOR_DETAIL = "cursor: not a cursor of this list; start again from the first page.";

export function encodeCursor(cursor: ListCursor): string {
  const raw = cursor.kind === "last" ? { k: "l" } : { k: cursor.kind === "after" ? "a" : "b", t: cursor.created, i: cursor.id, p: cursor.page };
  return Buffer.from(JSON.stringify(raw), "utf8").toString("base64url");
}

/** The cursor sent back, or a 400 when it is not one this list gave out. */
export function decodeCursor(text: string): ListCursor {
  const bad = () => new ServiceError("VALIDATION", BAD_CURSOR_DETAIL);
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw bad();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad();
  const o = raw as Record<string, unknown>;
  if (o.k === "l" && Object.keys(o).length === 1) return { kind: "last" };
  if (o.k !== "a" && o.k !== "b") throw bad();
  const { t, i, p } = o;
  if (typeof t !== "string" || !CREATED_TEXT.test(t) || Number.isNaN(Date.parse(t))) throw bad();
  if (typeof i !== "number" || !Number.isInteger(i) || i < 1 || i > MAX_INT32) throw bad();
  if (p !== null && (typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > MAX_PAGE)) throw bad();
  if (Object.keys(o).length !== 4) throw bad();
  return { kind: o.k === "a" ? "after" : "before", created: t, id: i, page: p };
}
