import type { DbOrTx } from "@/db/client";
import { siteSettings } from "@/db/schema";
import { SITE_SETTING_KEYS, SiteSettings } from "@/lib/domain/site-settings";
import { configCacheFor } from "./config-cache";

/** The schemas live in lib/domain/site-settings.ts, shared by the CLI, the admin form and this reader. */
export { SiteSettings };
const KEYS = SITE_SETTING_KEYS;

/** All settings with defaults filled in; a stored value that no longer fits its schema is ignored. */
export async function loadSiteSettings(db: DbOrTx): Promise<SiteSettings> {
  // A started instance cache answers from memory (decision 043); transactions always read fresh.
  const cache = configCacheFor(db);
  return cache ? cache.get("site_settings", () => readSiteSettings(db)) : readSiteSettings(db);
}

async function readSiteSettings(db: DbOrTx): Promise<SiteSettings> {
  return parseSiteSettings(await db.select().from(siteSettings));
}

/** The settings of the stored rows (key, value), for a caller that read them within a larger statement. */
export function parseSiteSettings(rows: readonly { key: string; value: unknown }[]): SiteSettings {
  const raw: Record<string, unknown> = {};
  for (const row of rows) {
    if (!(KEYS as string[]).includes(row.key)) continue;
    const field = SiteSettings.shape[row.key as keyof SiteSettings];
    const parsed = field.safeParse(row.value);
    if (parsed.success) raw[row.key] = parsed.data;
  }
  return SiteSettings.parse(raw);
}
