import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { outbox } from "@/db/schema";
import type { OutboxTopicFigures } from "@/lib/metrics";

/**
 * The outbox gauges of GET /api/metrics, in one statement. Each half of the union filters on
 * exactly the predicate of a partial index (outbox_due_idx for pending, outbox_dead_idx for
 * dead), so a scrape never walks the delivered messages, however many there are.
 */
export async function readOutboxFigures(db: DbOrTx, now: Date): Promise<OutboxTopicFigures[]> {
  const rows = rowsOf<{ topic: string; state: string; count: number | string; oldest: string | Date | null }>(
    await db.execute(sql`
      select ${outbox.topic} as topic, 'pending' as state, count(*)::int as count, min(${outbox.created}) as oldest
        from ${outbox} where ${outbox.state} = 'pending' group by ${outbox.topic}
      union all
      select ${outbox.topic} as topic, 'dead' as state, count(*)::int as count, null as oldest
        from ${outbox} where ${outbox.state} = 'dead' group by ${outbox.topic}`),
  );
  const topics = new Map<string, OutboxTopicFigures>();
  for (const row of rows) {
    let figures = topics.get(row.topic);
    if (!figures) topics.set(row.topic, (figures = { topic: row.topic, pending: 0, dead: 0, oldestPendingSeconds: null }));
    if (row.state === "dead") {
      figures.dead = Number(row.count);
    } else {
      figures.pending = Number(row.count);
      // A clock a little behind the database's must not give a negative age.
      if (row.oldest !== null) figures.oldestPendingSeconds = Math.max(0, (now.getTime() - new Date(row.oldest).getTime()) / 1000);
    }
  }
  return [...topics.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}
