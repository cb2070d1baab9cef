import net from "node:net";
import { sql } from "drizzle-orm";
import { integer, pgTable } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { builtStatement } from "@/lib/data/built-statement";
import { databaseUnavailableCode } from "@/lib/domain/database-unavailable";
import { openDatabase, rowsOf, type DatabaseHandle } from "./client";
import { endsConnection, sendWithCommit } from "./own-transactions";

describe("endsConnection", () => {
  it("is true for a lost connection or a session PostgreSQL ended, false for a statement's own failure", () => {
    expect(endsConnection(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }))).toBe(true);
    expect(endsConnection(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(endsConnection({ code: "57P01", severity: "FATAL", message: "terminating connection due to administrator command" })).toBe(true);
    expect(endsConnection({ code: "XX000", severity: "FATAL", message: "a fatal error of another class" })).toBe(true);
    expect(endsConnection(new Error("Failed query", { cause: { code: "08006" } }))).toBe(true);
    expect(endsConnection({ code: "22012", severity: "ERROR", message: "division by zero" })).toBe(false);
    expect(endsConnection({ code: "23505", severity: "ERROR", message: "duplicate key value" })).toBe(false);
    expect(endsConnection(new Error("a service error of ours"))).toBe(false);
    expect(endsConnection(null)).toBe(false);
  });
});

// The rest is about the app's postgres.js pool; the embedded database (PGlite) runs its own
// transactions and has no connection to lose.
const source = inject("invigilTestDatabase");
const maintenanceUrl = source?.kind === "postgres" ? source.maintenanceUrl : null;

/** A TCP relay to PostgreSQL that counts what the client sends, one count per arriving chunk. */
async function countingRelay(target: URL): Promise<{ port: number; sent: () => number; reset: () => void; close: () => Promise<void> }> {
  let chunks = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on("data", () => {
      chunks += 1;
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sent: () => chunks,
    reset: () => {
      chunks = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Temporary tables of these tests, and a write to each as the app writes its last statement (built once, prepared). */
const lastTable = pgTable("own_tx_last", { n: integer("n").primaryKey() });
const failingTable = pgTable("own_tx_failing", { n: integer("n").primaryKey() });
const insertLast = builtStatement("test_own_tx_last", (db) => db.insert(lastTable).values({ n: sql.placeholder("n") }), (row) => row);
const insertFailing = builtStatement("test_own_tx_failing", (db) => db.insert(failingTable).values({ n: sql.placeholder("n") }), (row) => row);

describe("the app's transactions on PostgreSQL", () => {
  let admin: postgres.Sql | null = null;
  const handles: DatabaseHandle[] = [];
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  const open = async (url: string) => {
    const handle = await openDatabase({ kind: "postgres", url, max: 1 });
    handles.push(handle);
    return handle;
  };
  /** The test database through a relay that counts the client's writes; closed after the case. */
  const relays: Awaited<ReturnType<typeof countingRelay>>[] = [];
  const openThroughRelay = async (url: string) => {
    const relay = await countingRelay(new URL(url));
    relays.push(relay);
    const relayed = new URL(url);
    relayed.hostname = "127.0.0.1";
    relayed.port = String(relay.port);
    return { relay, ...(await open(relayed.toString())) };
  };

  beforeAll(() => {
    if (maintenanceUrl) admin = postgres(maintenanceUrl, { max: 1, onnotice: () => {} });
    process.on("uncaughtException", onUncaught);
  });
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
    await Promise.all(relays.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    process.off("uncaughtException", onUncaught);
    await admin?.end({ timeout: 5 });
  });

  it("sends BEGIN in the same write as the first statement: one round trip fewer", async () => {
    if (!maintenanceUrl) return;
    const { db, relay } = await openThroughRelay(maintenanceUrl);
    await db.execute(sql`select 1`); // connects: the start-up exchange is not counted
    relay.reset();
    const rows = await db.transaction(async (tx) => {
    const first = rowsOf<{ n: number }>(await tx.execute(sql`select 1 as n`));
    const second = rowsOf<{ n: number }>(await tx.execute(sql`select 2 as n`));
    return [...first, ...second].map((r) => r.n);
    });
    expect(rows).toEqual([1, 2]);
    // BEGIN with the first statement, the second, COMMIT: three writes (four with BEGIN alone).
    expect(relay.sent()).toBe(3);
  });

  it("commits, rolls back on an error, and rolls a nested transaction back to its savepoint", async () => {
    if (!maintenanceUrl) return;
    const { db } = await open(maintenanceUrl);
    // One connection: the temporary table is this session's.
    await db.execute(sql`create temporary table own_tx_rows (n int primary key)`);
    const values = async () => rowsOf<{ n: number }>(await db.execute(sql`select n from own_tx_rows order by n`)).map((r) => r.n);

    await db.transaction(async (tx) => {
    await tx.execute(sql`insert into own_tx_rows values (1)`);
    });
    await expect(
    db.transaction(async (tx) => {
      await tx.execute(sql`insert into own_tx_rows values (2)`);
      throw new Error("a service error of ours");
    }),
    ).rejects.toThrow("a service error of ours");
    await db.transaction(async (tx) => {
    await tx.execute(sql`insert into own_tx_rows values (3)`);
    await expect(
      tx.transaction(async (inner) => {
        await inner.execute(sql`insert into own_tx_rows values (4)`);
        await inner.execute(sql`insert into own_tx_rows values (1)`); // duplicate key
      }),
    ).rejects.toThrow();
    await tx.execute(sql`insert into own_tx_rows values (5)`);
    });
    expect(await values()).toEqual([1, 3, 5]);
  });

  it("fails a transaction whose statement failed even when the callback caught the error: nothing is committed", async () => {
    if (!maintenanceUrl) return;
    const { db } = await open(maintenanceUrl);
    await db.execute(sql`create temporary table own_tx_caught (n int)`);
    const error = await db
    .transaction(async (tx) => {
      await tx.execute(sql`insert into own_tx_caught values (1)`);
      await tx.execute(sql`select 1 / 0`).catch(() => null);
      return "done";
    })
    .then(
      () => null,
      (e: unknown) => e,
    );
    // The statement's own error (division by zero), as postgres.js's own transactions throw it.
    expect(databaseUnavailableCode(error)).toBeNull();
    expect((error as { code?: string }).code).toBe("22012");
    expect(rowsOf(await db.execute(sql`select n from own_tx_caught`))).toEqual([]);
  });

  it("sends a last write with the COMMIT: one round trip fewer, and it is committed", async () => {
    if (!maintenanceUrl) return;
    const { db, relay } = await openThroughRelay(maintenanceUrl);
    await db.execute(sql`create temporary table own_tx_last (n int primary key)`);
    // Its first run prepares the statement on the connection (a round trip of its own), as
    // the app's hot statements are long prepared when a submit comes.
    await insertLast(db, { n: 0 });
    relay.reset();
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into own_tx_last values (1)`);
      await sendWithCommit(tx, () => insertLast(tx, { n: 2 }));
    });
    // BEGIN with the first insert, then the second insert with COMMIT.
    expect(relay.sent()).toBe(2);

    // A write that reaches the connection only after an await is awaited instead: it could
    // otherwise leave after the COMMIT.
    relay.reset();
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into own_tx_last values (3)`);
      await sendWithCommit(tx, async () => {
        await Promise.resolve();
        return insertLast(tx, { n: 4 });
      });
    });
    expect(relay.sent()).toBe(3);
    expect(rowsOf<{ n: number }>(await db.execute(sql`select n from own_tx_last order by n`)).map((r) => r.n)).toEqual([0, 1, 2, 3, 4]);
  });

  it("a last write that fails fails the transaction with its own error, also when a statement followed it", async () => {
    if (!maintenanceUrl) return;
    const { db } = await open(maintenanceUrl);
    await db.execute(sql`create temporary table own_tx_failing (n int primary key)`);
    await db.execute(sql`insert into own_tx_failing values (1)`);
    const codeOf = (e: unknown) => (e as { cause?: { code?: string }; code?: string }).cause?.code ?? (e as { code?: string }).code;

    const alone = await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into own_tx_failing values (2)`);
        await sendWithCommit(tx, () => insertFailing(tx, { n: 1 }));
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(codeOf(alone)).toBe("23505");

    const followed = await db
      .transaction(async (tx) => {
        await sendWithCommit(tx, () => insertFailing(tx, { n: 1 }));
        await tx.execute(sql`insert into own_tx_failing values (3)`);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(codeOf(followed)).toBe("23505");
    expect(rowsOf<{ n: number }>(await db.execute(sql`select n from own_tx_failing order by n`)).map((r) => r.n)).toEqual([1]);
  });

  it("a connection lost mid-transaction fails it as unavailable, writes nothing more to it, and the pool serves the next requests", async () => {
    if (!maintenanceUrl || !admin) return;
    const { db } = await open(maintenanceUrl);
    const killer = admin;
    const error = await db
      .transaction(async (tx) => {
        const [row] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
        const terminate = setTimeout(() => void killer`select pg_terminate_backend(${row!.pid})`.catch(() => {}), 150);
        try {
          await tx.execute(sql`select pg_sleep(5)`);
        } finally {
          clearTimeout(terminate);
        }
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).not.toBeNull();
    expect(databaseUnavailableCode(error)).not.toBeNull();

    // The pool's one connection reconnects. Its first statement may still meet the ended
    // session's error (postgres.js hands it on; the app answers it with a 503): what matters is
    // that the requests after it are served, where before a ROLLBACK written to the dead socket
    // left the connection waiting forever.
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await db.execute(sql`select ${i}::int as i`).then(
          (r) => `row ${rowsOf<{ i: number }>(r)[0]!.i}`,
          (e: unknown) => `unavailable ${databaseUnavailableCode(e)}`,
        ),
      );
    }
    expect(answers.slice(1)).toEqual(["row 1", "row 2"]);
    expect(answers[0]).toMatch(/^(row 0|unavailable \S+)$/);
    const committed = await db.transaction(async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select 7 as n`))[0]!.n);
    expect(committed).toBe(7);
    expect(uncaught).toEqual([]);
  });
});
