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
