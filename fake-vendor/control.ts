/**
 * The fake vendor's control API, for tests and demos. Every route is `failable: false`, so it keeps
 * working while the vendor "is down". It only accepts JSON bodies: a page on another site cannot
 * send those without a CORS preflight, which this API never grants.
 *
 *   POST /_control/fail        {mode: none|down|slow|garbage, paths?: "<regex>", delayMs?}
 *                              (both listeners share one state: `paths: "^/desktop/"` fails only
 *                              the desktop application, `"^/api/"` only the vendor API)
 *   POST /_control/desktop     {answer?: string|null, httpStatus?: number, stopDelayMs?: number}
 *                              ({} clears the override)
 *   POST /_control/onboarding  {user_id, status}   (status null clears)
 *   POST /_control/reset       forget calls, failures, overrides and attempts
 *   GET  /_control/calls       ?path=<regex>&listener=vendor|desktop
 *   GET  /_control/attempts    the attempts the vendor knows
 *   GET  /_control/callbacks   the calls it made to Invigil, with Invigil's answers
 *   POST /_control/review      {attempt, status, comment?, reviewed_by?}: the review page's post, as JSON
 *   POST /_control/ready       {attempt}: the ready callback now
 */
import { fakeAttempts, onboardingStatuses, requestBody, type FailureMode, type FakeRequest, type FakeResponse, type FakeVendor, type Route } from "./core";
import { desktopState } from "./desktop";
import { callbackLog, sendReady, sendReview, type ReviewPageOptions } from "./review";

const MODES: FailureMode[] = ["none", "down", "slow", "garbage"];

function bad(detail: string): FakeResponse {
  return { status: 400, body: { detail } };
}

function jsonBody(req: FakeRequest): Record<string, unknown> | null {
  if (!String(req.headers["content-type"] ?? "").includes("application/json")) return null;
  return requestBody(req) ?? (req.rawBody.trim() === "" ? {} : null);
}

function regex(source: unknown): RegExp | null | undefined {
  if (source === undefined || source === null || source === "") return null;
  if (typeof source !== "string") return undefined;
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

type Handler = (req: FakeRequest, vendor: FakeVendor, body: Record<string, unknown>) => FakeResponse | Promise<FakeResponse>;

/** Mounted on the vendor listener; the desktop listener shares its state. */
export function controlRoutes(options: { review: ReviewPageOptions }): Route[] {
  const post = (name: string, handle: Handler): Route => ({
    method: "POST",
    pattern: new RegExp(`^/_control/${name}/?$`),
    failable: false,
    handle(req, _m, vendor) {
      if (req.method !== "POST") return { status: 405, headers: { allow: "POST" }, body: { detail: "use POST" } };
      const body = jsonBody(req);
      if (!body) return { status: 415, body: { detail: "send a JSON object with content-type application/json" } };
      return handle(req, vendor, body);
    },
  });
  const get = (name: string, handle: (req: FakeRequest, vendor: FakeVendor) => FakeResponse): Route => ({
    method: "GET",
    pattern: new RegExp(`^/_control/${name}/?$`),
    failable: false,
    handle: (req, _m, vendor) => (req.method === "GET" ? handle(req, vendor) : { status: 405, headers: { allow: "GET" }, body: { detail: "use GET" } }),
  });

  return [
    post("fail", (_req, vendor, body) => {
      const mode = body.mode as FailureMode;
      if (!MODES.includes(mode)) return bad(`mode must be one of ${MODES.join(", ")}`);
      const paths = regex(body.paths);
      if (paths === undefined) return bad("paths must be a regular expression");
      if (body.delayMs !== undefined && (typeof body.delayMs !== "number" || body.delayMs < 0)) return bad("delayMs must be a number ≥ 0");
      vendor.fail(mode, { paths: paths ?? undefined, delayMs: body.delayMs as number | undefined });
      return { status: 200, body: { mode, paths: paths?.source ?? null } };
    }),
    post("desktop", (_req, vendor, body) => {
      const state = desktopState(vendor);
      if (body.httpStatus !== undefined && (typeof body.httpStatus !== "number" || body.httpStatus < 100 || body.httpStatus > 599)) {
        return bad("httpStatus must be an HTTP status code");
      }
      if (body.answer !== undefined && body.answer !== null && typeof body.answer !== "string") return bad("answer must be a string or null");
      if (body.stopDelayMs !== undefined) {
        if (typeof body.stopDelayMs !== "number" || body.stopDelayMs < 0) return bad("stopDelayMs must be a number ≥ 0");
        state.stopDelayMs = body.stopDelayMs;
      }
      const override: NonNullable<typeof state.override> = {};
      if ("answer" in body) override.answer = body.answer as string | null;
      if (typeof body.httpStatus === "number") override.httpStatus = body.httpStatus;
      state.override = Object.keys(override).length ? override : null;
      return { status: 200, body: { status: state.status, override: state.override, stopDelayMs: state.stopDelayMs } };
    }),
    post("onboarding", (_req, vendor, body) => {
      if (typeof body.user_id !== "string" || !body.user_id) return bad("user_id must be the (obscured) user id Invigil sends");
      if (body.status !== null && typeof body.status !== "string") return bad("status must be a string or null");
      const map = onboardingStatuses(vendor);
      if (body.status === null) map.delete(body.user_id);
      else map.set(body.user_id, body.status);
      return { status: 200, body: Object.fromEntries(map) };
    }),
    post("reset", (_req, vendor) => {
      vendor.fail("none");
      vendor.state.calls.length = 0;
      const desktop = desktopState(vendor);
      Object.assign(desktop, { status: null, override: null, stopDelayMs: 0 });
      fakeAttempts(vendor).clear();
      onboardingStatuses(vendor).clear();
      callbackLog(vendor).length = 0;
      return { status: 200, body: { reset: true } };
    }),
    post("review", async (_req, vendor, body) => {
      const outcome = await sendReview(vendor, options.review, {
        vendorAttemptId: String(body.attempt ?? ""),
        status: String(body.status ?? ""),
        comment: typeof body.comment === "string" ? body.comment : undefined,
        reviewedBy: typeof body.reviewed_by === "string" ? body.reviewed_by : undefined,
      });
      if (outcome.error !== undefined) return bad(outcome.error);
      return { status: 200, body: outcome.result };
    }),
    post("ready", async (_req, vendor, body) => {
      const record = await sendReady(vendor, options.review, String(body.attempt ?? ""));
      if (!record) return bad("no REST attempt with that id");
      return { status: 200, body: record };
    }),
    get("calls", (req, vendor) => {
      const path = regex(req.query.get("path"));
      if (path === undefined) return bad("path must be a regular expression");
      const listener = req.query.get("listener");
      const calls = vendor.state.calls.filter((c) => (!path || path.test(c.path)) && (!listener || c.listener === listener) && !c.path.startsWith("/_control/"));
      return { status: 200, body: calls };
    }),
    get("attempts", (_req, vendor) => ({ status: 200, body: [...fakeAttempts(vendor).values()] })),
    get("callbacks", (_req, vendor) => ({ status: 200, body: callbackLog(vendor) })),
  ];
}
