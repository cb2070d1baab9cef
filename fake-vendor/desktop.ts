/**
 * The vendor's "desktop application": the local endpoints the mockprock worker (@edx/mockprock's
 * MockProctoringEventHandler) calls from the learner's browser, as the mockprock server's
 * desktop views answer them:
 *   POST /desktop/start → {status: "running"}      (the worker resolves on "running")
 *   POST /desktop/stop  → {status: "uploading"}    (the worker resolves on "uploading")
 *   GET  /desktop/ping  → {status: <current>}      (null before start; resolves on "running")
 * There is one application per machine, so one status, whichever attempt is running. Starting it
 * does not call Invigil: in mockprock the "ready" callback follows the software download page
 * (see review.ts, `GET /download`).
 *
 * The worker runs on Invigil's exam page origin and calls these with XMLHttpRequest, so every
 * answer carries CORS headers, and preflights are answered (with Private Network Access's header,
 * which a browser asks for when a public page calls a loopback address).
 */
import type { FakeRequest, FakeResponse, FakeVendor, Route } from "./core";

/** mockprock's worker talks to `http://localhost:11136` unless configured otherwise. */
export const DEFAULT_DESKTOP_PORT = 11136;

export interface DesktopState {
  /** What the application reports: null (not started), "running", "uploading". */
  status: string | null;
  /**
   * Test overrides (control API): `answer` replaces the status every endpoint reports (e.g.
   * "error", so the worker rejects); `httpStatus` makes every endpoint answer with that code.
   */
  override: { answer?: string | null; httpStatus?: number } | null;
  /** How long `POST /desktop/stop` takes (mockprock sleeps 60 s while "uploading"). */
  stopDelayMs: number;
}

export function desktopState(vendor: FakeVendor): DesktopState {
  return vendor.data<DesktopState>("desktop", () => ({ status: null, override: null, stopDelayMs: 0 }));
}

function corsHeaders(req: FakeRequest): Record<string, string> {
  return {
    // mockprock answers "*"; echoing the page's origin is equivalent for requests without
    // credentials and also satisfies a worker that sends them.
    "access-control-allow-origin": typeof req.headers.origin === "string" ? req.headers.origin : "*",
    vary: "Origin",
    "cache-control": "no-cache",
  };
}

function preflight(req: FakeRequest): FakeResponse {
  return {
    status: 204,
    headers: {
      ...corsHeaders(req),
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": String(req.headers["access-control-request-headers"] ?? "content-type"),
      "access-control-allow-private-network": "true",
      "access-control-max-age": "600",
    },
  };
}

function answer(req: FakeRequest, vendor: FakeVendor, next: (s: DesktopState) => string | null): FakeResponse {
  const state = desktopState(vendor);
  if (state.override?.httpStatus) {
    return { status: state.override.httpStatus, headers: corsHeaders(req), body: { detail: "desktop application error" } };
  }
  const status = next(state);
  const reported = state.override && "answer" in state.override ? (state.override.answer ?? null) : status;
  return { status: 200, headers: corsHeaders(req), body: { status: reported } };
}

function route(method: "GET" | "POST", pattern: RegExp, handle: (req: FakeRequest, vendor: FakeVendor) => Promise<FakeResponse> | FakeResponse): Route {
  return {
    method,
    pattern,
    handle: (req, _match, vendor) => {
      if (req.method === "OPTIONS") return preflight(req);
      if (req.method !== method) return { status: 405, headers: { ...corsHeaders(req), allow: method }, body: { detail: "method not allowed" } };
      return handle(req, vendor);
    },
  };
}

export function desktopRoutes(): Route[] {
  return [
    route("GET", /^\/desktop\/ping\/?$/, (req, vendor) => answer(req, vendor, (s) => s.status)),
    route("POST", /^\/desktop\/start\/?$/, (req, vendor) =>
      answer(req, vendor, (s) => {
        s.status = "running";
        return s.status;
      }),
    ),
    route("POST", /^\/desktop\/stop\/?$/, async (req, vendor) => {
      const state = desktopState(vendor);
      state.status = "uploading";
      if (state.stopDelayMs > 0) await new Promise((r) => setTimeout(r, state.stopDelayMs));
      return answer(req, vendor, (s) => s.status);
    }),
  ];
}
