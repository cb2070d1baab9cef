import type { DbOrTx } from "@/db/client";
import { siteSettings } from "@/db/schema";
import { SITE_SETTING_KEYS, SiteSettings } from "@/lib/domain/site-settings";

/** The schemas live in lib/domain/site-settings.ts, shared by the CLI, the admin form and this reader. */
export { SiteSettings };
const KEYS = SITE_SETTING_KEYS;

/** All settings with defaults filled in; a stored value that no longer fits its schema is ignored. */
export async function loadSiteSettings(db: DbOrTx): Promise<SiteSettings> {
  const rows = await db.select().from(siteSettings);
  const raw: Record<string, unknown> = {};
  for (const row of rows) {
    if (!(KEYS as string[]).includes(row.key)) continue;
    const field = SiteSettings.shape[row.key as keyof SiteSettings];
    const parsed = field.safeParse(row.value);
    if (parsed.success) raw[row.key] = parsed.data;
  }
  return SiteSettings.parse(raw);
}
