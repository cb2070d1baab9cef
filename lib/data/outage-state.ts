/**
 * What this process knows about its database right now: "down" from the moment a request met an
 * unavailable database (lib/data/outage.ts) until a probe query succeeds again. Kept on
 * globalThis: the proxy (proxy.ts), route handlers and server components are separate bundles in
 * one Node process, and all of them must see the same state. No imports, so the proxy can read it
 * without pulling the database client into its bundle.
 */

interface OutageState {
  down: boolean;
  /** When an unavailable database was last met (ms since the epoch). */
  notedAt: number;
  probing: boolean;
}

/**
 * How long a "down" lasts without being met again, as a safety net: should the probe never get
 * an answer (a database address that swallows packets makes each try wait for its time-out),
 * pages are still tried for real after this long.
 */
export const OUTAGE_STATE_TTL_MS = 30_000;

const KEY = Symbol.for("invigil.databaseOutage");
const store = globalThis as unknown as Record<symbol, OutageState | undefined>;

export function outageState(): OutageState {
  return (store[KEY] ??= { down: false, notedAt: 0, probing: false });
}

/** True while this process knows its database is unreachable (and has not seen it answer since). */
export function databaseKnownDown(now: number = Date.now()): boolean {
  const state = outageState();
  return state.down && now - state.notedAt < OUTAGE_STATE_TTL_MS;
}

export function markDatabaseDown(now: number = Date.now()): void {
  const state = outageState();
  state.down = true;
  state.notedAt = now;
}

export function markDatabaseUp(): void {
  outageState().down = false;
}
