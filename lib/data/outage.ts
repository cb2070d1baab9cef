import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { markDatabaseDown, markDatabaseUp, outageState } from "./outage-state";
import { databaseUnavailableCode } from "@/lib/domain/database-unavailable";

/** How often a process that met an unavailable database asks it again (one `select 1`). */
export const PROBE_INTERVAL_MS = 500;

/**
 * Call with any error a request met: when it says the database is unavailable (decision 036), the
 * process remembers it (the proxy then answers pages with the outage page and 503 at once,
 * instead of rendering each one into a failure) and probes the database until it answers again.
 * Returns the unavailable code, or null for any other error (which changes nothing).
 *
 * Only the server process (Next sets NEXT_RUNTIME) remembers and probes: in unit tests the
 * app's database is swapped per test, and a probe would open whatever database comes next.
 */
export function noteDatabaseOutage(error: unknown, options: { remember?: boolean } = {}): string | null {
  const code = databaseUnavailableCode(error);
  if (!code) return null;
  if (options.remember ?? process.env.NEXT_RUNTIME === "nodejs") {
    markDatabaseDown();
    startProbe();
  }
  return code;
}

function startProbe(): void {
  const state = outageState();
  if (state.probing) return;
  state.probing = true;
  const tick = async () => {
    try {
      await (await getDb()).execute(sql`select 1`);
      markDatabaseUp();
      state.probing = false;
      return;
    } catch (error) {
      // Another kind of failure (not an outage) is not ours to judge here: the pages will meet it.
      if (!databaseUnavailableCode(error)) {
        markDatabaseUp();
        state.probing = false;
        return;
      }
      markDatabaseDown();
    }
    setTimeout(() => void tick(), PROBE_INTERVAL_MS).unref();
  };
  setTimeout(() => void tick(), PROBE_INTERVAL_MS).unref();
}
