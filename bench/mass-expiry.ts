/**
 * Mass expiry (issue 14): N proctored attempts whose time runs out in the same second, ended by
 * one or two app "instances" sharing one PostgreSQL database. Each instance is a child process
 * of this script running the server's own background loops (startBackgroundJobs: the expiry
 * sweeper and the outbox worker, each every second) with real handlers: e-mails go over SMTP to
 * a sink in this process, vendor calls to the mock backend.
 *
 * Per case it prints: seconds until every attempt is `submitted` and until every side effect
 * (outbox message) is delivered, both from the moment the instances are told to go; the seconds
 * from the first attempt submitted to the last and the attempts per second over them (the
 * sweepers' rate without the wait for their first tick) and the machine's cores busy meanwhile
 * (every process: the instances, PostgreSQL, this script); the instances' CPU per attempt and that
 * of their PostgreSQL backends, up to "all submitted" and up to "all delivered" (the steadier
 * figures on a shared machine: with PostgreSQL on the same cores, they say which side bounds the
 * rate); whether each completed_at
 * equals the expiry instant; outbox rows and e-mails received; the instances' peak RSS.
 * The baseline, measured per size in the same run on its own copy of the data: the bare write,
 * one `UPDATE attempts SET status = 'submitted', completed_at = expires_at` per batch of 250 due
 * rows claimed with SKIP LOCKED, from this process, nothing else (no history, audit, outbox, rules):
 * the floor of what ending N attempts can cost on this database. The ratio is expiry / baseline.
 *
 * Needs the machine's PostgreSQL (BENCH_PG_URL overrides); each case gets a fresh database,
 * dropped afterwards.
 *
 *   npx tsx bench/mass-expiry.ts            # sizes 2000,10000; instances 1,2
 *   MASS_EXPIRY_SIZES=2000 MASS_EXPIRY_INSTANCES=1 npx tsx bench/mass-expiry.ts
 *   MASS_EXPIRY_DELIVERY=0 npx tsx bench/mass-expiry.ts   # the sweeper alone: no outbox worker, no delivery figures
 *   MASS_EXPIRY_INSTANCE_CPU=0.4 npx tsx bench/mass-expiry.ts  # each instance limited to 0.4 of a core
 *
 * MASS_EXPIRY_INSTANCE_CPU puts each instance in a cgroup of its own with that CPU quota
 * (bench/lib/cpu-quota.ts): each stands for an instance on a host of its own with a fixed CPU
 * budget, and PostgreSQL keeps the rest of the machine. That is how the throughput a second
 * instance adds (issue 14: ≥ 60 %) can be read on a 2-core machine: unlimited, one instance and
 * PostgreSQL already fill both cores, and a second instance can only share them. The run also
 * prints how long the instances waited for their quota.
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import postgres from "postgres";
import { runTimestamp } from "./lib/config";
import { DEFAULT_ADMIN_URL, benchDatabase, createMigratedDatabase, dropDatabase, postgresSettingsLine } from "./lib/database";
import { startSmtpSink } from "../lib/testing/smtp-sink";
import { BackendCpu, coresBusy, machineCpuMs } from "./lib/proc";
import { limitCpu, throttled, type CpuQuota } from "./lib/cpu-quota";

const ADMIN_URL = process.env.BENCH_PG_URL ?? DEFAULT_ADMIN_URL;
const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = list("MASS_EXPIRY_SIZES", "2000,10000");
const INSTANCES = list("MASS_EXPIRY_INSTANCES", "1,2");
const LIMIT_MINS = 10;
/** A case that has not finished after this long is reported as such. */
const CASE_TIMEOUT_MS = 15 * 60_000;
const ROLE = process.env.MASS_EXPIRY_ROLE;
/** MASS_EXPIRY_DELIVERY=0: stop each case once every attempt is submitted (no delivery figures). */
const WAIT_FOR_DELIVERY = process.env.MASS_EXPIRY_DELIVERY !== "0";
/**
 * MASS_EXPIRY_WARM: attempts each instance ends before the clock starts, from a set that expired a
 * minute earlier, so the figures are those of an instance that has been running (its code
 * compiled by V8), as in production; 0: cold instances. 500 was not enough: each instance still
 * spent about 0.7 s more CPU within the measured window (still warming up: V8 optimizing, the
 * heap growing), so every added instance made an attempt look dearer (0.20 → 0.27 ms per attempt with 1 → 3 instances; flat at 0.18–0.19 after
 * 3,000; decision 059).
 */
const WARM_PER_INSTANCE = Number(process.env.MASS_EXPIRY_WARM ?? 3000);
/** MASS_EXPIRY_WARM_DELIVERIES: with delivery, the outbox messages each instance delivers in its warm-up, at most. */
const WARM_DELIVERIES = Number(process.env.MASS_EXPIRY_WARM_DELIVERIES ?? 2000);
/** How much earlier the warm-up set expires than the measured one. */
const WARM_EARLIER_MS = 60_000;
/** MASS_EXPIRY_INSTANCE_CPU=<cores>: each instance's CPU quota (a fraction of one core, or more); unset: no limit. */
const INSTANCE_CPU = process.env.MASS_EXPIRY_INSTANCE_CPU ? Number(process.env.MASS_EXPIRY_INSTANCE_CPU) : null;
if (INSTANCE_CPU !== null && !(INSTANCE_CPU > 0)) throw new Error(`MASS_EXPIRY_INSTANCE_CPU must be a positive number of cores, not '${process.env.MASS_EXPIRY_INSTANCE_CPU}'`);

// ------------------------------------------------------------------------------------------------
// The instance (child process)

type ToInstance = { kind: "warm"; now: string; limit: number } | { kind: "go" } | { kind: "report" } | { kind: "stop" };
type FromInstance = { kind: "ready" } | { kind: "warmed"; ended: number; delivered: number } | { kind: "report"; cpuMs: number; peakRssMb: number };

async function instanceMain(): Promise<void> {
  const url = process.env.MASS_EXPIRY_DB_URL!;
  const smtpUrl = process.env.MASS_EXPIRY_SMTP_URL!;
  const { openDatabase } = await import("@/db/client");
  const { drainOutbox, startBackgroundJobs, startLoop } = await import("@/lib/jobs/runner");
  const { sweepExpiredAttempts } = await import("@/lib/services/attempt/expire");
  const { createJobHandlers } = await import("@/lib/jobs/handlers");
  const { createMailer } = await import("@/lib/jobs/mailer");
  const handle = await openDatabase({ kind: "postgres", url, max: 10 });
  // The outbox worker's pool of its own, as lib/startup.ts opens it.
  const { OUTBOX_DB_CONNECTIONS } = await import("@/lib/jobs/runner");
  const outboxDb = (await openDatabase({ kind: "postgres", url, max: OUTBOX_DB_CONNECTIONS, planEachRun: true })).db;
  // Warm the pools and the modules the loops use before the clock starts.
  await handle.db.execute("select 1");
  await outboxDb.execute("select 1");
  const mailer = createMailer({ url: smtpUrl, from: "bench@invigil.invalid" });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  let stop: (() => void) | undefined;
  const cpu0 = process.cpuUsage();
  const send = (message: FromInstance) => process.send!(message);
  const handlers = createJobHandlers({ mailer, baseUrl: "http://127.0.0.1" });
  process.on("message", async (message: ToInstance) => {
    if (message.kind === "warm") {
      // The same code paths as the measured run, on the warm-up set only (expired before `now`).
      const ended = await sweepExpiredAttempts(handle.db, new Date(message.now), { limit: message.limit });
      let delivered = 0;
      // Up to WARM_DELIVERIES messages (the driver removes the rest): the paths are warm by then,
      // and delivering all of a 3,000-attempt warm-up (12,000 messages) would take longer than the case.
      if (WAIT_FOR_DELIVERY) for (let n = -1; n !== 0 && delivered < WARM_DELIVERIES; delivered += n) n = await drainOutbox(outboxDb, handlers);
      send({ kind: "warmed", ended, delivered });
    } else if (message.kind === "go") {
      stop = WAIT_FOR_DELIVERY
        ? startBackgroundJobs(handle.db, { handlers, outboxDb })
        : // The expiry alone: the sweeper's loop as startBackgroundJobs runs it, without the outbox worker.
          startLoop("expiry sweeper", 1_000, () => sweepExpiredAttempts(handle.db, new Date()));
    } else if (message.kind === "report") {
      const cpu = process.cpuUsage(cpu0);
      send({ kind: "report", cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: Math.max(peakRss, process.memoryUsage().rss) / 1024 / 1024 });
    } else if (message.kind === "stop") {
      // Exits without waiting for a loop's run in flight (the database is dropped next).
      stop?.();
      clearInterval(sampler);
      process.exit(0);
    }
  });
  send({ kind: "ready" });
}

// ------------------------------------------------------------------------------------------------
// The driver

interface Result {
  size: number;
  instances: number;
  /** Seconds from "go" until the first attempt is submitted (the sweepers' first tick). */
  firstS: number | null;
  submittedS: number | null;
  deliveredS: number | null;
  /** CPU of this database's PostgreSQL backends per attempt (the instances' connections). */
  pgMsPerAttemptSubmitted: number;
  pgMsPerAttemptDelivered: number;
  cpuMsPerAttemptSubmitted: number;
  cpuMsPerAttemptDelivered: number;
  completedAtOk: number;
  outboxRows: number;
  dead: number;
  mails: number;
  peakRssMb: number;
  /** With MASS_EXPIRY_INSTANCE_CPU: seconds the instances waited for their quota, all together, up to all submitted. */
  throttledS: number | null;
  /** The machine's cores busy on average (every process) from the first attempt submitted to the last. */
  coresBusy: number | null;
}

async function seed(url: string, size: number, warm = 0): Promise<Date> {
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
    // Every attempt started at the same instant with the same allowance: all expire in one second.
    // The warm-up set (learners `mw…`) expires a minute earlier.
    const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - (LIMIT_MINS * 60 + 5) * 1000);
    for (const [prefix, count, started] of [
      ["mx", size, startedAt],
      ["mw", warm, new Date(startedAt.getTime() - WARM_EARLIER_MS)],
    ] as const) {
      if (count === 0) continue;
      await q(
        `INSERT INTO users (username, email, full_name) SELECT $2 || g, $2 || g || '@bench.invalid', 'Learner ' || g FROM generate_series(1, $1::int) g`,
        [count, prefix],
      );
      await q(`INSERT INTO enrollments (user_id, course_id, mode) SELECT id, $1, 'verified' FROM users WHERE username LIKE $2`, [Number(course!.id), `${prefix}%`]);
      await q(
        `INSERT INTO attempts (user_id, exam_id, course_id, status, attempt_code, external_id, started_at, allowed_time_limit_mins, taking_as_proctored, is_sample_attempt)
         SELECT u.id, $1, 'course-v1:BenchX+EXP+2026', 'started', u.code, u.code, $2, $3, true, false
         FROM (SELECT id, upper(gen_random_uuid()::text) AS code FROM users WHERE username LIKE $4) u`,
        [Number(exam!.id), started, LIMIT_MINS, `${prefix}%`],
      );
    }
    await q(`ANALYZE`);
    return new Date(startedAt.getTime() + LIMIT_MINS * 60_000);
  } finally {
    await pg.end({ timeout: 5 });
  }
}

function startInstance(url: string, smtpUrl: string): ChildProcess {
  return fork(new URL(import.meta.url).pathname, [], {
    env: { ...process.env, MASS_EXPIRY_ROLE: "instance", MASS_EXPIRY_DB_URL: url, MASS_EXPIRY_SMTP_URL: smtpUrl },
    execArgv: process.execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

function nextMessage<K extends FromInstance["kind"]>(child: ChildProcess, kind: K): Promise<Extract<FromInstance, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromInstance) => {
      if (message.kind !== kind) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<FromInstance, { kind: K }>);
    };
    const onExit = (code: number | null) => reject(new Error(`instance exited (${code}) before '${kind}'`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function report(children: ChildProcess[]): Promise<{ cpuMs: number; peakRssMb: number }> {
  const reports = await Promise.all(
    children.map((c) => {
      const answer = nextMessage(c, "report");
      c.send({ kind: "report" } satisfies ToInstance);
      return answer;
    }),
  );
  return { cpuMs: reports.reduce((sum, r) => sum + r.cpuMs, 0), peakRssMb: Math.max(...reports.map((r) => r.peakRssMb)) };
}

async function runCase(size: number, instances: number): Promise<Result> {
  const db = benchDatabase(ADMIN_URL, `invigil_bench_expiry_${runTimestamp()}_${size}_${instances}`.toLowerCase());
  await createMigratedDatabase(ADMIN_URL, db);
  const smtp = await startSmtpSink({ countOnly: true });
  const children: ChildProcess[] = [];
  const quotas: CpuQuota[] = [];
  const pg = postgres(db.url, { max: 1, onnotice: () => {} });
  const throttledMs = () => quotas.reduce((sum, q) => sum + throttled(q).ms, 0);
  try {
    const expiry = await seed(db.url, size, WARM_PER_INSTANCE * instances);
    for (let i = 0; i < instances; i++) {
      const child = startInstance(db.url, smtp.url);
      children.push(child);
      if (INSTANCE_CPU !== null) quotas.push(limitCpu(child.pid!, INSTANCE_CPU, `invigil-bench-${process.pid}-${size}-${instances}-${i}`));
    }
    await Promise.all(children.map((c) => nextMessage(c, "ready")));
    // Warm-up, one instance after the other (each takes its own share of the warm-up set).
    for (const child of children) {
      if (WARM_PER_INSTANCE === 0) break;
      const answer = nextMessage(child, "warmed");
      child.send({ kind: "warm", now: new Date(expiry.getTime() - WARM_EARLIER_MS / 2).toISOString(), limit: WARM_PER_INSTANCE } satisfies ToInstance);
      await answer;
    }
    // What the warm-up wrote and sent is not counted: its outbox rows go (delivered, or never to be).
    await pg.unsafe(`DELETE FROM outbox`);
    const mails0 = smtp.received();
    const throttled0 = throttledMs();
    let throttledAtSubmitted = throttled0;
    const base = await report(children);
    const backends = new BackendCpu(pg, db.name);
    await backends.sample(true);
    const t0 = performance.now();
    for (const c of children) c.send({ kind: "go" } satisfies ToInstance);

    let firstS: number | null = null;
    let submittedS: number | null = null;
    let deliveredS: number | null = null;
    let atSubmitted = base;
    let pgMsSubmitted = 0;
    let polls = 0;
    let machineAtFirst: ReturnType<typeof machineCpuMs> = null;
    let busyCores: number | null = null;
    while (performance.now() - t0 < CASE_TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, 100));
      // The instances' backends, every half second (a pool may close an idle connection).
      if (++polls % 5 === 0) await backends.sample();
      const [row] = await pg.unsafe(
        `SELECT (SELECT count(*)::int FROM attempts WHERE status IN ('started', 'ready_to_submit')) AS running,
                (SELECT count(*)::int FROM outbox WHERE state = 'pending') AS pending`,
      );
      const elapsed = (performance.now() - t0) / 1000;
      if (firstS === null && Number(row!.running) < size) {
        firstS = elapsed;
        machineAtFirst = machineCpuMs();
      }
      if (submittedS === null && Number(row!.running) === 0) {
        submittedS = elapsed;
        atSubmitted = await report(children);
        throttledAtSubmitted = throttledMs();
        busyCores = firstS === null ? null : coresBusy(machineAtFirst, machineCpuMs(), (submittedS - firstS) * 1000);
        await backends.sample();
        pgMsSubmitted = backends.usedMs();
      }
      if (submittedS !== null && (!WAIT_FOR_DELIVERY || Number(row!.pending) === 0)) {
        if (!WAIT_FOR_DELIVERY) break;
        deliveredS = elapsed;
        break;
      }
    }
    const atEnd = await report(children);
    await backends.sample();
    const [check] = await pg.unsafe(
      `SELECT count(*) FILTER (WHERE status = 'submitted' AND completed_at = $1)::int AS ok,
              (SELECT count(*)::int FROM outbox) AS outbox,
              (SELECT count(*)::int FROM outbox WHERE state = 'dead') AS dead
       FROM attempts`,
      [expiry] as never[],
    );
    return {
      size,
      instances,
      firstS,
      submittedS,
      deliveredS: WAIT_FOR_DELIVERY ? deliveredS : null,
      pgMsPerAttemptSubmitted: pgMsSubmitted / size,
      pgMsPerAttemptDelivered: backends.usedMs() / size,
      cpuMsPerAttemptSubmitted: (atSubmitted.cpuMs - base.cpuMs) / size,
      cpuMsPerAttemptDelivered: (atEnd.cpuMs - base.cpuMs) / size,
      completedAtOk: Number(check!.ok),
      outboxRows: Number(check!.outbox),
      dead: Number(check!.dead),
      mails: smtp.received() - mails0,
      peakRssMb: atEnd.peakRssMb,
      coresBusy: busyCores,
      throttledS: INSTANCE_CPU === null ? null : (throttledAtSubmitted - throttled0) / 1000,
    };
  } finally {
    for (const c of children) {
      c.send({ kind: "stop" } satisfies ToInstance);
    }
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, "exit") : undefined)));
    for (const quota of quotas) {
      try {
        quota.remove();
      } catch (error) {
        console.error(`could not remove the cgroup ${quota.dir}: ${(error as Error).message}`);
      }
    }
    await pg.end({ timeout: 5 });
    await smtp.close();
    await dropDatabase(ADMIN_URL, db, { keep: false, log: () => {} });
  }
}

/** The baseline: the bare batched status write over a fresh copy of the same data. */
async function bareWrite(size: number): Promise<number> {
  const db = benchDatabase(ADMIN_URL, `invigil_bench_expiry_${runTimestamp()}_${size}_bare`.toLowerCase());
  await createMigratedDatabase(ADMIN_URL, db);
  const pg = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    await seed(db.url, size);
    const t0 = performance.now();
    for (;;) {
      const rows = await pg.unsafe(
        `UPDATE attempts SET status = 'submitted', completed_at = expires_at
         WHERE id IN (SELECT id FROM attempts WHERE status IN ('started', 'ready_to_submit') AND expires_at < now()
                      ORDER BY expires_at LIMIT 250 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
      );
      if (rows.length < 250) break;
    }
    return (performance.now() - t0) / 1000;
  } finally {
    await pg.end({ timeout: 5 });
    await dropDatabase(ADMIN_URL, db, { keep: false, log: () => {} });
  }
}

/**
 * Attempts ended per second from the first submitted to the last: the sweepers' own rate, without
 * the wait for their first tick (up to a second after "go"). Null when it was too quick to time.
 */
function throughput(r: Result): number | null {
  if (r.submittedS === null || r.firstS === null || r.submittedS - r.firstS < 0.05) return null;
  return r.size / (r.submittedS - r.firstS);
}

const fmt = (n: number | null, digits = 1) => (n === null ? (WAIT_FOR_DELIVERY ? "timeout" : "-") : n.toFixed(digits));

async function main() {
  console.log(`mass expiry: sizes ${SIZES.join(", ")}; instances ${INSTANCES.join(", ")} (child processes running the server's loops)`);
  console.log(await postgresSettingsLine(ADMIN_URL));
  if (INSTANCE_CPU !== null) console.log(`each instance limited to ${INSTANCE_CPU} of a core (a cgroup's CPU quota), as on a host of its own; PostgreSQL is not limited`);
  const results: Result[] = [];
  const bare = new Map<number, number>();
  for (const size of SIZES) bare.set(size, await bareWrite(size));
  console.log(`baseline (bare batched status write): ${SIZES.map((s) => `${s}: ${bare.get(s)!.toFixed(2)} s`).join("; ")}`);
  console.log(
    "size   inst  submitted s  ×bare  first→last s  attempts/s  cores busy  CPU ms/att  PG ms/att  delivered s  CPU ms/att  PG ms/att  completed_at=expiry  outbox  dead  e-mails  peak RSS MB/inst" + (INSTANCE_CPU === null ? "" : "  quota wait s"),
  );
  for (const size of SIZES) {
    for (const instances of INSTANCES) {
      const r = await runCase(size, instances);
      results.push(r);
      console.log(
        [
          String(r.size).padEnd(6),
          String(r.instances).padEnd(5),
          fmt(r.submittedS).padStart(11),
          (r.submittedS ? (r.submittedS / bare.get(size)!).toFixed(1) : "-").padStart(6),
          (r.submittedS !== null && r.firstS !== null ? (r.submittedS - r.firstS).toFixed(1) : "-").padStart(13),
          (throughput(r)?.toFixed(0) ?? "-").padStart(11),
          (r.coresBusy?.toFixed(2) ?? "-").padStart(11),
          r.cpuMsPerAttemptSubmitted.toFixed(2).padStart(11),
          r.pgMsPerAttemptSubmitted.toFixed(2).padStart(10),
          fmt(r.deliveredS).padStart(12),
          r.cpuMsPerAttemptDelivered.toFixed(2).padStart(11),
          r.pgMsPerAttemptDelivered.toFixed(2).padStart(10),
          `${r.completedAtOk}/${r.size}`.padStart(20),
          String(r.outboxRows).padStart(7),
          String(r.dead).padStart(5),
          String(r.mails).padStart(8),
          r.peakRssMb.toFixed(0).padStart(17),
          r.throttledS === null ? "" : r.throttledS.toFixed(1).padStart(13),
        ].join(" "),
      );
      if (r.completedAtOk !== r.size || r.submittedS === null) process.exitCode = 1;
      if (WAIT_FOR_DELIVERY && (r.dead > 0 || r.mails !== r.size || r.deliveredS === null)) process.exitCode = 1;
    }
  }
  // Throughput each instance adds, per size (issue 14: each instance adds ≥ 60 %): the rate with n
  // instances against the rate with n - 1, as a share of one instance's rate.
  for (const size of SIZES) {
    const one = results.find((r) => r.size === size && r.instances === 1);
    for (const r of results.filter((x) => x.size === size && x.instances > 1)) {
      const before = results.find((x) => x.size === size && x.instances === r.instances - 1);
      if (!one?.submittedS || !before?.submittedS || !r.submittedS) continue;
      const [rateOne, rateBefore, rate] = [throughput(one), throughput(before), throughput(r)];
      console.log(
        `size ${size}: ${r.instances} instances end attempts ${((before.submittedS / r.submittedS - 1) * 100).toFixed(0)} % faster than ${before.instances} (time to all submitted)` +
          (rateOne && rateBefore && rate
            ? `; attempts/s from the first submitted to the last: ${rate.toFixed(0)} against ${rateBefore.toFixed(0)}, instance ${r.instances} adds ${(((rate - rateBefore) / rateOne) * 100).toFixed(0)} % of one instance's rate` +
              // Against one instance, averaged over the added ones: steadier than one step, whose
              // two rates each carry a run's noise.
              (r.instances > 2 ? ` (against 1 instance: each of the ${r.instances - 1} added adds ${(((rate - rateOne) / (r.instances - 1) / rateOne) * 100).toFixed(0)} % on average)` : "")
            : "") +
          (r.deliveredS && before.deliveredS ? `; all delivered ${((before.deliveredS / r.deliveredS - 1) * 100).toFixed(0)} % faster than with ${before.instances}` : ""),
      );
    }
  }
}

if (ROLE === "instance") {
  instanceMain().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
