/**
 * The vendor's own pages: the review page, where a person plays the vendor's reviewer and sends a
 * review of an attempt back to Invigil, and the software "download" page, after which the vendor
 * tells Invigil the attempt is ready (as mockprock's server does: its `/download` page schedules
 * the ready callback two seconds later).
 *
 * REST attempts: `POST <lms_host>/api/edx_proctoring/v1/proctored_exam/attempt/<id>/reviewed` with
 * the §8.12 body and `Authorization: JWT <token>`. RPNow attempts: the RPNow review payload to the
 * anonymous `/api/edx_proctoring/proctoring_review_callback/` (§8.24).
 */
import { escapeHtml, fakeAttempts, requestBody, type FakeAttempt, type FakeRequest, type FakeResponse, type FakeVendor, type Route } from "./core";
import { RPNOW_REVIEW_PATH, originOf, readyPath, reviewedPath, type CallbackResult, type InvigilClient } from "./invigil-client";

/** The reviewer's verdicts, as RPNow names them, and the REST status each one maps to (§8.12). */
export const REVIEW_STATUSES = {
  Clean: "passed",
  Suspicious: "suspicious",
  "Rules Violation": "violation",
  "Not Reviewed": "not_reviewed",
} as const;
export type ReviewStatus = keyof typeof REVIEW_STATUSES;

/** Builds the RPNow review callback body (the RPNow module's `rpnowReviewPayload`). */
export type RpnowReviewPayload = (attempt: FakeAttempt, reviewStatus: ReviewStatus, comments: string) => unknown;

export interface ReviewPageOptions {
  client: InvigilClient;
  /** Invigil's URL, for attempts that carry no host of their own. */
  invigilUrl: string;
  /** Null until the RPNow module is part of the program; RPNow reviews are then refused. */
  rpnowReviewPayload: RpnowReviewPayload | null;
  /** Delay between the download page and the ready callback (mockprock: 2 s). */
  readyDelayMs?: number;
}

/** Every callback the vendor made, newest last (the control API lists them). */
export interface CallbackRecord extends CallbackResult {
  at: string;
  kind: "ready" | "reviewed" | "rpnow-review";
  vendorAttemptId: string;
  sent: unknown;
}

export function callbackLog(vendor: FakeVendor): CallbackRecord[] {
  return vendor.data<CallbackRecord[]>("callbacks", () => []);
}

const HTML = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };

function page(title: string, main: string, status = 200): FakeResponse {
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Fake proctoring vendor</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 64rem; padding: 1rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border: 1px solid #888; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
fieldset { margin: 1rem 0; }
label { display: block; margin-top: 0.75rem; font-weight: 600; }
fieldset label { display: inline; font-weight: normal; margin-right: 1rem; }
select, textarea, input[type=email] { font: inherit; width: 100%; max-width: 40rem; }
button { font: inherit; padding: 0.4rem 1rem; margin-top: 1rem; }
pre { white-space: pre-wrap; background: #f3f3f3; padding: 0.5rem; border: 1px solid #ccc; }
a { color: #0645ad; }
:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
</style>
</head>
<body>
<header><p>Fake proctoring vendor (a development and test stand-in, not a real vendor)</p></header>
<main>
<h1>${escapeHtml(title)}</h1>
${main}
</main>
</body>
</html>
`;
  return { status, headers: HTML, body };
}

function attemptRows(attempts: FakeAttempt[]): string {
  if (attempts.length === 0) return "<p>No attempt has been registered with this vendor yet.</p>";
  const rows = attempts
    .map((a) => {
      const launch =
        a.protocol === "rpnow" && a.examUrl
          ? `<a href="${escapeHtml(a.examUrl)}">Launch the exam<span class="visually-hidden"> for ${escapeHtml(a.fullName || a.userId)}</span></a>`
          : "";
      return `<tr>
<td><a href="/?attempt=${encodeURIComponent(a.vendorAttemptId)}">${escapeHtml(a.vendorAttemptId)}</a></td>
<td>${a.protocol === "rest" ? "REST" : "RPNow"}</td>
<td>${escapeHtml(a.examName)}</td>
<td>${escapeHtml(a.fullName || a.userId)}${a.email ? `<br>${escapeHtml(a.email)}` : ""}</td>
<td>${escapeHtml(a.status)}</td>
<td>${escapeHtml(a.createdAt)}</td>
<td>${launch}</td>
</tr>`;
    })
    .join("\n");
  return `<table>
<caption>Attempts this vendor knows, newest first</caption>
<thead><tr><th scope="col">Vendor attempt id</th><th scope="col">Protocol</th><th scope="col">Exam</th><th scope="col">Learner</th><th scope="col">Last status from Invigil</th><th scope="col">Registered</th><th scope="col">Secure browser</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function reviewForm(attempts: FakeAttempt[], selected: string | null): string {
  if (attempts.length === 0) return "";
  const options = attempts
    .map(
      (a) =>
        `<option value="${escapeHtml(a.vendorAttemptId)}"${a.vendorAttemptId === selected ? " selected" : ""}>${escapeHtml(
          `${a.vendorAttemptId}: ${a.examName}, ${a.fullName || a.userId} (${a.protocol === "rest" ? "REST" : "RPNow"})`,
        )}</option>`,
    )
    .join("\n");
  const statuses = (Object.keys(REVIEW_STATUSES) as ReviewStatus[])
    .map(
      (s, i) =>
        `<input type="radio" id="status-${i}" name="status" value="${escapeHtml(s)}"${i === 0 ? " checked" : ""}><label for="status-${i}">${escapeHtml(s)}</label>`,
    )
    .join("\n");
  return `<h2>Send a review to Invigil</h2>
<form method="post" action="/review">
<label for="attempt">Attempt</label>
<select id="attempt" name="attempt" required>
${options}
</select>
<fieldset>
<legend>Review result</legend>
${statuses}
</fieldset>
<label for="comment">Reviewer's comment (optional)</label>
<textarea id="comment" name="comment" rows="3"></textarea>
<label for="reviewed_by">Reviewer's e-mail (optional, REST attempts only)</label>
<input type="email" id="reviewed_by" name="reviewed_by" autocomplete="off">
<button type="submit">Send the review</button>
</form>`;
}

/** Attempts, newest first. */
function listAttempts(vendor: FakeVendor): FakeAttempt[] {
  return [...fakeAttempts(vendor).values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** A form posted from another site is refused: the page acts with the vendor's credentials. */
function crossSite(req: FakeRequest): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== "string" || origin === "null") return typeof origin === "string";
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export interface SendReviewInput {
  vendorAttemptId: string;
  status: string;
  comment?: string;
  reviewedBy?: string;
}

/** Sends one review back to Invigil. `error` is set when nothing could be sent. */
export async function sendReview(
  vendor: FakeVendor,
  options: ReviewPageOptions,
  input: SendReviewInput,
): Promise<{ error: string } | { error?: undefined; attempt: FakeAttempt; result: CallbackResult }> {
  const attempt = fakeAttempts(vendor).get(input.vendorAttemptId);
  if (!attempt) return { error: `This vendor knows no attempt "${input.vendorAttemptId}".` };
  if (!(input.status in REVIEW_STATUSES)) return { error: `Choose one of: ${Object.keys(REVIEW_STATUSES).join(", ")}.` };
  const status = input.status as ReviewStatus;
  const comment = (input.comment ?? "").trim();
  const host = originOf(attempt.lmsHost, options.invigilUrl);
  let sent: unknown;
  let result: CallbackResult;
  let kind: CallbackRecord["kind"];
  if (attempt.protocol === "rest") {
    const reviewedBy = (input.reviewedBy ?? "").trim();
    sent = {
      status: REVIEW_STATUSES[status],
      comments: comment ? [{ comment, status: REVIEW_STATUSES[status] }] : [],
      ...(reviewedBy ? { reviewed_by: reviewedBy } : {}),
    };
    kind = "reviewed";
    result = await options.client.post(host, reviewedPath(attempt.vendorAttemptId), sent);
  } else {
    if (!options.rpnowReviewPayload) return { error: "RPNow reviews need the RPNow module, which this program does not include." };
    sent = options.rpnowReviewPayload(attempt, status, comment);
    kind = "rpnow-review";
    result = await options.client.post(host, RPNOW_REVIEW_PATH, sent, { anonymous: true });
  }
  callbackLog(vendor).push({ ...result, at: new Date().toISOString(), kind, vendorAttemptId: attempt.vendorAttemptId, sent });
  return { attempt, result };
}

/** Calls Invigil's ready callback for a REST attempt (after the software "download"). */
export async function sendReady(vendor: FakeVendor, options: ReviewPageOptions, vendorAttemptId: string): Promise<CallbackRecord | null> {
  const attempt = fakeAttempts(vendor).get(vendorAttemptId);
  if (!attempt || attempt.protocol !== "rest") return null;
  const sent = { status: "ready" };
  const result = await options.client.post(originOf(attempt.lmsHost, options.invigilUrl), readyPath(vendorAttemptId), sent);
  const record: CallbackRecord = { ...result, at: new Date().toISOString(), kind: "ready", vendorAttemptId, sent };
  callbackLog(vendor).push(record);
  return record;
}

export function reviewRoutes(options: ReviewPageOptions): Route[] {
  const readyDelayMs = options.readyDelayMs ?? 2000;
  return [
    {
      method: "GET",
      pattern: /^\/(review\/?)?$/,
      failable: false,
      handle(req, _m, vendor) {
        const attempts = listAttempts(vendor);
        const selected = req.query.get("attempt");
        return page("Review proctored exam attempts", `${attemptRows(attempts)}\n${reviewForm(attempts, selected)}`);
      },
    },
    {
      method: "POST",
      pattern: /^\/review\/?$/,
      failable: false,
      async handle(req, _m, vendor) {
        const back = `<p><a href="/">Back to the attempts</a></p>`;
        if (crossSite(req)) return page("Review not sent", `<p role="alert">This form only accepts posts from this vendor's own page.</p>${back}`, 403);
        const form = requestBody(req) ?? {};
        const field = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : "");
        const outcome = await sendReview(vendor, options, {
          vendorAttemptId: field("attempt"),
          status: field("status"),
          comment: field("comment"),
          reviewedBy: field("reviewed_by"),
        });
        if (outcome.error !== undefined) return page("Review not sent", `<p role="alert">${escapeHtml(outcome.error)}</p>${back}`, 400);
        const { result, attempt } = outcome;
        const answered = result.status === 0 ? "Invigil could not be reached" : `Invigil answered HTTP ${result.status}`;
        return page(
          "Review sent",
          `<p role="status">${escapeHtml(answered)} for attempt ${escapeHtml(attempt.vendorAttemptId)} (posted to <code>${escapeHtml(result.url)}</code>).</p>
<h2>Invigil's answer</h2>
<pre>${escapeHtml(result.body || "(empty)")}</pre>
${back}`,
        );
      },
    },
    {
      method: "GET",
      pattern: /^\/download\/?$/,
      handle(req, _m, vendor) {
        const attemptId = req.query.get("attempt") ?? "";
        const attempt = fakeAttempts(vendor).get(attemptId);
        if (!attempt) return page("Unknown attempt", `<p role="alert">This vendor knows no attempt "${escapeHtml(attemptId)}".</p>`, 404);
        setTimeout(() => void sendReady(vendor, options, attemptId), readyDelayMs).unref();
        return page(
          "Proctoring software",
          `<p>The proctoring software is installed and running (simulated). In a moment the vendor tells Invigil that attempt ${escapeHtml(attemptId)} is ready; go back to the exam page to start it.</p>`,
        );
      },
    },
  ];
}
