import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";
import { migrateDatabase, openDatabase, type DatabaseHandle, type DatabaseKind, type Db, type Tx } from "@/db/client";
import { discardHeartbeats } from "@/lib/services/attempt/heartbeats";

/**
 * Isolated, migrated databases for tests: one per test file (or per test, when it asks).
 *
 * test/global-setup.ts migrates once per run and provides where the migrated copy lives:
 * - embedded (DATABASE_URL unset): a PGlite data-folder dump, loaded into a fresh in-memory
 *   PGlite per call (about 0.4 s, against about 5 s for a fresh instance plus migrations; see
 *   `openDump` for what made it 0.4 s rather than 1.2 s);
 * - postgres (DATABASE_URL set): a template database, cloned per call with CREATE DATABASE ...
 *   TEMPLATE and dropped again on close.
 */

export type TestDatabaseSource =
  | { kind: "embedded"; dumpPath: string }
  | {
      kind: "postgres";
      /** The server's `postgres` maintenance database, where CREATE/DROP DATABASE run. */
      maintenanceUrl: string;
      template: string;
    };

declare module "vitest" {
  export interface ProvidedContext {
    invigilTestDatabase: TestDatabaseSource;
  }
}

export interface TestDatabase {
  db: Db;
  kind: DatabaseKind;
  /** Closes the client; on a real server, also drops the database. Safe to call twice. */
  close(): Promise<void>;
}

/** A database URL with its path replaced by another database name (query options kept). */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** Runs one statement on the maintenance database with a short-lived single connection. */
export async function onMaintenanceDatabase(maintenanceUrl: string, statement: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(maintenanceUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** The migrated PGlite dump, read once per test file. */
let dump: Promise<Uint8Array<ArrayBuffer>> | undefined;

/**
 * Small enough for any test's rows; PGlite's default of 128 MB is zeroed at every start, which
 * took about 0.7 of the 1.2 s an opening cost (decision 057).
 */
export const TEST_SHARED_BUFFERS = "16MB";

/**
 * Opens a PGlite from the dump. PGlite reads `loadDataDir` only through `arrayBuffer()` (then
 * untars it, copying each file into its own file system), so it gets the dump's own bytes: a
 * `Blob` would first copy the 42 MB and then read them back in chunks, about 0.35 s per opening.
 * The bytes are never written to: untar copies each file out of them.
 */
function openDump(bytes: Uint8Array<ArrayBuffer>): Promise<DatabaseHandle> {
  if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) {
    throw new Error("lib/testing/db: the dump must fill its own buffer");
  }
  const tarball = {
    type: "application/x-tar",
    size: bytes.byteLength,
    arrayBuffer: () => Promise.resolve(bytes.buffer),
  };
  return openDatabase({ kind: "embedded", loadDataDir: tarball as unknown as Blob, sharedBuffers: TEST_SHARED_BUFFERS });
}
let counter = 0;

/** A fresh, migrated database that no other test file sees. The caller must `close()` it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const source = inject("invigilTestDatabase");

  if (source?.kind === "postgres") {
    counter += 1;
    // Template names are unique per run, so clones of this run share its prefix: teardown
    // drops any a crashed test file left behind.
    const name = `${source.template}_${process.pid}_${counter}_${randomBytes(2).toString("hex")}`;
    await onMaintenanceDatabase(source.maintenanceUrl, `CREATE DATABASE "${name}" TEMPLATE "${source.template}"`);
    let handle: DatabaseHandle;
    try {
      handle = await openDatabase({ kind: "postgres", url: withDatabaseName(source.maintenanceUrl, name), max: 5 });
    } catch (error) {
      await onMaintenanceDatabase(source.maintenanceUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      throw error;
    }
    let closed: Promise<void> | undefined;
    return {
      db: handle.db,
      kind: "postgres",
      close: () =>
        (closed ??= (async () => {
          discardHeartbeats(handle.db);
          await handle.close();
          await onMaintenanceDatabase(source.maintenanceUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        })()),
    };
  }

  let handle: DatabaseHandle;
  if (source?.kind === "embedded") {
    dump ??= readFile(source.dumpPath);
    handle = await openDump(await dump);
  } else {
    // Not started by our Vitest config (no global setup): migrate from scratch, slower but correct.
    handle = await openDatabase({ kind: "embedded" });
    await migrateDatabase(handle);
  }
  let closed: Promise<void> | undefined;
  const embedded = handle;
  return {
    db: embedded.db,
    kind: "embedded",
    close: () => {
      // A buffered timer heartbeat must not be written to a database that is gone.
      discardHeartbeats(embedded.db);
      return (closed ??= embedded.close());
    },
  };
}

/**
 * Registers hooks that give the calling test file a database: one for the whole file (the
 * default, tests share rows and must not depend on each other's absence), or a fresh one per
 * test. Read `.db` inside tests or hooks, not at module level.
 */
export function setupTestDatabase(scope: "file" | "test" = "file"): {
  readonly db: Db;
  readonly kind: DatabaseKind;
} {
  let current: TestDatabase | undefined;
  const open = async () => {
    current = await createTestDatabase();
  };
  const close = async () => {
    const toClose = current;
    current = undefined;
    await toClose?.close();
  };
  if (scope === "file") {
    beforeAll(open);
    afterAll(close);
  } else {
    beforeEach(open);
    afterEach(close);
  }
  return {
    get db() {
      if (!current) throw new Error("setupTestDatabase: the database is only available inside tests and hooks");
      return current.db;
    },
    get kind() {
      if (!current) throw new Error("setupTestDatabase: the database is only available inside tests and hooks");
      return current.kind;
    },
  };
}

class Rollback extends Error {}

/**
 * Runs `fn` in a transaction that is always rolled back, and returns its result: per-test
 * isolation inside a per-file database at no cost. `fn` gets the transaction; code under test
 * must use it (its own `tx.transaction(...)` calls become savepoints). A failed statement aborts
 * the transaction, so check expected constraint errors with expectPgError outside of it, or
 * inside a nested `tx.transaction(...)`.
 */
export async function inRolledBackTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      result = { value: await fn(tx) };
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result!.value;
}

/**
 * The SQLSTATE of a database error, whichever driver raised it: drizzle wraps driver errors in
 * DrizzleQueryError with the original in `.cause`; PGlite and postgres.js both put the code in
 * `.code`. Returns undefined for anything else.
 */
export function pgErrorCode(error: unknown): string | undefined {
  return pgError(error)?.code;
}

/** The constraint a database error names (PGlite: `constraint`, postgres.js: `constraint_name`). */
export function pgErrorConstraint(error: unknown): string | undefined {
  const found = pgError(error);
  return found?.constraint ?? found?.constraint_name;
}

interface DriverError {
  code: string;
  constraint?: string;
  constraint_name?: string;
}

function pgError(error: unknown): DriverError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== "object") return undefined;
    const candidate = current as { code?: unknown; cause?: unknown };
    // SQLSTATEs are five characters; Node's own errors (ECONNREFUSED ...) are not.
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return current as DriverError;
    }
    current = candidate.cause;
  }
  return undefined;
}

/**
 * Asserts that a query fails with a given SQLSTATE (and, optionally, names a given constraint),
 * e.g. `await expectPgError(db.insert(exams).values(dup), "23505", "exams_course_content_key")`.
 * Takes drizzle's lazy query builders as well as promises.
 */
export async function expectPgError(query: PromiseLike<unknown>, code: string, constraint?: string): Promise<void> {
  try {
    await query;
  } catch (error) {
    const actual = pgErrorCode(error);
    if (actual !== code) {
      throw new Error(
        `expected Postgres error ${code}, got ${actual ?? "a non-database error"}: ${describe(error)}`,
        { cause: error },
      );
    }
    const actualConstraint = pgErrorConstraint(error);
    if (constraint !== undefined && actualConstraint !== constraint) {
      throw new Error(
        `expected Postgres error ${code} on constraint ${constraint}, got it on ${actualConstraint ?? "no constraint"}`,
        { cause: error },
      );
    }
    return;
  }
  throw new Error(`expected Postgres error ${code}, but the query succeeded`);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause instanceof Error ? `${message} (cause: ${cause.message})` : message;
}
