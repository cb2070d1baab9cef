import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

/**
 * What a write leaves behind: the number of attempt history, audit and outbox rows, and every
 * attempt's status and last change. Tests take one before and one after a read and expect them
 * equal (decision 022: reads never write).
 */
export async function writeSnapshot(db: Db): Promise<Record<string, unknown>> {
  const [counts] = rowsOf<Record<string, number | string>>(
    await db.execute(sql`select
      (select count(*) from attempt_history) as history,
      (select count(*) from audit_log) as audit,
      (select count(*) from outbox) as outbox`),
  );
  const attemptRows = rowsOf<{ id: number; status: string; modified: string | Date }>(
    await db.execute(sql`select id, status, modified from attempts order by id`),
  );
  return {
    history: Number(counts!.history),
    audit: Number(counts!.audit),
    outbox: Number(counts!.outbox),
    attempts: attemptRows.map((r) => `${r.id}:${r.status}:${new Date(r.modified).toISOString()}`),
  };
}
