import { eq, sql } from "drizzle-orm";
import type { Sql } from "postgres";
import { describe, expect, it } from "vitest";
import { outbox } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { openDatabase, rowsOf } from "./client";
import { prepareHotStatements } from "./hot-statements";

/** A stand-in for postgres.js's `sql` that records what `unsafe` was asked, with transactions and savepoints. */
function recordingSql(calls: { query: string; prepare: boolean | undefined }[]): Sql {
  const make = (): Sql => {
    const fake = {
      unsafe: (query: string, _parameters?: unknown[], options?: { prepare?: boolean }) => {
        calls.push({ query, prepare: options?.prepare });
        return Promise.resolve([]);
      },
      begin: (...args: unknown[]) => (args[args.length - 1] as (tx: Sql) => unknown)(make()),
      savepoint: (...args: unknown[]) => (args[args.length - 1] as (tx: Sql) => unknown)(make()),
    };
    return fake as unknown as Sql;
  };
  return make();
}

describe("prepareHotStatements", () => {
  it("prepares a text from its second run on, in transactions and savepoints too", async () => {
    const calls: { query: string; prepare: boolean | undefined }[] = [];
    const client = recordingSql(calls);
    const hot = prepareHotStatements(client);
    const run = (c: Pick<Sql, "unsafe">, text: string) => c.unsafe(text, [1], { prepare: false });
    await run(client, "select $1");
    await client.begin(async (tx) => {
      await run(tx, "select $1");
      await tx.savepoint(async (sp) => run(sp, "select $1"));
    });
    expect(calls.map((c) => c.prepare)).toEqual([false, true, true]);
    expect(hot.prepared()).toEqual(["select $1"]);
  });

  it("leaves statements without parameters, and those already asked to be prepared, as they were", async () => {
    const calls: { query: string; prepare: boolean | undefined }[] = [];
    const client = recordingSql(calls);
    prepareHotStatements(client, { after: 1 });
    await client.unsafe("begin", [], { prepare: false });
    await client.unsafe("select $1", [1], { prepare: true });
    await client.unsafe("select 2");
    expect(calls.map((c) => c.prepare)).toEqual([false, true, undefined]);
  });

  it("prepares at most `max` texts: a text made per call stays unprepared", async () => {
    const calls: { query: string; prepare: boolean | undefined }[] = [];
    const client = recordingSql(calls);
    const hot = prepareHotStatements(client, { after: 2, max: 3 });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) await client.unsafe(`select $1 + ${i}`, [1], { prepare: false });
    }
    expect(hot.prepared()).toEqual(["select $1 + 0", "select $1 + 1", "select $1 + 2"]);
    const lastRound = calls.slice(20);
    expect(lastRound.filter((c) => c.prepare).map((c) => c.query)).toEqual(["select $1 + 0", "select $1 + 1", "select $1 + 2"]);
  });
});

const t = setupTestDatabase("test");

describe("prepareHotStatements on the app's database", () => {
  it("runs a drizzle statement prepared on its connection once it is hot (PostgreSQL), with the same rows", async () => {
    const [row] = await t.db.insert(outbox).values({ topic: "webhook.attempt_status", payload: { a: 1 }, nextAttemptAt: new Date("2031-05-01T10:00:00.000Z") }).returning();
    const listed = await t.db.transaction(async (tx) => {
      for (let i = 0; i < 4; i++) {
        const [back] = await tx.select().from(outbox).where(eq(outbox.id, row!.id));
        expect(back).toEqual(row);
      }
      if (t.kind !== "postgres") return null;
      return tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like ${'%from "outbox" where "outbox"."id" = $1'}`);
    });
    // PGlite runs no driver of ours to prepare with: the rows above are the check there.
    if (t.kind === "postgres") expect(rowsOf<{ n: number }>(listed)[0]!.n).toBe(1);
  });
  it("leaves the plan cache to PostgreSQL unless the pool is opened to plan each run", async () => {
    const mode = async (db: typeof t.db) => rowsOf<{ mode: string }>(await db.execute(sql`select current_setting('plan_cache_mode') as mode`))[0]!.mode;
    expect(await mode(t.db)).toBe("auto");
    if (t.kind !== "postgres") return;
    const url = process.env.DATABASE_URL!;
    const worker = await openDatabase({ kind: "postgres", url, max: 1, planEachRun: true });
    try {
      expect(await mode(worker.db)).toBe("force_custom_plan");
    } finally {
      await worker.close();
    }
  });
});
