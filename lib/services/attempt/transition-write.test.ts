import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attemptHistory, attempts } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeAttempt, makeExam, makeUser } from "@/lib/testing/factories";
import { lockAttempt } from "./store";
import { transitionAttempt } from "./transition";

const t = setupTestDatabase("test");

/** A timed exam's attempt, started, and handed in with transitionAttempt in a transaction of its own. */
async function submitted(at: Date) {
  const user = await makeUser(t.db);
  const exam = await makeExam(t.db, { timeLimitMins: 60 });
  const attempt = await makeAttempt(t.db, { exam, userId: user.id, status: "started", startedAt: new Date(at.getTime() - 60_000), allowedTimeLimitMins: 60, externalId: null });
  const before = new Date();
  const result = await t.db.transaction(async (tx) => transitionAttempt(tx, systemContext(t.db, "learner", at), (await lockAttempt(tx, attempt.id))!, "submitted", { action: "attempt.submit" }));
  return { attempt, result, before };
}

// The write is built once per shape and reused (lib/services/attempt/transition.ts): nothing of
// one run may stick to the next.
describe("a transition's write, built once per shape", () => {
  it("writes each run's own values: modified is the time of that write, not of the first", async () => {
    const first = await submitted(new Date("2031-05-01T10:00:00.000Z"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await submitted(new Date("2031-05-01T11:00:00.000Z"));
    expect(first.result.changed && second.result.changed).toBe(true);
    expect(second.result.attempt.modified.getTime()).toBeGreaterThanOrEqual(second.before.getTime());
    expect(second.result.attempt.modified.getTime()).toBeGreaterThan(first.result.attempt.modified.getTime());
    expect(first.result.attempt.completedAt).toEqual(new Date("2031-05-01T10:00:00.000Z"));
    expect(second.result.attempt.completedAt).toEqual(new Date("2031-05-01T11:00:00.000Z"));
    const [stored] = await t.db.select().from(attempts).where(eq(attempts.id, second.attempt.id));
    expect(stored).toMatchObject({ status: "submitted", completedAt: new Date("2031-05-01T11:00:00.000Z"), modified: second.result.attempt.modified });
  });

  it("archives the row as it was, nulls as NULL, with the history row's own timestamps", async () => {
    const at = new Date("2031-05-01T12:00:00.000Z");
    const { attempt } = await submitted(at);
    const history = await t.db.select().from(attemptHistory).where(eq(attemptHistory.attemptId, attempt.id)).orderBy(asc(attemptHistory.id));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: "started", completedAt: null, externalId: null, startedAt: attempt.startedAt, created: at, modified: at });
  });
});
