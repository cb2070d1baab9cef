import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "@/db/client";
import { parseEnv } from "@/lib/env";
import { onMaintenanceDatabase, TEST_SHARED_BUFFERS, withDatabaseName } from "@/lib/testing/db";

/**
 * Migrates once per test run, so each test file only has to copy a migrated database
 * (lib/testing/db.ts):
 * - DATABASE_URL unset: an in-memory PGlite is migrated and its data folder dumped to a file;
 * - DATABASE_URL set: a uniquely named template database is created on that server and
 *   migrated; it and every clone made from it are dropped at the end of the run.
 * The database named in DATABASE_URL itself is never touched: only its server is used.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The same validation as the app, so a malformed DATABASE_URL fails here with the same message.
  const database = parseEnv(process.env).database;
  const runId = randomBytes(4).toString("hex");

  if (database.kind === "embedded") {
    const dumpPath = path.join(os.tmpdir(), `invigil-test-${process.pid}-${runId}.tar`);
    // Small shared buffers, as each test file's copy opens with (lib/testing/db.ts).
    const handle = await openDatabase({ kind: "embedded", sharedBuffers: TEST_SHARED_BUFFERS });
    try {
      await migrateDatabase(handle);
      if (!handle.dumpDataDir) throw new Error("global-setup: the embedded database cannot be dumped");
      const dump = await handle.dumpDataDir("none");
      await writeFile(dumpPath, new Uint8Array(await dump.arrayBuffer()));
    } finally {
      await handle.close();
    }
    project.provide("invigilTestDatabase", { kind: "embedded", dumpPath });
    return async () => {
      await rm(dumpPath, { force: true });
    };
  }

  const maintenanceUrl = withDatabaseName(database.url, "postgres");
  const template = `invigil_test_${runId}`;
  const dropRun = async () => {
    // Clones left by a test file that crashed before closing its database, then the template.
    const { default: postgres } = await import("postgres");
    const admin = postgres(maintenanceUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      const rows = await admin<{ datname: string }[]>`
        select datname from pg_database where starts_with(datname, ${`${template}_`}) order by datname`;
      for (const { datname } of rows) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };

  await onMaintenanceDatabase(maintenanceUrl, `CREATE DATABASE "${template}"`);
  try {
    // migrateDatabase opens (and closes) its own single connection for the lock and the DDL;
    // the handle is only what its signature asks for. Nothing may stay connected to a template.
    const templateUrl = withDatabaseName(maintenanceUrl, template);
    const handle = await openDatabase({ kind: "postgres", url: templateUrl, max: 1 });
    try {
      await migrateDatabase(handle, templateUrl);
    } finally {
      await handle.close();
    }
  } catch (error) {
    await dropRun();
    throw error;
  }
  project.provide("invigilTestDatabase", { kind: "postgres", maintenanceUrl, template });
  return dropRun;
}
