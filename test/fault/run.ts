/**
 * The database fault test (decision 044), run by `.ci/run` after `next build`:
 *
 *   npx tsx test/fault/run.ts
 *
 * It starts a PostgreSQL of its own (test/fault/private-postgres.ts), two instances of the
 * production build on it (A and B, `next start` from one private copy of `.next`), and an SMTP
 * sink. Learners poll their timer and autosave answers on both instances, alternating, as a load
 * balancer would send them; course staff watch the live board on B. The database is stopped for
 * 6 s and started again. The learners' client behaves like the exam page's autosave queue
 * (components/exam-body/answer-queue.ts): an answer is kept until a 2xx stored it, a 503 is
 * retried. Then everyone submits, half through A and half through B, some during the outage.
 *
 * It checks outcomes, never durations, except the one set as a requirement (the live
 * board has a fresh snapshot within 5 s of the database answering again):
 * - during the outage every failure is a 503 with Retry-After and a JSON `detail`, and nothing
 *   else is 5xx, before, during or after; /api/health answers 503 while the database is down;
 * - no answer is lost: each question's stored revision is the last one the learner typed;
 * - no heartbeat is lost: each attempt's last_poll_timestamp is at least its last answered poll
 *   (of those the buffer had time to write while the attempt ran);
 * - every attempt is `submitted`, with one e-mail outbox row each, delivered, and the SMTP sink
 *   received exactly one "submitted" e-mail per learner;
 * - the live board on B saw the submits made through A;
 * - pages (decision 048): a learner's course page on A and the staff's live board page on B,
 *   requested while the database is down, answer our outage page (503, Retry-After, its words in
 *   the browser's language) and not Next's bare error document; after the return they render.
 * It prints what it saw (timings, counts) and exits 1 when a check fails (2 when it cannot run).
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { rmSync } from "node:fs";
import postgres from "postgres";
import { encode } from "next-auth/jwt";
import { sleep } from "../../bench/lib/config";
import { benchDatabase, createMigratedDatabase } from "../../bench/lib/database";
import { buildProblem, freePort, snapshotBuild, startServer, type ServerHandle } from "../../bench/lib/server";
import { startSmtpSink } from "../../lib/testing/smtp-sink";
import { createPrivatePostgres, type PrivatePostgres } from "./private-postgres";

const ROOT = process.cwd();
const LEARNERS = Number(process.env.FAULT_LEARNERS ?? 12);
const QUESTIONS = 3;
const OUTAGE_MS = 6_000;
/** The requirement (decision 044): the live board is fresh this soon after the database is back. */
const FRESH_WITHIN_MS = 5_000;
const COURSE_KEY = "course-v1:FaultX+DB101+2026";
const ATTEMPT_PATH = "/api/edx_proctoring/v1/proctored_exam/attempt/";
const AUTH_SECRET = randomBytes(36).toString("base64url");
const SECRET_KEY = randomBytes(36).toString("base64url");
const APP_DIR = path.join(os.tmpdir(), `invigil-fault-app-${process.pid}`);

const t0 = Date.now();
const at = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(5);
const log = (message: string) => console.log(`[fault ${at()}s] ${message}`);

// ---------------------------------------------------------------------------------------------
// What happened: every response, when, from which instance
// ---------------------------------------------------------------------------------------------

interface Seen {
  sentAt: number;
  doneAt: number;
  instance: string;
  what: string;
  status: number;
  retryAfter: string | null;
  body: string;
}
const seen: Seen[] = [];
const failures: string[] = [];
const fail = (message: string) => {
  failures.push(message);
  console.error(`[fault ${at()}s] FAIL: ${message}`);
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(
  instance: { name: string; port: number },
  what: string,
  method: string,
  p: string,
  headers: Record<string, string>,
  body?: string,
  retried = false,
): Promise<Seen> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const h: Record<string, string | number> = { ...headers };
    if (body !== undefined) {
      h["content-type"] = "application/json";
      h["content-length"] = Buffer.byteLength(body);
    }
    const req = http.request({ host: "127.0.0.1", port: instance.port, method, path: p, headers: h, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const s: Seen = {
          sentAt,
          doneAt: Date.now(),
          instance: instance.name,
          what,
          status: res.statusCode ?? 0,
          retryAfter: (res.headers["retry-after"] as string | undefined) ?? null,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        seen.push(s);
        resolve(s);
      });
    });
    // A refused or reset socket is the server's failure too: status 0, and it fails the check below.
    // Except the keep-alive race every HTTP client meets: a reused idle socket that the server
    // closed (its keep-alive time-out) just as the request went out is reset before any answer;
    // browsers send such a request again on a new connection, and so does this client, once.
    req.on("error", (error) => {
      if (!retried && req.reusedSocket && (error as NodeJS.ErrnoException).code === "ECONNRESET") {
        resolve(send(instance, what, method, p, headers, body, true));
        return;
      }
      const s: Seen = { sentAt, doneAt: Date.now(), instance: instance.name, what, status: 0, retryAfter: null, body: String(error) };
      seen.push(s);
      resolve(s);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timed out after 30 s")));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// Set-up
// ---------------------------------------------------------------------------------------------

interface Learner {
  userId: number;
  attemptId: number;
  email: string;
  token: string;
  /** The last revision typed per question, and the last one a 2xx confirmed. */
  typed: Map<number, number>;
  confirmed: Map<number, number>;
  /** When each poll that got a 200 was sent. */
  okPolls: number[];
  /** When the submit that got a 200 was sent. */
  submittedAt: number;
  /** Set when the learner clicks submit: no more typing, no more polls. */
  finishing: boolean;
  loop: Promise<void> | null;
  submitted: boolean;
}

async function loadData(url: string): Promise<{ learners: Omit<Learner, "token">[]; staffId: number; questionIds: number[]; lmsTokenId: number }> {
  const { openDatabase } = await import("@/db/client");
  const handle = await openDatabase({ kind: "postgres", url, max: 2 });
  try {
    const { createApiToken } = await import("@/lib/services/tokens");
    const { row } = await createApiToken(handle.db, { name: "fault LMS", scopes: ["lms:act-as-user", "lms:sync"] });
    const pg = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const q = (text: string, params: (string | number)[] = []) => pg.unsafe(text, params);
      // The mock vendor posts no review: a submitted attempt stays submitted, one e-mail each.
      await q(`INSERT INTO backend_configs (name, kind, verbose_name, is_default, settings)
               VALUES ('mock', 'mock', 'Mock Proctoring', true, '{"ready_delay_ms": 500}')`);
      const [course] = await q(`INSERT INTO courses (course_key, name, start) VALUES ($1, 'Fault course', now() - interval '1 day') RETURNING id`, [COURSE_KEY]);
      const courseId = Number(course!.id);
      const [exam] = await q(
        `INSERT INTO exams (course_id, content_id, exam_name, time_limit_mins, is_proctored, is_practice_exam, is_active, backend)
         VALUES ($1, 'block-v1:FaultX+DB101+2026+type@sequential+block@final', 'Final (proctored)', 120, true, false, true, 'mock') RETURNING id`,
        [COURSE_KEY],
      );
      const examId = Number(exam!.id);
      const questions = await q(
        `INSERT INTO exam_questions (exam_id, position, kind, prompt, choices, correct_choice)
         SELECT $1, g, 'multiple_choice', 'Question ' || g, '["a", "b", "c", "d"]'::jsonb, 0 FROM generate_series(1, $2::int) g RETURNING id`,
        [examId, QUESTIONS],
      );
      await q(
        `INSERT INTO users (username, email, full_name)
         SELECT 'fl' || g, 'fl' || g || '@learners.fault.invalid', 'Fault Learner ' || g FROM generate_series(1, $1::int) g`,
        [LEARNERS],
      );
      const [staff] = await q(`INSERT INTO users (username, email, full_name) VALUES ('fstaff', 'staff@staff.fault.invalid', 'Fault Staff') RETURNING id`);
      await q(`INSERT INTO course_roles (user_id, course_id, role) VALUES ($1, $2, 'staff')`, [Number(staff!.id), courseId]);
      await q(`INSERT INTO enrollments (user_id, course_id, mode) SELECT id, $1, 'verified' FROM users WHERE username LIKE 'fl%'`, [courseId]);
      const rows = await q(
        `INSERT INTO attempts (user_id, exam_id, course_id, status, attempt_code, external_id, started_at, allowed_time_limit_mins,
                               taking_as_proctored, is_sample_attempt, student_name, created, modified)
         SELECT u.id, $1, $2, 'started', u.code, u.code, now() - interval '1 minute', 120, true, false, u.full_name, now(), now()
         FROM (SELECT id, full_name, upper(gen_random_uuid()::text) AS code FROM users WHERE username LIKE 'fl%') u
         RETURNING id, user_id`,
        [examId, COURSE_KEY],
      );
      const emails = new Map((await q(`SELECT id, email FROM users WHERE username LIKE 'fl%'`)).map((r) => [Number(r.id), String(r.email)]));
      return {
        learners: rows.map((r) => ({
          userId: Number(r.user_id),
          attemptId: Number(r.id),
          email: emails.get(Number(r.user_id))!,
          typed: new Map(),
          confirmed: new Map(),
          okPolls: [],
          submittedAt: 0,
          finishing: false,
          loop: null,
          submitted: false,
        })),
        staffId: Number(staff!.id),
        questionIds: questions.map((r) => Number(r.id)),
        lmsTokenId: row.id,
      };
    } finally {
      await pg.end({ timeout: 5 });
    }
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The live board on instance B, read as server-sent events
// ---------------------------------------------------------------------------------------------

interface BoardEvent {
  at: number;
  event: string;
  data: string;
}

function openBoard(port: number, token: string, events: BoardEvent[]): { close: () => void } {
  let req: http.ClientRequest | null = null;
  let closed = false;
  const connect = () => {
    if (closed) return;
    req = http.get({ host: "127.0.0.1", port, path: `/api/instructor/${encodeURIComponent(COURSE_KEY)}/live`, headers: { authorization: `JWT ${token}`, accept: "text/event-stream" } }, (res) => {
      events.push({ at: Date.now(), event: `http ${res.statusCode}`, data: "" });
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ at: Date.now(), event, data: /^data: (.*)$/m.exec(block)?.[1] ?? "" });
        }
      });
      // As EventSource does: reconnect after the stream ends (the server said retry: 5000).
      res.on("end", () => setTimeout(connect, 1000));
    });
    req.on("error", () => setTimeout(connect, 1000));
  };
  connect();
  return {
    close: () => {
      closed = true;
      req?.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Pages, signed in (decision 048)
// ---------------------------------------------------------------------------------------------

/** An Auth.js session cookie for `userId`, as the sign-in would set it (our jwt callback keeps `uid`). */
async function sessionCookie(userId: number): Promise<string> {
  const value = await encode({ token: { uid: userId, sub: String(userId) }, secret: AUTH_SECRET, salt: "authjs.session-token", maxAge: 3600 });
  return `authjs.session-token=${value}`;
}

const OUTAGE_TITLE = { en: "The service is briefly unavailable", es: "El servicio no está disponible por un momento" } as const;

interface PageCheck {
  what: string;
  instance: { name: string; port: number };
  path: string;
  cookie: string;
  language: keyof typeof OUTAGE_TITLE;
  /** Text the page shows when it renders normally. */
  expect: string;
}

function getPage(c: PageCheck): Promise<Seen> {
  return send(c.instance, c.what, "GET", c.path, { cookie: c.cookie, accept: "text/html", "accept-language": c.language });
}

/** While the database is down: our outage page with 503 and Retry-After, never Next's error document. */
function checkOutagePage(c: PageCheck, r: Seen): void {
  const where = `${c.what} on ${c.instance.name} during the outage`;
  if (r.status !== 503) fail(`${where}: HTTP ${r.status}, 503 expected`);
  if (!r.retryAfter) fail(`${where}: no Retry-After`);
  if (r.body.includes("__next_error__")) fail(`${where}: Next's bare error document, not ours`);
  if (!r.body.includes(OUTAGE_TITLE[c.language])) fail(`${where}: the outage page's words (${c.language}) are missing: ${r.body.slice(0, 160)}`);
}

function checkNormalPage(c: PageCheck, r: Seen): void {
  const where = `${c.what} on ${c.instance.name} after the return`;
  if (r.status !== 200) fail(`${where}: HTTP ${r.status}, 200 expected: ${r.body.slice(0, 160)}`);
  else if (!r.body.includes(c.expect) || r.body.includes(OUTAGE_TITLE[c.language])) fail(`${where}: not the page (no "${c.expect}", or the outage words)`);
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

let pg: PrivatePostgres | null = null;
const servers: ServerHandle[] = [];
process.on("exit", () => {
  for (const s of servers) s.killNow();
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const s of servers) s.killNow();
    try {
      pg?.destroy();
    } catch {
      /* best effort */
    }
    process.exit(130);
  });
}

async function main(): Promise<number> {
  const problem = buildProblem(ROOT, ["/api/health", "/api/attempts/[attemptId]/answers", "/api/instructor/[courseKey]/live"]);
  if (problem) {
    console.error(`fault: ${problem}`);
    return 2;
  }
  snapshotBuild(ROOT, APP_DIR);
  const pgPort = Number(process.env.FAULT_PG_PORT ?? (await freePort()));
  pg = createPrivatePostgres(pgPort);
  pg.start();
  log(`private PostgreSQL on 127.0.0.1:${pgPort}`);
  const db = benchDatabase(pg.adminUrl, "invigil_fault");
  await createMigratedDatabase(pg.adminUrl, db);
  const data = await loadData(db.url);

  process.env.AUTH_SECRET = AUTH_SECRET;
  process.env.INVIGIL_SECRET_KEY = SECRET_KEY;
  process.env.DATABASE_URL = db.url;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { mintUserJwt } = await import("@/lib/auth/jwt");
  const mint = async (userId: number) => (await mintUserJwt({ userId, tokenId: data.lmsTokenId }, { now: new Date(), ttlSeconds: 3600 })).token;
  const learners: Learner[] = [];
  for (const l of data.learners) learners.push({ ...l, token: await mint(l.userId) });
  const staffToken = await mint(data.staffId);
  const encodedCourse = encodeURIComponent(COURSE_KEY);
  const pagesToCheck = (A: PageCheck["instance"], B: PageCheck["instance"]): PageCheck[] => [
    { what: "page: learner's course", instance: A, path: `/courses/${encodedCourse}`, cookie: "", language: "en", expect: "Fault course" },
    { what: "page: staff's live board", instance: B, path: `/instructor/${encodedCourse}/live`, cookie: "", language: "es", expect: "Live board" },
  ];
  const learnerCookie = await sessionCookie(data.learners[0]!.userId);
  const staffCookie = await sessionCookie(data.staffId);

  const smtp = await startSmtpSink();
  const env = { DATABASE_URL: db.url, AUTH_SECRET, INVIGIL_SECRET_KEY: SECRET_KEY, SMTP_URL: smtp.url };
  const [a, b] = await Promise.all([startServer({ appDir: APP_DIR, env }), startServer({ appDir: APP_DIR, env })]);
  servers.push(a!, b!);
  const A = { name: "A", port: a!.port };
  const B = { name: "B", port: b!.port };
  log(`instances A on :${A.port} and B on :${B.port}, ${learners.length} learners, SMTP sink on :${smtp.port}`);

  const pages = pagesToCheck(A, B);
  pages[0]!.cookie = learnerCookie;
  pages[1]!.cookie = staffCookie;
  for (const c of pages) {
    const r = await getPage(c);
    if (r.status !== 200 || !r.body.includes(c.expect)) fail(`${c.what} on ${c.instance.name} before the outage: HTTP ${r.status}, no "${c.expect}"`);
  }

  const board: BoardEvent[] = [];
  const boardConn = openBoard(B.port, staffToken, board);

  // Learners: a timer poll and an answer every ~400 ms each, alternating instances.
  let running = true;
  let tick = 0;
  const learnerLoop = async (l: Learner, k: number) => {
    await sleep(k * 30);
    while (running && !l.finishing) {
      const instance = tick++ % 2 === 0 ? A : B;
      const auth = { authorization: `JWT ${l.token}` };
      const poll = await send(instance, "timer poll", "GET", `${ATTEMPT_PATH}${l.attemptId}?sourceid=in_exam`, auth);
      if (poll.status === 200) l.okPolls.push(poll.sentAt);
      // Type the next revision of one question, then send every answer not yet confirmed.
      const qid = data.questionIds[tick % data.questionIds.length]!;
      l.typed.set(qid, (l.typed.get(qid) ?? 0) + 1);
      await sendUnconfirmed(l, instance === A ? B : A);
      await sleep(400);
    }
  };
  const sendUnconfirmed = async (l: Learner, instance: { name: string; port: number }): Promise<boolean> => {
    let all = true;
    for (const [questionId, revision] of l.typed) {
      if ((l.confirmed.get(questionId) ?? 0) >= revision) continue;
      const body = JSON.stringify({ question_id: questionId, answer: { choice: revision % 4 }, revision });
      const r = await send(instance, "autosave", "PUT", `/api/attempts/${l.attemptId}/answers`, { authorization: `JWT ${l.token}` }, body);
      if (r.status >= 200 && r.status < 300) l.confirmed.set(questionId, Math.max(l.confirmed.get(questionId) ?? 0, revision));
      else all = false;
    }
    return all;
  };
  const submit = async (l: Learner, instance: { name: string; port: number }) => {
    // As the exam page does: stop typing, send what is not stored yet (kept and retried while the
    // database is away), then submit.
    l.finishing = true;
    await l.loop;
    for (let i = 0; i < 60 && !(await sendUnconfirmed(l, instance)); i++) await sleep(500);
    // Retried as the exam page would: a 503 says nothing was done, so sending it again is safe.
    for (let i = 0; i < 60 && !l.submitted; i++) {
      const r = await send(instance, "submit", "PUT", `${ATTEMPT_PATH}${l.attemptId}`, { authorization: `JWT ${l.token}` }, '{"action":"submit"}');
      if (r.status === 200) {
        l.submitted = true;
        l.submittedAt = r.sentAt;
      }
      else await sleep(500);
    }
  };

  for (const [k, l] of learners.entries()) l.loop = learnerLoop(l, k);
  await sleep(3_000);
  const snapshotsBefore = board.filter((e) => e.event === "snapshot").length;
  if (snapshotsBefore === 0) fail(`the live board on B sent no snapshot before the outage (events: ${board.map((e) => e.event).join(", ")})`);

  // The outage: the first quarter of the learners submit while the database is down.
  const outageStart = Date.now();
  pg.stop();
  const stoppedAt = Date.now();
  log(`database stopped (pg_ctl -m fast took ${stoppedAt - outageStart} ms)`);
  const early = learners.slice(0, Math.ceil(learners.length / 4));
  const earlySubmits = early.map((l, k) => submit(l, k % 2 === 0 ? A : B));
  await sleep(1_000);
  const healthDown = await Promise.all([send(A, "health", "GET", "/api/health", {}), send(B, "health", "GET", "/api/health", {})]);
  const pagesDown = await Promise.all(pages.map(getPage));
  await sleep(OUTAGE_MS - (Date.now() - stoppedAt));
  pg.start();
  const backAt = Date.now();
  log(`database started again after ${((backAt - stoppedAt) / 1000).toFixed(1)} s down`);

  await sleep(4_000);
  const healthUp = await Promise.all([send(A, "health", "GET", "/api/health", {}), send(B, "health", "GET", "/api/health", {})]);
  const pagesUp = await Promise.all(pages.map(getPage));
  await Promise.all(earlySubmits);
  log("the learners who submitted during the outage are through");
  // Everyone else submits, alternating instances: B's board must see the ones made through A.
  await Promise.all(learners.slice(early.length).map((l, k) => submit(l, k % 2 === 0 ? A : B)));
  running = false;
  log("every learner has submitted");

  // Side effects: wait until the outbox has delivered the e-mails (or 60 s have passed).
  const check = postgres(db.url, { max: 1, onnotice: () => {} });
  let outbox: { topic: string; state: string; n: number }[] = [];
  const drainStart = Date.now();
  for (;;) {
    outbox = (await check`SELECT topic, state, count(*)::int AS n FROM outbox GROUP BY topic, state ORDER BY topic, state`) as unknown as typeof outbox;
    const emailsPending = outbox.filter((r) => r.topic.startsWith("email.") && r.state !== "done").reduce((s, r) => s + r.n, 0);
    if ((emailsPending === 0 && smtp.received() >= learners.length) || Date.now() - drainStart > 60_000) break;
    await sleep(500);
  }
  const drainMs = Date.now() - drainStart;
  // Heartbeats are written at most a second after the poll (decision 010): let the last flush land.
  await sleep(1_500);
  boardConn.close();

  // ---- Checks -------------------------------------------------------------------------------
  const outageEndSlack = backAt + 3_000;
  const bad = seen.filter((s) => s.status >= 500 || s.status === 0);
  for (const s of bad) {
    const inOutage = s.sentAt <= outageEndSlack && s.doneAt >= stoppedAt;
    if (s.status !== 503 || !inOutage) {
      fail(`${s.what} on ${s.instance}: ${s.status} at ${((s.sentAt - t0) / 1000).toFixed(1)} s (${inOutage ? "during" : "outside"} the outage): ${s.body.slice(0, 160)}`);
      continue;
    }
    if (!s.retryAfter) fail(`${s.what} on ${s.instance}: 503 without Retry-After`);
    if (s.what.startsWith("page:")) continue; // an HTML page, checked below
    try {
      const detail = (JSON.parse(s.body) as { detail?: unknown }).detail;
      if (typeof detail !== "string" || detail === "") fail(`${s.what} on ${s.instance}: 503 without a JSON detail: ${s.body.slice(0, 120)}`);
    } catch {
      if (s.what !== "health") fail(`${s.what} on ${s.instance}: 503 body is not JSON: ${s.body.slice(0, 120)}`);
    }
  }
  const other4xx = seen.filter((s) => s.status >= 400 && s.status < 500);
  for (const s of other4xx.slice(0, 10)) fail(`${s.what} on ${s.instance}: unexpected ${s.status}: ${s.body.slice(0, 160)}`);
  for (const h of healthDown) if (h.status !== 503) fail(`/api/health on ${h.instance} answered ${h.status} while the database was down`);
  for (const h of healthUp) if (h.status !== 200) fail(`/api/health on ${h.instance} answered ${h.status} after the database came back`);
  pages.forEach((c, k) => checkOutagePage(c, pagesDown[k]!));
  pages.forEach((c, k) => checkNormalPage(c, pagesUp[k]!));
  const outage503 = bad.filter((s) => s.status === 503).length;
  if (outage503 === 0) fail("no request met the outage (no 503 at all): the test did not test anything");
  // A connection lost mid-transaction must not end in a write to its dead socket (decision 058):
  // that surfaces as an uncaught TypeError, which Next logs and survives.
  for (const s of servers) for (const line of s.uncaught()) fail(`instance on :${s.port} logged an error nobody caught: ${line.slice(0, 200)}`);

  const answers = (await check`SELECT attempt_id, question_id, revision FROM attempt_answers`) as unknown as { attempt_id: number; question_id: number; revision: number }[];
  const stored = new Map(answers.map((r) => [`${r.attempt_id}/${r.question_id}`, Number(r.revision)]));
  let answersChecked = 0;
  for (const l of learners) {
    for (const [questionId, revision] of l.typed) {
      answersChecked += 1;
      const got = stored.get(`${l.attemptId}/${questionId}`);
      if (got !== revision) fail(`attempt ${l.attemptId} question ${questionId}: stored revision ${String(got)}, the learner typed up to ${revision}`);
    }
  }
  const attempts = (await check`SELECT id, status, last_poll_timestamp FROM attempts WHERE course_id = ${COURSE_KEY}`) as unknown as { id: number; status: string; last_poll_timestamp: Date | null }[];
  let heartbeatsChecked = 0;
  if (attempts.length !== learners.length) fail(`${attempts.length} attempts in the database, ${learners.length} expected`);
  for (const row of attempts) {
    const l = learners.find((x) => x.attemptId === Number(row.id));
    if (row.status !== "submitted") fail(`attempt ${row.id} is ${row.status}, not submitted`);
    // The buffer writes a heartbeat up to a second after its poll, and only while the attempt
    // runs (decision 010): a poll in the last 2 s before the submit, or before the outage for
    // those who submitted during it, may rightly never be written.
    const cutoff = Math.min(l?.submittedAt ?? 0, l && early.includes(l) ? stoppedAt : Infinity) - 2_000;
    const lastPoll = Math.max(0, ...(l?.okPolls.filter((t) => t < cutoff) ?? []));
    if (lastPoll > 0 && (!row.last_poll_timestamp || row.last_poll_timestamp.getTime() < lastPoll)) {
      fail(`attempt ${row.id}: heartbeat ${row.last_poll_timestamp?.toISOString() ?? "none"} is older than its poll answered at ${new Date(lastPoll).toISOString()}`);
    }
    if (lastPoll > 0) heartbeatsChecked += 1;
  }
  const emailRows = (await check`SELECT payload->>'attempt_id' AS attempt_id, count(*)::int AS n FROM outbox WHERE topic = 'email.attempt_status' GROUP BY 1`) as unknown as { attempt_id: string; n: number }[];
  for (const l of learners) {
    const n = emailRows.find((r) => Number(r.attempt_id) === l.attemptId)?.n ?? 0;
    if (n !== 1) fail(`attempt ${l.attemptId}: ${n} e-mail outbox rows, 1 expected`);
    const mails = smtp.to(l.email).length;
    if (mails !== 1) fail(`${l.email}: ${mails} e-mails received, exactly 1 expected`);
  }
  await check.end({ timeout: 5 });

  const snapshotAfter = board.find((e) => e.event === "snapshot" && e.at >= backAt);
  const freshMs = snapshotAfter ? snapshotAfter.at - backAt : null;
  if (freshMs === null || freshMs > FRESH_WITHIN_MS) fail(`the live board on B had no fresh snapshot within ${FRESH_WITHIN_MS / 1000} s of the database's return (${freshMs === null ? "none at all" : `${freshMs} ms`})`);
  const viaA = learners.filter((_, k) => k >= early.length && (k - early.length) % 2 === 0);
  // A submitted attempt leaves the board: B's stream names it in `removed` (or as a row, submitted).
  const shownEnded = new Set<number>();
  for (const e of board) {
    if (e.event !== "rows" || e.at < backAt) continue;
    const update = JSON.parse(e.data) as { rows: { attempt_id: number; status: string }[]; removed: number[] };
    for (const id of update.removed) shownEnded.add(id);
    for (const row of update.rows) if (row.status !== "started") shownEnded.add(row.attempt_id);
  }
  for (const l of viaA) if (!shownEnded.has(l.attemptId)) fail(`the live board on B never showed the end of attempt ${l.attemptId}, submitted through A`);

  // ---- What it saw --------------------------------------------------------------------------
  const count = (f: (s: Seen) => boolean) => seen.filter(f).length;
  const firstOkAfter = seen.filter((s) => s.status >= 200 && s.status < 300 && s.sentAt >= backAt).sort((x, y) => x.doneAt - y.doneAt)[0];
  log(`requests: ${seen.length} (${count((s) => s.what === "timer poll")} polls, ${count((s) => s.what === "autosave")} autosaves, ${count((s) => s.what === "submit")} submits), ${outage503} answered 503 during the outage, ${bad.length - outage503} other failures`);
  log(`first 2xx after the database returned: ${firstOkAfter ? `${firstOkAfter.doneAt - backAt} ms (${firstOkAfter.what} on ${firstOkAfter.instance})` : "none"}`);
  log(`live board on B: ${freshMs === null ? "no" : `a`} fresh snapshot ${freshMs === null ? "" : `${freshMs} ms `}after the database returned; events: ${board.map((e) => e.event).join(", ")}`);
  log(`pages during the outage: ${pagesDown.map((r) => `${r.what} on ${r.instance} ${r.status} in ${r.doneAt - r.sentAt} ms`).join(", ")}; after: ${pagesUp.map((r) => `${r.status} in ${r.doneAt - r.sentAt} ms`).join(", ")}`);
  log(`answers: ${answersChecked} questions checked, ${answers.length} stored; attempts: ${attempts.length}, submitted ${attempts.filter((r) => r.status === "submitted").length}; heartbeats checked: ${heartbeatsChecked}`);
  log(`outbox after ${drainMs} ms: ${outbox.map((r) => `${r.topic}/${r.state}=${r.n}`).join(", ")}; e-mails received: ${smtp.received()}`);
  log(`load average ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);

  if (failures.length > 0) {
    for (const s of servers) console.error(`--- instance on :${s.port}, last lines ---\n${s.output().split("\n").slice(-25).join("\n")}`);
  }
  await Promise.all(servers.map((s) => s.stop()));
  await smtp.close();
  return failures.length === 0 ? 0 : 1;
}

main()
  .then((code) => code, (error: unknown) => {
    console.error("fault: the test could not run:", error);
    return 2;
  })
  .then(async (code) => {
    await Promise.all(servers.map((s) => s.stop()));
    try {
      pg?.destroy();
    } catch (error) {
      console.error("fault: could not remove the private PostgreSQL", error);
    }
    rmSync(APP_DIR, { recursive: true, force: true });
    console.log(code === 0 ? "fault test: all checks passed" : `fault test: ${failures.length} check(s) failed`);
    process.exit(code);
  });
