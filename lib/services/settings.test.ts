import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, siteSettings, users } from "@/db/schema";
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

describe("setSiteSetting from the admin console", () => {
  it("records the admin who changed LINK_URLS, with the value before and after, seen by the next read", async () => {
    const [admin] = await t.db.select({ id: users.id }).from(users).limit(1);
    const adminId = admin?.id ?? null;
    await setSiteSetting(t.db, "link_urls", { contact_us: "https://help.example.org" }, { actorKind: "user", actorUserId: adminId, source: "web", requestId: "req-1" });
    expect((await loadSiteSettings(t.db)).link_urls).toEqual({ contact_us: "https://help.example.org" });
    await setSiteSetting(t.db, "link_urls", { contact_us: "https://help.example.org", faq: "https://help.example.org/faq" }, { actorKind: "user", actorUserId: adminId, source: "web" });
    await expect(setSiteSetting(t.db, "link_urls", { faq: 3 }, { actorKind: "user", actorUserId: adminId, source: "web" })).rejects.toThrow(SiteSettingInputError);
    expect((await loadSiteSettings(t.db)).link_urls.faq).toBe("https://help.example.org/faq");

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, "link_urls")).orderBy(auditLog.id);
    expect(audit.map((a) => [a.actorKind, a.actorUserId, a.source, a.data])).toEqual([
      ["user", adminId, "web", { before: null, after: { contact_us: "https://help.example.org" } }],
      ["user", adminId, "web", { before: { contact_us: "https://help.example.org" }, after: { contact_us: "https://help.example.org", faq: "https://help.example.org/faq" } }],
    ]);
    expect(audit[0]?.requestId).toBe("req-1");
  });
});
