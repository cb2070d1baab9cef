/**
 * A submit's cost in our own code (issue 14, decision 055): the service verb alone, in this
 * process, without Next, HTTP or the outbox worker.
 *
 * `npm run bench` measures a submit through the real server, where Next's request handling, the
 * JWT check and the outbox worker's deliveries share the CPU with it, and where runs disagree by a
 * third with the machine's own speed. This script answers a narrower question with less noise:
 * what does `performAttemptAction(…, "submit")` cost (the actor already loaded), and how does it
 * compare with a bare minimum? The baseline, measured in the same run and the same pool, is a
 * transaction of four prepared one-row reads by primary key, with nothing of ours in them: the
 * six statements a submit's transaction had (begin, the lock, the scope read, the write, the
 * outbox insert, commit), in five round trips on PostgreSQL (BEGIN rides with the first read,
 * decision 058), where the submit's transaction now takes three (BEGIN, the lock and the scope
 * read; the write; the outbox insert and COMMIT).
 *
 * Both run at the same concurrency, alternating round by round; per round it prints this
 * process's CPU (drizzle, postgres.js, our services) and this database's PostgreSQL CPU per
 * operation, and the submit's ratio to the baseline. An AsyncLocalStorage context is active, as
 * in Next's server, so every promise costs what it costs there.
 *
 *   npx tsx bench/submit-service.ts
 *   SUBMIT_BENCH_SUBMITS=2000 SUBMIT_BENCH_ROUNDS=3 npx tsx bench/submit-service.ts
 *
 * Needs the machine's PostgreSQL (BENCH_PG_URL overrides); the database is fresh and dropped at
 * the end (BENCH_KEEP_DB=1 keeps it).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import postgres from "postgres";
import { intEnv, runTimestamp } from "./lib/config";
import { DEFAULT_ADMIN_URL, benchDatabase, createMigratedDatabase, dropDatabase, postgresSettingsLine } from "./lib/database";
import { BackendCpu } from "./lib/proc";
import type { UserActor } from "../lib/domain/actor";

const ADMIN_URL = process.env.BENCH_PG_URL ?? DEFAULT_ADMIN_URL;
/** Submits per round (each of a started attempt of its own learner). */
const SUBMITS = Math.max(100, intEnv("SUBMIT_BENCH_SUBMITS", 2_000));
const ROUNDS = Math.max(1, intEnv("SUBMIT_BENCH_ROUNDS", 3));
const CONCURRENCY = Math.max(1, intEnv("SUBMIT_BENCH_CONCURRENCY", 10));
const WARMUP = 300;
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";

const log = (message: string) => console.log(`[bench:submit] ${message}`);

interface Sample {
  ops: number;
  clientUs: number;
  postgresUs: number;
}

async function main(): Promise<void> {
  // Next's server runs every request inside AsyncLocalStorage; so does this process.
  new AsyncLocalStorage<{ bench: true }>().enterWith({ bench: true });
  const target = benchDatabase(ADMIN_URL, `invigil_bench_submit_${runTimestamp()}`);
  await createMigratedDatabase(ADMIN_URL, target);
  log(await postgresSettingsLine(ADMIN_URL));
  const admin = postgres(target.url, { max: 1, onnotice: () => {} });
  const { openDatabase } = await import("@/db/client");
  const { loadUserActor } = await import("@/lib/data/actor-loader");
  const { performAttemptAction } = await import("@/lib/services/attempt/actions");
  const handle = await openDatabase({ kind: "postgres", url: target.url, max: 10 });
  const db = handle.db;
  try {
    const total = WARMUP + SUBMITS * ROUNDS;
    await admin.unsafe(`INSERT INTO courses (course_key, name, start) VALUES ('course-v1:BenchX+SUB+2026', 'Submit bench', now() - interval '30 days')`);
    const [exam] = await admin.unsafe(
      `INSERT INTO exams (course_id, content_id, exam_name, time_limit_mins, is_proctored, is_practice_exam, is_active)
       VALUES ('course-v1:BenchX+SUB+2026', 'block-v1:BenchX+SUB+2026+type@sequential+block@final', 'Final', 60, false, false, true) RETURNING id`,
    );
    // A webhook endpoint, so a submit writes its webhook messages as in the attempt-API bench.
    await admin.unsafe(`INSERT INTO webhook_endpoints (url, events) VALUES ('http://127.0.0.1:9/unused', '[]'::jsonb)`);
    await admin.unsafe(`INSERT INTO users (username, email, full_name) SELECT 'sb' || g, 'sb' || g || '@bench.invalid', 'Learner ' || g FROM generate_series(1, $1::int) g`, [total]);
    const started = await admin.unsafe(
      `INSERT INTO attempts (user_id, exam_id, course_id, status, attempt_code, started_at, allowed_time_limit_mins, taking_as_proctored)
       SELECT u.id, $1, 'course-v1:BenchX+SUB+2026', 'started', upper(md5(u.id::text || clock_timestamp()::text)), now() - interval '1 minute', 60, false
       FROM users u WHERE u.username LIKE 'sb%' ORDER BY u.id RETURNING id, user_id`,
      [exam!.id],
    );
    await admin.unsafe("ANALYZE");
    const work: { attemptId: number; actor: UserActor }[] = [];
    for (const row of started) {
      const actor = await loadUserActor(db, Number(row.user_id));
      if (!actor) throw new Error(`no actor for user ${row.user_id}`);
      work.push({ attemptId: Number(row.id), actor });
    }
    const baselineIds = work.slice(0, 4).map((w) => w.attemptId);
    const { attempts } = await import("@/db/schema");
    const { builtStatement } = await import("@/lib/data/built-statement");
    const { eq, sql } = await import("drizzle-orm");
    const readById = builtStatement("bench_baseline_read", (tx) => tx.select({ id: attempts.id }).from(attempts).where(eq(attempts.id, sql.placeholder("id"))), (row) => row[0]);

    let next = 0;
    const submit = async () => {
      const item = work[next++]!;
      const ctx = { db, principal: item.actor, now: new Date(), requestId: `bench-${item.attemptId}`, source: "api" as const, origin: "http://127.0.0.1" };
      await performAttemptAction(ctx, { attemptId: item.attemptId, action: "submit" });
    };
    const baseline = async () => {
      await db.transaction(async (tx) => {
        for (const id of baselineIds) await readById(tx, { id });
      });
    };
    const measure = async (count: number, op: () => Promise<void>): Promise<Sample> => {
      // A fresh reader per measurement: a backend seen in an earlier one must not count here.
      const backends = new BackendCpu(admin, target.name);
      await backends.sample(true);
      const before = process.cpuUsage();
      let left = count;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (left > 0) {
            left--;
            await op();
          }
        }),
      );
      const used = process.cpuUsage(before);
      await backends.sample();
      return { ops: count, clientUs: (used.user + used.system) / count, postgresUs: (backends.usedMs() * 1000) / count };
    };

    await measure(WARMUP, submit);
    await measure(WARMUP, baseline);
    log(`${SUBMITS} submits and as many baseline transactions per round, concurrency ${CONCURRENCY}, ${ROUNDS} round(s)`);
    const rows: { round: number; submit: Sample; bare: Sample }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const s = await measure(SUBMITS, submit);
      const b = await measure(SUBMITS, baseline);
      rows.push({ round, submit: s, bare: b });
    }
    const fmt = (n: number) => n.toFixed(0).padStart(8);
    console.log("");
    console.log(`Submit in our code (performAttemptAction, the actor loaded), ${new Date().toISOString()}; µs of CPU per operation`);
    console.log(`round  submit: this process  PostgreSQL   total   baseline: this process  PostgreSQL   total   submit / baseline`);
    for (const r of rows) {
      const st = r.submit.clientUs + r.submit.postgresUs;
      const bt = r.bare.clientUs + r.bare.postgresUs;
      console.log(
        `${String(r.round).padStart(5)}  ${fmt(r.submit.clientUs)}             ${fmt(r.submit.postgresUs)}  ${fmt(st)}   ${fmt(r.bare.clientUs)}               ${fmt(r.bare.postgresUs)}  ${fmt(bt)}   ${(st / bt).toFixed(2).padStart(8)}`,
      );
    }
    console.log("(baseline: a transaction of four prepared one-row reads by primary key, five round trips; a submit's transaction takes three)");
    const check = await admin.unsafe(`SELECT count(*) FILTER (WHERE status = 'submitted') AS submitted, count(*) AS all FROM attempts`);
    log(`attempts submitted: ${check[0]!.submitted} of ${check[0]!.all} (expected ${WARMUP + SUBMITS * ROUNDS})`);
  } finally {
    await handle.close();
    await admin.end({ timeout: 5 });
    await dropDatabase(ADMIN_URL, target, { keep: KEEP_DB, log });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
