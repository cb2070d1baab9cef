import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, siteSettings } from "@/db/schema";
import { setupApiTestDatabase } from "@/lib/testing/api";
import { buildScenario, type Scenario } from "@/lib/testing/scenario";

// The session is whoever the test says; revalidatePath needs a Next request, which a test has not.
const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/actor", async () => {
  const { getDb } = await import("@/db/client");
  const { loadUserActor: load } = await import("@/lib/data/actor-loader");
  return { getSessionActor: async () => (session.userId === null ? null : load(await getDb(), session.userId)) };
});
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { saveSiteSetting } = await import("./actions");
const { loadSiteSettings } = await import("@/lib/data/settings");

const t = setupApiTestDatabase();

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

describe("saveSiteSetting", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t.db);
  });

  it("refuses anyone but a site admin and changes nothing", async () => {
    for (const userId of [null, s.staff.id, s.learner.id]) {
      session.userId = userId;
      const result = await saveSiteSetting(null, form({ key: "platform_name", value: "Taken over", intent: "save" }));
      expect(result.ok).toBe(false);
    }
    expect(await t.db.select().from(siteSettings).where(eq(siteSettings.key, "platform_name"))).toEqual([]);
  });

  it("saves an admin's value, refuses a bad one with the schema's reason, and resets to the default", async () => {
    session.userId = s.admin.id;
    expect(await saveSiteSetting(null, form({ key: "onboarding_validity_days", value: "90", intent: "save" }))).toEqual({ ok: true, message: "Saved." });
    expect((await loadSiteSettings(t.db)).onboarding_validity_days).toBe(90);

    const refused = await saveSiteSetting(null, form({ key: "onboarding_validity_days", value: "-1", intent: "save" }));
    expect(refused.ok).toBe(false);
    expect(refused.message).not.toContain("onboarding_validity_days:");
    expect((await saveSiteSetting(null, form({ key: "onboarding_validity_days", value: "soon", intent: "save" }))).message).toBe("Enter a number.");
    expect((await saveSiteSetting(null, form({ key: "no_such", value: "1", intent: "save" }))).ok).toBe(false);
    expect((await loadSiteSettings(t.db)).onboarding_validity_days).toBe(90);

    expect(await saveSiteSetting(null, form({ key: "onboarding_validity_days", value: "", intent: "reset" }))).toEqual({ ok: true, message: "Default restored." });
    expect((await loadSiteSettings(t.db)).onboarding_validity_days).toBe(730);

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, "onboarding_validity_days")).orderBy(auditLog.id);
    expect(audit.map((a) => [a.actorUserId, a.source, a.data])).toEqual([
      [s.admin.id, "web", { before: null, after: 90 }],
      [s.admin.id, "web", { before: 90, after: null }],
    ]);
  });
});
