import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { outbox } from "@/db/schema";
import { systemContext } from "@/lib/data/context";
import { applyMetricEvent, metrics, type MetricEvent } from "@/lib/metrics";
import { enqueue } from "@/lib/services/journal";
import { setupTestDatabase, withDatabaseName } from "@/lib/testing/db";
import { makeAttempt, makeCourse, makeExam, makeUser } from "@/lib/testing/factories";
import { startSmtpSink, type SmtpSink } from "@/lib/testing/smtp-sink";
import { bundleOutboxThread } from "@/scripts/build-outbox-thread";
import { OUTBOX_THREAD_NICE, outboxPlacement, outboxThreadFiles, startOutboxThread } from "./outbox-thread";
import { enterRequest } from "@/lib/requests-in-flight";
import { BUSY_REQUESTS_IN_FLIGHT } from "./outbox-thread-protocol";
import { startBackgroundJobs } from "./runner";

const ROOT = process.cwd();

/** The nice value of each thread of this process (Linux: field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNiceValues(): number[] {
  const dir = `/proc/${process.pid}/task`;
  return readdirSync(dir).map((tid) => {
    const stat = readFileSync(path.join(dir, tid, "stat"), "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

describe("outboxPlacement", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "invigil-placement-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const postgresDb = { kind: "postgres" as const, url: "postgres://postgres@127.0.0.1:5432/x" };

  it("runs the worker in a thread only on PostgreSQL, in a production build, with this build's bundle", () => {
    const files = outboxThreadFiles(root);
    // No bundle yet: the main thread, and the operator is told why.
    expect(outboxPlacement({ nodeEnv: "production", database: postgresDb, setting: "thread", root })).toMatchObject({
      where: "main",
      warn: true,
      reason: expect.stringContaining("npm run build"),
    });

    mkdirSync(path.dirname(files.entry), { recursive: true });
    writeFileSync(files.buildId, "build-2\n");
    writeFileSync(files.entry, "");
    writeFileSync(files.stamp, "build-1\n");
    // A bundle of an earlier build would run earlier code.
    expect(outboxPlacement({ nodeEnv: "production", database: postgresDb, setting: "thread", root })).toMatchObject({
      where: "main",
      warn: true,
      reason: expect.stringContaining("another build"),
    });

    writeFileSync(files.stamp, "build-2\n");
    expect(outboxPlacement({ nodeEnv: "production", database: postgresDb, setting: "thread", root })).toEqual({
      where: "thread",
      entry: files.entry,
      databaseUrl: postgresDb.url,
    });
    // The operator's choice, the development server and the embedded database keep it on the main thread, quietly.
    for (const input of [
      { nodeEnv: "production", database: postgresDb, setting: "main" as const },
      { nodeEnv: "development", database: postgresDb, setting: "thread" as const },
      { nodeEnv: "production", database: { kind: "embedded" as const }, setting: "thread" as const },
    ]) {
      expect(outboxPlacement({ ...input, root })).toMatchObject({ where: "main", warn: false });
    }
  });
});

describe("startOutboxThread", () => {
  it("starts a thread again when it ends without being asked, and rejects `ready` when the first never got there", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "invigil-thread-"));
    const entry = path.join(dir, "ends.mjs");
    writeFileSync(entry, "process.exit(3);\n");
    const lines: string[] = [];
    const thread = startOutboxThread(
      entry,
      { databaseUrl: "postgres://unused", mail: null, baseUrl: undefined, intervalMs: 1_000, nice: 0 },
      { restartDelayMs: 20, log: (line) => lines.push(line) },
    );
    await expect(thread.ready).rejects.toThrow(/exit code 3/);
    await vi.waitFor(() => expect(thread.starts()).toBeGreaterThanOrEqual(3), { timeout: 5_000, interval: 10 });
    await thread.stop();
    const after = thread.starts();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(thread.starts()).toBe(after);
    expect(lines[0]).toMatch(/outbox thread ended \(exit code 3\); starting another/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("the outbox worker in its own thread (on this run's database)", () => {
  const t = setupTestDatabase();
  let sink: SmtpSink;
  const inbox: { to: string[] }[] = [];
  let bundleDir: string | undefined;

  beforeAll(async () => {
    sink = await startSmtpSink({ onMessage: (mail) => void inbox.push({ to: mail.to }) });
  });
  afterAll(async () => {
    await sink.close();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  async function submittedAttemptEmail() {
    const course = await makeCourse(t.db, { name: "Astrophysics 101" });
    const exam = await makeExam(t.db, { courseKey: course.courseKey, isProctored: true, examName: "Final Exam" });
    const user = await makeUser(t.db, { fullName: "Ada Lovelace" });
    const attempt = await makeAttempt(t.db, { exam, userId: user.id, status: "submitted", takingAsProctored: true });
    await enqueue(t.db, systemContext(t.db, "test", new Date()), "email.attempt_status", { attempt_id: attempt.id, template: "submitted", backend: null });
    const [row] = await t.db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
    return { user, messageId: row!.id };
  }
  const stateOf = async (id: number) => (await t.db.select({ state: outbox.state }).from(outbox).where(eq(outbox.id, id)))[0]!.state;

  it("delivers from a thread at a lower priority, counts in the main thread's registry, and stops; the embedded database keeps it on the main thread", async () => {
    const source = inject("invigilTestDatabase");
    const mail = { url: sink.url, from: "Invigil <no-reply@invigil.test>" };

    if (t.kind === "embedded" || source?.kind !== "postgres") {
      // One in-process engine: no thread can open it, so the worker stays where the requests are.
      expect(outboxPlacement({ nodeEnv: "production", database: { kind: "embedded" }, setting: "thread" })).toMatchObject({ where: "main" });
      const { user, messageId } = await submittedAttemptEmail();
      const stop = startBackgroundJobs(t.db, { mail, outboxIntervalMs: 20, sweepIntervalMs: 60_000 });
      try {
        await vi.waitFor(async () => expect(await stateOf(messageId)).toBe("done"), { timeout: 10_000, interval: 25 });
      } finally {
        stop();
      }
      expect(inbox.map((m) => m.to)).toEqual([[user.email]]);
      return;
    }

    // The bundle `npm run build` makes, built here from the tree into node_modules/.cache (where
    // it resolves the PostgreSQL driver as the build's copy does).
    bundleDir = path.join(ROOT, "node_modules", ".cache", `invigil-outbox-thread-test-${process.pid}`);
    const entry = path.join(bundleDir, "outbox-thread.mjs");
    await bundleOutboxThread(ROOT, entry);

    const [row] = (await t.db.execute(sql`select current_database() as name`)) as unknown as { name: string }[];
    const databaseUrl = withDatabaseName(source.maintenanceUrl, row!.name);
    const sentBefore = (await metrics.emailsSent.get()).values[0]?.value ?? 0;
    const forwarded: MetricEvent[] = [];
    const nicedBefore = threadNiceValues().filter((n) => n === OUTBOX_THREAD_NICE).length;

    const { user, messageId } = await submittedAttemptEmail();
    const thread = startOutboxThread(
      entry,
      { databaseUrl, mail, baseUrl: "https://exams.example.test", intervalMs: 20, nice: OUTBOX_THREAD_NICE },
      {
        onMetric: (event) => {
          forwarded.push(event);
          // What the default does: the process's own registry.
          applyMetricEvent(event);
        },
      },
    );
    try {
      await thread.ready;
      expect(threadNiceValues().filter((n) => n === OUTBOX_THREAD_NICE).length).toBe(nicedBefore + 1);
      await vi.waitFor(async () => expect(await stateOf(messageId)).toBe("done"), { timeout: 15_000, interval: 25 });
      expect(inbox.map((m) => m.to)).toEqual([[user.email]]);
      await vi.waitFor(() => expect(forwarded).toContainEqual({ metric: "email", outcome: "sent" }), { timeout: 2_000, interval: 10 });
      expect((await metrics.emailsSent.get()).values[0]?.value ?? 0).toBe(sentBefore + 1);
    } finally {
      await thread.stop();
    }
    expect(thread.starts()).toBe(1);
    expect(threadNiceValues().filter((n) => n === OUTBOX_THREAD_NICE).length).toBe(nicedBefore);

    // Stopped: a new message waits for the next worker.
    const later = await submittedAttemptEmail();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stateOf(later.messageId)).toBe("pending");
    expect(inbox).toHaveLength(1);
    await t.db.delete(outbox);

    // While 8 or more API requests are in flight in this process, one batch of 100 per tick; all
    // the rest once they have been answered. (Messages of a topic nobody handles: each batch
    // settles them at once, as dead letters.)
    await t.db.insert(outbox).values(Array.from({ length: 250 }, (_, i) => ({ topic: "test.unhandled", payload: { i }, nextAttemptAt: new Date(Date.now() - 1000) })));
    const settled = async () => (await t.db.select({ id: outbox.id }).from(outbox).where(sql`${outbox.state} <> 'pending'`)).length;
    const waiting = Array.from({ length: BUSY_REQUESTS_IN_FLIGHT }, () => enterRequest());
    const busyThread = startOutboxThread(entry, { databaseUrl, mail: null, baseUrl: undefined, intervalMs: 2_000, nice: OUTBOX_THREAD_NICE });
    try {
      await busyThread.ready;
      // One batch, settled in a few statements; the next tick is two seconds after this one.
      await vi.waitFor(async () => expect(await settled()).toBeGreaterThanOrEqual(100), { timeout: 10_000, interval: 20 });
      expect(await settled()).toBe(100);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await settled()).toBe(100);
      for (const leave of waiting) leave();
      await vi.waitFor(async () => expect(await settled()).toBe(250), { timeout: 10_000, interval: 20 });
    } finally {
      for (const leave of waiting) leave();
      await busyThread.stop();
    }
  });
});
