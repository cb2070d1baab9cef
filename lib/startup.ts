import { EnvError, getEnv } from "@/lib/env";

/** Start-up sequence of the server process (called from instrumentation.ts). */
export async function startServer(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  for (const warning of env.warnings) console.warn(`[invigil] ${warning}`);

  const { getDatabase, migrationState, openDatabase } = await import("@/db/client");
  let handle;
  try {
    handle = await getDatabase();
  } catch (error) {
    const where = env.database.kind === "postgres" ? "the PostgreSQL server in DATABASE_URL" : `the embedded database in ${env.database.dataDir}`;
    console.error(
      `\nInvigil cannot start: it could not open or migrate ${where}.\n  ${(error as Error).message}\n` +
        (env.database.kind === "postgres"
          ? "Check that the server is running and that DATABASE_URL names an existing database and a user allowed to create tables.\n"
          : "Only one Invigil process may use an embedded data folder at a time; set INVIGIL_DATA_DIR to use another.\n"),
    );
    process.exit(1);
  }
  const state = await migrationState(handle.db);
  console.log(`[invigil] database: ${handle.kind}, migration ${state.current ?? "none"}`);

  if (env.seedDemo) {
    const { seedDemo } = await import("@/db/seed");
    await seedDemo(handle.db);
    console.log("[invigil] demo data loaded");
  }
  // Site settings and backend rows cached per instance, dropped by NOTIFY (decision 043). Started
  // after the demo data so nothing stale from before it can be cached; if LISTEN fails, readers
  // simply keep going to the database.
  const { startConfigCache } = await import("@/lib/data/config-cache");
  await startConfigCache(handle.db).catch((error: unknown) => console.warn("[invigil] configuration cache not started:", (error as Error).message));
  // The outbox worker and the expiry sweeper: side effects after commit, and abandoned
  // attempts submitted at their expiry even when nobody reads them.
  // On PostgreSQL in a production build the outbox worker runs in a worker thread of its own, at
  // a lower scheduling priority, so the main thread answers requests only (decision 056);
  // otherwise it runs here, on a small pool of its own on PostgreSQL, so a burst of deliveries
  // never takes the connections the timer poll and the sweeper need (decision 047).
  const { startBackgroundJobs, OUTBOX_DB_CONNECTIONS } = await import("@/lib/jobs/runner");
  const { outboxPlacement, startOutboxThread, OUTBOX_THREAD_NICE } = await import("@/lib/jobs/outbox-thread");
  const placement = outboxPlacement({ nodeEnv: env.nodeEnv, database: env.database, setting: env.outboxWorker });
  if (placement.where === "thread") {
    startOutboxThread(placement.entry, {
      databaseUrl: placement.databaseUrl,
      mail: env.smtp ?? null,
      baseUrl: env.baseUrl,
      intervalMs: 1_000,
      nice: OUTBOX_THREAD_NICE,
    });
    startBackgroundJobs(handle.db, { outbox: false });
    console.log("[invigil] outbox worker: in a worker thread of its own");
  } else {
    const outboxDb =
      env.database.kind === "postgres"
        ? (await openDatabase({ kind: "postgres", url: env.database.url, max: OUTBOX_DB_CONNECTIONS, planEachRun: true })).db
        : undefined;
    if (outboxDb) {
      const { shareConfigCache } = await import("@/lib/data/config-cache");
      shareConfigCache(handle.db, outboxDb);
    }
    startBackgroundJobs(handle.db, { mail: env.smtp, outboxDb });
    if (placement.warn) console.warn(`[invigil] outbox worker: on the main thread, because ${placement.reason}`);
    else console.log(`[invigil] outbox worker: on the main thread (${placement.reason})`);
  }
  // Timer heartbeats are written in batches every second (decision 010): write the last batch too.
  const { flushHeartbeatsOnShutdown } = await import("@/lib/services/attempt/heartbeats");
  flushHeartbeatsOnShutdown(handle.db);
  if (!env.smtp) console.warn("[invigil] SMTP_URL is not set: learner e-mails are skipped.");

  if (env.demoLogin) console.warn("[invigil] demo sign-in is ENABLED: anyone can sign in as a seeded user.");
}
