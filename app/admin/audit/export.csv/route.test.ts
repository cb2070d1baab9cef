import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, courseRoles } from "@/db/schema";
import { parseCsv } from "@/lib/csv";
import { AUDIT_ADMIN_ONLY_DETAIL } from "@/lib/domain/audit-log";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeCourse, makeUser } from "@/lib/testing/factories";
import * as route from "./route";

const test = setupApiTestDatabase();
const PATH = "/admin/audit/export.csv";
const ROWS = 2500;
let admin: string;
let adminId = 0;
let adminUsername = "";

beforeAll(async () => {
  const user = await makeUser(test.db, { isAdmin: true, fullName: "=Formula Admin" });
  adminId = user.id;
  adminUsername = user.username;
  admin = await userAuth(user.id);
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    actorKind: "user" as const,
    actorUserId: adminId,
    action: i === ROWS - 1 ? "site_setting.update" : "attempt.submit",
    entityType: i === ROWS - 1 ? "site_setting" : "attempt",
    entityId: String(i),
    source: "web",
    // A value a spreadsheet would evaluate, and one with a quote, comma and line break.
    data: i === ROWS - 1 ? { before: "+cmd|' /C calc'!A0", after: 'say "hi",\nthere' } : {},
  }));
  for (let i = 0; i < rows.length; i += 500) await test.db.insert(auditLog).values(rows.slice(i, i + 500));
});

const get = (auth: string | null, query = "") => callRoute(route.GET, { path: `${PATH}${query}`, auth });

describe("GET /admin/audit/export.csv", () => {
  it("refuses anyone but a site admin: 403 without credentials (as the API answers anonymous callers), for staff, learners and service tokens", async () => {
    const course = await makeCourse(test.db);
    const staff = await makeUser(test.db);
    await test.db.insert(courseRoles).values({ userId: staff.id, courseId: course.id, role: "instructor" });
    const learner = await makeUser(test.db);
    expect((await get(null)).status).toBe(403);
    for (const auth of [await userAuth(staff.id), await userAuth(learner.id), await tokenAuth(test.db, ["admin:api", "lms:sync"])]) {
      const res = await get(auth);
      expect(res.status).toBe(403);
      expect(res.text).toContain(AUDIT_ADMIN_ONLY_DETAIL);
    }
  });

  it("streams every filtered row as quoted CSV, with formulas neutralised and awkward text kept whole", async () => {
    const res = await get(admin, "?action=site_setting.update");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const records = parseCsv(res.text);
    expect(records.map((r) => r.cells[4])).toEqual(["action", "site_setting.update"]);
    const row = records[1]!.cells;
    expect(row[3]).toMatch(/^'=Formula Admin/);
    expect(row[9]).toBe(`'+cmd|' /C calc'!A0 → say "hi",\nthere`);
  });

  it("sends the header before reading the log, then the admin's few thousand rows (other tests' tokens add rows of their own) in keyset batches, none twice", async () => {
    const res = await route.GET(new NextRequest(new URL(`http://127.0.0.1:3000${PATH}?actor=${encodeURIComponent(adminUsername)}`), { headers: { authorization: admin } }), { params: Promise.resolve({}) });
    expect(res.body).toBeInstanceOf(ReadableStream);
    const reader = res.body!.getReader();
    // ignoreBOM: keep the byte-order mark in the text, to check it is sent.
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('\uFEFF"id","at_utc","actor_kind","actor","action","entity_type","entity_id","course_key","source","summary"\r\n');
    let text = "";
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    const ids = parseCsv(text).map((r) => Number(r.cells[0]));
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(chunks).toBe(3); // 1,000 rows a batch
  });
});
