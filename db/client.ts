import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { getEnv, type Env } from "@/lib/env";
import { prepareHotStatements } from "./hot-statements";
import { runOwnTransactions } from "./own-transactions";
import * as schema from "./schema";

/**
 * One database client for the whole app: embedded Postgres (PGlite) when DATABASE_URL is unset,
 * the `postgres` driver when it is set. Same schema, same migrations, same queries on both.
 */

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or a transaction inside it. */
export type DbOrTx = Db | Tx;

export type DatabaseKind = "embedded" | "postgres";

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** Embedded only: a tarball of the data folder, for `openDatabase({ loadDataDir })` (test fixtures). */
  dumpDataDir?: (compression?: "none" | "gzip") => Promise<Blob | File>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

type OpenOptions =
  | {
      kind: "postgres";
      url: string;
      max?: number;
      /**
       * Plan prepared statements for their values every time (`plan_cache_mode =
       * force_custom_plan`): for a pool whose statements join tables that grow by thousands of
       * rows a minute (the outbox worker's), where a generic plan made while they were small
       * goes on reading them whole (decision 054).
       */
      planEachRun?: boolean;
    }
  | {
      kind: "embedded";
      dataDir?: string;
      loadDataDir?: Blob | File;
      /**
       * PostgreSQL's `shared_buffers` for this embedded instance, such as "16MB". Left unset, PGlite's
       * 128 MB, which it zeroes at every start: about 0.7 s on two cores, most of the cost of
       * opening a test database from a dump (lib/testing/db.ts, decision 057).
       */
      sharedBuffers?: string;
    };

/**
 * How long postgres.js waits before reconnecting, by failed attempts so far. Its default grows to
 * 10-20 s, and the count is shared by the whole pool and its LISTEN connection: six seconds of
 * failed requests during an outage left live boards and queries waiting ~8-19 s after the database
 * was back (decision 044). Capped at one second: a reconnect attempt is one refused socket, cheap
 * for the app and for a database that is down.
 */
export function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1);
}

/** Opens a database without migrating it. Callers own the handle and must close it. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.kind === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      backoff: reconnectDelaySeconds,
      ...(options.planEachRun ? { connection: { plan_cache_mode: "force_custom_plan" } } : {}),
    });
    // Transactions of our own: BEGIN leaves with the first statement, and a connection lost
    // mid-transaction is not written to again (decision 058).
    runOwnTransactions(client);
    // Statements run again and again become prepared statements: one round trip instead of two.
    prepareHotStatements(client);
    const db = drizzle(client, { schema }) as unknown as Db;
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (options.dataDir && !options.dataDir.startsWith("memory://")) {
    mkdirSync(options.dataDir, { recursive: true });
  }
  // pg_trgm backs the dashboard's username/email search index (migration 0006), as on Postgres.
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const client = await PGlite.create({
    extensions: { pg_trgm },
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    ...(options.sharedBuffers ? { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${options.sharedBuffers}`] } : {}),
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "embedded",
    close: () => client.close(),
    dumpDataDir: (compression = "none") => client.dumpDataDir(compression),
  };
}

/** Applies every committed migration that this database has not seen yet. */
export async function migrateDatabase(handle: DatabaseHandle, postgresUrl?: string): Promise<void> {
  if (handle.kind === "embedded") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // The PGlite driver's migrator is typed for its own database class; ours is the same object.
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  if (!postgresUrl) throw new Error("migrateDatabase: a Postgres URL is needed to take the migration lock");
  // Several app instances may start at once: one migrates while the others wait on the lock.
  // A single-connection client keeps the advisory lock and the migration on the same session.
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(postgresUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await client`select pg_advisory_lock(7402113)`;
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(7402113)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

function readJournal(): JournalEntry[] {
  const raw = readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8");
  return (JSON.parse(raw) as { entries: JournalEntry[] }).entries;
}

export interface MigrationState {
  /** Tag of the newest applied migration, e.g. `0001_append_only_logs`, or null. */
  current: string | null;
  /** Tag of the newest migration in the code. */
  latest: string | null;
  pending: number;
}

/** Which committed migrations the database has applied (drizzle records each one's timestamp). */
export async function migrationState(db: DbOrTx): Promise<MigrationState> {
  const journal = readJournal();
  const rows = await db.execute<{ created_at: string | number }>(
    sql`select created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { created_at: string | number }[] }).rows;
  const applied = new Set(list.map((r) => Number(r.created_at)));
  const appliedEntries = journal.filter((e) => applied.has(e.when));
  return {
    current: appliedEntries.at(-1)?.tag ?? null,
    latest: journal.at(-1)?.tag ?? null,
    pending: journal.length - appliedEntries.length,
  };
}

/** Rows of a raw `db.execute` on either driver (postgres.js returns an array, PGlite `{rows}`). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

function optionsFromEnv(env: Env): OpenOptions {
  return env.database.kind === "postgres"
    ? { kind: "postgres", url: env.database.url }
    : { kind: "embedded", dataDir: env.database.dataDir };
}

// The handle lives on globalThis: Next can load this module more than once in one process
// (instrumentation, route handlers, server components), and PGlite must be opened only once per
// data folder.
const store = globalThis as unknown as { __invigilDatabase?: Promise<DatabaseHandle> };

/** The app's database, opened and migrated on first use. */
export function getDatabase(): Promise<DatabaseHandle> {
  store.__invigilDatabase ??= (async () => {
    const env = getEnv();
    const handle = await openDatabase(optionsFromEnv(env));
    try {
      await migrateDatabase(handle, env.database.kind === "postgres" ? env.database.url : undefined);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    return handle;
  })().catch((error: unknown) => {
    store.__invigilDatabase = undefined;
    throw error;
  });
  return store.__invigilDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Closes the app's database (CLI and scripts; Node would not exit with PGlite open). */
export async function closeDatabase(): Promise<void> {
  const pending = store.__invigilDatabase;
  store.__invigilDatabase = undefined;
  if (pending) await (await pending).close();
}

/**
 * Tests that call route handlers in-process point the app's database at their own isolated
 * one (and back with `undefined`). Never used by the app itself.
 */
export function setAppDatabaseForTests(handle: DatabaseHandle | undefined): void {
  store.__invigilDatabase = handle ? Promise.resolve(handle) : undefined;
}
