/**
 * The outbox worker alone (issue 14, decision 051): what delivering one message costs, per topic.
 *
 * `npm run bench` measures the outbox inside the real server (with the timer poll beside it);
 * this script answers the question that run cannot: where the CPU per message goes. It runs the
 * server's worker in this process, set up as lib/startup.ts sets it up (the app's pool with the
 * configuration cache of decision 043, the worker's own pool of OUTBOX_DB_CONNECTIONS sharing it,
 * the real handlers, e-mails over SMTP and webhooks over HTTP to receivers in this process), and
 * drains, one case after another, the messages a burst of N submits writes: all four topics
 * together (as after a burst), then each topic alone.
 *
 * Per case it prints: messages, seconds to drain (the worker called back to back, no 1 s tick),
 * messages per second, this process's CPU per message (the worker's; the receivers' share is
 * small and the same before and after a change), this database's PostgreSQL CPU per message (its
 * backends, from /proc), PostgreSQL transactions per message (every statement outside a
 * transaction is one: the statements per message), and the event loop's delay meanwhile (p50 /
 * p99 / max: how long a request arriving at that moment would wait behind the worker). With the
 * machine's load average before and after, and `2 cores / CPU per message` as the throughput the
 * worker would reach with the machine to itself.
 *
 *   NODE_ENV=production npx tsx bench/outbox.ts
 *   OUTBOX_BENCH_SUBMITS=500 OUTBOX_BENCH_CASES=all,email.attempt_status NODE_ENV=production npx tsx bench/outbox.ts
 *   NODE_ENV=production node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/outbox.ts   # where the CPU goes
 *
 * NODE_ENV=production matters: React renders the e-mails several times faster than in development.
 * Needs the machine's PostgreSQL (BENCH_PG_URL overrides); the database is fresh and dropped at
 * the end (BENCH_KEEP_DB=1 keeps it).
 */
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import postgres from "postgres";
import { intEnv, runTimestamp } from "./lib/config";
import { DEFAULT_ADMIN_URL, benchDatabase, createMigratedDatabase, dropDatabase, postgresSettingsLine } from "./lib/database";
import { startSmtpSink } from "../lib/testing/smtp-sink";
import { pgBackendCpuMs } from "./lib/proc";
import { startWebhookSink } from "./lib/sinks";
import { SUBMIT_MESSAGES } from "./lib/submit-messages";

const ADMIN_URL = process.env.BENCH_PG_URL ?? DEFAULT_ADMIN_URL;
const SUBMITS = Math.max(1, intEnv("OUTBOX_BENCH_SUBMITS", 2_000));
const ALL_CASES = ["all", "webhook.attempt_status", "webhook.credit_requirement", "email.attempt_status", "vendor.call"] as const;
const CASES = (process.env.OUTBOX_BENCH_CASES ?? ALL_CASES.join(","))
  .split(",")
  .map((s) => s.trim())
  .filter((s): s is (typeof ALL_CASES)[number] => (ALL_CASES as readonly string[]).includes(s));
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const STATS_DELAY_MS = 11_000;

const log = (message: string) => console.log(`[bench:outbox] ${message}`);
const load = () => loadavg()[0]!.toFixed(2);

async function main(): Promise<void> {
  if (process.env.NODE_ENV !== "production") log("NODE_ENV is not production: React renders e-mails in development mode (slower); set NODE_ENV=production to compare with the server.");
  const target = benchDatabase(ADMIN_URL, `invigil_bench_outbox_${runTimestamp()}`);
  await createMigratedDatabase(ADMIN_URL, target);
  log(await postgresSettingsLine(ADMIN_URL));
  const smtp = await startSmtpSink({ countOnly: true });
  const hooks = await startWebhookSink();
  const admin = postgres(target.url, { max: 1, onnotice: () => {} });
  const { openDatabase } = await import("@/db/client");
  const { startConfigCache, shareConfigCache } = await import("@/lib/data/config-cache");
  const { drainOutbox, OUTBOX_DB_CONNECTIONS } = await import("@/lib/jobs/runner");
  const { createJobHandlers } = await import("@/lib/jobs/handlers");
  const { createMailer } = await import("@/lib/jobs/mailer");
  const app = await openDatabase({ kind: "postgres", url: target.url, max: 10 });
  const worker = await openDatabase({ kind: "postgres", url: target.url, max: OUTBOX_DB_CONNECTIONS, planEachRun: true });
  const mailer = createMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: "bench@invigil.invalid" });
  try {
    const q = (text: string, params: unknown[] = []) => admin.unsafe(text, params as never[]);
    await q(`INSERT INTO backend_configs (name, kind, verbose_name, is_default, settings) VALUES ('mock', 'mock', 'Mock Proctoring', true, '{}')`);
    await q(`INSERT INTO courses (course_key, name, start) VALUES ('course-v1:BenchX+OBX+2026', 'Outbox bench', now() - interval '30 days')`);
    const [exam] = await q(
      `INSERT INTO exams (course_id, content_id, exam_name, time_limit_mins, is_proctored, is_practice_exam, is_active, backend)
       VALUES ('course-v1:BenchX+OBX+2026', 'block-v1:BenchX+OBX+2026+type@sequential+block@final', 'Final', 60, true, false, true, 'mock') RETURNING id`,
    );
    await q(`INSERT INTO users (username, email, full_name) SELECT 'ob' || g, 'ob' || g || '@bench.invalid', 'Learner ' || g FROM generate_series(1, $1::int) g`, [SUBMITS]);
    await q(
      `INSERT INTO attempts (user_id, exam_id, course_id, status, attempt_code, external_id, started_at, completed_at, allowed_time_limit_mins, taking_as_proctored, is_sample_attempt)
       SELECT u.id, $1, 'course-v1:BenchX+OBX+2026', 'submitted', u.code, u.code, now() - interval '50 minutes', now(), 60, true, false
       FROM (SELECT id, upper(gen_random_uuid()::text) AS code FROM users WHERE username LIKE 'ob%') u`,
      [Number(exam!.id)],
    );
    await q(`INSERT INTO webhook_endpoints (url, events) VALUES ($1, '[]'::jsonb)`, [`http://127.0.0.1:${hooks.port}/invigil-hooks`]);
    await q(`ANALYZE`);
    // As lib/startup.ts: the app's pool has the configuration cache, the worker's pool reads through it.
    await startConfigCache(app.db);
    shareConfigCache(app.db, worker.db);
    const handlers = createJobHandlers({ mailer, baseUrl: "http://127.0.0.1" });
    log(`database ${target.name}: ${SUBMITS} submitted attempts, SMTP receiver :${smtp.port}, webhook receiver :${hooks.port}`);

    /** The four rows a submit writes (as bench/attempt-api.ts's burst), or one topic's. */
    const write = async (topic: string): Promise<number> => {
      const rows = await q(
        `WITH a AS (SELECT a.id, a.user_id, a.external_id, e.content_id, e.course_id AS course_key FROM attempts a JOIN exams e ON e.id = a.exam_id ORDER BY a.id LIMIT $1)
         INSERT INTO outbox (topic, payload)
         SELECT t.topic, t.payload FROM a ${SUBMIT_MESSAGES}
         WHERE $2 = 'all' OR t.topic = $2
         ORDER BY a.id, t.n
         RETURNING id`,
        [SUBMITS, topic],
      );
      return rows.length;
    };
    const pgCpu = () => pgBackendCpuMs(admin, target.name);
    const commits = async () => Number((await q(`SELECT xact_commit FROM pg_stat_database WHERE datname = $1`, [target.name]))[0]!.xact_commit);

    // Warm-up: modules, prepared statements, the React renderer, the SMTP pool.
    await write("all");
    while ((await drainOutbox(worker.db, handlers)) > 0);
    await q(`DELETE FROM outbox`);
    await q(`DELETE FROM webhook_deliveries`);
    await q(`VACUUM ANALYZE outbox`);
    await q(`VACUUM ANALYZE webhook_deliveries`);

    const results: Record<string, unknown>[] = [];
    for (const topic of CASES) {
      const n = await write(topic);
      await q(`ANALYZE outbox`);
      const loadBefore = load();
      const mailsBefore = smtp.received();
      const hooksBefore = hooks.received();
      // An idle backend reports its transactions to pg_stat_database up to 10 s late
      // (PGSTAT_IDLE_INTERVAL): wait that long on both sides of the count.
      await new Promise((r) => setTimeout(r, STATS_DELAY_MS));
      const commits0 = await commits();
      const pg0 = await pgCpu();
      const cpu0 = process.cpuUsage();
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const t0 = performance.now();
      while ((await drainOutbox(worker.db, handlers)) > 0);
      const seconds = (performance.now() - t0) / 1000;
      delay.disable();
      const cpu = process.cpuUsage(cpu0);
      const pg1 = await pgCpu();
      await new Promise((r) => setTimeout(r, STATS_DELAY_MS));
      const commits1 = await commits();
      let pgMs = 0;
      for (const [pid, ms] of pg1) pgMs += ms - (pg0.get(pid) ?? ms);
      const [left] = await q(`SELECT count(*) FILTER (WHERE state = 'pending') AS pending, count(*) FILTER (WHERE state = 'dead') AS dead FROM outbox`);
      const serverMs = (cpu.user + cpu.system) / 1000;
      const row = {
        case: topic,
        messages: n,
        seconds: Number(seconds.toFixed(2)),
        perSecond: Math.round(n / seconds),
        serverCpuMsPerMessage: Number((serverMs / n).toFixed(3)),
        pgCpuMsPerMessage: Number((pgMs / n).toFixed(3)),
        // The bench's own reads between the two counts are transactions too: 3 per case.
        transactionsPerMessage: Number(((commits1 - commits0 - 3) / n).toFixed(2)),
        twoCoresPerSecond: Math.round(2000 / (serverMs / n + pgMs / n)),
        loopDelayMs: { p50: Number((delay.percentile(50) / 1e6).toFixed(1)), p99: Number((delay.percentile(99) / 1e6).toFixed(1)), max: Number((delay.max / 1e6).toFixed(1)) },
        mails: smtp.received() - mailsBefore,
        webhooks: hooks.received() - hooksBefore,
        pending: Number(left!.pending),
        dead: Number(left!.dead),
        load: `${loadBefore} -> ${load()}`,
      };
      results.push(row);
      log(JSON.stringify(row));
      await q(`DELETE FROM outbox`);
      await q(`VACUUM ANALYZE outbox`);
    }
    console.log("\n| case | messages | s | msg/s | server CPU ms/msg | PostgreSQL CPU ms/msg | statements/msg | 2 cores / CPU: msg/s | loop delay p50 / p99 / max ms | load |");
    console.log("|---|---|---|---|---|---|---|---|---|---|");
    for (const r of results as { case: string; messages: number; seconds: number; perSecond: number; serverCpuMsPerMessage: number; pgCpuMsPerMessage: number; transactionsPerMessage: number; twoCoresPerSecond: number; loopDelayMs: { p50: number; p99: number; max: number }; load: string }[]) {
      console.log(
        `| ${r.case} | ${r.messages} | ${r.seconds} | ${r.perSecond} | ${r.serverCpuMsPerMessage} | ${r.pgCpuMsPerMessage} | ${r.transactionsPerMessage} | ${r.twoCoresPerSecond} | ${r.loopDelayMs.p50} / ${r.loopDelayMs.p99} / ${r.loopDelayMs.max} | ${r.load} |`,
      );
    }
  } finally {
    mailer?.close();
    await worker.close().catch(() => {});
    await app.close().catch(() => {});
    await admin.end({ timeout: 5 }).catch(() => {});
    await smtp.close().catch(() => {});
    await hooks.close().catch(() => {});
    await dropDatabase(ADMIN_URL, target, { keep: KEEP_DB, log });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
