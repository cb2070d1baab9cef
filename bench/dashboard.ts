/**
 * Instructor dashboard benchmark at scale: builds a course with 100,000 enrolled learners,
 * 300,000 attempts and 10,000 allowances on a fresh database of the machine's PostgreSQL, then
 * measures the server time (route handler called in-process: auth, queries, JSON) of the
 * dashboard's list endpoints, p50 and p95 over repeated calls, next to a baseline route.
 *
 *   npm run bench:dashboard
 *
 * Knobs: BENCH_PG_URL, BENCH_LEARNERS (100000), BENCH_ATTEMPTS (300000), BENCH_ALLOWANCES (10000),
 * BENCH_AUDIT_ROWS (1000000 rows in the site audit log), BENCH_CALLS (60 per scenario),
 * BENCH_KEEP_DB=1. Goal: each list under 100 ms p95.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { intEnv, runTimestamp } from "./lib/config";
import { benchDatabase, createMigratedDatabase, DEFAULT_ADMIN_URL, dropDatabase } from "./lib/database";
import { benchResultsReport } from "./lib/results-report";
import { loadAuditLog, siteAuditLogScenarios } from "./lib/site-audit-log";

const config = {
  adminUrl: process.env.BENCH_PG_URL ?? DEFAULT_ADMIN_URL,
  learners: intEnv("BENCH_LEARNERS", 100_000),
  attempts: intEnv("BENCH_ATTEMPTS", 300_000),
  allowances: intEnv("BENCH_ALLOWANCES", 10_000),
  calls: Math.max(5, intEnv("BENCH_CALLS", 60)),
  keepDb: intEnv("BENCH_KEEP_DB", 0) === 1,
  /** Measure again on a database an earlier run kept (BENCH_KEEP_DB=1): no create, no load. */
  reuseDb: process.env.BENCH_REUSE_DB ?? "",
  /** Only the scenarios whose name contains this text. */
  only: process.env.BENCH_ONLY ?? "",
};

const COURSE_KEY = "course-v1:BenchX+DASH101+2026";
const DB = benchDatabase(config.adminUrl, config.reuseDb || `invigil_bench_dash_${runTimestamp()}`);
const DB_NAME = DB.name;
const DB_URL = DB.url;

// The app reads its configuration once, from the environment: point it at the bench database.
process.env.DATABASE_URL = DB_URL;
process.env.AUTH_SECRET ??= randomBytes(36).toString("base64url");
process.env.INVIGIL_SECRET_KEY ??= randomBytes(36).toString("base64url");
(process.env as Record<string, string>).NODE_ENV = "production";

const log = (message: string) => console.log(`[bench:dashboard] ${message}`);
const block = (name: string) => `block-v1:BenchX+DASH101+2026+type@sequential+block@${name}`;

/** The course: 4 exams (timed, proctored, onboarding, timed), learners, attempts, allowances. */
async function load(pg: postgres.Sql) {
  const q = (text: string, params: (string | number)[] = []) => pg.unsafe(text, params);
  await q(`INSERT INTO backend_configs (name, kind, verbose_name, is_default, settings)
           VALUES ('mock', 'mock', 'Mock Proctoring', true, '{"supports_onboarding": true}')`);
  const [course] = await q(`INSERT INTO courses (course_key, name, start) VALUES ($1, 'Dashboard benchmark', now() - interval '60 days') RETURNING id`, [COURSE_KEY]);
  const courseId = Number(course!.id);
  await q(
    `INSERT INTO exams (course_id, content_id, exam_name, time_limit_mins, is_proctored, is_practice_exam, is_active, backend, due_date)
     VALUES ($1, $2, 'Midterm (timed)', 60, false, false, true, null, now() + interval '30 days'),
            ($1, $3, 'Final exam (proctored)', 120, true, false, true, 'mock', now() + interval '30 days'),
            ($1, $4, 'Onboarding', 30, true, true, true, 'mock', null),
            ($1, $5, 'Quiz (timed)', 20, false, false, true, null, null)`,
    [COURSE_KEY, block("midterm"), block("final"), block("onboarding"), block("quiz")],
  );
  await q(
    `INSERT INTO course_sections (course_id, usage_key, display_name, release_date, position)
     SELECT $1, content_id, exam_name, now() - interval '50 days', id FROM exams`,
    [courseId],
  );
  await q(
    `INSERT INTO users (username, email, full_name, created, modified)
     SELECT 'learner' || lpad(g::text, 6, '0'), 'learner' || g || '@learners.bench.invalid', 'Learner Number ' || g,
            now() - interval '90 days', now() - interval '90 days'
     FROM generate_series(1, $1::int) g`,
    [config.learners],
  );
  await q(`INSERT INTO users (username, email, full_name) VALUES ('staff1', 'staff1@staff.bench.invalid', 'Course Staff')`);
  await q(`INSERT INTO course_roles (user_id, course_id, role) SELECT id, $1, 'staff' FROM users WHERE username = 'staff1'`, [courseId]);
  await q(
    `INSERT INTO enrollments (user_id, course_id, mode)
     SELECT id, $1, CASE id % 10 WHEN 0 THEN 'audit' WHEN 1 THEN 'honor' WHEN 2 THEN 'professional' ELSE 'verified' END
     FROM users WHERE username LIKE 'learner%'`,
    [courseId],
  );
  // Attempts: learner n gets attempts on exams chosen round-robin; some pairs get an earlier
  // attempt too (resumed, onboarding retries), so groups have history. Mixed statuses.
  await q(
    `WITH l AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM users WHERE username LIKE 'learner%'),
          ex AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, is_proctored, is_practice_exam, time_limit_mins FROM exams),
          pick AS (
            SELECT l.id AS user_id, ex.id AS exam_id, ex.is_proctored, ex.is_practice_exam, ex.time_limit_mins,
                   (l.rn * 7 + j * 13) % 20 AS bucket, l.rn, j
            FROM l CROSS JOIN generate_series(0, 3) j JOIN ex ON ex.k = (l.rn + j) % 4
            ORDER BY j, l.rn
            LIMIT $1::int
          ),
          s AS (
            SELECT *, CASE
              WHEN bucket < 7 THEN 'submitted' WHEN bucket < 11 THEN 'verified' WHEN bucket = 11 THEN 'rejected'
              WHEN bucket < 14 THEN 'created' WHEN bucket = 14 THEN 'started' WHEN bucket = 15 THEN 'ready_to_submit'
              WHEN bucket = 16 THEN 'declined' WHEN bucket = 17 THEN 'error' WHEN bucket = 18 THEN 'second_review_required'
              ELSE 'timed_out' END AS status,
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
    [config.attempts, COURSE_KEY],
  );
  await q(
    `INSERT INTO audit_log (at, actor_kind, actor_user_id, action, entity_type, entity_id, course_id, attempt_id,
                            subject_user_id, from_status, to_status, source, data)
     SELECT modified, 'user', user_id, 'attempt.' || status, 'attempt', id::text, course_id, id, user_id, NULL, status, 'api', '{}'::jsonb
     FROM attempts`,
  );
  await q(
    `INSERT INTO allowances (user_id, exam_id, key, value)
     SELECT u.id, e.id, CASE WHEN u.rn % 3 = 0 THEN 'time_multiplier' ELSE 'additional_time_granted' END,
            CASE WHEN u.rn % 3 = 0 THEN '1.5' ELSE '30' END
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM users WHERE username LIKE 'learner%') u
     JOIN exams e ON e.content_id = $2
     WHERE u.rn % GREATEST($3::int / NULLIF($1::int, 0), 1) = 0
     LIMIT $1::int`,
    [config.allowances, block("final"), Math.max(1, Math.floor(config.learners / Math.max(config.allowances, 1)))],
  );
  // A bulk-loaded table has no visibility map yet, so no index-only scans; a live database's
  // autovacuum keeps one. VACUUM ANALYZE measures the steady state, not the first minute.
  await q("VACUUM ANALYZE");
  const counts: Record<string, number> = {};
  for (const table of ["users", "enrollments", "attempts", "allowances", "audit_log"]) {
    const [row] = await q(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = Number(row!.n);
  }
  const [staff] = await q(`SELECT id FROM users WHERE username = 'staff1'`);
  return { courseId, staffId: Number(staff!.id), counts };
}

// ---------------------------------------------------------------------------------------------
// Scenarios: route handlers called in-process with a staff member's JWT

type Handler = (req: import("next/server").NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Scenario {
  name: string;
  load: () => Promise<{ GET: unknown }>;
  path: string;
  params: Record<string, string>;
}

const enc = encodeURIComponent;
const courseParam = { courseKey: COURSE_KEY };

function scenarios(cursors: { page2000: string; last: string }): Scenario[] {
  const base = `/api/instructor/${enc(COURSE_KEY)}`;
  return [
    { name: "baseline: ping", load: () => import("@/app/api/ping/route"), path: "/api/ping", params: {} },
    { name: "attempts page 1", load: () => import("@/app/api/instructor/[courseKey]/attempts/route"), path: `${base}/attempts?page=1`, params: courseParam },
    { name: "attempts page 2000", load: () => import("@/app/api/instructor/[courseKey]/attempts/route"), path: `${base}/attempts?page=2000`, params: courseParam },
    // Keyset paging (decision 025): the same page reached by the cursor of page 1,999's last row, and the last page.
    { name: "attempts page 2000 by cursor", load: () => import("@/app/api/instructor/[courseKey]/attempts/route"), path: `${base}/attempts?cursor=${enc(cursors.page2000)}`, params: courseParam },
    { name: "attempts last page by cursor", load: () => import("@/app/api/instructor/[courseKey]/attempts/route"), path: `${base}/attempts?cursor=${enc(cursors.last)}`, params: courseParam },
    { name: "attempts search (username)", load: () => import("@/app/api/instructor/[courseKey]/attempts/route"), path: `${base}/attempts?page=1&search=learner04321`, params: courseParam },
    { name: "attempts search (partial email)", load: () => import("@/app/api/instructor/[courseKey]/attempts/route"), path: `${base}/attempts?page=1&search=learner777`, params: courseParam },
    { name: "onboarding page 1", load: () => import("@/app/api/instructor/[courseKey]/onboarding/route"), path: `${base}/onboarding?page=1`, params: courseParam },
    { name: "onboarding filtered by status (not started)", load: () => import("@/app/api/instructor/[courseKey]/onboarding/route"), path: `${base}/onboarding?page=1&statuses=not_started`, params: courseParam },
    { name: "onboarding filtered by status (verified)", load: () => import("@/app/api/instructor/[courseKey]/onboarding/route"), path: `${base}/onboarding?page=1&statuses=verified`, params: courseParam },
    { name: "onboarding search", load: () => import("@/app/api/instructor/[courseKey]/onboarding/route"), path: `${base}/onboarding?page=1&search=learner0777`, params: courseParam },
    { name: "review queue page 1", load: () => import("@/app/api/instructor/[courseKey]/reviews/route"), path: `${base}/reviews?page=1`, params: courseParam },
    { name: "allowance list page 1", load: () => import("@/app/api/instructor/[courseKey]/allowances/route"), path: `${base}/allowances?page=1`, params: courseParam },
  ];
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

async function main() {
  const { openDatabase, setAppDatabaseForTests } = await import("@/db/client");
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  let data: { staffId: number };
  if (config.reuseDb) {
    handle = await openDatabase({ kind: "postgres", url: DB_URL, max: 4 });
    const pg = postgres(DB_URL, { max: 1, onnotice: () => {} });
    const [staff] = await pg.unsafe(`SELECT id FROM users WHERE username = 'staff1'`).finally(() => pg.end({ timeout: 5 }));
    data = { staffId: Number(staff!.id) };
    log(`reusing database ${DB_NAME}`);
  } else {
    await createMigratedDatabase(config.adminUrl, DB);
    log(`created and migrated database ${DB_NAME}`);
    handle = await openDatabase({ kind: "postgres", url: DB_URL, max: 4 });
    const pg = postgres(DB_URL, { max: 1, onnotice: () => {} });
    const started = performance.now();
    const loaded = await load(pg)
      .then(async (result) => {
        // The site audit log's scenarios read the whole log: top it up to AUDIT_ROWS (1,000,000).
        await loadAuditLog(pg);
        await pg.unsafe("VACUUM ANALYZE audit_log");
        const [n] = await pg.unsafe(`SELECT count(*)::int AS n FROM audit_log`);
        result.counts.audit_log = Number(n!.n);
        return result;
      })
      .finally(() => pg.end({ timeout: 5 }));
    log(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(loaded.counts).map(([t, n]) => `${t} ${n}`).join(", ")}`);
    data = loaded;
  }
  setAppDatabaseForTests(handle);

  const { NextRequest } = await import("next/server");
  const { mintUserJwt } = await import("@/lib/auth/jwt");
  const { createApiToken } = await import("@/lib/services/tokens");
  // Learner JWTs must name a live minting token.
  const minter = await createApiToken(handle.db, { name: "bench dashboard minter", scopes: ["lms:act-as-user"] });
  const { token } = await mintUserJwt({ userId: data.staffId, tokenId: minter.row.id }, { now: new Date() });
  const auth = `JWT ${token}`;

  // The cursor the list hands out on page 1,999 for its next page (one walk, before the timing).
  const { walkAttemptGroups } = await import("@/lib/queries/dashboard-attempts");
  const { encodeCursor } = await import("@/lib/queries/list-cursor");
  const page1999 = await walkAttemptGroups(handle.db, COURSE_KEY, null, 1998 * 25, 25, 0);
  const end = page1999.pairs.at(-1);
  const cursors = {
    page2000: end ? encodeCursor({ kind: "after", created: end.created, id: end.id, page: 2000 }) : "",
    last: encodeCursor({ kind: "last" }),
  };

  const results: { name: string; p50: number; p95: number; max: number; status: number; bytes: number }[] = [];
  for (const s of scenarios(cursors).filter((x) => !config.only || x.name.startsWith("baseline") || x.name.includes(config.only))) {
    let mod: { GET: unknown };
    try {
      mod = await s.load();
    } catch (error) {
      log(`${s.name}: route not found (${(error as Error).message.split("\n")[0]})`);
      continue;
    }
    const handler = mod.GET as Handler;
    const call = async () => {
      const req = new NextRequest(new URL(s.path, "http://127.0.0.1:3000"), { headers: { authorization: auth, host: "127.0.0.1:3000" } });
      const t0 = performance.now();
      const res = await handler(req, { params: Promise.resolve(s.params) });
      const body = await res.text();
      return { ms: performance.now() - t0, status: res.status, bytes: body.length };
    };
    for (let i = 0; i < 5; i++) await call(); // warm-up: module init, plans, caches
    const times: number[] = [];
    let last = { status: 0, bytes: 0 };
    for (let i = 0; i < config.calls; i++) {
      const r = await call();
      times.push(r.ms);
      last = r;
    }
    times.sort((a, b) => a - b);
    results.push({ name: s.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1]!, status: last.status, bytes: last.bytes });
  }

  // The site audit log page's read (bench/lib/site-audit-log.ts): the query itself, in-process.
  for (const s of (await siteAuditLogScenarios(handle.db)).filter((x) => !config.only || x.name.includes(config.only))) {
    for (let i = 0; i < 5; i++) await s.run();
    const times: number[] = [];
    let last = { status: 0, bytes: 0 };
    for (let i = 0; i < config.calls; i++) {
      const t0 = performance.now();
      last = await s.run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results.push({ name: s.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1]!, ...last });
  }

  const baseline = results.find((r) => r.name.startsWith("baseline"));
  console.log("");
  console.log(`| scenario | status | p50 ms | p95 ms | max ms | response bytes | p95 vs aim (100 ms) |`);
  console.log(`|---|---|---|---|---|---|---|`);
  for (const r of results) {
    const aim = r.name.startsWith("baseline") ? "" : r.p95 < 100 ? "met" : "NOT met";
    console.log(`| ${r.name} | ${r.status} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.bytes} | ${aim} |`);
  }
  if (baseline) console.log(`\nbaseline p50 ${baseline.p50.toFixed(2)} ms (in-process route call, no HTTP); ${config.calls} calls per scenario after 5 warm-up calls.`);
  if (!config.only || "results report".includes(config.only)) await benchResultsReport({ courseKey: COURSE_KEY, auth, log });
  await handle.close();
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => dropDatabase(config.adminUrl, DB, { keep: config.keepDb, log }));
