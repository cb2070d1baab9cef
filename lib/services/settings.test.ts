import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, siteSettings } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { SiteSettingInputError, loadSiteSettings, setSiteSetting } from "./settings";

const t = setupTestDatabase();

describe("setSiteSetting", () => {
  it("stores a checked value that loadSiteSettings then answers, and puts the default back on null", async () => {
    const host = "https://apps.example.com/learning";
    await setSiteSetting(t.db, "learning_microfrontend_url", host, { actorKind: "cli", source: "cli" });
    expect((await loadSiteSettings(t.db)).learning_microfrontend_url).toBe(host);

    const reset = await setSiteSetting(t.db, "learning_microfrontend_url", null);
    expect(reset.value).toBe("");
    expect((await loadSiteSettings(t.db)).learning_microfrontend_url).toBe("");
    expect(await t.db.select().from(siteSettings).where(eq(siteSettings.key, "learning_microfrontend_url"))).toEqual([]);

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityType, "site_setting"));
    expect(audit.map((a) => [a.action, a.entityId, a.data])).toEqual([
      ["site_setting.update", "learning_microfrontend_url", { before: null, after: host }],
      ["site_setting.update", "learning_microfrontend_url", { before: host, after: null }],
    ]);
  });

  it("refuses an unknown key or a value of the wrong type, and writes nothing", async () => {
    const auditBefore = (await t.db.select().from(auditLog)).length;
    await expect(setSiteSetting(t.db, "no_such_setting", 1)).rejects.toThrow(SiteSettingInputError);
    await expect(setSiteSetting(t.db, "onboarding_validity_days", "soon")).rejects.toThrow(/onboarding_validity_days/);
    await expect(setSiteSetting(t.db, "learning_microfrontend_url", "javascript:alert(1)")).rejects.toThrow(SiteSettingInputError);
    expect(await t.db.select().from(siteSettings)).toEqual([]);
    expect((await t.db.select().from(auditLog)).length).toBe(auditBefore);
  });
});
