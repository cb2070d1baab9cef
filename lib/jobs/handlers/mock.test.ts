import { desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attempts, backendConfigs, outbox, reviews } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { enqueue } from "@/lib/services/journal";
import { setupTestDatabase } from "@/lib/testing/db";
import type { OutboxTopic } from "../topics";
import { makeAttempt, makeExam } from "@/lib/testing/factories";
import { createJobHandlers } from "../handlers";
import { runOutboxOnce } from "../outbox";

const t = setupTestDatabase();
const T0 = new Date("2031-07-01T10:00:00.000Z");
const handlers = createJobHandlers({ mailer: null });

async function put(db: Db, topic: OutboxTopic, payload: Record<string, unknown>) {
  await enqueue(db, systemContext(db, "test", T0), topic, payload);
  const [row] = await db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
  return row!;
}
const reload = async (id: number) => (await t.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
const attemptNow = async (id: number) => (await t.db.select().from(attempts).where(eq(attempts.id, id)))[0]!;

beforeAll(async () => {
  await t.db.insert(backendConfigs).values({ name: "mock", kind: "mock" });
});
beforeEach(async () => {
  await t.db.delete(outbox);
});

describe("the mock backend's vendor side", () => {
  it("mock.mark_ready moves a created attempt to ready_to_start, and leaves a started one alone", async () => {
    const exam = await makeExam(t.db, { isProctored: true, backend: "mock" });
    const created = await makeAttempt(t.db, { exam, status: "created", externalId: `ext-${crypto.randomUUID()}` });
    const started = await makeAttempt(t.db, { exam, status: "started", startedAt: T0, allowedTimeLimitMins: 60, externalId: `ext-${crypto.randomUUID()}` });
    await put(t.db, "mock.mark_ready", { externalId: created.externalId });
    await put(t.db, "mock.mark_ready", { externalId: started.externalId });
    const gone = await put(t.db, "mock.mark_ready", { externalId: "no-such-attempt" });

    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ done: 3 });
    expect((await attemptNow(created.id)).status).toBe("ready_to_start");
    expect(await attemptNow(started.id)).toEqual(started);
    expect((await reload(gone.id)).lastError).toBe("skipped: attempt no longer exists");
  });

  it("mock.post_review posts the configured review through the review service", async () => {
    const exam = await makeExam(t.db, { isProctored: true, backend: "mock" });
    const attempt = await makeAttempt(t.db, {
      exam,
      status: "submitted",
      startedAt: new Date(T0.getTime() - 3600_000),
      completedAt: T0,
      allowedTimeLimitMins: 60,
      externalId: `ext-${crypto.randomUUID()}`,
    });
    const message = await put(t.db, "mock.post_review", { externalId: attempt.externalId, status: "passed" });

    expect(await runOutboxOnce(t.db, T0, handlers)).toMatchObject({ done: 1 });
    expect(await reload(message.id)).toMatchObject({ state: "done" });
    const [review] = await t.db.select().from(reviews).where(eq(reviews.attemptCode, attempt.attemptCode!));
    expect(review).toBeDefined();
    expect((await attemptNow(attempt.id)).status).toBe("verified");
  });
});
