/**
 * Attempt API benchmark: the timer poll's attempt read and the submit path, against a bare route
 * handler measured in the same run, on a fresh database of the machine's PostgreSQL.
 *
 *   npm run build && npm run bench
 *
 * Speed goals are checked here, by printed numbers and ratios to the baseline, never by timed
 * assertions in tests. See bench/README.md for what it does, the knobs and how to read it.
 */
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { intEnv, redact, runTimestamp, sleep } from "./lib/config";
import { benchDatabase, createMigratedDatabase, DEFAULT_ADMIN_URL, dropDatabase, postgresSettingsLine } from "./lib/database";
import { buildProblem, outboxWorkerLine, snapshotBuild, startServer as startNextServer, type ServerHandle } from "./lib/server";
import { CLK_TCK, pgBackendCpuMs, procCpuMs } from "./lib/proc";
import { startWebhookSink, type Sink } from "./lib/sinks";
import { startSmtpSink } from "../lib/testing/smtp-sink";
import { SUBMIT_MESSAGES } from "./lib/submit-messages";

// ---------------------------------------------------------------------------------------------
// Configuration (environment variables, all optional)
// ---------------------------------------------------------------------------------------------

const config = {
  /** Server of the benchmark database; the bench creates and drops its own database there. */
  adminUrl: process.env.BENCH_PG_URL ?? DEFAULT_ADMIN_URL,
  /** Learners, attempts and allowances that only fill the tables (nobody reads them). */
  backgroundLearners: intEnv("BENCH_BACKGROUND_LEARNERS", 20_000),
  backgroundAttempts: intEnv("BENCH_BACKGROUND_ATTEMPTS", 60_000),
  /** Learners whose started attempts the read scenario polls, round-robin. */
  readers: intEnv("BENCH_READERS", 500),
  /** Started attempts for the submit scenario, one per request: the count bound of submit. */
  submitPool: intEnv("BENCH_SUBMIT_POOL", 6_000),
  concurrency: intEnv("BENCH_CONCURRENCY", 40),
  durationS: intEnv("BENCH_DURATION_S", 10),
  warmupS: intEnv("BENCH_WARMUP_S", 3),
  /** Each scenario runs once per round (ping, read, submit, ping, read, submit …): drift on a shared machine shows. */
  rounds: Math.max(1, intEnv("BENCH_ROUNDS", 2)),
  /** Count bound of ping and read per round (the time bound usually ends them first). */
  maxRequests: intEnv("BENCH_MAX_REQUESTS", 200_000),
  /** 0 skips the per-request SQL profile (a second short server start with statement logging). */
  profile: intEnv("BENCH_PROFILE", 1) === 1,
  /** 0 skips the server CPU profile (a third server start with --cpu-prof, ping, read and submit load). */
  cpuProfile: intEnv("BENCH_CPU_PROFILE", 1) === 1,
  /** PostgreSQL's log file, for the profile; found from the server when unset. */
  pgLog: process.env.BENCH_PG_LOG,
  /** 1 keeps the database after the run (to look at it); it is dropped otherwise. */
  keepDb: intEnv("BENCH_KEEP_DB", 0) === 1,
  /** How long to wait, after the submit burst, for the outbox to deliver the burst's side effects. */
  outboxWaitS: intEnv("BENCH_OUTBOX_WAIT_S", 300),
  /** Timer polls in flight while the outbox drains (and in the idle window it is compared with). */
  probeConcurrency: Math.max(1, intEnv("BENCH_PROBE_CONCURRENCY", 2)),
  /**
   * Submits whose side effects are written to the outbox at once after the run (0: none): the
   * outbox's own goal, independent of how many submits the machine managed during the run.
   */
  outboxBurst: intEnv("BENCH_OUTBOX_BURST", 2_000),
};

const ROOT = process.cwd();
const WARMUP_SUBMITS = 300;
const PROFILE_SUBMITS = 8;
/** Started attempts submitted under the CPU profile (a few hundred warm the path first). */
const CPU_PROFILE_SUBMITS = 1_500;
const CPU_PROFILE_SUBMIT_WARMUP = 300;
const COURSE_KEY = "course-v1:BenchX+ATT101+2026";
const TS = runTimestamp();
const DB = benchDatabase(config.adminUrl, `invigil_bench_${TS}`);
const DB_NAME = DB.name;
const DB_URL = DB.url;
const AUTH_SECRET = randomBytes(36).toString("base64url");
const SECRET_KEY = randomBytes(36).toString("base64url");

const ATTEMPT_PATH = "/api/edx_proctoring/v1/proctored_exam/attempt/";
/**
 * The server runs from a private copy of the build: other people rebuild `.next` in this tree
 * while a run is going, and a `next build` empties the folder under a running server.
 */
const APP_DIR = path.join(os.tmpdir(), `invigil-bench-app-${TS}`);

// ---------------------------------------------------------------------------------------------
// Clean-up that runs on success, failure and Ctrl-C
// ---------------------------------------------------------------------------------------------

let server: ServerHandle | null = null;
/** Where the server sends e-mails and webhooks (in this process, see lib/testing/smtp-sink.ts and bench/lib/sinks.ts). */
let smtpSink: Sink | null = null;
let webhookSink: Sink | null = null;
let cleaningUp: Promise<void> | null = null;

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

async function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    if (server) {
      await server.stop();
      server = null;
    }
    rmSync(APP_DIR, { recursive: true, force: true });
    for (const sink of [smtpSink, webhookSink]) await sink?.close().catch(() => {});
    smtpSink = webhookSink = null;
    if (pgAdmin) await pgAdmin.end({ timeout: 5 }).catch(() => {});
    pgAdmin = null;
    await dropDatabase(config.adminUrl, DB, { keep: config.keepDb, log });
  })();
  return cleaningUp;
}

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const) {
  process.on(signal, () => {
    console.error(`\n[bench] ${signal}: stopping the server and dropping the database …`);
    void cleanup().finally(() => process.exit(code));
  });
}
// Last resort if something exits the process without the async clean-up: never leave a server.
process.on("exit", () => server?.killNow());

// ---------------------------------------------------------------------------------------------
// Database: create, migrate, load
// ---------------------------------------------------------------------------------------------

interface Dataset {
  examIds: number[];
  /** [attemptId, userId] of every reader's started attempt. */
  readers: { attemptId: number; userId: number }[];
  warmupSubmits: { attemptId: number; userId: number }[];
  submits: { attemptId: number; userId: number }[];
  profileSubmits: { attemptId: number; userId: number }[];
  cpuSubmits: { attemptId: number; userId: number }[];
  lmsTokenId: number;
  counts: Record<string, number>;
  loadSeconds: number;
}

async function createAndLoadDatabase(): Promise<Dataset> {
  const started = performance.now();
  await createMigratedDatabase(config.adminUrl, DB);
  log(`created and migrated database ${DB_NAME}`);

  const { openDatabase } = await import("@/db/client");
  const handle = await openDatabase({ kind: "postgres", url: DB_URL, max: 2 });
  try {

    // Learner JWTs must name a live minting token, so there is always one.
    const { createApiToken } = await import("@/lib/services/tokens");
    const { row } = await createApiToken(handle.db, { name: "bench LMS", scopes: ["lms:act-as-user", "lms:sync"] });
    const lmsTokenId = row.id;

    const pg = postgres(DB_URL, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      const dataset = await loadCourse(pg);
      const loadSeconds = (performance.now() - started) / 1000;
      return { ...dataset, lmsTokenId, loadSeconds };
    } finally {
      await pg.end({ timeout: 5 });
    }
  } finally {
    await handle.close();
  }
}

async function loadCourse(pg: postgres.Sql): Promise<Omit<Dataset, "lmsTokenId" | "loadSeconds">> {
  const B = config.backgroundLearners;
  const bench = config.readers + WARMUP_SUBMITS + config.submitPool + PROFILE_SUBMITS + CPU_PROFILE_SUBMITS;
  const q = (text: string, params: (string | number)[] = []) => pg.unsafe(text, params);

  await q(`INSERT INTO backend_configs (name, kind, verbose_name, is_default, settings)
           VALUES ('mock', 'mock', 'Mock Proctoring', true, '{"ready_delay_ms": 1000}')`);
  const [course] = await q(
    `INSERT INTO courses (course_key, name, start) VALUES ($1, 'Benchmark course', now() - interval '30 days') RETURNING id`,
    [COURSE_KEY],
  );
  const courseId = Number(course!.id);
  const block = (name: string) => `block-v1:BenchX+ATT101+2026+type@sequential+block@${name}`;
  // Four exams: two timed, one proctored (the benchmark's), one practice.
  const exams = await q(
    `INSERT INTO exams (course_id, content_id, exam_name, time_limit_mins, is_proctored, is_practice_exam, is_active, backend, due_date)
     VALUES ($1, $2, 'Midterm (timed)', 60, false, false, true, null, now() + interval '30 days'),
            ($1, $3, 'Final exam (proctored)', 120, true, false, true, 'mock', now() + interval '30 days'),
            ($1, $4, 'Quiz 3 (timed)', 20, false, false, true, null, null),
            ($1, $5, 'Practice exam (proctored)', 30, true, true, true, 'mock', null)
     RETURNING id`,
    [COURSE_KEY, block("midterm"), block("final"), block("quiz3"), block("practice")],
  );
  const examIds = exams.map((r) => Number(r.id));
  const finalExamId = examIds[1]!;

  // Learners: bg* fill the course; bn* are the benchmark's, in a fixed order.
  await q(
    `INSERT INTO users (username, email, full_name, created, modified)
     SELECT 'bg' || lpad(g::text, 6, '0'), 'bg' || g || '@learners.bench.invalid', 'Background Learner ' || g,
            now() - interval '60 days', now() - interval '60 days'
     FROM generate_series(1, $1::int) g`,
    [B],
  );
  await q(
    `INSERT INTO users (username, email, full_name)
     SELECT 'bn' || lpad(g::text, 6, '0'), 'bn' || g || '@learners.bench.invalid', 'Bench Learner ' || g
     FROM generate_series(1, $1::int) g`,
    [bench],
  );
  await q(
    `INSERT INTO users (username, email, full_name, is_admin)
     SELECT 'staff' || g, 'staff' || g || '@staff.bench.invalid', 'Course Staff ' || g, false FROM generate_series(1, 5) g`,
  );
  await q(
    `INSERT INTO course_roles (user_id, course_id, role)
     SELECT id, $1, CASE WHEN username = 'staff1' THEN 'instructor' ELSE 'staff' END FROM users WHERE username LIKE 'staff%'`,
    [courseId],
  );
  await q(
    `INSERT INTO enrollments (user_id, course_id, mode)
     SELECT id, $1, CASE WHEN id % 3 = 0 THEN 'audit' ELSE 'verified' END FROM users WHERE username NOT LIKE 'staff%'`,
    [courseId],
  );

  // Background attempts: up to three exams per learner, in mixed statuses. Running ones have time
  // left for hours, so neither a read nor a sweeper would end them during the run.
  await q(
    `WITH bg AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM users WHERE username LIKE 'bg%'),
          ex AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, is_proctored, is_practice_exam, time_limit_mins FROM exams),
          pick AS (
            SELECT bg.id AS user_id, ex.id AS exam_id, ex.is_proctored, ex.is_practice_exam, ex.time_limit_mins,
                   (bg.rn * 7 + j * 13) % 20 AS bucket, bg.rn, j
            FROM bg CROSS JOIN generate_series(0, 2) j JOIN ex ON ex.k = (bg.rn + j) % 4
            ORDER BY bg.rn, j
            LIMIT $1::int
          ),
          s AS (
            SELECT *, CASE
              WHEN bucket < 9 THEN 'submitted' WHEN bucket < 12 THEN 'verified' WHEN bucket = 12 THEN 'rejected'
              WHEN bucket < 15 THEN 'created' WHEN bucket = 15 THEN 'started' WHEN bucket = 16 THEN 'ready_to_submit'
              WHEN bucket = 17 THEN 'declined' WHEN bucket = 18 THEN 'error' ELSE 'timed_out' END AS status,
              now() - ((rn % 40) + 1) * interval '1 day' - j * interval '3 hours' AS t0
            FROM pick
          )
     INSERT INTO attempts (user_id, exam_id, course_id, status, attempt_code, external_id, started_at, completed_at,
                           last_poll_timestamp, allowed_time_limit_mins, taking_as_proctored, is_sample_attempt,
                           student_name, created, modified)
     SELECT user_id, exam_id, $2, status, code, CASE WHEN is_proctored THEN code END,
            CASE WHEN status IN ('started', 'ready_to_submit') THEN now() - interval '5 minutes'
                 WHEN status = 'created' THEN NULL ELSE t0 + interval '10 minutes' END,
            CASE WHEN status IN ('created', 'started', 'ready_to_submit', 'declined') THEN NULL
                 ELSE t0 + interval '10 minutes' + time_limit_mins * interval '1 minute' * 0.8 END,
            CASE WHEN status IN ('started', 'ready_to_submit') THEN now() - interval '1 minute' END,
            CASE WHEN status = 'created' THEN NULL ELSE time_limit_mins + 600 END,
            is_proctored AND status <> 'declined', is_practice_exam, '',
            CASE WHEN status IN ('started', 'ready_to_submit') THEN now() - interval '10 minutes' ELSE t0 END,
            CASE WHEN status IN ('started', 'ready_to_submit') THEN now() - interval '1 minute' ELSE t0 + interval '2 hours' END
     FROM (SELECT *, upper(gen_random_uuid()::text) AS code FROM s) x`,
    [config.backgroundAttempts, COURSE_KEY],
  );
  // Their history (the state before the last change) and audit rows, as a real course would have.
  await q(
    `INSERT INTO attempt_history (attempt_id, user_id, exam_id, course_id, status, attempt_code, external_id, started_at,
                                  allowed_time_limit_mins, taking_as_proctored, is_sample_attempt, student_name, created, modified)
     SELECT id, user_id, exam_id, course_id, 'started', attempt_code, external_id, started_at, allowed_time_limit_mins,
            taking_as_proctored, is_sample_attempt, student_name, modified, modified
     FROM attempts WHERE status NOT IN ('created', 'started', 'ready_to_submit')`,
  );
  await q(
    `INSERT INTO audit_log (at, actor_kind, actor_user_id, action, entity_type, entity_id, course_id, attempt_id,
                            subject_user_id, from_status, to_status, source, data)
     SELECT modified, 'user', user_id, 'attempt.' || CASE status WHEN 'created' THEN 'create' ELSE status END, 'attempt',
            id::text, course_id, id, user_id, NULL, status, 'api', '{}'::jsonb
     FROM attempts`,
  );
  await q(
    `INSERT INTO allowances (user_id, exam_id, key, value)
     SELECT u.id, $1, 'additional_time_granted', '30'
     FROM users u WHERE u.username LIKE 'bg%' AND u.id % 10 = 0`,
    [finalExamId],
  );

  // The benchmark's learners: one started attempt each on the proctored final, two hours to go.
  const rows = await q(
    `INSERT INTO attempts (user_id, exam_id, course_id, status, attempt_code, external_id, started_at, allowed_time_limit_mins,
                           taking_as_proctored, is_sample_attempt, student_name, created, modified, last_poll_timestamp)
     SELECT u.id, $1, $2, 'started', u.code, u.code, now() - interval '2 minutes', 240, true, false, u.full_name,
            now() - interval '3 minutes', now() - interval '2 minutes', now() - interval '1 minute'
     -- A volatile call in a subquery's select list runs once per row (an uncorrelated LATERAL may run once).
     FROM (SELECT id, full_name, upper(gen_random_uuid()::text) AS code FROM users WHERE username LIKE 'bn%') u
     ORDER BY u.id
     RETURNING id, user_id`,
    [finalExamId, COURSE_KEY],
  );
  const all = rows
    .map((r) => ({ attemptId: Number(r.id), userId: Number(r.user_id) }))
    .sort((a, b) => a.userId - b.userId);
  let at = 0;
  const take = (n: number) => all.slice(at, (at += n));
  const readers = take(config.readers);
  const warmupSubmits = take(WARMUP_SUBMITS);
  const submits = take(config.submitPool);
  const profileSubmits = take(PROFILE_SUBMITS);
  const cpuSubmits = take(CPU_PROFILE_SUBMITS);

  await q("ANALYZE");
  const [c] = await q(
    `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM enrollments) AS enrollments,
            (SELECT count(*) FROM attempts) AS attempts, (SELECT count(*) FROM attempt_history) AS attempt_history,
            (SELECT count(*) FROM audit_log) AS audit_log, (SELECT count(*) FROM allowances) AS allowances`,
  );
  const statusRows = await q(`SELECT status, count(*) AS n FROM attempts GROUP BY status ORDER BY n DESC`);
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(c!)) counts[k] = Number(v);
  for (const r of statusRows) counts[`attempts.${String(r.status)}`] = Number(r.n);
  return { examIds, readers, warmupSubmits, submits, profileSubmits, cpuSubmits, counts };
}

// ---------------------------------------------------------------------------------------------
// The server under test
// ---------------------------------------------------------------------------------------------

/** The server on the bench database, sharing the bench's secrets (it mints the JWTs the server checks). */
function startServer(nodeArgs: string[] = []): Promise<ServerHandle> {
  const mail: Record<string, string> = smtpSink ? { SMTP_URL: `smtp://127.0.0.1:${smtpSink.port}`, EMAIL_FROM: "Invigil bench <bench@localhost>" } : {};
  return startNextServer({ appDir: APP_DIR, env: { DATABASE_URL: DB_URL, AUTH_SECRET, INVIGIL_SECRET_KEY: SECRET_KEY, ...mail }, nodeArgs });
}

// ---------------------------------------------------------------------------------------------
// Load driver: node:http with keep-alive, a fixed number of workers, bounded by count and time
// ---------------------------------------------------------------------------------------------

let agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });

interface Req {
  port: number;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The learner's submit of their started attempt (PUT …/attempt/<id>, with their JWT). */
function submitRequest(port: number, tokens: Map<number, string>, a: { attemptId: number; userId: number }): Req {
  return { port, method: "PUT", path: `${ATTEMPT_PATH}${a.attemptId}`, headers: { authorization: `JWT ${tokens.get(a.userId)}` }, body: '{"action":"submit"}' };
}

function send(req: Req): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
    if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(req.body);
    }
    const r = http.request({ host: "127.0.0.1", port: req.port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    r.on("error", reject);
    r.setTimeout(30_000, () => r.destroy(new Error("request timed out after 30 s")));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

interface Scenario {
  name: string;
  /** The i-th request of the scenario, and a check of its 2xx body (null = fine). */
  request: (i: number) => { req: Req; check?: (body: string) => string | null };
  maxRequests: number;
}

interface RunResult {
  name: string;
  requests: number;
  errors: number;
  /** Non-2xx answers by status, and transport failures as "network". */
  errorsBy: Record<string, number>;
  /** 2xx answers whose body was wrong. */
  badBodies: number;
  errorSamples: string[];
  seconds: number;
  reqPerSec: number;
  latenciesMs: number[];
  stoppedBy: "time" | "count";
}

async function runScenario(
  s: Scenario,
  concurrency: number,
  durationMs: number,
  onOk?: (i: number) => void,
  /** Ends the run early once it returns true (checked before each request). */
  until?: () => boolean,
): Promise<RunResult> {
  const latencies: number[] = [];
  const errorsBy: Record<string, number> = {};
  const errorSamples: string[] = [];
  let issued = 0;
  let errors = 0;
  let badBodies = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async () => {
    while (issued < s.maxRequests && performance.now() < deadline && !until?.()) {
      const i = issued++;
      const { req, check } = s.request(i);
      const t0 = performance.now();
      try {
        const res = await send(req);
        latencies.push(performance.now() - t0);
        if (res.status < 200 || res.status >= 300) {
          errors++;
          errorsBy[res.status] = (errorsBy[res.status] ?? 0) + 1;
          if (errorSamples.length < 5) errorSamples.push(`${req.method} ${req.path} -> ${res.status} ${res.body.slice(0, 300)}`);
          continue;
        }
        const problem = check ? check(res.body) : null;
        if (problem) {
          badBodies++;
          if (errorSamples.length < 5) errorSamples.push(`${req.method} ${req.path} -> ${res.status} bad body: ${problem}`);
          continue;
        }
        onOk?.(i);
      } catch (error) {
        latencies.push(performance.now() - t0);
        errors++;
        errorsBy.network = (errorsBy.network ?? 0) + 1;
        if (errorSamples.length < 5) errorSamples.push(`${req.method} ${req.path} -> ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return {
    name: s.name,
    requests: latencies.length,
    errors,
    errorsBy,
    badBodies,
    errorSamples,
    seconds,
    reqPerSec: latencies.length / seconds,
    latenciesMs: latencies,
    stoppedBy: issued >= s.maxRequests ? "count" : "time",
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

// ---------------------------------------------------------------------------------------------
// Per-request SQL profile: a second server start with every statement logged
// ---------------------------------------------------------------------------------------------

interface ProfiledStatement {
  ms: number;
  sql: string;
}

async function findPgLog(): Promise<string | null> {
  if (config.pgLog) return config.pgLog;
  const admin = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin.unsafe(
      `SELECT pg_current_logfile() AS f, current_setting('data_directory') AS d, current_setting('server_version_num') AS v`,
    );
    if (row?.f) return path.isAbsolute(String(row.f)) ? String(row.f) : path.join(String(row.d), String(row.f));
    // Debian's pg_ctlcluster sends stderr to /var/log/postgresql/postgresql-<major>-main.log.
    const major = Math.floor(Number(row?.v) / 10000);
    const guess = `/var/log/postgresql/postgresql-${major}-main.log`;
    return existsSync(guess) ? guess : null;
  } catch {
    return null;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

function readFrom(file: string, offset: number): string {
  const size = statSync(file).size;
  if (size <= offset) return "";
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    return buf.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** Statements our database ran in the log text, with their server-side durations. */
function statementsIn(text: string): ProfiledStatement[] {
  const out: ProfiledStatement[] = [];
  const marker = `@${DB_NAME} `;
  for (const line of text.split("\n")) {
    if (!line.includes(marker)) continue;
    // log_min_duration_statement = 0 logs each protocol step; the execute (or simple query) is the statement.
    const m = /LOG:\s+duration: ([\d.]+) ms\s+(?:execute [^:]*|statement): (.*)$/.exec(line);
    if (m) out.push({ ms: Number(m[1]), sql: m[2]!.trim() });
  }
  return out;
}

interface CapturedRequest {
  status: number;
  latencyMs: number;
  statements: ProfiledStatement[];
  dbMs: number;
}

type Profile =
  | { skipped: string }
  | {
      logFile: string;
      read: CapturedRequest;
      ping: CapturedRequest;
      submit: CapturedRequest;
      /** What the server runs on its own (outbox worker, expiry sweeper) in an idle window. */
      background: { seconds: number; statements: ProfiledStatement[] };
    };

async function profileRequests(ds: Dataset, tokens: Map<number, string>): Promise<Profile> {
  const logFile = await findPgLog();
  if (!logFile || !existsSync(logFile)) {
    return { skipped: "PostgreSQL's log file was not found (set BENCH_PG_LOG to its path)" };
  }
  try {
    readFrom(logFile, Math.max(0, statSync(logFile).size - 1));
  } catch (error) {
    return { skipped: `cannot read ${logFile}: ${(error as Error).message}` };
  }
  const admin = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`ALTER DATABASE "${DB_NAME}" SET log_min_duration_statement = 0`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  // New sessions pick the setting up: restart the server so its pool reconnects.
  await server!.stop();
  server = await startServer();
  const port = server.port;
  const reader = (k: number) => ds.readers[k % ds.readers.length]!;
  const readReq = (k: number): Req => ({
    port,
    method: "GET",
    path: `${ATTEMPT_PATH}${reader(k).attemptId}?sourceid=in_exam`,
    headers: { authorization: `JWT ${tokens.get(reader(k).userId)}` },
  });
  const submitReq = (a: { attemptId: number; userId: number }) => submitRequest(port, tokens, a);
  // Warm up: connections opened, statements prepared, route modules loaded.
  for (let k = 0; k < 3; k++) await send(readReq(k));
  for (const a of ds.profileSubmits.slice(0, 2)) await send(submitReq(a));
  // The server's own loops (outbox worker every second, expiry sweeper every two) share the log:
  // let the outbox drain, record what they run on their own, and keep for each request kind the
  // capture with the fewest statements of several (one that no loop tick fell into).
  await waitForOutboxDrain(30_000);
  const idleOffset = statSync(logFile).size;
  const idleStart = performance.now();
  await sleep(4000);
  const idleSeconds = (performance.now() - idleStart) / 1000;
  const background = statementsIn(readFrom(logFile, idleOffset));

  const capture = async (req: Req): Promise<CapturedRequest> => {
    const offset = statSync(logFile).size;
    const t0 = performance.now();
    const res = await send(req);
    const ms = performance.now() - t0;
    await sleep(150); // PostgreSQL logs a statement when it ends; give the write a moment
    const statements = statementsIn(readFrom(logFile, offset));
    return { status: res.status, latencyMs: ms, statements, dbMs: statements.reduce((a, s) => a + s.ms, 0) };
  };
  const fewest = async (make: (k: number) => Req, times: number): Promise<CapturedRequest> => {
    let best: CapturedRequest | null = null;
    for (let k = 0; k < times; k++) {
      const c = await capture(make(k));
      if (!best || c.statements.length < best.statements.length) best = c;
      await sleep(100);
    }
    return best!;
  };
  const read = await fewest((k) => readReq(11 + k), 7);
  const ping = await fewest(() => ({ port, method: "GET", path: "/api/ping" }), 3);
  const submit = await fewest((k) => submitReq(ds.profileSubmits[2 + k]!), PROFILE_SUBMITS - 2);
  const reset = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await reset.unsafe(`ALTER DATABASE "${DB_NAME}" RESET log_min_duration_statement`);
  } finally {
    await reset.end({ timeout: 5 });
  }
  return { logFile, read, ping, submit, background: { seconds: idleSeconds, statements: background } };
}

/** Waits until the outbox has nothing due (the worker caught up), at most `maxMs`. */
async function waitForOutboxDrain(maxMs: number): Promise<number> {
  const pg = postgres(DB_URL, { max: 1, onnotice: () => {} });
  try {
    const deadline = Date.now() + maxMs;
    for (;;) {
      const [row] = await pg.unsafe(`SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND next_attempt_at <= now()`);
      const n = Number(row?.n ?? 0);
      if (n === 0 || Date.now() > deadline) return n;
      await sleep(500);
    }
  } catch {
    return -1; // no outbox table in this build
  } finally {
    await pg.end({ timeout: 5 });
  }
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: CPU seconds (not wall time) used by the server, our PostgreSQL backends and
// this process during each scenario, from /proc. Unlike throughput, this does not depend much
// on what else runs on the machine.
// ---------------------------------------------------------------------------------------------

/** Every process in the server's process group (next start and anything it forks). */
function serverPids(): number[] {
  if (!server?.child.pid) return [];
  const group = server.child.pid;
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === group) out.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** CPU ms of each thread of a process, keyed `tid:name` (main thread, V8 workers, libuv pool …). */
function threadCpuMs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(`${tid}:${tid === String(pid) ? "main thread" : name}`, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK);
    } catch {
      /* gone */
    }
  }
  return out;
}

interface CpuSample {
  /** Server threads, keyed `tid:name`. */
  threads: Map<string, number>;
  server: Map<number, number>;
  pg: Map<number, number>;
  benchMs: number;
}

let pgAdmin: postgres.Sql | null = null;

async function cpuSample(): Promise<CpuSample> {
  const pg = pgAdmin ? await pgBackendCpuMs(pgAdmin, DB_NAME) : new Map<number, number>();
  const srv = new Map<number, number>();
  const threads = new Map<string, number>();
  for (const pid of serverPids()) {
    const ms = procCpuMs(pid);
    if (ms !== null) srv.set(pid, ms);
    for (const [k, v] of threadCpuMs(pid)) threads.set(`${pid}/${k}`, v);
  }
  const u = process.cpuUsage();
  return { threads, server: srv, pg, benchMs: (u.user + u.system) / 1000 };
}

/** Server CPU by thread kind (names with digits folded: `libuv-worker`, `V8 DefaultWorke` …). */
function threadDelta(a: CpuSample, b: CpuSample): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, ms] of b.threads) {
    const name = key.slice(key.indexOf(":") + 1).replace(/\d+/g, "#").trim();
    out.set(name, (out.get(name) ?? 0) + ms - (a.threads.get(key) ?? 0));
  }
  return out;
}

function cpuDelta(a: CpuSample, b: CpuSample) {
  const sum = (before: Map<number, number>, after: Map<number, number>) => {
    let t = 0;
    for (const [pid, ms] of after) t += ms - (before.get(pid) ?? 0);
    return t;
  };
  return { serverMs: sum(a.server, b.server), pgMs: sum(a.pg, b.pg), benchMs: b.benchMs - a.benchMs };
}

/** Resident memory of the server's process group, in MB (VmRSS from /proc). */
function serverRssMb(): number {
  let kb = 0;
  for (const pid of serverPids()) {
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) kb += Number(match[1]);
    } catch {
      /* gone */
    }
  }
  return Number((kb / 1024).toFixed(1));
}

// ---------------------------------------------------------------------------------------------
// The outbox after the submit burst: how far behind the worker is, how long it takes to deliver
// every side effect of the burst, and whether the timer poll slows down meanwhile
// ---------------------------------------------------------------------------------------------

interface OutboxBurst {
  /** Right after the last submit. */
  pendingAtEnd: number;
  doneAtEnd: number;
  /** Age of the oldest message that was due and not yet delivered, in seconds. */
  lagSeconds: number;
  /** Seconds from the end of the burst until every message written by then was settled; null if not within the wait. */
  drainedAfterS: number | null;
  leftPending: number;
  dead: number;
  emailsReceived: number;
  webhooksReceived: number;
  /** Seconds from the end of the burst to the last e-mail / webhook the receivers got. */
  lastEmailAfterS: number | null;
  lastWebhookAfterS: number | null;
  maxRssMb: number;
  /** Messages settled while we watched (done or dead), and the CPU used meanwhile (includes the probe's polls). */
  settled: number;
  cpu: { serverMs: number; pgMs: number };
  probe: RunResult;
}

/**
 * Writes, in one statement, the four outbox rows a submit of a proctored attempt writes (the
 * learner's e-mail, the vendor's stop call, the attempt-status and credit-requirement webhooks),
 * for `n` submitted background attempts: a burst of `n` submits as the worker sees it.
 */
async function writeOutboxBurst(n: number): Promise<number> {
  const pg = postgres(DB_URL, { max: 1, onnotice: () => {} });
  try {
    const rows = await pg.unsafe(
      `WITH a AS (
         SELECT a.id, a.user_id, a.external_id, e.content_id, e.course_id AS course_key, row_number() OVER (ORDER BY a.id) AS k
         FROM attempts a JOIN exams e ON e.id = a.exam_id
         WHERE a.status = 'submitted' ORDER BY a.id LIMIT $1)
       INSERT INTO outbox (topic, payload)
       SELECT t.topic, t.payload FROM a ${SUBMIT_MESSAGES}
       ORDER BY a.k, t.n
       RETURNING id`,
      [n],
    );
    return rows.length;
  } finally {
    await pg.end({ timeout: 5 });
  }
}

async function measureOutboxBurst(probe: Scenario, onOk: (i: number) => void): Promise<OutboxBurst> {
  const pg = postgres(DB_URL, { max: 1, onnotice: () => {} });
  const t0 = performance.now();
  const emailsBefore = smtpSink?.received() ?? 0;
  const cpuBefore = await cpuSample();
  const webhooksBefore = webhookSink?.received() ?? 0;
  try {
    const [head] = await pg.unsafe(
      `SELECT coalesce(max(id), 0) AS max_id,
              count(*) FILTER (WHERE state = 'pending') AS pending,
              count(*) FILTER (WHERE state = 'done') AS done,
              coalesce(extract(epoch FROM now() - min(created) FILTER (WHERE state = 'pending' AND next_attempt_at <= now())), 0) AS lag_s
       FROM outbox`,
    );
    const maxId = Number(head!.max_id);
    const deadline = t0 + config.outboxWaitS * 1000;
    let drainedAfterS: number | null = null;
    let leftPending = Number(head!.pending);
    let maxRssMb = serverRssMb();
    const probeRun = runScenario(probe, config.probeConcurrency, config.outboxWaitS * 1000, onOk, () => drainedAfterS !== null || performance.now() > deadline);
    while (performance.now() < deadline) {
      const [row] = await pg.unsafe(`SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND id <= $1`, [maxId]);
      leftPending = Number(row!.n);
      maxRssMb = Math.max(maxRssMb, serverRssMb());
      if (leftPending === 0) {
        drainedAfterS = (performance.now() - t0) / 1000;
        break;
      }
      await sleep(250);
    }
    const probeResult = await probeRun;
    const cpu = cpuDelta(cpuBefore, await cpuSample());
    const [dead] = await pg.unsafe(`SELECT count(*) AS n FROM outbox WHERE state = 'dead' AND id <= $1`, [maxId]);
    const after = (at: number | null | undefined) => (typeof at === "number" && at > t0 ? Number(((at - t0) / 1000).toFixed(2)) : null);
    return {
      pendingAtEnd: Number(head!.pending),
      doneAtEnd: Number(head!.done),
      lagSeconds: Number(Number(head!.lag_s).toFixed(2)),
      drainedAfterS: drainedAfterS === null ? null : Number(drainedAfterS.toFixed(2)),
      leftPending,
      dead: Number(dead!.n),
      emailsReceived: (smtpSink?.received() ?? 0) - emailsBefore,
      webhooksReceived: (webhookSink?.received() ?? 0) - webhooksBefore,
      lastEmailAfterS: after(smtpSink?.lastAt()),
      lastWebhookAfterS: after(webhookSink?.lastAt()),
      maxRssMb,
      settled: Number(head!.pending) - leftPending,
      cpu: { serverMs: Math.round(cpu.serverMs), pgMs: Math.round(cpu.pgMs) },
      probe: probeResult,
    };
  } finally {
    await pg.end({ timeout: 5 });
  }
}

// ---------------------------------------------------------------------------------------------
// Server CPU profile: where the server's CPU goes per request, by package and by function
// ---------------------------------------------------------------------------------------------

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface CpuWindow {
  label: string;
  requests: number;
  errors: number;
  /**
   * Non-idle time of the server's main thread per request, in ms: CPU time plus time it was
   * runnable but waiting for a core (on a shared machine that inflates it; compare ratios).
   */
  busyMsPerRequest: number;
  /** Self time by package or app folder, share of busy time. */
  buckets: { bucket: string; ms: number; share: number }[];
  topFunctions: { fn: string; where: string; ms: number; share: number }[];
}

const sourceMaps = new Map<string, import("node:module").SourceMap | null>();

async function originalLocation(url: string, line: number, column: number): Promise<string | null> {
  if (!url.startsWith("file://") || !url.includes("/.next/server/")) return null;
  const file = new URL(url).pathname;
  if (!sourceMaps.has(file)) {
    let map: import("node:module").SourceMap | null = null;
    try {
      const { SourceMap } = await import("node:module");
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    sourceMaps.set(file, map);
  }
  const map = sourceMaps.get(file);
  if (!map) return null;
  const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
  if (!entry?.originalSource) return null;
  return `${decodeURIComponent(entry.originalSource).replace(/^(\.\.\/)+/, "")}:${(entry.originalLine ?? 0) + 1}`;
}

function bucketOf(fn: string, where: string): string {
  if (fn === "(idle)") return "(idle)";
  if (fn === "(garbage collector)") return "GC";
  if (fn === "(program)") return "(program: native, not JS)";
  if (where.startsWith("node:") || where === "") return "node core (http, streams, net, crypto …)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  // drizzle-orm's own source maps point one folder up (`../src/…`), hence node_modules/src.
  if (pkg) return pkg[1] === "next" ? "next (framework runtime)" : pkg[1] === "src" ? "drizzle-orm" : pkg[1]!;
  const mine = /^(?:.*\/)?(app|lib|db)\/(.*?)(?::\d+)?$/.exec(where.replace(/^file:\/\/\/?[^[]*?\/work\/main\//, ""));
  if (mine) return `ours: ${mine[1]}/${mine[2]!.split("/").slice(0, mine[1] === "lib" ? 2 : 1).join("/")}`;
  return where.includes(".next/server") ? "next build output (unmapped)" : where;
}

async function analyseCpuProfile(profile: CpuProfile, windows: { label: string; from: number; to: number; requests: number; errors: number }[]): Promise<CpuWindow[]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const located = new Map<number, { fn: string; where: string; bucket: string }>();
  for (const n of profile.nodes) {
    const cf = n.callFrame;
    const mapped = await originalLocation(cf.url, cf.lineNumber, cf.columnNumber);
    const where = mapped ?? (cf.url ? `${cf.url.replace(/^file:\/\//, "")}:${cf.lineNumber + 1}` : "");
    located.set(n.id, { fn: cf.functionName || "(anonymous)", where, bucket: bucketOf(cf.functionName, mapped ?? cf.url) });
  }
  const out: CpuWindow[] = [];
  for (const w of windows) {
    const bucketMs = new Map<string, number>();
    const fnMs = new Map<string, { fn: string; where: string; ms: number }>();
    let t = profile.startTime;
    let busy = 0;
    for (let k = 0; k < profile.samples.length; k++) {
      t += profile.timeDeltas[k] ?? 0;
      if (t < w.from || t > w.to) continue;
      // A sample's weight is the time until the next sample.
      const ms = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      const node = located.get(profile.samples[k]!) ?? { fn: "?", where: "", bucket: "?" };
      if (!byId.has(profile.samples[k]!)) continue;
      bucketMs.set(node.bucket, (bucketMs.get(node.bucket) ?? 0) + ms);
      if (node.bucket === "(idle)") continue;
      busy += ms;
      const key = `${node.fn}@${node.where}`;
      const f = fnMs.get(key) ?? { fn: node.fn, where: node.where, ms: 0 };
      f.ms += ms;
      fnMs.set(key, f);
    }
    out.push({
      label: w.label,
      requests: w.requests,
      errors: w.errors,
      busyMsPerRequest: w.requests ? busy / w.requests : NaN,
      buckets: [...bucketMs.entries()]
        .filter(([b]) => b !== "(idle)")
        .map(([bucket, ms]) => ({ bucket, ms: Number(ms.toFixed(1)), share: Number((ms / busy).toFixed(3)) }))
        .sort((a, b) => b.ms - a.ms),
      topFunctions: [...fnMs.values()]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 15)
        .map((f) => ({ ...f, ms: Number(f.ms.toFixed(1)), share: Number((f.ms / busy).toFixed(3)) })),
    });
  }
  return out;
}

/** µs on the monotonic clock that V8's CPU profiles use too. */
const monoMicros = () => Number(process.hrtime.bigint() / 1000n);

async function cpuProfileServer(ds: Dataset, tokens: Map<number, string>): Promise<{ windows: CpuWindow[] } | { skipped: string }> {
  const dir = path.join(os.tmpdir(), `invigil-bench-cpu-${TS}`);
  mkdirSync(dir, { recursive: true });
  try {
    return await cpuProfileIn(dir, ds, tokens);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function cpuProfileIn(dir: string, ds: Dataset, tokens: Map<number, string>): Promise<{ windows: CpuWindow[] } | { skipped: string }> {
  await server!.stop();
  server = await startServer(["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  const port = server.port;
  const readerOf = (i: number) => ds.readers[(i * 7) % ds.readers.length]!;
  const pingS: Scenario = { name: "ping", maxRequests: config.maxRequests, request: () => ({ req: { port, method: "GET", path: "/api/ping" } }) };
  const readS: Scenario = {
    name: "read",
    maxRequests: config.maxRequests,
    request: (i) => ({
      req: {
        port,
        method: "GET",
        path: `${ATTEMPT_PATH}${readerOf(i).attemptId}?sourceid=in_exam`,
        headers: { authorization: `JWT ${tokens.get(readerOf(i).userId)}` },
      },
    }),
  };
  // Submits, each a different learner's started attempt; the outbox worker delivers their side
  // effects meanwhile, as in the submit scenario, so its share shows under the submit's window.
  const submitOf = (offset: number): Scenario => ({
    name: "submit",
    maxRequests: ds.cpuSubmits.length - offset,
    request: (i) => ({ req: submitRequest(port, tokens, ds.cpuSubmits[offset + i]!) }),
  });
  const ms = Math.max(2, Math.min(config.durationS, 5)) * 1000;
  await runScenario(pingS, config.concurrency, 1500);
  await runScenario(readS, config.concurrency, 1500);
  await runScenario({ ...submitOf(0), maxRequests: CPU_PROFILE_SUBMIT_WARMUP }, config.concurrency, 1500);
  await sleep(300);
  const windows: { label: string; from: number; to: number; requests: number; errors: number }[] = [];
  for (const s of [pingS, readS, submitOf(CPU_PROFILE_SUBMIT_WARMUP)]) {
    const from = monoMicros();
    const r = await runScenario(s, config.concurrency, ms);
    windows.push({ label: s.name, from, to: monoMicros(), requests: r.requests, errors: r.errors });
    await sleep(300);
  }
  await server.stop();
  server = null;
  // Node writes one profile per thread (CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile): the
  // main thread's (thread id 0) is the one that answers requests; the outbox thread's is left out.
  const mainThreadFirst = (f: string) => (f.split(".")[4] === "0" ? 0 : 1);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => mainThreadFirst(path.basename(a)) - mainThreadFirst(path.basename(b)) || statSync(b).size - statSync(a).size);
  if (files.length === 0) return { skipped: `no .cpuprofile was written to ${dir}` };
  const keep = process.env.BENCH_CPU_PROFILE_KEEP;
  if (keep) {
    copyFileSync(files[0]!, keep);
    log(`CPU profile kept at ${keep} (its windows, µs on the profile's clock: ${JSON.stringify(windows)})`);
  }
  const profile = JSON.parse(readFileSync(files[0]!, "utf8")) as CpuProfile;
  const result = await analyseCpuProfile(profile, windows);
  if (result.every((w) => w.buckets.length === 0)) return { skipped: `the profile ${files[0]} has no samples in the measured windows (clock mismatch?)` };
  return { windows: result };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "-";
}

async function main(): Promise<number> {
  const problem = buildProblem(ROOT, ["/api/ping", "/api/edx_proctoring/v1/proctored_exam/attempt/[attemptId]"], { outboxThread: true });
  if (problem) {
    console.error(`bench: ${problem}`);
    return 2;
  }
  let buildId: string;
  try {
    buildId = snapshotBuild(ROOT, APP_DIR);
  } catch (error) {
    console.error(`bench: could not copy the production build: ${(error as Error).message}`);
    return 2;
  }
  // The bench mints JWTs with the same secret as the server it starts.
  process.env.AUTH_SECRET = AUTH_SECRET;
  process.env.INVIGIL_SECRET_KEY = SECRET_KEY;
  process.env.DATABASE_URL = DB_URL;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();

  const loadBefore = os.loadavg();
  log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${loadBefore.map((n) => n.toFixed(2)).join(" ")}; node ${process.version}; build ${buildId}`);
  log("server and load generator share these cores: compare ratios, not absolute numbers");
  const postgresLine = await postgresSettingsLine(config.adminUrl);
  log(postgresLine);

  const ds = await createAndLoadDatabase();
  log(`loaded in ${ds.loadSeconds.toFixed(1)} s: ${Object.entries(ds.counts).map(([k, v]) => `${k}=${v}`).join(", ")}`);

  // Side effects are real work, as in production: e-mails over SMTP, webhooks over HTTP.
  smtpSink = await startSmtpSink({ countOnly: true });
  webhookSink = await startWebhookSink();
  {
    const setup = postgres(DB_URL, { max: 1, onnotice: () => {} });
    try {
      await setup.unsafe(`INSERT INTO webhook_endpoints (url, events) VALUES ($1, '[]'::jsonb)`, [`http://127.0.0.1:${webhookSink.port}/invigil-hooks`]);
    } finally {
      await setup.end({ timeout: 5 });
    }
  }
  log(`SMTP receiver on 127.0.0.1:${smtpSink.port}, webhook receiver on 127.0.0.1:${webhookSink.port} (one endpoint, every event)`);

  const { mintUserJwt } = await import("@/lib/auth/jwt");
  const now = new Date();
  const tokens = new Map<number, string>();
  for (const a of [...ds.readers, ...ds.warmupSubmits, ...ds.submits, ...ds.profileSubmits, ...ds.cpuSubmits]) {
    const { token } = await mintUserJwt({ userId: a.userId, tokenId: ds.lmsTokenId }, { now, ttlSeconds: 6 * 60 * 60 });
    tokens.set(a.userId, token);
  }
  log(`minted ${tokens.size} learner JWTs${ds.lmsTokenId ? ` (minted by LMS token #${ds.lmsTokenId}, checked per request)` : " (no minting token)"}`);

  server = await startServer();
  const port = server.port;
  log(`server: next start on 127.0.0.1:${port} (NODE_ENV=production, DATABASE_URL=${redact(DB_URL)}); ${outboxWorkerLine(server)}`);
  agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency, maxFreeSockets: config.concurrency });

  const readerOf = (i: number) => ds.readers[i % ds.readers.length]!;
  const ping: Scenario = {
    name: "ping",
    maxRequests: config.maxRequests,
    request: () => ({
      req: { port, method: "GET", path: "/api/ping" },
      check: (body) => (body === '{"ok":true}' ? null : `expected {"ok":true}, got ${body.slice(0, 80)}`),
    }),
  };
  const polled = new Set<number>();
  const read: Scenario = {
    name: "attempt read (timer poll)",
    maxRequests: config.maxRequests,
    request: (i) => {
      const a = readerOf(i);
      return {
        req: {
          port,
          method: "GET",
          path: `${ATTEMPT_PATH}${a.attemptId}?sourceid=in_exam`,
          headers: { authorization: `JWT ${tokens.get(a.userId)}` },
        },
        // Every 16th body is parsed and checked; parsing all would load the shared cores.
        check:
          i % 16 === 0
            ? (body) => {
                const j = JSON.parse(body) as { id?: number; status?: string; time_remaining_seconds?: number };
                if (j.id !== a.attemptId) return `id ${j.id} != ${a.attemptId}`;
                if (j.status !== "started") return `status ${j.status}`;
                if (!(typeof j.time_remaining_seconds === "number" && j.time_remaining_seconds > 0)) return "no time remaining";
                return null;
              }
            : undefined,
      };
    },
  };
  const submitted: number[] = [];
  const submitScenario = (name: string, pool: { attemptId: number; userId: number }[]): Scenario => ({
    name,
    maxRequests: pool.length,
    request: (i) => {
      const a = pool[i]!;
      return {
        req: submitRequest(port, tokens, a),
        check: (body) => {
          const j = JSON.parse(body) as { exam_attempt_id?: number };
          return j.exam_attempt_id === a.attemptId ? null : `exam_attempt_id ${String(j.exam_attempt_id)} != ${a.attemptId}`;
        },
      };
    },
  });

  const cpuBy = new Map<string, { serverMs: number; pgMs: number; benchMs: number }>();
  /** The server's resident memory at the end of each scenario's runs (the largest). */
  const rssBy = new Map<string, number>();
  const threadsBy = new Map<string, Map<string, number>>();
  pgAdmin = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
  const results = new Map<string, RunResult[]>();
  const roundsOut: Record<string, unknown>[] = Array.from({ length: config.rounds }, (_, k) => ({ round: k + 1 }));

  const warmUp = async (s: Scenario, onOk?: (i: number) => void) => {
    const w = await runScenario(s, config.concurrency, config.warmupS * 1000, onOk);
    if (w.errors || w.badBodies) {
      console.error(`[bench] warm-up of ${w.name}: ${w.errors} errors, ${w.badBodies} bad bodies\n  ${w.errorSamples.join("\n  ")}`);
      console.error(`[bench] server output (last lines):\n${server!.output().split("\n").slice(-30).join("\n")}`);
    }
  };
  const measure = async (s: Scenario, round: number, onOk?: (i: number) => void) => {
    const before = await cpuSample();
    const r = await runScenario(s, config.concurrency, config.durationS * 1000, onOk);
    const after = await cpuSample();
    const rssMb = serverRssMb();
    rssBy.set(s.name, Math.max(rssBy.get(s.name) ?? 0, rssMb));
    const d = cpuDelta(before, after);
    const threadsOf = threadsBy.get(s.name) ?? new Map<string, number>();
    for (const [k, v] of threadDelta(before, after)) threadsOf.set(k, (threadsOf.get(k) ?? 0) + v);
    threadsBy.set(s.name, threadsOf);
    const c = cpuBy.get(s.name) ?? { serverMs: 0, pgMs: 0, benchMs: 0 };
    cpuBy.set(s.name, { serverMs: c.serverMs + d.serverMs, pgMs: c.pgMs + d.pgMs, benchMs: c.benchMs + d.benchMs });
    results.set(s.name, [...(results.get(s.name) ?? []), r]);
    const row = roundsOut[round]!;
    row[s.name] = { reqPerSec: Number(r.reqPerSec.toFixed(1)), requests: r.requests, errors: r.errors + r.badBodies, stoppedBy: r.stoppedBy, loadavg1: os.loadavg()[0], rssMb };
    log(`round ${round + 1}/${config.rounds} ${s.name.padEnd(26)} ${fmt(r.reqPerSec).padStart(8)} req/s  ${r.requests} requests, ${r.errors + r.badBodies} errors, stopped by ${r.stoppedBy}`);
    return r;
  };

  // Ping and read first, submit last: every submit leaves outbox rows (e-mail, vendor, webhooks)
  // that the server's outbox worker delivers in the next seconds, which is part of what a submit
  // costs and must not land on the other scenarios. Warm-up: JIT, route modules, connections.
  log(`warm-up: ${config.warmupS} s per scenario at concurrency ${config.concurrency}`);
  await warmUp(ping);
  await warmUp(read, (i) => polled.add(readerOf(i).attemptId));
  for (let round = 0; round < config.rounds; round++) {
    await measure(ping, round);
    await measure(read, round, (i) => polled.add(readerOf(i).attemptId));
  }
  // The timer poll at a light load with nothing else going on, to compare with the same poll while
  // the outbox delivers the submit burst's side effects.
  const idleProbe = await runScenario(read, config.probeConcurrency, 5_000, (i) => polled.add(readerOf(i).attemptId));
  await warmUp(submitScenario("submit warm-up", ds.warmupSubmits), (i) => submitted.push(ds.warmupSubmits[i]!.attemptId));
  // Let the warm-up's side effects go, so the burst below is measured alone.
  await waitForOutboxDrain(60_000);
  const perSubmitRound = Math.floor(ds.submits.length / config.rounds);
  for (let round = 0; round < config.rounds; round++) {
    const pool = ds.submits.slice(round * perSubmitRound, (round + 1) * perSubmitRound);
    await measure(submitScenario("submit", pool), round, (i) => submitted.push(pool[i]!.attemptId));
  }
  const burstSubmits = ds.submits.filter((a) => submitted.includes(a.attemptId)).length;
  log(`submit burst over (${burstSubmits} submits): waiting up to ${config.outboxWaitS} s for the outbox to deliver its side effects …`);
  const burst = await measureOutboxBurst(read, (i) => polled.add(readerOf(i).attemptId));
  let written: { submits: number; rows: number; burst: OutboxBurst } | undefined;
  if (config.outboxBurst > 0) {
    const rows = await writeOutboxBurst(config.outboxBurst);
    log(`wrote the side effects of ${config.outboxBurst} submits at once (${rows} outbox rows): waiting for the outbox to deliver them …`);
    written = { submits: config.outboxBurst, rows, burst: await measureOutboxBurst(read, (i) => polled.add(readerOf(i).attemptId)) };
  }
  for (const row of roundsOut) {
    const rate = (name: string) => (row[name] as { reqPerSec: number }).reqPerSec;
    row.readRatio = Number((rate(read.name) / rate("ping")).toFixed(3));
    row.submitRatio = Number((rate("submit") / rate("ping")).toFixed(3));
  }
  const loadAfter = os.loadavg();
  await pgAdmin.end({ timeout: 5 });
  pgAdmin = null;

  // Aggregate rounds: total requests over total time; percentiles over every latency.
  const summary = [...results.entries()].map(([name, runs]) => {
    const lat = runs.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    const seconds = runs.reduce((a, r) => a + r.seconds, 0);
    const requests = runs.reduce((a, r) => a + r.requests, 0);
    const errorsBy: Record<string, number> = {};
    for (const r of runs) for (const [k, v] of Object.entries(r.errorsBy)) errorsBy[k] = (errorsBy[k] ?? 0) + v;
    return {
      name,
      requests,
      errors: runs.reduce((a, r) => a + r.errors + r.badBodies, 0),
      errorsBy,
      badBodies: runs.reduce((a, r) => a + r.badBodies, 0),
      errorSamples: runs.flatMap((r) => r.errorSamples).slice(0, 5),
      seconds: Number(seconds.toFixed(2)),
      reqPerSec: requests / seconds,
      p50Ms: percentile(lat, 50),
      p90Ms: percentile(lat, 90),
      p99Ms: percentile(lat, 99),
      maxMs: lat.at(-1) ?? NaN,
      stoppedBy: runs.map((r) => r.stoppedBy),
      cpuMsPerRequest: (() => {
        const c = cpuBy.get(name)!;
        const per = (ms: number) => Number((ms / requests).toFixed(3));
        return { server: per(c.serverMs), postgres: per(c.pgMs), loadGenerator: per(c.benchMs), total: per(c.serverMs + c.pgMs + c.benchMs) };
      })(),
      serverThreadsCpuMsPerRequest: Object.fromEntries(
        [...(threadsBy.get(name) ?? new Map<string, number>()).entries()]
          .filter(([, ms]) => ms > 0)
          .sort((x, y) => y[1] - x[1])
          .map(([k, ms]) => [k, Number((ms / requests).toFixed(3))]),
      ),
    };
  });
  const base = summary.find((s) => s.name === "ping")!.reqPerSec;

  // Correctness: every 2xx submit left its attempt submitted with exactly one history row (the
  // state before), one audit row; nothing else among the benchmark's attempts changed status.
  const pg = postgres(DB_URL, { max: 1, onnotice: () => {} });
  let verification: Record<string, unknown>;
  try {
    const all = [...ds.warmupSubmits, ...ds.submits].map((a) => a.attemptId);
    const submittedSet = new Set(submitted);
    const untouched = all.filter((id) => !submittedSet.has(id));
    // Only the attempts that were polled have a heartbeat; all of them must still be started.
    const readerIds = ds.readers.map((a) => a.attemptId);
    const polledIds = [...polled];
    const [v] = await pg.unsafe(
      `SELECT
         (SELECT count(*) FROM attempts WHERE id = ANY($1::int[]) AND status = 'submitted' AND completed_at IS NOT NULL) AS submitted_ok,
         (SELECT count(*) FROM (SELECT a.id FROM unnest($1::int[]) a(id)
             LEFT JOIN attempt_history h ON h.attempt_id = a.id GROUP BY a.id HAVING count(h.id) = 1) x) AS one_history_row,
         (SELECT count(*) FROM (SELECT a.id FROM unnest($1::int[]) a(id)
             LEFT JOIN audit_log l ON l.attempt_id = a.id AND l.action = 'attempt.submit' GROUP BY a.id HAVING count(l.id) = 1) x) AS one_audit_row,
         (SELECT count(*) FROM attempt_history WHERE attempt_id = ANY($1::int[]) AND status <> 'started') AS history_wrong_status,
         (SELECT count(*) FROM attempts WHERE id = ANY($2::int[]) AND status = 'started') AS untouched_still_started,
         (SELECT count(*) FROM attempt_history WHERE attempt_id = ANY($2::int[])) AS untouched_history_rows,
         (SELECT count(*) FROM attempts WHERE id = ANY($3::int[]) AND status = 'started') AS readers_still_started,
         (SELECT count(*) FROM attempts WHERE id = ANY($5::int[]) AND last_poll_timestamp > $4::timestamptz) AS readers_heartbeat_recorded,
         (SELECT count(*) FROM attempt_history WHERE attempt_id = ANY($3::int[])) AS readers_history_rows`,
      [submitted, untouched, readerIds, now.toISOString(), polledIds],
    );
    const n = (k: string) => Number(v![k]);
    const ok =
      n("submitted_ok") === submitted.length &&
      n("one_history_row") === submitted.length &&
      n("one_audit_row") === submitted.length &&
      n("history_wrong_status") === 0 &&
      n("untouched_still_started") === untouched.length &&
      n("untouched_history_rows") === 0 &&
      n("readers_still_started") === readerIds.length &&
      n("readers_heartbeat_recorded") === polledIds.length &&
      n("readers_history_rows") === 0;
    verification = { ok, submittedByBench: submitted.length, untouchedSubmitAttempts: untouched.length, readers: readerIds.length, polled: polledIds.length };
    for (const k of Object.keys(v!)) verification[k] = n(k);
    // Not a check: how far the outbox worker got with the submits' side effects by now.
    try {
      const states = await pg.unsafe(`SELECT state, count(*) AS n FROM outbox GROUP BY state ORDER BY state`);
      verification.outboxAfterRun = Object.fromEntries(states.map((r) => [String(r.state), Number(r.n)]));
    } catch {
      /* no outbox in this build */
    }
  } finally {
    await pg.end({ timeout: 5 });
  }

  const serverErrors = server.output().split("\n").filter((l) => /\bfailed\b|Error/.test(l)).slice(0, 10);

  let profile: Profile | undefined;
  if (config.profile) {
    log("profiling one read and one submit with every statement logged (second server start) …");
    profile = await profileRequests(ds, tokens);
  }
  let cpu: Awaited<ReturnType<typeof cpuProfileServer>> | undefined;
  if (config.cpuProfile) {
    log("CPU-profiling the server under ping, read and submit load (--cpu-prof, another server start) …");
    cpu = await cpuProfileServer(ds, tokens);
  }

  // ------------------------------------------------------------------ report
  const pad = (s: string, n: number) => s.padEnd(n);
  const lpad = (s: string, n: number) => s.padStart(n);
  console.log("");
  console.log(
    `Attempt API benchmark, ${new Date().toISOString()}  (${config.rounds} round(s) x ${config.durationS} s per scenario, concurrency ${config.concurrency}, keep-alive)`,
  );
  console.log(
    `Machine: ${os.cpus().length} cores, load average before ${loadBefore.map((x) => x.toFixed(2)).join("/")} after ${loadAfter.map((x) => x.toFixed(2)).join("/")}; ` +
      "server (next start) and load generator share the cores.",
  );
  console.log(postgresLine);
  console.log(
    `Data: ${ds.counts.users} users, ${ds.counts.attempts} attempts (${ds.counts.attempt_history} history rows, ${ds.counts.audit_log} audit rows) in 1 course / 4 exams; ${ds.readers.length} learners polled round-robin.`,
  );
  console.log("");
  console.log(`${pad("scenario", 28)}${lpad("requests", 9)}${lpad("errors", 8)}${lpad("req/s", 9)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}${lpad("vs ping", 9)}`);
  for (const s of summary) {
    console.log(
      `${pad(s.name, 28)}${lpad(String(s.requests), 9)}${lpad(String(s.errors), 8)}${lpad(fmt(s.reqPerSec), 9)}${lpad(fmt(s.p50Ms, 2), 9)}${lpad(fmt(s.p99Ms, 2), 9)}${lpad(fmt(s.reqPerSec / base, 2), 9)}`,
    );
  }
  console.log("");
  console.log(
    `CPU time per request (from /proc, all rounds; CPU used, not wall time, so less sensitive to other load):`,
  );
  console.log(`${pad("scenario", 28)}${lpad("server", 9)}${lpad("postgres", 10)}${lpad("load gen", 10)}${lpad("total", 9)}${lpad("2-core ceiling", 16)}`);
  for (const s of summary) {
    const c = s.cpuMsPerRequest;
    console.log(
      `${pad(s.name, 28)}${lpad(fmt(c.server, 2), 9)}${lpad(fmt(c.postgres, 2), 10)}${lpad(fmt(c.loadGenerator, 2), 10)}${lpad(fmt(c.total, 2), 9)}${lpad(fmt((os.cpus().length * 1000) / c.total, 0) + " req/s", 16)}`,
    );
  }
  console.log("  (ceiling: req/s if this run's CPU per request had the machine's cores to itself; ms, server = next start's process group, postgres = this database's backends)");
  for (const s of summary) {
    const parts = Object.entries(s.serverThreadsCpuMsPerRequest).map(([k, ms]) => `${k} ${fmt(ms, 2)}`);
    console.log(`  server threads, ${s.name}: ${parts.join(", ")}`);
  }
  const readRatio = summary.find((s) => s.name === read.name)!.reqPerSec / base;
  console.log("");
  console.log(
    `Goal: attempt read >= 0.50 of the bare handler's throughput: ${readRatio >= 0.5 ? "MET" : "NOT MET"} (${readRatio.toFixed(2)}; per round: ${roundsOut.map((r) => r.readRatio).join(", ")})`,
  );
  console.log(
    `Correctness: ${verification.ok ? "OK" : "FAILED"}: ${verification.submitted_ok}/${submitted.length} submitted attempts are submitted, ${verification.one_history_row} with exactly one history row, ` +
      `${verification.one_audit_row} with one audit row; ${verification.untouched_still_started}/${verification.untouchedSubmitAttempts} unused still started; ` +
      `${verification.readers_heartbeat_recorded}/${verification.polled} polled attempts have a fresh heartbeat, ${verification.readers_still_started}/${verification.readers} still started, ${verification.readers_history_rows} history rows.`,
  );
  const probeLine = (r: RunResult) => {
    const lat = [...r.latenciesMs].sort((a, b) => a - b);
    return `p50 ${fmt(percentile(lat, 50), 2)} ms, p99 ${fmt(percentile(lat, 99), 2)} ms, max ${fmt(lat.at(-1) ?? NaN, 1)} ms (${r.requests} polls, ${r.errors + r.badBodies} errors)`;
  };
  const printBurst = (title: string, b: OutboxBurst) => {
    console.log("");
    console.log(`${title}: ${b.pendingAtEnd} pending, ${b.doneAtEnd} done, oldest due message ${fmt(b.lagSeconds, 2)} s old (the lag).`);
    console.log(
      b.drainedAfterS !== null
        ? `  Every message written by then was settled ${fmt(b.drainedAfterS, 2)} s later (${b.dead} dead); goal <= 30 s: ${b.drainedAfterS <= 30 && b.dead === 0 ? "MET" : "NOT MET"}.`
        : `  NOT drained within ${config.outboxWaitS} s: ${b.leftPending} messages still pending (${b.dead} dead); goal <= 30 s: NOT MET.`,
    );
    console.log(
      `  Received meanwhile: ${b.emailsReceived} e-mails (last ${b.lastEmailAfterS ?? "-"} s after), ${b.webhooksReceived} webhook POSTs (last ${b.lastWebhookAfterS ?? "-"} s after); server RSS up to ${fmt(b.maxRssMb, 0)} MB.`,
    );
    console.log(`  Timer poll at concurrency ${config.probeConcurrency} meanwhile: ${probeLine(b.probe)}`);
    if (b.settled > 0) {
      // The probe's polls ran meanwhile: take off what they cost at the read scenario's CPU per request.
      const readCpu = summary.find((x) => x.name === read.name)!.cpuMsPerRequest;
      const serverMs = Math.max(0, b.cpu.serverMs - b.probe.requests * readCpu.server);
      const pgMs = Math.max(0, b.cpu.pgMs - b.probe.requests * readCpu.postgres);
      console.log(
        `  CPU meanwhile: server ${fmt(b.cpu.serverMs / 1000, 1)} s, postgres ${fmt(b.cpu.pgMs / 1000, 1)} s; without the probe's polls ` +
          `${fmt(serverMs / b.settled, 2)} ms server + ${fmt(pgMs / b.settled, 2)} ms postgres per message settled (${b.settled} messages).`,
      );
    }
  };
  console.log("");
  console.log("E-mails go to an SMTP receiver and webhooks to one HTTP endpoint, both in the bench process.");
  console.log(`Timer poll at concurrency ${config.probeConcurrency}, idle before the submits: ${probeLine(idleProbe)}`);
  printBurst(`Outbox right after the submit rounds (${burstSubmits} submits)`, burst);
  if (written) printBurst(`Outbox after ${written.submits} submits' side effects were written at once (${written.rows} rows)`, written.burst);
  console.log("");
  console.log(
    `Server resident memory (VmRSS of next start's process group, MB): ${[...rssBy.entries()].map(([name, mb]) => `after ${name} ${fmt(mb, 0)}`).join(", ")}; ` +
      `largest while the outbox drained ${fmt(Math.max(burst.maxRssMb, written?.burst.maxRssMb ?? 0), 0)}.`,
  );
  if (verification.outboxAfterRun) console.log(`Outbox at the end of the run: ${JSON.stringify(verification.outboxAfterRun)}`);
  for (const s of summary) if (s.errors) console.log(`  ${s.name} errors ${JSON.stringify(s.errorsBy)}, bad bodies ${s.badBodies}:\n    ${s.errorSamples.join("\n    ")}`);
  if (serverErrors.length) console.log(`Server log lines with errors:\n  ${serverErrors.join("\n  ")}`);

  if (profile && "read" in profile) {
    for (const [label, p] of [
      ["attempt read (timer poll)", profile.read],
      ["submit", profile.submit],
      ["ping", profile.ping],
    ] as const) {
      console.log("");
      console.log(
        `SQL per request, ${label}: ${p.statements.length} statements, ${p.dbMs.toFixed(2)} ms inside PostgreSQL, ${p.latencyMs.toFixed(1)} ms end to end (one request alone, HTTP ${p.status})`,
      );
      p.statements.forEach((st, k) => console.log(`  ${lpad(String(k + 1), 2)}. ${lpad(st.ms.toFixed(3), 7)} ms  ${st.sql.length > 150 ? st.sql.slice(0, 147) + "..." : st.sql}`));
    }
    const groups = new Map<string, { n: number; ms: number; max: number }>();
    for (const st of profile.background.statements) {
      const key = st.sql.length > 110 ? st.sql.slice(0, 107) + "..." : st.sql;
      const g = groups.get(key) ?? { n: 0, ms: 0, max: 0 };
      g.n++;
      g.ms += st.ms;
      g.max = Math.max(g.max, st.ms);
      groups.set(key, g);
    }
    console.log("");
    console.log(`SQL the server runs on its own (outbox worker, expiry sweeper), idle for ${profile.background.seconds.toFixed(1)} s after the outbox drained:`);
    for (const [sqlText, g] of [...groups.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`  ${lpad(String(g.n), 3)}x  ${lpad(g.ms.toFixed(2), 7)} ms total, max ${g.max.toFixed(2)}  ${sqlText}`);
    }
  } else if (profile && "skipped" in profile) {
    console.log(`\nSQL profile skipped: ${profile.skipped}`);
  }

  if (cpu && "windows" in cpu) {
    const mainCpu = (name: string) => summary.find((s) => s.name === name)?.serverThreadsCpuMsPerRequest["main thread"] ?? NaN;
    console.log("");
    console.log(
      `Server main thread by package (--cpu-prof run; shares of sampled time, times = share x the main thread's CPU per request measured above):`,
    );
    for (const w of cpu.windows) {
      const perReq = mainCpu(w.label === "ping" || w.label === "submit" ? w.label : read.name);
      console.log(`  ${w.label} (${fmt(perReq, 2)} ms main-thread CPU per request):`);
      for (const b of w.buckets.slice(0, 9)) console.log(`    ${lpad((b.share * 100).toFixed(1), 5)}%  ${lpad(fmt(b.share * perReq * 1000, 0), 5)} µs  ${b.bucket}`);
    }
    for (const w of cpu.windows.slice(1)) {
      console.log(`  ${w.label}: top functions by self time`);
      for (const f of w.topFunctions.slice(0, 12)) console.log(`    ${lpad((f.share * 100).toFixed(1), 5)}%  ${f.fn}  ${f.where}`);
    }
  } else if (cpu && "skipped" in cpu) {
    console.log(`\nCPU profile skipped: ${cpu.skipped}`);
  }

  const out = {
    ts: TS,
    at: new Date().toISOString(),
    config: { ...config, adminUrl: redact(config.adminUrl) },
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      loadavgBefore: loadBefore,
      loadavgAfter: loadAfter,
      node: process.version,
      note: "server (next start) and load generator share the cores",
    },
    buildId,
    database: DB_NAME,
    dataset: { counts: ds.counts, loadSeconds: ds.loadSeconds, readers: ds.readers.length, submitPool: ds.submits.length },
    scenarios: summary.map((s) => ({ ...s, ratioToPing: s.reqPerSec / base })),
    rounds: roundsOut,
    goal: { readRatio, met: readRatio >= 0.5 },
    verification,
    outboxBurst: {
      submits: burstSubmits,
      ...burst,
      probe: undefined,
      probeIdle: (() => {
        const lat = [...idleProbe.latenciesMs].sort((a, b) => a - b);
        return { requests: idleProbe.requests, errors: idleProbe.errors + idleProbe.badBodies, p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99) };
      })(),
      probeWhileDraining: (() => {
        const lat = [...burst.probe.latenciesMs].sort((a, b) => a - b);
        return { requests: burst.probe.requests, errors: burst.probe.errors + burst.probe.badBodies, p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99) };
      })(),
    },
    outboxWrittenBurst: written ? { submits: written.submits, rows: written.rows, ...written.burst, probe: undefined, probeP99Ms: percentile([...written.burst.probe.latenciesMs].sort((a, b) => a - b), 99) } : undefined,
    rssMb: { ...Object.fromEntries(rssBy), whileOutboxDrained: Math.max(burst.maxRssMb, written?.burst.maxRssMb ?? 0) },
    serverErrors,
    profile,
    cpuProfile: cpu,
  };
  const dir = path.join(ROOT, "bench", ".results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${TS}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  console.log(`\nResults: ${path.relative(ROOT, file)}`);

  const failed = summary.some((s) => s.errors > 0) || !verification.ok;
  return failed ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[bench] failed: ${(error as Error).stack ?? String(error)}`);
  const running = server as ServerHandle | null; // assigned inside main()
  if (running) console.error(`[bench] server output (last lines):\n${running.output().split("\n").slice(-40).join("\n")}`);
  exitCode = 1;
} finally {
  await cleanup();
  agent.destroy();
}
process.exit(exitCode);
