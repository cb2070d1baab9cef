import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { migrationState, rowsOf, type DbOrTx } from "@/db/client";
import { jobRuns, outbox } from "@/db/schema";
import type { AdminHealth, DeadMessagesPage } from "@/lib/domain/admin-health";

/**
 * The admin console's health page: the database, the migrations, the outbox by topic, the
 * background loops' last runs and the vendors' recent error rates. Every figure comes from an
 * index (outbox_due_idx, outbox_dead_idx, outbox_topic_created_idx), so the page stays quick on a
 * site with millions of delivered messages.
 */

/** How far back the vendor error rate looks. */
export const VENDOR_WINDOW_HOURS = 24;

export async function readHealth(db: DbOrTx, now: Date): Promise<AdminHealth> {
  const started = performance.now();
  await db.execute(sql`select 1`);
  const databaseLatencyMs = Math.round((performance.now() - started) * 10) / 10;
  const migrations = await migrationState(db);

  const pending = await db
    .select({ topic: outbox.topic, count: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${outbox.created})` })
    .from(outbox)
    .where(eq(outbox.state, "pending"))
    .groupBy(outbox.topic);
  const dead = await db
    .select({ topic: outbox.topic, count: sql<number>`count(*)::int` })
    .from(outbox)
    .where(eq(outbox.state, "dead"))
    .groupBy(outbox.topic);
  const topics = new Map<string, { topic: string; pending: number; dead: number; oldestPendingSeconds: number | null }>();
  const entry = (topic: string) => {
    let e = topics.get(topic);
    if (!e) topics.set(topic, (e = { topic, pending: 0, dead: 0, oldestPendingSeconds: null }));
    return e;
  };
  for (const p of pending) {
    const e = entry(p.topic);
    e.pending = Number(p.count);
    e.oldestPendingSeconds = p.oldest ? Math.max(0, Math.round((now.getTime() - new Date(p.oldest).getTime()) / 1000)) : null;
  }
  for (const d of dead) entry(d.topic).dead = Number(d.count);

  const runs = await db.select().from(jobRuns).orderBy(asc(jobRuns.name));

  // A vendor call that needed more than one try failed at least once; a dead one for good.
  const since = new Date(now.getTime() - VENDOR_WINDOW_HOURS * 3_600_000);
  const vendorRows = rowsOf<{ backend: string | null; total: number; failed: number; dead: number }>(
    await db.execute(sql`
      select ${outbox.payload}->>'backend' as backend,
             count(*)::int as total,
             count(*) filter (where ${outbox.tries} > 1 or ${outbox.state} = 'dead')::int as failed,
             count(*) filter (where ${outbox.state} = 'dead')::int as dead
      from ${outbox}
      where ${outbox.topic} = 'vendor.call' and ${outbox.created} >= ${since.toISOString()}::timestamptz
      group by 1 order by 1`),
  );

  return {
    checkedAt: now.toISOString(),
    databaseLatencyMs,
    migrations,
    outbox: [...topics.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
    jobs: runs.map((r) => ({
      name: r.name,
      lastRunAt: r.lastRunAt.toISOString(),
      lastOkAt: r.lastOkAt?.toISOString() ?? null,
      lastError: r.lastError,
      lastDurationMs: r.lastDurationMs,
    })),
    vendors: vendorRows.map((v) => ({
      backend: v.backend ?? "(none)",
      calls: Number(v.total),
      failed: Number(v.failed),
      dead: Number(v.dead),
      errorRate: Number(v.total) > 0 ? Number(v.failed) / Number(v.total) : 0,
    })),
    vendorWindowHours: VENDOR_WINDOW_HOURS,
  };
}

export const DEAD_PER_PAGE = 50;

/** Dead outbox messages, newest first, by id. The payload is not read: it may hold e-mail addresses. */
export async function listDeadMessages(db: DbOrTx, input: { before?: string | null; topic?: string | null }): Promise<DeadMessagesPage> {
  const before = Number(input.before);
  const topic = (input.topic ?? "").trim().slice(0, 64);
  const rows = await db
    .select({
      id: outbox.id,
      topic: outbox.topic,
      tries: outbox.tries,
      lastError: outbox.lastError,
      created: outbox.created,
      modified: outbox.modified,
      requestId: outbox.requestId,
      attemptId: sql<string | null>`${outbox.payload}->>'attempt_id'`,
    })
    .from(outbox)
    .where(
      and(
        eq(outbox.state, "dead"),
        topic ? eq(outbox.topic, topic) : undefined,
        Number.isSafeInteger(before) && before > 0 ? sql`${outbox.id} < ${before}` : undefined,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(DEAD_PER_PAGE + 1);
  const page = rows.slice(0, DEAD_PER_PAGE);
  return {
    topic,
    rows: page.map((r) => ({
      id: r.id,
      topic: r.topic,
      tries: r.tries,
      lastError: r.lastError,
      created: r.created.toISOString(),
      modified: r.modified.toISOString(),
      requestId: r.requestId,
      attemptId: r.attemptId,
    })),
    nextBefore: rows.length > DEAD_PER_PAGE ? String(page[page.length - 1]!.id) : null,
  };
}
