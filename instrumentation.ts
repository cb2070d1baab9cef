/**
 * Runs once when the server starts: validate configuration, open and migrate the database, and
 * load the demo data when asked. A bad configuration stops the server with a message that says
 * what to fix, instead of failing on the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServer } = await import("./lib/startup");
  await startServer();
}

/**
 * Every error a page, route or server action did not handle (Next calls this in the server
 * process): one that says the database is unavailable makes the process remember it, so the
 * proxy answers the next page requests with the outage page (decision 048).
 */
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { noteDatabaseOutage } = await import("./lib/data/outage");
  noteDatabaseOutage(error);
}
