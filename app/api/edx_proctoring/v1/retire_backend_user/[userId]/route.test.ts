import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attempts, auditLog, backendConfigs, type Exam, type User } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeExam, makeUser } from "@/lib/testing/factories";
import { POST as RETIRE_BACKEND } from "./route";

const t = setupApiTestDatabase();

let admin: User;
let learner: User;
let proctored: Exam;

beforeAll(async () => {
  await t.db.insert(backendConfigs).values([
    { name: "mock", kind: "mock", isDefault: true },
    { name: "plain", kind: "null" },
  ]);
  admin = await makeUser(t.db, { isAdmin: true });
  learner = await makeUser(t.db);
  proctored = await makeExam(t.db, { isProctored: true });
});

describe("POST …/retire_backend_user/<user_id>/ (§8.21)", () => {
  const retireBackend = async (caller: string | null, userId: string) =>
    callRoute(RETIRE_BACKEND, { method: "POST", params: { userId }, auth: caller });

  it("asks each backend the learner used; null answers are left out", async () => {
    const user = await makeUser(t.db);
    const onNull = await makeExam(t.db, { isProctored: true, backend: "plain" });
    const timed = await makeExam(t.db, { backend: "mock" });
    for (const exam of [proctored, proctored, onNull, timed]) {
      await t.db.insert(attempts).values({
        userId: user.id,
        examId: exam.id,
        courseKey: exam.courseKey,
        status: "submitted",
        takingAsProctored: exam.isProctored,
        attemptCode: randomUUID(),
      });
    }
    const res = await retireBackend(await userAuth(admin.id), String(user.id));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ mock: true });
  });

  it("answers 500 with the same body when a backend fails (or is gone)", async () => {
    const user = await makeUser(t.db);
    const vanished = await makeExam(t.db, { isProctored: true, backend: "vanished" });
    for (const exam of [proctored, vanished]) {
      await t.db.insert(attempts).values({
        userId: user.id,
        examId: exam.id,
        courseKey: exam.courseKey,
        status: "submitted",
        takingAsProctored: true,
        attemptCode: randomUUID(),
      });
    }
    const res = await retireBackend(await userAuth(admin.id), String(user.id));
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ mock: true, vanished: false });
  });

  it("answers {} for a learner without proctored attempts, 403 to non-admins, 400 for bad ids", async () => {
    expect((await retireBackend(await userAuth(admin.id), "987654")).json).toEqual({});
    expect((await retireBackend(await userAuth(learner.id), String(learner.id))).status).toBe(403);
    expect((await retireBackend(await userAuth(admin.id), "-1")).status).toBe(400);
    expect((await retireBackend(await tokenAuth(t.db, ["admin:api"]), String(learner.id))).status).toBe(200);
  });

  it("records the outcome in the audit log", async () => {
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, "user.retire_backend"));
    expect(rows.some((r) => (r.data as { results?: Record<string, boolean> }).results?.vanished === false)).toBe(true);
  });
});
