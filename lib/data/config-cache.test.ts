import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { openDatabase, type Db, type DatabaseHandle } from "@/db/client";
import { defaultBackendName, getBackendByName } from "@/lib/backends/registry";
import { setDefaultBackend } from "@/lib/services/backend-admin";
import { configureBackend } from "@/lib/services/backend-configs";
import { setSiteSetting } from "@/lib/services/settings";
import { setupTestDatabase, withDatabaseName } from "@/lib/testing/db";
import { ConfigCache, configCacheFor, shareConfigCache, startConfigCache } from "./config-cache";
import { loadSiteSettings } from "./settings";

describe("ConfigCache (injected clock)", () => {
  it("answers from memory until the TTL, then loads again", async () => {
    let now = 1_000;
    const cache = new ConfigCache({ ttlMs: 100, now: () => now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("k", load)).toBe(1);
    now += 99;
    expect(await cache.get("k", load)).toBe(1);
    now += 1;
    expect(await cache.get("k", load)).toBe(2);
  });

  it("drops everything on clear, and never keeps a load that began before the clear or that failed", async () => {
    const cache = new ConfigCache({ ttlMs: 60_000, now: () => 0 });
    let release!: (v: string) => void;
    const slow = cache.get("k", () => new Promise<string>((r) => (release = r)));
    cache.clear();
    release("old");
    expect(await slow).toBe("old");
    expect(await cache.get("k", async () => "new")).toBe("new");

    await expect(cache.get("f", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("f", async () => "up")).toBe("up");
  });
});

describe("instance caches invalidated by NOTIFY (on this run's database)", () => {
  const t = setupTestDatabase();
  // A second client of the same database stands for another app instance (postgres); the
  // embedded database has one process, so there both "instances" are the same client.
  let other: DatabaseHandle | undefined;
  let reader: Db;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const source = inject("invigilTestDatabase");
    if (t.kind === "postgres" && source?.kind === "postgres") {
      const [row] = (await t.db.execute(sql`select current_database() as name`)) as unknown as { name: string }[];
      other = await openDatabase({ kind: "postgres", url: withDatabaseName(source.maintenanceUrl, row!.name), max: 2 });
      reader = other.db;
    } else {
      reader = t.db;
    }
    stop = (await startConfigCache(reader)).stop;
  });
  afterAll(async () => {
    await stop?.();
    await other?.close();
  });

  it("serves a setting from memory, and a change made through the writer's client is seen within a second", async () => {
    expect((await loadSiteSettings(reader)).onboarding_validity_days).toBe(730);
    // A write that bypasses the verbs sends no NOTIFY: the cached value is still served.
    await t.db.execute(sql`insert into site_settings (key, value) values ('onboarding_validity_days', '5'::jsonb)`);
    expect((await loadSiteSettings(reader)).onboarding_validity_days).toBe(730);

    await setSiteSetting(t.db, "onboarding_validity_days", 42);
    await vi.waitFor(async () => expect((await loadSiteSettings(reader)).onboarding_validity_days).toBe(42), { timeout: 1000, interval: 20 });
  });

  it("lets another client of the database (the outbox worker's pool) read through the same cache", async () => {
    const workerClient = {} as Db;
    const uncached = {} as Db;
    shareConfigCache(reader, workerClient);
    expect(configCacheFor(workerClient)).toBeDefined();
    expect(configCacheFor(workerClient)).toBe(configCacheFor(reader));
    // A client without a cache has nothing to share.
    shareConfigCache({} as Db, uncached);
    expect(configCacheFor(uncached)).toBeUndefined();
  });

  it("drops every entry on any NOTIFY of the channel, from whichever client sends it", async () => {
    await t.db.execute(sql`update site_settings set value = '7'::jsonb where key = 'onboarding_validity_days'`);
    expect((await loadSiteSettings(reader)).onboarding_validity_days).toBe(42);
    await t.db.execute(sql`select pg_notify('invigil_config', 'site_settings')`);
    await vi.waitFor(async () => expect((await loadSiteSettings(reader)).onboarding_validity_days).toBe(7), { timeout: 1000, interval: 20 });
  });

  it("drops a cached backend row when configureBackend changes it", async () => {
    await configureBackend(t.db, { name: "cache-rest", kind: "mock", verboseName: "Before", settings: {}, secrets: {}, enabled: true });
    await vi.waitFor(async () => expect((await getBackendByName(reader, "cache-rest")).verboseName).toBe("Before"), { timeout: 1000, interval: 20 });
    await configureBackend(t.db, { name: "cache-rest", kind: "mock", verboseName: "After", settings: {}, secrets: {}, enabled: true });
    await vi.waitFor(async () => expect((await getBackendByName(reader, "cache-rest")).verboseName).toBe("After"), { timeout: 1000, interval: 20 });
  });

  it("drops the cached default backend when the admin console chooses another", async () => {
    const before = await defaultBackendName(reader);
    expect(before).not.toBe("cache-rest");
    await setDefaultBackend(t.db, "cache-rest");
    await vi.waitFor(async () => expect(await defaultBackendName(reader)).toBe("cache-rest"), { timeout: 1000, interval: 20 });
  });
});
