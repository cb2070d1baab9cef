import { beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog } from "@/db/schema";
import { parseAuditLogFilter, summarizeAuditData } from "@/lib/domain/audit-log";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/factories";
import { auditLogBatches, listAuditLog } from "./admin-audit";

const t = setupTestDatabase();

const filter = (q: Record<string, string>) => parseAuditLogFilter((name) => q[name] ?? null);
const COURSE = "course-v1:AuditX+Log+2026";
let adminId = 0;
let adminName = "";
let tokenId = 0;
const ids: number[] = [];

// 130 rows: every third by the admin in COURSE (`attempt.*`), the rest by a service token elsewhere
// (`allowance.upsert`), one day apart going back from 2026-03-31, plus a setting change.
beforeAll(async () => {
  const admin = await makeUser(t.db, { isAdmin: true, username: "audit_admin", email: "Audit.Admin@example.com", fullName: "Ada Auditor" });
  adminId = admin.id;
  adminName = admin.fullName;
  const [token] = await t.db.insert(apiTokens).values({ name: "LMS sync", tokenHash: "x".repeat(64), tokenPrefix: "inv_test" }).returning();
  tokenId = token!.id;
  const start = Date.UTC(2026, 2, 31, 12);
  const rows = Array.from({ length: 130 }, (_, i) => {
    const byAdmin = i % 3 === 0;
    return {
      at: new Date(start - (129 - i) * 86_400_000),
      actorKind: byAdmin ? ("user" as const) : ("service" as const),
      actorUserId: byAdmin ? adminId : null,
      actorTokenId: byAdmin ? null : tokenId,
      action: byAdmin ? "attempt.submit" : "allowance.upsert",
      entityType: byAdmin ? "attempt" : "allowance",
      entityId: String(i),
      courseKey: byAdmin ? COURSE : "course-v1:Other+X+1",
      source: "web",
      fromStatus: byAdmin ? "started" : null,
      toStatus: byAdmin ? "submitted" : null,
      data: byAdmin ? {} : { key: "additional_time_granted", before: "10", after: "15" },
    };
  });
  for (const r of await t.db.insert(auditLog).values(rows).returning({ id: auditLog.id })) ids.push(r.id);
  ids.reverse(); // newest first, as the log reads
});

describe("listAuditLog", () => {
  it("pages newest first by id, 50 a page, with no row twice or skipped", async () => {
    const seen: number[] = [];
    let before: number | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await listAuditLog(t.db, filter({}), before);
      seen.push(...page.rows.map((r) => r.id));
      before = page.nextBefore;
      if (!before) break;
    }
    expect(seen).toEqual(ids);
    expect(new Set(seen).size).toBe(130);
  });

  it("names the acting person or credential and summarises the change", async () => {
    const page = await listAuditLog(t.db, filter({}), null, 2);
    const byKind = new Map(page.rows.map((r) => [r.actorKind, r]));
    expect(page.rows).toHaveLength(2);
    expect(byKind.get("service")).toMatchObject({ actor: "Service: LMS sync", summary: '{"key":"additional_time_granted"}; 10 → 15' });
    const all = await listAuditLog(t.db, filter({ action: "attempt.submit" }), null, 1);
    expect(all.rows[0]).toMatchObject({ actor: adminName, actorDetail: "audit_admin", courseKey: COURSE, summary: "status started → submitted" });
  });

  it("filters on the actor by username or e-mail, case-insensitive, and pages within the filter", async () => {
    const byName = await listAuditLog(t.db, filter({ actor: "AUDIT_ADMIN" }), null, 20);
    expect(byName.rows.every((r) => r.actorKind === "user")).toBe(true);
    expect(byName.rows).toHaveLength(20);
    const rest = await listAuditLog(t.db, filter({ actor: "audit.admin@example.com" }), byName.nextBefore, 50);
    expect([...byName.rows, ...rest.rows].map((r) => r.id)).toEqual(ids.filter((_, i) => (129 - i) % 3 === 0));
    expect(rest.nextBefore).toBeNull();
    const nobody = await listAuditLog(t.db, filter({ actor: "no-such-person" }), null);
    expect(nobody).toEqual({ rows: [], nextBefore: null, unknownActor: true });
  });

  it("filters on the course, an exact action, an action prefix, and a UTC day range", async () => {
    expect((await listAuditLog(t.db, filter({ course: COURSE }), null, 100)).rows).toHaveLength(44);
    expect((await listAuditLog(t.db, filter({ action: "allowance.upsert" }), null, 100)).rows).toHaveLength(86);
    expect((await listAuditLog(t.db, filter({ action: "allowance" }), null, 100)).rows).toHaveLength(0);
    expect((await listAuditLog(t.db, filter({ action: "attempt." }), null, 100)).rows).toHaveLength(44);
    expect((await listAuditLog(t.db, filter({ action: "att*" }), null, 100)).rows).toHaveLength(44);
    // `_` is a literal character of an action name, not a LIKE wildcard.
    expect((await listAuditLog(t.db, filter({ action: "allowance_*" }), null, 100)).rows).toHaveLength(0);
    const days = await listAuditLog(t.db, filter({ from: "2026-03-29", to: "2026-03-30" }), null, 100);
    expect(days.rows.map((r) => r.at)).toEqual(["2026-03-30T12:00:00.000Z", "2026-03-29T12:00:00.000Z"]);
    const both = await listAuditLog(t.db, filter({ course: COURSE, action: "attempt.", from: "2026-03-01" }), null, 100);
    expect(both.rows.every((r) => r.courseKey === COURSE && r.at >= "2026-03-01")).toBe(true);
    expect(both.rows.length).toBe(11);
  });

  it("pages a day range by keyset too (read through the time index), none twice or skipped", async () => {
    const q = filter({ from: "2026-03-01", to: "2026-03-31" });
    const seen: string[] = [];
    let before: number | null = null;
    do {
      const page = await listAuditLog(t.db, q, before, 7);
      seen.push(...page.rows.map((r) => r.at.slice(0, 10)));
      before = page.nextBefore;
    } while (before);
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
    expect(seen[0]).toBe("2026-03-31");
    expect(seen.at(-1)).toBe("2026-03-01");
  });

  it("reports a bad date next to its field and leaves that filter out", () => {
    const bad = filter({ from: "2026-02-30", to: "tomorrow" });
    expect(bad.errors).toEqual({ from: "From: enter a date as YYYY-MM-DD.", to: "To: enter a date as YYYY-MM-DD." });
    expect([bad.fromAt, bad.toBefore]).toEqual([null, null]);
    expect(filter({ from: "2026-03-02", to: "2026-03-01" }).errors.to).toMatch(/on or after/);
  });
});

describe("auditLogBatches", () => {
  it("yields every filtered row once, newest first, in batches", async () => {
    const batches: number[][] = [];
    for await (const batch of auditLogBatches(t.db, filter({}), 40)) batches.push(batch.map((r) => r.id));
    expect(batches.map((b) => b.length)).toEqual([40, 40, 40, 10]);
    expect(batches.flat()).toEqual(ids);
  });
});

describe("summarizeAuditData", () => {
  it("reads before → after, else JSON, and cuts long payloads", () => {
    expect(summarizeAuditData({ before: null, after: "https://x.example" })).toBe("none → https://x.example");
    expect(summarizeAuditData({ name: "beta", before: { enabled: true }, after: { enabled: false } })).toBe('{"name":"beta"}; {"enabled":true} → {"enabled":false}');
    expect(summarizeAuditData({})).toBe("");
    const long = summarizeAuditData({ text: "a".repeat(500) });
    expect(long).toHaveLength(160);
    expect(long.endsWith("…")).toBe(true);
  });
});
