import type { Db } from "@/db/client";

/**
 * LISTEN on either database client behind drizzle (`db.$client`):
 * - postgres.js: `sql.listen(channel, fn, onlisten)` opens one dedicated connection per client
 *   (shared by all its channels), and after a dropped connection reconnects and listens again by
 *   itself, calling `onlisten` each time; notifications sent while it was away are lost.
 * - PGlite: `pg.listen(channel, fn)` on the embedded instance; NOTIFYs of the same process (the
 *   only writers an embedded database has) are delivered after each statement's commit.
 */

type Unlisten = () => Promise<void>;

interface PostgresJsClient {
  (...args: never[]): unknown;
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<{ unlisten(): Promise<void> }>;
}

interface PgliteClient {
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

export interface ListenHandlers {
  onNotify(payload: string): void;
  /** Called after the first LISTEN succeeded and again after every re-LISTEN of a reconnect. */
  onListen?(): void;
}

function clientOf(db: Db): unknown {
  return (db as unknown as { $client?: unknown }).$client;
}

/** Starts listening; resolves once the LISTEN is in effect, with the function that stops it. */
export async function listenOn(db: Db, channel: string, handlers: ListenHandlers): Promise<Unlisten> {
  const client = clientOf(db);
  if (typeof client === "function" && typeof (client as Partial<PostgresJsClient>).listen === "function") {
    const meta = await (client as PostgresJsClient).listen(channel, handlers.onNotify, handlers.onListen);
    return () => meta.unlisten();
  }
  if (client && typeof client === "object" && typeof (client as Partial<PgliteClient>).listen === "function") {
    const unlisten = await (client as PgliteClient).listen(channel, handlers.onNotify);
    handlers.onListen?.();
    return () => unlisten();
  }
  throw new Error("listenOn: the database client supports no LISTEN (neither postgres.js nor PGlite)");
}
