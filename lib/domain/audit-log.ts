/**
 * The site audit log's filters and row summaries (the admin console's `/admin/audit` and its CSV).
 * Pure: no I/O. Dates are whole days in UTC, said so on the page, so a link to a filtered view
 * means the same rows to every admin whatever their time zone.
 */

export const AUDIT_ADMIN_ONLY_DETAIL = "Only site admins may read the audit log.";

export interface AuditLogFilter {
  /** A username or e-mail, matched exactly (case-insensitive) to the acting user. */
  actor: string;
  courseKey: string;
  /** An exact action (`site_setting.update`) or a prefix ending in `.` or `*` (`attempt.`). */
  action: string;
  /** First day included, `YYYY-MM-DD` (UTC). */
  from: string;
  /** Last day included, `YYYY-MM-DD` (UTC). */
  to: string;
}

export interface ParsedAuditLogFilter {
  filter: AuditLogFilter;
  /** Plain messages per field for values that could not be read; those filters are left out. */
  errors: Partial<Record<keyof AuditLogFilter, string>>;
  /** The half-open instant range the days cover. */
  fromAt: Date | null;
  toBefore: Date | null;
  actionMatch: { kind: "exact" | "prefix"; value: string } | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Midnight UTC at the start of the day, or null when the text is no real calendar day. */
export function utcDayStart(text: string): Date | null {
  const m = DAY.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2026-02-30 over to March: refuse it rather than show other days' rows.
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
  return at;
}

const clean = (v: string | null | undefined, max: number) => (v ?? "").trim().slice(0, max);

/** The filters of a query string, read leniently: a bad value is reported and ignored, never thrown. */
export function parseAuditLogFilter(get: (name: string) => string | null | undefined): ParsedAuditLogFilter {
  const filter: AuditLogFilter = {
    actor: clean(get("actor"), 254),
    courseKey: clean(get("course"), 255),
    action: clean(get("action"), 64),
    from: clean(get("from"), 10),
    to: clean(get("to"), 10),
  };
  const errors: ParsedAuditLogFilter["errors"] = {};
  const fromAt = filter.from ? utcDayStart(filter.from) : null;
  if (filter.from && !fromAt) errors.from = "From: enter a date as YYYY-MM-DD.";
  const toDay = filter.to ? utcDayStart(filter.to) : null;
  if (filter.to && !toDay) errors.to = "To: enter a date as YYYY-MM-DD.";
  const toBefore = toDay ? new Date(toDay.getTime() + DAY_MS) : null;
  if (fromAt && toBefore && toBefore <= fromAt) errors.to = "To: must be on or after the From date.";
  let actionMatch: ParsedAuditLogFilter["actionMatch"] = null;
  if (filter.action) {
    const prefix = filter.action.endsWith("*") ? filter.action.slice(0, -1) : filter.action.endsWith(".") ? filter.action : null;
    actionMatch = prefix !== null ? (prefix ? { kind: "prefix", value: prefix } : null) : { kind: "exact", value: filter.action };
  }
  return {
    filter,
    errors,
    fromAt,
    toBefore: errors.to ? null : toBefore,
    actionMatch,
  };
}

/** The filters as query-string pairs (empty ones left out), for links to other pages and the CSV. */
export function filterParams(filter: AuditLogFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.actor) out.actor = filter.actor;
  if (filter.courseKey) out.course = filter.courseKey;
  if (filter.action) out.action = filter.action;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  return out;
}

export const SUMMARY_MAX = 160;

function shortValue(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function truncate(text: string, max = SUMMARY_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A one-line reading of a row's `data` and status change: `before → after` where the row has
 * them, else the JSON, cut to SUMMARY_MAX characters. Audit rows never hold secrets (the services
 * write names and states, never credentials), and the cut keeps a large payload off the page.
 */
export function summarizeAuditData(data: Record<string, unknown> | null | undefined, fromStatus?: string | null, toStatus?: string | null): string {
  const parts: string[] = [];
  if (fromStatus || toStatus) parts.push(`status ${fromStatus ?? "none"} → ${toStatus ?? "none"}`);
  const d = data ?? {};
  if ("before" in d || "after" in d) {
    const rest = Object.fromEntries(Object.entries(d).filter(([k]) => k !== "before" && k !== "after"));
    if (Object.keys(rest).length) parts.push(JSON.stringify(rest));
    parts.push(`${shortValue(d.before)} → ${shortValue(d.after)}`);
  } else if (Object.keys(d).length) {
    parts.push(JSON.stringify(d));
  }
  return truncate(parts.join("; "));
}

/**
 * Actions offered as suggestions in the filter (any action or prefix may still be typed): the
 * families of `entity.verb` the services write. Only a suggestion list, so one missing here hides
 * nothing from the log.
 */
export const SUGGESTED_AUDIT_ACTIONS = [
  "attempt.",
  "allowance.",
  "exam.",
  "review.",
  "sync.",
  "user.",
  "api_token.",
  "vendor_client.",
  "backend_config.",
  "course.",
  "site_setting.update",
  "attempt.create",
  "attempt.start",
  "attempt.submit",
  "attempt.expire",
  "attempt.error",
  "attempt.reset_attempt",
  "allowance.upsert",
  "allowance.delete",
  "exam.create",
  "exam.update",
  "api_token.create",
  "api_token.revoke",
] as const;
