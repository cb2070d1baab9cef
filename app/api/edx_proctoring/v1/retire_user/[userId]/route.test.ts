import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  allowanceHistory,
  allowances,
  attemptHistory,
  attempts,
  auditLog,
  backendConfigs,
  type Exam,
  type User,
  users,
} from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { expectPgError } from "@/lib/testing/db";
import { makeAllowance, makeExam, makeUser } from "@/lib/testing/factories";
import { POST } from "./route";

const t = setupApiTestDatabase();

let admin: User;
let learner: User;
let bystander: User;
let proctored: Exam;
const longAgo = new Date("2025-01-02T03:04:05.000Z");

async function seedPii(user: User, exam: Exam) {
  const db = t.db;
  const [attempt] = await db
    .insert(attempts)
    .values({
      userId: user.id,
      examId: exam.id,
      courseKey: exam.courseKey,
      status: "submitted",
      takingAsProctored: exam.isProctored,
      attemptCode: randomUUID(),
      studentName: "Ada Lovelace",
      lastPollIpaddr: "203.0.113.7",
      created: longAgo,
      modified: longAgo,
    })
    .returning();
  const { id, created: _c, modified: _m, scoreEarned: _e, scorePossible: _p, ...rest } = attempt!;
  await db.insert(attemptHistory).values({ ...rest, attemptId: id, created: longAgo, modified: longAgo });
  const allowance = await makeAllowance(db, { userId: user.id, examId: exam.id, key: "review_policy_exception", value: "may use notes" });
  await db.insert(allowanceHistory).values({
    allowanceId: allowance.id,
    userId: user.id,
    examId: exam.id,
    key: allowance.key,
    value: "old secret value",
    created: longAgo,
    modified: longAgo,
  });
  return attempt!;
}

beforeAll(async () => {
  await t.db.insert(backendConfigs).values([
    { name: "mock", kind: "mock", isDefault: true },
    { name: "plain", kind: "null" },
  ]);
  admin = await makeUser(t.db, { isAdmin: true });
  learner = await makeUser(t.db);
  bystander = await makeUser(t.db);
  proctored = await makeExam(t.db, { isProctored: true });
  await seedPii(learner, proctored);
  await seedPii(bystander, proctored);
});

const snapshot = async (userId: number) => ({
  user: (await t.db.select().from(users).where(eq(users.id, userId)))[0],
  attempts: await t.db.select().from(attempts).where(eq(attempts.userId, userId)).orderBy(asc(attempts.id)),
  attemptHistory: await t.db.select().from(attemptHistory).where(eq(attemptHistory.userId, userId)).orderBy(asc(attemptHistory.id)),
  allowances: await t.db.select().from(allowances).where(eq(allowances.userId, userId)).orderBy(asc(allowances.id)),
  allowanceHistory: await t.db.select().from(allowanceHistory).where(eq(allowanceHistory.userId, userId)).orderBy(asc(allowanceHistory.id)),
});

const retire = async (caller: string | null, userId: string) => callRoute(POST, { method: "POST", params: { userId }, auth: caller });

describe("POST …/retire_user/<user_id>/ (§8.22)", () => {
  it("refuses non-admins and bad ids without changing anything", async () => {
    const before = await snapshot(learner.id);
    const denied = await retire(await userAuth(learner.id), String(learner.id));
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ detail: "You do not have permission to retire users." });
    expect((await retire(await tokenAuth(t.db, ["lms:sync"]), String(learner.id))).status).toBe(403);
    const bad = await retire(await userAuth(admin.id), "12abc");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ detail: "user_id must be a positive integer." });
    expect(await snapshot(learner.id)).toEqual(before);
  });

  it("blanks names, IP addresses and allowance values, history included, and answers 204", async () => {
    const bystanderBefore = await snapshot(bystander.id);
    const res = await retire(await userAuth(admin.id), String(learner.id));
    expect(res.status).toBe(204);
    expect(res.text).toBe("");

    const after = await snapshot(learner.id);
    // The row stays (everything points at it), without the e-mail address and name staff pages show.
    expect(after.user).toMatchObject({ id: learner.id, username: learner.username, email: "", fullName: "" });
    expect(after.attempts.map((a) => [a.studentName, a.lastPollIpaddr])).toEqual([["", null]]);
    // Blanking PII is not the learner's activity: modified (which dates onboarding validity) stays.
    expect(after.attempts[0]!.modified.toISOString()).toBe(longAgo.toISOString());
    expect(after.attemptHistory.map((h) => [h.studentName, h.lastPollIpaddr, h.modified.toISOString()])).toEqual([
      ["", null, longAgo.toISOString()],
    ]);
    expect(after.allowances.map((a) => a.value)).toEqual([""]);
    // The old history row is blanked and the change itself is archived, already blank.
    expect(after.allowanceHistory.map((h) => h.value)).toEqual(["", ""]);
    expect(after.allowanceHistory[1]!.allowanceId).toBe(after.allowances[0]!.id);

    expect(await snapshot(bystander.id)).toEqual(bystanderBefore);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "user.retire"));
    expect(audit).toMatchObject({ subjectUserId: learner.id, actorUserId: admin.id, data: { users: 1, attempts: 1, attemptHistory: 1, allowances: 1, allowanceHistory: 1 } });
  });

  it("is idempotent, and 204 for an unknown user; an admin:api service token may call it", async () => {
    const before = await snapshot(learner.id);
    expect((await retire(await userAuth(admin.id), String(learner.id))).status).toBe(204);
    expect(await snapshot(learner.id)).toEqual(before);
    expect((await retire(await tokenAuth(t.db, ["admin:api"]), "987654")).status).toBe(204);
  });

  it("keeps the history tables append-only for anything but PII blanking", async () => {
    const [row] = await t.db.select().from(attemptHistory).where(eq(attemptHistory.userId, bystander.id));
    await expectPgError(t.db.update(attemptHistory).set({ status: "verified" }).where(eq(attemptHistory.id, row!.id)), "23001");
    // Blanking together with any other change is refused too.
    await expectPgError(
      t.db.update(attemptHistory).set({ studentName: "", lastPollIpaddr: null, status: "verified" }).where(eq(attemptHistory.id, row!.id)),
      "23001",
    );
    await expectPgError(t.db.update(attemptHistory).set({ studentName: "someone else" }).where(eq(attemptHistory.id, row!.id)), "23001");
    await expectPgError(t.db.delete(attemptHistory).where(eq(attemptHistory.id, row!.id)), "23001");
    const [allowanceRow] = await t.db.select().from(allowanceHistory).where(eq(allowanceHistory.userId, bystander.id));
    await expectPgError(t.db.update(allowanceHistory).set({ value: "changed" }).where(eq(allowanceHistory.id, allowanceRow!.id)), "23001");
    await expectPgError(t.db.update(allowanceHistory).set({ value: "", key: "x" }).where(eq(allowanceHistory.id, allowanceRow!.id)), "23001");
    await expectPgError(t.db.delete(allowanceHistory).where(eq(allowanceHistory.id, allowanceRow!.id)), "23001");
  });
});
