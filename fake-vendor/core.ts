/**
 * The fake vendor's small HTTP core: a router over node:http that records every call, and a
 * switch that makes the vendor fail on demand (down, slow, garbage). The protocol parts (the REST
 * vendor API, the RPNow register endpoint, the desktop application, the review and dashboard
 * pages) are route modules that plug into it. It is a separate program, never imported by the app.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  at: string;
  /** Which listener received it: "vendor" (the vendor's API and pages) or "desktop". */
  listener: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
  /** The body parsed as JSON or as a form, when it is one; otherwise the raw text. */
  body: unknown;
}

export type FailureMode = "none" | "down" | "slow" | "garbage";

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is (set content-type yourself); anything else as JSON. */
  body?: unknown;
}

export interface Route {
  method: string | "*";
  pattern: RegExp;
  /** Routes with `failable: false` keep working while the vendor "is down" (its test pages). */
  failable?: boolean;
  handle(req: FakeRequest, match: RegExpMatchArray, vendor: FakeVendor): Promise<FakeResponse> | FakeResponse;
}

export interface FakeVendorOptions {
  host?: string;
  port?: number;
  /** Name used in logs and in recorded calls. */
  listener?: string;
  /** Shared state between listeners (the vendor API and the desktop app share one store). */
  state?: FakeVendorState;
}

/** Everything the fake remembers, readable by tests and by its own pages. */
export interface FakeVendorState {
  calls: RecordedCall[];
  failure: { mode: FailureMode; delayMs: number; paths: RegExp | null };
  /** Free-form per-protocol data, keyed by module (e.g. "rest", "rpnow", "desktop"). */
  data: Map<string, unknown>;
}

export function newState(): FakeVendorState {
  return { calls: [], failure: { mode: "none", delayMs: 15_000, paths: null }, data: new Map() };
}

export interface FakeVendor {
  readonly state: FakeVendorState;
  readonly url: string;
  readonly server: Server;
  /** Module data, created on first use. */
  data<T>(key: string, init: () => T): T;
  callsTo(pathPattern: RegExp, method?: string): RecordedCall[];
  fail(mode: FailureMode, options?: { delayMs?: number; paths?: RegExp }): void;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return null;
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

export async function startFakeVendor(routes: Route[], options: FakeVendorOptions = {}): Promise<FakeVendor> {
  const state = options.state ?? newState();
  const listener = options.listener ?? "vendor";
  // Assigned once the server listens; requests cannot arrive before that.
  const holder: { vendor?: FakeVendor } = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://fake.invalid");
        const rawBody = Buffer.concat(chunks).toString("utf8");
        const method = req.method ?? "GET";
        state.calls.push({
          at: new Date().toISOString(),
          listener,
          method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: flatHeaders(req.headers),
          rawBody,
          body: parseBody(rawBody, req.headers["content-type"]),
        });
        let found: { route: Route; match: RegExpMatchArray } | null = null;
        for (const route of routes) {
          if (route.method !== "*" && route.method !== method && !(method === "OPTIONS")) continue;
          const match = url.pathname.match(route.pattern);
          if (match) {
            found = { route, match };
            break;
          }
        }
        const f = state.failure;
        const failing = found?.route.failable !== false && f.mode !== "none" && (!f.paths || f.paths.test(url.pathname));
        if (failing && f.mode === "down") {
          req.socket.destroy();
          return;
        }
        if (failing && f.mode === "slow") await new Promise((r) => setTimeout(r, f.delayMs));
        if (failing && f.mode === "garbage") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end("<html>not json{");
          return;
        }
        let out: FakeResponse;
        if (!found) out = { status: 404, body: { detail: `fake vendor: no route for ${method} ${url.pathname}` } };
        else {
          try {
            out = await found.route.handle(
              { method, path: url.pathname, query: url.searchParams, headers: req.headers, rawBody },
              found.match,
              holder.vendor!,
            );
          } catch (e) {
            out = { status: 500, body: { detail: `fake vendor error: ${(e as Error).message}` } };
          }
        }
        const headers = { ...(out.headers ?? {}) };
        let payload = "";
        if (typeof out.body === "string") payload = out.body;
        else if (out.body !== undefined) {
          payload = JSON.stringify(out.body);
          headers["content-type"] ??= "application/json";
        }
        if (!res.headersSent) res.writeHead(out.status, headers);
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const vendor: FakeVendor = {
    state,
    server,
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}`,
    data<T>(key: string, init: () => T): T {
      if (!state.data.has(key)) state.data.set(key, init());
      return state.data.get(key) as T;
    },
    callsTo: (pattern, m) => state.calls.filter((c) => pattern.test(c.path) && (!m || c.method === m)),
    fail(mode, opts = {}) {
      state.failure = { mode, delayMs: opts.delayMs ?? 15_000, paths: opts.paths ?? null };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  holder.vendor = vendor;
  return vendor;
}

/**
 * An attempt the fake vendor knows about, whichever protocol registered it. The REST module and
 * the RPNow module add them; the review page lists them and posts reviews for them.
 */
export interface FakeAttempt {
  protocol: "rest" | "rpnow";
  /** The vendor's id: the REST `id` it answered, or RPNow's `ssiRecordLocator`. */
  vendorAttemptId: string;
  /** REST: the vendor's exam id. */
  vendorExamId?: string;
  /** RPNow: the exam code (Invigil's attempt code), needed by its review callback. */
  attemptCode?: string;
  examName: string;
  /** The obscured user id Invigil sent (REST), or the learner's name (RPNow). */
  userId: string;
  fullName: string;
  email: string;
  /** Last status Invigil told the vendor (created, started, submitted, error, deleted). */
  status: string;
  /** Where reviews go: the `lms_host` Invigil sent (REST) or the exam URL's origin (RPNow). */
  lmsHost: string;
  /** RPNow: the `examUrl` the registration carried (the secure browser's launch link). */
  examUrl?: string;
  createdAt: string;
}

/** The shared list of attempts, keyed by vendorAttemptId. */
export function fakeAttempts(vendor: FakeVendor): Map<string, FakeAttempt> {
  return vendor.data("attempts", () => new Map<string, FakeAttempt>());
}

/**
 * Onboarding statuses the vendor reports for learners, keyed by the (obscured) user id Invigil
 * sends; set through the control API (`POST /_control/onboarding`). The REST module answers
 * attempt registration with `{status: <this>}` when one is set (§9.6 "register attempt").
 */
export function onboardingStatuses(vendor: FakeVendor): Map<string, string> {
  return vendor.data("onboarding", () => new Map<string, string>());
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** A request body parsed as JSON or as a form; null when it is neither (or empty). */
export function requestBody(req: FakeRequest): Record<string, unknown> | null {
  const parsed = parseBody(req.rawBody, req.headers["content-type"]);
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}
