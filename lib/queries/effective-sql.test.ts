import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { attempts, type Attempt } from "@/db/schema";
import { effectiveAttempt } from "@/lib/domain/effective-attempt";
import { ATTEMPT_STATUSES } from "@/lib/domain/statuses";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeExam, makeUser } from "@/lib/testing/factories";
import { effectiveStatusSql } from "./effective-sql";

const t = setupTestDatabase();
const NOW = new Date("2026-06-01T12:00:00.000Z");
const MIN = 60_000;
let stored: Attempt[] = [];

beforeAll(async () => {
  const exam = await makeExam(t.db, { isProctored: true });
  // Every status, started long ago, just before, exactly at and just after the expiry instant, and without a limit.
  const starts: [Date | null, number | null][] = [
    [new Date(NOW.getTime() - 120 * MIN), 30],
    [new Date(NOW.getTime() - 30 * MIN + 1), 30],
    [new Date(NOW.getTime() - 30 * MIN), 30],
    [new Date(NOW.getTime() - 30 * MIN - 1), 30],
    [new Date(NOW.getTime() - 120 * MIN), null],
    [null, null],
  ];
  for (const status of ATTEMPT_STATUSES) {
    for (const [startedAt, allowedTimeLimitMins] of starts) {
      const user = await makeUser(t.db);
      await makeAttempt(t.db, { exam, userId: user.id, status, startedAt, allowedTimeLimitMins });
    }
  }
  stored = await t.db.select().from(attempts).orderBy(attempts.id);
});

describe("effectiveStatusSql agrees with effectiveAttempt", () => {
  it.each([false, true])("allowTimedOutState %s", async (allowTimedOutState) => {
    const rows = rowsOf<{ id: number; status: string }>(
      await t.db.execute(sql`select a.id, ${effectiveStatusSql("a", NOW, { allowTimedOutState })} as status from attempts a order by a.id`),
    );
    expect(rows.length).toBe(stored.length);
    const expected = stored.map((a) => ({ id: a.id, status: effectiveAttempt(a, NOW, { allowTimedOutState }).status }));
    expect(rows.map((r) => ({ id: Number(r.id), status: r.status }))).toEqual(expected);
    // Not trivially equal: some attempts are expired in effect.
    expect(expected.filter((e, i) => e.status !== stored[i]!.status).length).toBeGreaterThan(0);
  });

  it("refuses an alias that is not a plain identifier", () => {
    expect(() => effectiveStatusSql("a; drop table attempts", NOW)).toThrow();
  });
});
