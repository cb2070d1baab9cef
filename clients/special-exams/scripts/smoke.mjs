#!/usr/bin/env node
// Smoke check of the built page (dist/) without the Invigil API: serves dist/ with `vite preview`,
// loads it in Debian Chromium through playwright-core, answers /api/edx_proctoring/v1/** with the
// in-memory fake in fake-proctoring-api.mjs, and walks the real library through
//   (a) a timed exam: entrance -> start -> timer -> End My Exam -> submit -> submitted
//   (b) a proctored exam on a mock backend: entrance -> system check -> ready -> started
//   (c) the outer timer (view=outer) while an attempt is running.
// Screenshots and the observed request log go to .artifacts/. Exit code 0 = all good.
//
// Usage: npm run build && npm run smoke        (CHROMIUM=/path/to/chromium to override)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createFakeApi } from './fake-proctoring-api.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, '.artifacts');
mkdirSync(artifacts, { recursive: true });
const port = Number(process.env.SMOKE_PORT ?? 4179);
const origin = `http://127.0.0.1:${port}`;
const courseId = 'course-v1:InvigilX+Proctoring101+2026';
const timedContentId = 'block-v1:InvigilX+Proctoring101+2026+type@sequential+block@timed_midterm';
const proctoredContentId = 'block-v1:InvigilX+Proctoring101+2026+type@sequential+block@proctored_final';
const token = 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjo1LCJwcmVmZXJyZWRfdXNlcm5hbWUiOiJsZWFybmVyMSJ9.c21va2U';
const failures = [];
// A vendor worker that always succeeds (protocol of client-contract.md §9), and a record of what
// the library posted to it.
const WORKER_SCRIPT = `self.addEventListener('message', (e) => {
  const replies = { startExamAttempt: 'examAttemptStarted', ping: 'echo', endExamAttempt: 'examAttemptEnded' };
  self.postMessage({ type: replies[e.data && e.data.type] || 'unknown' });
});`;
const log = (...args) => console.log('[smoke]', ...args);

function pageUrl(contentId, extra = {}) {
  const q = new URLSearchParams({ course_id: courseId, content_id: contentId, token, user_id: '5', username: 'learner1', ...extra });
  return `${origin}/special-exams/?${q}`;
}

async function waitForServer(url, child, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms`);
}

function check(condition, message) {
  if (!condition) {
    failures.push(message);
    log('FAIL:', message);
  }
}

async function expectNoErrorBanner(page, where) {
  const count = await page.getByTestId('exam-api-error-component').count();
  if (count) {
    const text = await page.getByTestId('exam-api-error-component').first().innerText();
    check(false, `${where}: error banner shown: ${text}`);
  }
}

async function newPage(browser, fake, name) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => check(false, `${name}: page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') log(`${name} console.error:`, msg.text());
  });
  // Context-level routes also catch requests made by the library's Web Workers.
  await context.route('**/api/edx_proctoring/v1/**', (route) => fake.handle(route));
  await context.route('**/special-exams-smoke/worker.js', (route) => route.fulfill({
    status: 200,
    contentType: 'application/javascript',
    body: WORKER_SCRIPT,
  }));
  await context.route('**/special-exams-smoke/mock-proctoring-software', (route) => route.fulfill({
    status: 200,
    contentType: 'text/html',
    body: '<!doctype html><title>Mock proctoring software</title><h1 data-testid="mock-software">Mock proctoring software (smoke)</h1>',
  }));
  return { context, page };
}

async function timedFlow(browser) {
  const fake = createFakeApi({ courseId, contentId: timedContentId, examType: 'timed', token });
  const { context, page } = await newPage(browser, fake, 'timed');
  await page.goto(pageUrl(timedContentId));
  const start = page.getByRole('button', { name: 'I am ready to start this timed exam.' });
  await start.waitFor({ timeout: 15000 });
  await expectNoErrorBanner(page, 'timed entrance');
  check(await page.getByText('Subsection is a Timed Exam (30 minutes)').count() === 1, 'timed entrance: title with total_time');
  await page.screenshot({ path: path.join(artifacts, 'timed-entrance.png'), fullPage: true });
  log('timed entrance rendered; screenshot .artifacts/timed-entrance.png');

  await start.click();
  await page.getByTestId('exam-content').waitFor({ timeout: 10000 });
  await page.getByTestId('exam-timer').waitFor({ timeout: 10000 });
  await page.waitForTimeout(1500); // let the timer tick and do its first poll
  await expectNoErrorBanner(page, 'timed started');
  await page.screenshot({ path: path.join(artifacts, 'timed-started.png'), fullPage: true });
  log('timed exam started, timer visible');

  // (c) outer timer on a "course page" while the attempt runs, same learner, same fake.
  const outer = await context.newPage();
  await outer.route('**/api/edx_proctoring/v1/**', (route) => fake.handle(route));
  await outer.goto(`${origin}/special-exams/?${new URLSearchParams({ course_id: courseId, token, user_id: '5', view: 'outer' })}`);
  await outer.getByTestId('exam-timer').waitFor({ timeout: 10000 });
  await outer.waitForTimeout(1200);
  await outer.screenshot({ path: path.join(artifacts, 'outer-timer.png'), fullPage: true });
  await outer.close();
  log('outer timer shows the running attempt');

  await page.getByRole('button', { name: 'End My Exam' }).click();
  const submit = page.getByRole('button', { name: 'Yes, submit my timed exam.' });
  await submit.waitFor({ timeout: 10000 });
  check(await page.getByRole('button', { name: "No, I'd like to continue working" }).count() === 1, 'timed ready_to_submit: continue button');
  await page.screenshot({ path: path.join(artifacts, 'timed-ready-to-submit.png'), fullPage: true });
  await submit.click();
  await page.getByText('You have submitted your timed exam.').waitFor({ timeout: 10000 });
  await expectNoErrorBanner(page, 'timed submitted');
  await page.screenshot({ path: path.join(artifacts, 'timed-submitted.png'), fullPage: true });
  log('timed exam submitted');
  check(fake.problems.length === 0, `timed: fake API problems: ${fake.problems.join('; ')}`);
  await context.close();
  return fake.requests;
}

async function proctoredFlow(browser) {
  // The fake mock backend becomes ready_to_start 2 s after click_download_software, so the learner
  // comes back to the download page first and uses its "Start Exam" button (poll -> L1).
  // desktop_application_js_url must be ABSOLUTE: the library importScripts() it from a blob: worker.
  const fake = createFakeApi({
    courseId, contentId: proctoredContentId, examType: 'proctored', token, readyDelayMs: 2000,
    desktopApplicationJsUrl: `${origin}/special-exams-smoke/worker.js`,
  });
  const { context, page } = await newPage(browser, fake, 'proctored');
  const workers = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(pageUrl(proctoredContentId));
  const cont = page.getByRole('button', { name: 'Continue to my proctored exam.' });
  await cont.waitFor({ timeout: 15000 });
  await expectNoErrorBanner(page, 'proctored entrance');
  await page.screenshot({ path: path.join(artifacts, 'proctored-entrance.png'), fullPage: true });
  await cont.click();

  const systemCheck = page.getByRole('button', { name: 'Start System Check' });
  await systemCheck.waitFor({ timeout: 10000 });
  await expectNoErrorBanner(page, 'proctored created');
  await page.screenshot({ path: path.join(artifacts, 'proctored-created.png'), fullPage: true });
  // The library polls, fires PUT click_download_software without awaiting it, then
  // window.location.assign(software_download_url) in the same tab.
  await Promise.all([
    page.waitForURL('**/special-exams-smoke/**', { timeout: 10000 }),
    systemCheck.click(),
  ]);
  log('system check navigated to the software download URL');
  // The learner comes back to the exam page; no token in this URL: the page must reuse the one it
  // kept in sessionStorage (the fake checks every request's Authorization header).
  await page.goto(`${origin}/special-exams/?${new URLSearchParams({ course_id: courseId, content_id: proctoredContentId })}`);
  const startExam = page.getByRole('button', { name: 'Start Exam', exact: true });
  await startExam.waitFor({ timeout: 10000 });
  check(fake.attempt?.status === 'download_software_clicked', `proctored: expected download_software_clicked, got ${fake.attempt?.status}`);
  await page.screenshot({ path: path.join(artifacts, 'proctored-software-clicked.png'), fullPage: true });
  await page.waitForTimeout(2200); // the mock becomes ready_to_start
  await startExam.click();
  const begin = page.getByRole('button', { name: 'Start exam', exact: true });
  try {
    await begin.waitFor({ timeout: 10000 });
  } catch (err) {
    await page.screenshot({ path: path.join(artifacts, 'proctored-FAILED.png'), fullPage: true });
    log('requests so far:\n  ' + summarize(fake.requests).join('\n  '));
    throw err;
  }
  await page.getByText('Smoke review policy').waitFor({ timeout: 10000 });
  await expectNoErrorBanner(page, 'proctored ready_to_start');
  await page.screenshot({ path: path.join(artifacts, 'proctored-ready.png'), fullPage: true });
  await begin.click();
  await page.getByTestId('exam-content').waitFor({ timeout: 10000 });
  await page.getByTestId('exam-timer').waitFor({ timeout: 10000 });
  await page.waitForTimeout(1200);
  await expectNoErrorBanner(page, 'proctored started');
  await page.screenshot({ path: path.join(artifacts, 'proctored-started.png'), fullPage: true });
  check(workers.length >= 1 && workers.every((u) => u.startsWith('blob:')), `proctored: expected a blob: vendor worker before PUT start, saw ${JSON.stringify(workers)}`);
  log(`proctored exam started (after the vendor worker answered examAttemptStarted), timer visible`);
  check(fake.problems.length === 0, `proctored: fake API problems: ${fake.problems.join('; ')}`);
  await context.close();
  return fake.requests;
}

// The harness must be able to see a failure: a 403 on L1 shows the library's red banner with the
// axios message (the server's `detail` is never displayed).
async function errorBannerIsDetectable(browser) {
  const { context, page } = await newPage(browser, { handle: (route) => route.fulfill({ status: 403, contentType: 'application/json', body: '{"detail":"nope"}' }) }, 'error');
  await page.goto(pageUrl(timedContentId));
  const banner = page.getByTestId('exam-api-error-component');
  await banner.waitFor({ timeout: 10000 });
  const text = await banner.innerText();
  check(text.includes('Request failed with status code 403'), `error banner text: ${text}`);
  await page.screenshot({ path: path.join(artifacts, 'error-banner.png'), fullPage: true });
  log('a 403 on L1 shows the error banner');
  await context.close();
}

// Same exam, but with the mock timing of edx-proctoring 3.8.1 and Invigil's lib/backends/mock.ts:
// ready_to_start ~1 s after the POST. "Start System Check" then finds ready_to_start on its poll,
// shows "System Check Succeeded" and sends NO click_download_software and does not navigate.
async function proctoredReadyAfterRegistrationFlow(browser) {
  const fake = createFakeApi({
    courseId, contentId: proctoredContentId, examType: 'proctored', token, readyAfterCreateMs: 1000,
  });
  const { context, page } = await newPage(browser, fake, 'proctored-3.8.1-mock');
  await page.goto(pageUrl(proctoredContentId));
  await page.getByRole('button', { name: 'Continue to my proctored exam.' }).click();
  const systemCheck = page.getByRole('button', { name: 'Start System Check' });
  await systemCheck.waitFor({ timeout: 10000 });
  await page.waitForTimeout(1300);
  await systemCheck.click();
  await page.getByText('System Check Succeeded').waitFor({ timeout: 10000 });
  await page.screenshot({ path: path.join(artifacts, 'proctored-system-check-succeeded.png'), fullPage: true });
  check(!fake.requests.some((r) => r.body?.action === 'click_download_software'), 'ready-after-registration: no click_download_software expected');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Start Exam', exact: true }).click();
  await page.getByRole('button', { name: 'Start exam', exact: true }).click();
  await page.getByTestId('exam-content').waitFor({ timeout: 10000 });
  await expectNoErrorBanner(page, 'proctored (3.8.1 mock timing) started');
  log('proctored exam with ready-after-registration mock: system check succeeded modal, started');
  check(fake.problems.length === 0, `proctored-3.8.1-mock: fake API problems: ${fake.problems.join('; ')}`);
  await context.close();
  return fake.requests;
}

function summarize(requests) {
  return requests.map((r) => `${r.method} ${r.path}${r.body ? ` ${JSON.stringify(r.body)}` : ''} -> ${r.status ?? 'aborted'}`);
}

async function main() {
  if (!existsSync(path.join(root, 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const vite = spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  vite.stderr.on('data', (d) => process.stderr.write(d));
  let browser;
  try {
    await waitForServer(`${origin}/special-exams/`, vite);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const started = Date.now();
    const timed = await timedFlow(browser);
    const proctored = await proctoredFlow(browser);
    const proctoredReadyAfterRegistration = await proctoredReadyAfterRegistrationFlow(browser);
    await errorBannerIsDetectable(browser);
    writeFileSync(path.join(artifacts, 'requests.json'), JSON.stringify({ timed, proctored, proctoredReadyAfterRegistration }, null, 2));
    log('timed requests:\n  ' + summarize(timed).join('\n  '));
    log('proctored requests:\n  ' + summarize(proctored).join('\n  '));
    log('proctored (ready after registration) requests:\n  ' + summarize(proctoredReadyAfterRegistration).join('\n  '));
    log(`flows took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    failures.push(err.stack ?? String(err));
  } finally {
    if (browser) await browser.close();
    vite.kill('SIGTERM');
  }
  if (failures.length) {
    console.error('[smoke] FAILED:\n- ' + failures.join('\n- '));
    process.exit(1);
  }
  log('OK');
}

main();
