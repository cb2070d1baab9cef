import postgres from "postgres";
import { redact } from "./config";

/**
 * A fresh PostgreSQL database per run, on the server of `adminUrl` (the machine's PostgreSQL by
 * default, `BENCH_PG_URL` overrides), created empty and dropped at the end, so a run never
 * touches anyone's data and leaves nothing behind.
 */

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase {
  name: string;
  /** The database's URL (the admin URL with its path replaced). */
  url: string;
  /** Whether this run created it (and so may drop it). */
  created: boolean;
}

export function benchDatabase(adminUrl: string, name: string): BenchDatabase {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), created: false };
}

/** CREATE DATABASE; an error says what to check. */
export async function createDatabase(adminUrl: string, db: BenchDatabase): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`CREATE DATABASE "${db.name}"`);
    db.created = true;
  } catch (error) {
    throw new Error(
      `could not create database ${db.name} on ${redact(adminUrl)}: ${(error as Error).message}\n` +
        "Is PostgreSQL running on 127.0.0.1:5432 with trust auth for user postgres? (BENCH_PG_URL overrides.)",
    );
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Creates the database and applies the app's migrations (db/client.ts), as the server's start-up would. */
export async function createMigratedDatabase(adminUrl: string, db: BenchDatabase): Promise<void> {
  await createDatabase(adminUrl, db);
  const { openDatabase, migrateDatabase } = await import("@/db/client");
  const handle = await openDatabase({ kind: "postgres", url: db.url, max: 2 });
  try {
    await migrateDatabase(handle, db.url);
  } finally {
    await handle.close();
  }
}

/** DROP DATABASE … WITH (FORCE) when this run created it and `keep` is false; says what it did. */
export async function dropDatabase(adminUrl: string, db: BenchDatabase, options: { keep: boolean; log: (message: string) => void }): Promise<void> {
  if (!db.created) return;
  if (options.keep) {
    options.log(`kept database ${db.name}: drop it with  psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE "${db.name}" WITH (FORCE)'`);
    return;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
    db.created = false;
    options.log(`dropped database ${db.name}`);
  } catch (error) {
    console.error(`[bench] could not drop database ${db.name}: ${(error as Error).message}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * The PostgreSQL server's version and the settings that could move its figures, in one line for
 * the report, so a figure can be read against the server it came from (this workplace's server
 * runs without autovacuum, for one; measured, that did not raise a submit's PostgreSQL CPU in a
 * run of this length: decision 055).
 */
export async function postgresSettingsLine(url: string): Promise<string> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const rows = await client.unsafe(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'autovacuum', 'shared_buffers', 'synchronous_commit', 'fsync') ORDER BY name`,
    );
    const settings = Object.fromEntries(rows.map((r) => [String(r.name), String(r.setting)]));
    const buffersMb = Math.round((Number(settings.shared_buffers) * 8) / 1024);
    return (
      `PostgreSQL ${settings.server_version}: autovacuum ${settings.autovacuum}, shared_buffers ${buffersMb} MB, ` +
      `synchronous_commit ${settings.synchronous_commit}, fsync ${settings.fsync}`
    );
  } catch (error) {
    return `PostgreSQL settings not read: ${(error as Error).message}`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
