import type { DbOrTx } from "@/db/client";
import { eq } from "drizzle-orm";
import { auditLog, siteSettings } from "@/db/schema";
import { SiteSettings } from "@/lib/data/settings";
import { dropLocalConfigCache, notifyConfigChanged } from "@/lib/data/config-cache";
import type { TokenAuditMeta } from "./tokens";

// Reading the settings is data access (lib/data/settings.ts, decision 022); writing them stays here.
export { SiteSettings, loadSiteSettings } from "@/lib/data/settings";

const KEYS = Object.keys(SiteSettings.shape) as (keyof SiteSettings)[];

export class SiteSettingInputError extends Error {}

/**
 * Sets one site setting (operators: the CLI; the admin console later), checked against its
 * schema; `null` puts the default back. One audit row with the value before and after (no site
 * setting holds a secret).
 */
export async function setSiteSetting(
  db: DbOrTx,
  key: string,
  value: unknown,
  meta: TokenAuditMeta = {},
): Promise<{ key: keyof SiteSettings; value: unknown }> {
  if (!(KEYS as string[]).includes(key)) {
    throw new SiteSettingInputError(`Unknown site setting "${key}". Known: ${KEYS.join(", ")}.`);
  }
  const name = key as keyof SiteSettings;
  const field = SiteSettings.shape[name];
  let stored: unknown = null;
  if (value !== null) {
    const parsed = field.safeParse(value);
    if (!parsed.success) {
      throw new SiteSettingInputError(`${key}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    }
    stored = parsed.data;
  }
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(siteSettings).where(eq(siteSettings.key, key)).for("update").limit(1);
    if (stored === null) await tx.delete(siteSettings).where(eq(siteSettings.key, key));
    else {
      await tx
        .insert(siteSettings)
        .values({ key, value: stored, modifiedById: meta.actorUserId ?? null })
        .onConflictDoUpdate({ target: siteSettings.key, set: { value: stored, modifiedById: meta.actorUserId ?? null } });
    }
    await tx.insert(auditLog).values({
      actorKind: meta.actorKind ?? "system",
      actorUserId: meta.actorUserId ?? null,
      action: "site_setting.update",
      entityType: "site_setting",
      entityId: key,
      source: meta.source ?? "system",
      requestId: meta.requestId ?? null,
      data: { before: before?.value ?? null, after: stored },
    });
    await notifyConfigChanged(tx, "site_settings");
    return { key: name, value: stored === null ? field.parse(undefined) : stored };
  });
  dropLocalConfigCache(db);
  return result;
}
