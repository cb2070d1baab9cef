/**
 * Mass expiry (issue 14): N proctored attempts whose time runs out in the same second, ended by
 * the expiry sweeper running in one or two "instances" (each its own connection pool, sharing one
 * database), in this process. Prints, per case: wall time until every attempt is `submitted`,
 * this process's CPU time per attempt (the steadier figure on a shared machine), whether every
 * completed_at equals the expiry instant, outbox rows written, and peak RSS.
 *
 * Limits (say so when quoting figures): the instances share one Node event loop, so two of them
 * overlap only their database waits; outbox delivery is not timed here (the worker is another
 * engineer's, issue 14 item 3). Needs the machine's PostgreSQL (BENCH_PG_URL overrides); each case
 * gets a fresh database, dropped afterwards.
 *
 *   npx tsx bench/mass-expiry.ts            # sizes 2000,10000; instances 1,2
 *   MASS_EXPIRY_SIZES=2000 MASS_EXPIRY_INSTANCES=1 npx tsx bench/mass-expiry.ts
 */
import postgres from "postgres";
import { runTimestamp } from "./lib/config";
import { DEFAULT_ADMIN_URL, benchDatabase, createMigratedDatabase, dropDatabase } from "./lib/database";

const ADMIN_URL = process.env.BENCH_PG_URL ?? DEFAULT_ADMIN_URL;
const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = list("MASS_EXPIRY_SIZES", "2000,10000");
const INSTANCES = list("MASS_EXPIRY_INSTANCES", "1,2");
const LIMIT_MINS = 10;

interface Result {
  size: number;
  instances: number;
  seconds: number;
  cpuMsPerAttempt: number;
  completedAtOk: number;
  outboxRows: number;
  peakRssMb: number;
}

async function seed(url: string, size: number): Promise<Date> {
  const pg = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const q = (text: string, params: (string | number | Date)[] = []) => pg.unsafe(text, params as never[]);
    await q(`INSERT INTO backend_configs (name, kind, verbose_name, is_default, settings) VALUES ('mock', 'mock', 'Mock Proctoring', true, '{}')`);
    const [course] = await q(`INSERT INTO courses (course_key, name, start) VALUES ('course-v1:BenchX+EXP+2026', 'Mass expiry', now() - interval '30 days') RETURNING id`);
    const [exam] = await q(
      `INSERT INTO exams (course_id, content_id, exam_name, time_limit_mins, is_proctored, is_practice_exam, is_active, backend)
       VALUES ('course-v1:BenchX+EXP+2026', 'block-v1:BenchX+EXP+2026+type@sequential+block@final', 'Final', $1, true, false, true, 'mock')
       RETURNING id`,
      [LIMIT_MINS],
    );
    await q(
      `INSERT INTO users (username, email, full_name) SELECT 'mx' || g, 'mx' || g || '@bench.invalid', 'Learner ' || g FROM generate_series(1, $1::int) g`,
      [size],
    );
    await q(`INSERT INTO enrollments (user_id, course_id, mode) SELECT id, $1, 'verified' FROM users WHERE username LIKE 'mx%'`, [Number(course!.id)]);
    // Every attempt started at the same instant with the same allowance: all expire in one second.
    const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - (LIMIT_MINS * 60 + 5) * 1000);
    await q(
      `INSERT INTO attempts (user_id, exam_id, course_id, status, attempt_code, external_id, started_at, allowed_time_limit_mins, taking_as_proctored, is_sample_attempt)
       SELECT u.id, $1, 'course-v1:BenchX+EXP+2026', 'started', u.code, u.code, $2, $3, true, false
       FROM (SELECT id, upper(gen_random_uuid()::text) AS code FROM users WHERE username LIKE 'mx%') u`,
      [Number(exam!.id), startedAt, LIMIT_MINS],
    );
    await q(`ANALYZE`);
    return new Date(startedAt.getTime() + LIMIT_MINS * 60_000);
  } finally {
    await pg.end({ timeout: 5 });
  }
}

async function runCase(size: number, instances: number): Promise<Result> {
  const db = benchDatabase(ADMIN_URL, `invigil_bench_expiry_${runTimestamp()}_${size}_${instances}`.toLowerCase());
  await createMigratedDatabase(ADMIN_URL, db);
  try {
    const expiry = await seed(db.url, size);
    const { openDatabase } = await import("@/db/client");
    const { sweepExpiredAttempts } = await import("@/lib/services/attempt/expire");
    const handles = await Promise.all(Array.from({ length: instances }, () => openDatabase({ kind: "postgres", url: db.url, max: 10 })));
    let peakRss = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    try {
      // Each instance sweeps back to back (the runner's 2 s tick without the wait) until it finds nothing.
      await Promise.all(
        handles.map(async (h) => {
          for (;;) {
            const ended = await sweepExpiredAttempts(h.db, new Date());
            peakRss = Math.max(peakRss, process.memoryUsage().rss);
            if (ended === 0) return;
          }
        }),
      );
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pg = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const [check] = await pg.unsafe(
        `SELECT count(*) FILTER (WHERE status = 'submitted' AND completed_at = $1)::int AS ok,
                (SELECT count(*)::int FROM outbox) AS outbox
         FROM attempts`,
        [expiry] as never[],
      );
      return {
        size,
        instances,
        seconds,
        cpuMsPerAttempt: (cpu.user + cpu.system) / 1000 / size,
        completedAtOk: Number(check!.ok),
        outboxRows: Number(check!.outbox),
        peakRssMb: peakRss / 1024 / 1024,
      };
    } finally {
      await pg.end({ timeout: 5 });
    }
  } finally {
    await dropDatabase(ADMIN_URL, db, { keep: false, log: () => {} });
  }
}

async function main() {
  console.log(`mass expiry: sizes ${SIZES.join(", ")}; instances ${INSTANCES.join(", ")} (in one process)`);
  // A small unprinted case first: the first sweep loads and compiles the app's modules, which
  // would otherwise be charged to the first measured case.
  await runCase(50, 1);
  console.log("size   inst  seconds  attempts/s  CPU ms/attempt  completed_at=expiry  outbox rows  peak RSS MB");
  for (const size of SIZES) {
    for (const instances of INSTANCES) {
      const r = await runCase(size, instances);
      console.log(
        [
          String(r.size).padEnd(6),
          String(r.instances).padEnd(5),
          r.seconds.toFixed(1).padStart(7),
          (r.size / r.seconds).toFixed(0).padStart(11),
          r.cpuMsPerAttempt.toFixed(2).padStart(15),
          `${r.completedAtOk}/${r.size}`.padStart(20),
          String(r.outboxRows).padStart(12),
          r.peakRssMb.toFixed(0).padStart(12),
        ].join(" "),
      );
      if (r.completedAtOk !== r.size) process.exitCode = 1;
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
