import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { attempts, auditLog, backendConfigs } from "@/db/schema";
import { setupApiTestDatabase } from "@/lib/testing/api";
import { buildScenario, type Scenario } from "@/lib/testing/scenario";

// The session is whoever the test says; refresh needs a Next request, which a test has not.
const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/actor", async () => {
  const { getDb } = await import("@/db/client");
  const { loadUserActor: load } = await import("@/lib/data/actor-loader");
  return { getSessionActor: async () => (session.userId === null ? null : load(await getDb(), session.userId)) };
});
vi.mock("next/cache", () => ({ refresh: vi.fn() }));

const { changeStatusOnAppealAction } = await import("./actions");

const t = setupApiTestDatabase();

describe("changeStatusOnAppealAction", () => {
  let s: Scenario;
  beforeAll(async () => {
    await t.db.insert(backendConfigs).values({ name: "mock", kind: "mock", isDefault: true }).onConflictDoNothing();
    s = await buildScenario(t.db, { status: "rejected" });
  });

  const statusNow = async () => (await t.db.select().from(attempts).where(eq(attempts.id, s.attempt.id)))[0]!.status;
  const appeals = () => t.db.select().from(auditLog).where(and(eq(auditLog.attemptId, s.attempt.id), eq(auditLog.action, "attempt.appeal")));

  it("refuses anyone but a site admin (course staff, the learner, no session) and changes nothing", async () => {
    for (const userId of [null, s.staff.id, s.owner.id, s.learner.id]) {
      session.userId = userId;
      const result = await changeStatusOnAppealAction(s.attempt.id, "rejected", { status: "verified", reason: "Let me through" });
      expect(result).toMatchObject({ ok: false, detail: "Only site administrators change an attempt's status on appeal." });
    }
    expect(await statusNow()).toBe("rejected");
    expect(await appeals()).toEqual([]);
  });

  it("puts bad fields next to the field and changes nothing", async () => {
    session.userId = s.admin.id;
    const result = await changeStatusOnAppealAction(s.attempt.id, "rejected", { status: "started", reason: "  " });
    expect(result).toEqual({ ok: false, detail: "Check the fields marked below.", fieldErrors: { status: "Choose the new status.", reason: "Write the reason for the change." } });
    expect(await statusNow()).toBe("rejected");
  });

  it("an admin's change is made, audited with their name and the reason; a stale page is refused", async () => {
    session.userId = s.admin.id;
    expect(await changeStatusOnAppealAction(s.attempt.id, "rejected", { status: "verified", reason: "Aide was approved" })).toEqual({ ok: true, status: "verified", changed: true });
    expect(await statusNow()).toBe("verified");
    const [audit] = await appeals();
    expect(audit).toMatchObject({ actorUserId: s.admin.id, source: "web", fromStatus: "rejected", toStatus: "verified" });
    expect(audit!.data).toMatchObject({ reason: "Aide was approved" });

    const stale = await changeStatusOnAppealAction(s.attempt.id, "rejected", { status: "error", reason: "Old tab" });
    expect(stale.ok).toBe(false);
    expect(await statusNow()).toBe("verified");
    expect(await changeStatusOnAppealAction(999_999_999, undefined, { status: "error", reason: "x" })).toMatchObject({ ok: false, detail: "There is no attempt 999999999." });
  });
});
