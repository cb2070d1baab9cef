/**
 * Whether an error means the database cannot be used right now, as opposed to a wrong query: the
 * connection was refused, dropped or timed out, the server is shutting down or starting up, or it
 * has no connection slot left. A request that meets one is answered 503 with `Retry-After` (the
 * caller may simply try again; the learner pages keep their answers and heartbeats meanwhile),
 * never 500. The `cause` chain is walked: drizzle wraps the driver's error in its own.
 */

/** Node's socket errors for a server that is not there (or not reachable). */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** postgres.js' own codes for a connection that closed, ended, was destroyed or never opened. */
const DRIVER_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);
/**
 * PostgreSQL's SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the server is shutting
 * down, crashed, or cannot accept connections yet), 53300 (too many connections).
 */
function unavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * The code that says the database is unavailable (ECONNREFUSED, CONNECTION_CLOSED, 57P01 ...), or
 * null when the error is something else. The code is what the log shows: enough to act on, and no
 * message that could name a host or a secret.
 */
export function databaseUnavailableCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  for (let e = error; e !== null && e !== undefined && !seen.has(e) && seen.size < 8; e = field(e, "cause")) {
    seen.add(e);
    const code = field(e, "code");
    if (typeof code !== "string") continue;
    if (SOCKET_CODES.has(code) || DRIVER_CODES.has(code) || unavailableSqlState(code)) return code;
  }
  return null;
}

/** Seconds a caller is told to wait before trying again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const DATABASE_UNAVAILABLE_DETAIL = "The service cannot reach its database right now. Try again in a few seconds; nothing you sent was lost or half-written.";
