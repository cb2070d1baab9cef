import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { listenOn } from "@/lib/realtime/notifications";

/**
 * Per-instance cache of configuration (site settings, backend rows), kept honest by Postgres
 * LISTEN/NOTIFY (decision 043): every writer calls `notifyConfigChanged` inside its transaction, so
 * the NOTIFY is delivered to every instance only if, and when, the change commits.
 *
 * While the LISTEN connection is down a NOTIFY can be lost, so:
 * - every (re)LISTEN drops every entry (whatever changed while we were away is read again);
 * - every entry also expires after `ttlMs` (a safety net bounding staleness if a drop goes unseen).
 */
export const CONFIG_CHANNEL = "invigil_config";

/** Bounds how stale an entry can be when a NOTIFY was lost without the connection noticing. */
export const DEFAULT_CONFIG_TTL_MS = 30_000;

/** Sends the invalidation in the writer's transaction: delivered on commit, dropped on rollback. */
export async function notifyConfigChanged(tx: DbOrTx, what: "site_settings" | "backend_configs"): Promise<void> {
  await tx.execute(sql`select pg_notify(${CONFIG_CHANNEL}, ${what})`);
}

interface Entry {
  value: Promise<unknown>;
  loadedAt: number;
  generation: number;
}

export class ConfigCache {
  private entries = new Map<string, Entry>();
  /** Bumped by every invalidation, so a load that began before it is never stored after it. */
  private generation = 0;

  constructor(
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The cached value for `key`, else the result of `load` (a failed load is not kept). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const ttl = this.options.ttlMs ?? DEFAULT_CONFIG_TTL_MS;
    const found = this.entries.get(key);
    if (found && found.generation === this.generation && this.now() - found.loadedAt < ttl) return found.value as Promise<T>;
    const entry: Entry = { value: load(), loadedAt: this.now(), generation: this.generation };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value as Promise<T>;
  }

  /** Drops every entry (any NOTIFY on the channel, and every (re)LISTEN). */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}

// On globalThis, keyed by database object: Next may load this module several times in one process
// (the same reason as the realtime hubs), and every copy must find the one started cache.
const store = globalThis as unknown as { __invigilConfigCaches?: WeakMap<object, ConfigCache> };
const caches = (store.__invigilConfigCaches ??= new WeakMap());

/** The cache started for this top-level client, if any (a transaction never has one: it reads fresh). */
export function configCacheFor(db: DbOrTx): ConfigCache | undefined {
  return caches.get(db);
}

/**
 * After a writer's transaction committed: drops this instance's entries at once, so the writer's
 * own next read (the page rendered after an admin's save) never waits for its NOTIFY to come back.
 */
export function dropLocalConfigCache(db: DbOrTx): void {
  caches.get(db)?.clear();
}

/**
 * Starts a cache for `db` and its LISTEN; resolves once listening, with the function that stops
 * both. Until then (and for clients never started) readers go to the database every time.
 */
export async function startConfigCache(
  db: Db,
  options: { ttlMs?: number; now?: () => number } = {},
): Promise<{ cache: ConfigCache; stop: () => Promise<void> }> {
  const cache = new ConfigCache(options);
  const unlisten = await listenOn(db, CONFIG_CHANNEL, {
    onNotify: () => cache.clear(),
    onListen: () => cache.clear(),
  });
  caches.set(db, cache);
  return {
    cache,
    stop: async () => {
      if (caches.get(db) === cache) caches.delete(db);
      await unlisten();
    },
  };
}

/**
 * Lets another client of the same database (the outbox worker's own pool, decision 047) read
 * through `from`'s cache and its LISTEN, rather than going to the database for every message.
 * Nothing happens when `from` has no cache.
 */
export function shareConfigCache(from: Db, to: Db): void {
  const cache = caches.get(from);
  if (cache) caches.set(to, cache);
}
