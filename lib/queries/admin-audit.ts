import "server-only";
import { and, desc, eq, gte, like, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens, auditLog, users, vendorClients } from "@/db/schema";
import type { ParsedAuditLogFilter } from "@/lib/domain/audit-log";
import { summarizeAuditData } from "@/lib/domain/audit-log";

/**
 * The site audit log as the admin console reads it: newest first, paged by id (keyset: the next
 * page is the rows below the last id shown), so a page deep in a million rows costs what the
 * first one does. Filters on the acting user, the course, the action and a day range.
 */

export const AUDIT_ROWS_PER_PAGE = 50;
export const AUDIT_EXPORT_BATCH = 1000;

export interface AuditLogRow {
  id: number;
  at: string;
  actorKind: string;
  /** The acting person's or credential's name as it reads today (the log outlives both). */
  actor: string;
  actorDetail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  courseKey: string | null;
  source: string;
  summary: string;
}

export interface AuditLogPage {
  rows: AuditLogRow[];
  /** The id to page on from (`?before=`), or null on the last page. */
  nextBefore: number | null;
  /** True when the actor filter names nobody: no rows, and the page says why. */
  unknownActor: boolean;
}

/** A positive id from a query string, or null. */
export function beforeId(raw: string | null | undefined): number | null {
  const n = Number(raw);
  return raw && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The user ids a username or e-mail names (exact, case-insensitive); empty if nobody. */
async function actorIds(db: DbOrTx, actor: string): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(or(sql`lower(${users.username}) = lower(${actor})`, sql`lower(${users.email}) = lower(${actor})`))
    .limit(20);
  return rows.map((r) => r.id);
}

/** `%` and `_` in a prefix are literal characters of an action name, not patterns. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Day ranges holding at most this many rows are read through the `at` index and sorted; wider
 * ones by walking ids down from the top (see sparseRange).
 */
export const SPARSE_RANGE_ROWS = 20_000;

/**
 * Whether the day range holds few rows. PostgreSQL estimates a narrow range's rows as spread
 * evenly over the id order, so it walks the primary key down from the newest id to find 51 of
 * them: half a million rows for a day 200 days back. A range this small is cheaper read through
 * the `at` index and sorted, which `ORDER BY id + 0` makes the planner do. The count stops at the
 * cap, so it costs at most that many index entries.
 */
async function sparseRange(db: DbOrTx, parsed: ParsedAuditLogFilter): Promise<boolean> {
  if (!parsed.fromAt && !parsed.toBefore) return false;
  const bounds = [parsed.fromAt ? gte(auditLog.at, parsed.fromAt) : undefined, parsed.toBefore ? lt(auditLog.at, parsed.toBefore) : undefined];
  const inRange = db.select({ one: sql`1` }).from(auditLog).where(and(...bounds)).limit(SPARSE_RANGE_ROWS + 1).as("in_range");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inRange);
  return (row?.n ?? 0) <= SPARSE_RANGE_ROWS;
}

interface Conditions {
  where: SQL[];
  /** Order by `id + 0`: the same order, without the primary key's index (sparseRange). */
  sparse: boolean;
}

async function conditionsFor(db: DbOrTx, parsed: ParsedAuditLogFilter): Promise<Conditions | null> {
  const { filter } = parsed;
  const conditions: SQL[] = [];
  if (filter.actor) {
    const ids = await actorIds(db, filter.actor);
    if (ids.length === 0) return null;
    conditions.push(ids.length === 1 ? eq(auditLog.actorUserId, ids[0]!) : sql`${auditLog.actorUserId} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  }
  if (filter.courseKey) conditions.push(eq(auditLog.courseKey, filter.courseKey));
  if (parsed.actionMatch?.kind === "exact") conditions.push(eq(auditLog.action, parsed.actionMatch.value));
  if (parsed.actionMatch?.kind === "prefix") conditions.push(like(auditLog.action, `${escapeLike(parsed.actionMatch.value)}%`));
  if (parsed.fromAt) conditions.push(gte(auditLog.at, parsed.fromAt));
  if (parsed.toBefore) conditions.push(lt(auditLog.at, parsed.toBefore));
  return { where: conditions, sparse: await sparseRange(db, parsed) };
}

async function rowsBefore(db: DbOrTx, conditions: Conditions, before: number | null, limit: number): Promise<AuditLogRow[]> {
  const where = before ? [...conditions.where, lt(auditLog.id, before)] : conditions.where;
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorKind: auditLog.actorKind,
      actorUserId: auditLog.actorUserId,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      courseKey: auditLog.courseKey,
      fromStatus: auditLog.fromStatus,
      toStatus: auditLog.toStatus,
      source: auditLog.source,
      data: auditLog.data,
      username: users.username,
      fullName: users.fullName,
      tokenName: apiTokens.name,
      vendorName: vendorClients.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(apiTokens, eq(apiTokens.id, auditLog.actorTokenId))
    .leftJoin(vendorClients, eq(vendorClients.id, auditLog.actorVendorClientId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(conditions.sparse ? sql`${auditLog.id} + 0 desc` : desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => {
    let actor: string;
    let actorDetail: string | null = null;
    if (r.actorKind === "user") {
      actor = r.fullName || r.username || (r.actorUserId ? `User #${r.actorUserId}` : "Unknown user");
      actorDetail = r.fullName && r.username ? r.username : null;
    } else if (r.actorKind === "vendor") {
      actor = r.vendorName ? `Vendor: ${r.vendorName}` : "Vendor";
    } else if (r.actorKind === "service") {
      actor = r.tokenName ? `Service: ${r.tokenName}` : "Service";
    } else {
      actor = r.actorKind === "cli" ? "Command line" : "System";
    }
    return {
      id: r.id,
      at: r.at.toISOString(),
      actorKind: r.actorKind,
      actor,
      actorDetail,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      courseKey: r.courseKey,
      source: r.source,
      summary: summarizeAuditData(r.data, r.fromStatus, r.toStatus),
    };
  });
}

/** One page of the log, newest first, starting below `before` (an id) when given. */
export async function listAuditLog(db: DbOrTx, parsed: ParsedAuditLogFilter, before: number | null, perPage = AUDIT_ROWS_PER_PAGE): Promise<AuditLogPage> {
  const conditions = await conditionsFor(db, parsed);
  if (!conditions) return { rows: [], nextBefore: null, unknownActor: true };
  const rows = await rowsBefore(db, conditions, before, perPage + 1);
  const page = rows.slice(0, perPage);
  return { rows: page, nextBefore: rows.length > perPage ? page[page.length - 1]!.id : null, unknownActor: false };
}

/** Every row the filters select, newest first, in keyset batches (the CSV export streams these). */
export function auditLogBatches(db: DbOrTx, parsed: ParsedAuditLogFilter, batchSize = AUDIT_EXPORT_BATCH): AsyncIterable<AuditLogRow[]> {
  return {
    async *[Symbol.asyncIterator]() {
      const conditions = await conditionsFor(db, parsed);
      if (!conditions) return;
      let before: number | null = null;
      for (;;) {
        const rows = await rowsBefore(db, conditions, before, batchSize);
        if (rows.length === 0) return;
        yield rows;
        if (rows.length < batchSize) return;
        before = rows[rows.length - 1]!.id;
      }
    },
  };
}

export const AUDIT_EXPORT_COLUMNS = ["id", "at_utc", "actor_kind", "actor", "action", "entity_type", "entity_id", "course_key", "source", "summary"] as const;

export function auditExportRecord(r: AuditLogRow): (string | number | null)[] {
  return [r.id, r.at, r.actorKind, r.actorDetail ? `${r.actor} (${r.actorDetail})` : r.actor, r.action, r.entityType, r.entityId, r.courseKey, r.source, r.summary];
}
