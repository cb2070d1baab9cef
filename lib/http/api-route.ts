import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { getDb, type Db } from "@/db/client";
import { resolvePrincipal, type Credential } from "@/lib/auth/principal";
import type { Principal } from "@/lib/domain/actor";
import { newRequestId, type RequestSource, type ServiceContext } from "@/lib/data/context";
import { noteDatabaseOutage } from "@/lib/data/outage";
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_DETAIL } from "@/lib/domain/database-unavailable";
import { isVendorError } from "@/lib/backends/errors";
import { INVALID_CREDENTIALS_DETAIL, ServiceError, UNAUTHENTICATED_DETAIL } from "@/lib/domain/errors";
import { getEnv } from "@/lib/env";
import { RateLimitedError } from "@/lib/rate-limit";
import { enterRequest } from "@/lib/requests-in-flight";
import { decodeKeySegment } from "./params";
import { originFromHeaders } from "./origin";

/** Bodies larger than this are refused before parsing (allowance CSVs have their own limit). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface ApiRequest<P> {
  req: NextRequest;
  /** Path parameters, percent-decoded once (course keys may arrive raw or encoded). */
  params: P;
  query: URLSearchParams;
  ctx: ServiceContext;
  credential: Credential;
  /** The body as an object: JSON or form-encoded; `{}` when empty. */
  body(): Promise<Record<string, unknown>>;
  /** The body as parsed JSON of any shape (batch endpoints take an array); `{}` when empty. */
  json(): Promise<unknown>;
}

type Handler<P> = (request: ApiRequest<P>) => Promise<Response | unknown>;

interface RouteOptions {
  /** Vendor callbacks and health checks may set this; everything else needs a principal. */
  allowAnonymous?: boolean;
}

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

async function sessionUserId(req: NextRequest): Promise<number | null> {
  // Only touch Auth.js when a session cookie is present: service calls and tests carry none.
  if (!SESSION_COOKIE.test(req.headers.get("cookie") ?? "")) return null;
  const { auth } = await import("@/lib/auth");
  const session = await auth();
  const id = Number(session?.user?.id);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * Cookies ride along on cross-site requests, so a session may only change state from our own
 * origin. Token and JWT callers are not exposed to CSRF and skip this.
 */
function sameOrigin(req: NextRequest): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function readBodyValue(req: NextRequest): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ServiceError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  const buffer = new Uint8Array(await req.arrayBuffer());
  if (buffer.byteLength > MAX_BODY_BYTES) {
    throw new ServiceError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  let text: string;
  try {
    // Fatal: a lenient decoder would store U+FFFD in place of the bad bytes, silently changing data.
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer).trim();
  } catch {
    throw new ServiceError("VALIDATION", "The request body is not valid UTF-8.");
  }
  if (text === "") return {};
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  let parsed: unknown;
  if (type === "application/x-www-form-urlencoded") {
    parsed = Object.fromEntries(new URLSearchParams(text));
  } else if (type === "" || type === "application/json" || type.endsWith("+json")) {
    // No content type at all is read as JSON, as DRF's clients (and curl scripts) often send it.
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      throw new ServiceError("VALIDATION", "The request body is not valid JSON.");
    }
  } else {
    throw new ServiceError("VALIDATION", `Unsupported media type "${type}": send the body as application/json.`, { status: 415 });
  }
  if (hasNul(parsed)) throw new ServiceError("VALIDATION", NUL_DETAIL);
  return parsed;
}

const NUL_DETAIL = "The request contains a NUL character (\\u0000), which no field may hold.";

/** Postgres text cannot hold U+0000: refuse it up front instead of failing the query with a 500. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value === null || typeof value !== "object" || depth > 64) return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000") || hasNul(item, depth + 1)) return true;
  }
  return false;
}

function asObject(parsed: unknown): Record<string, unknown> {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ServiceError("VALIDATION", "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

function decodeParams<P>(raw: Record<string, string | string[]>): P {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    out[key] = Array.isArray(value) ? value.map(decodeKeySegment) : decodeKeySegment(value);
  }
  return out as P;
}

/** The origin the caller used: INVIGIL_BASE_URL when set, else the (forwarded) Host header (lib/http/origin.ts). */
export function requestOrigin(req: NextRequest): string {
  return originFromHeaders(req.headers, {
    baseUrl: getEnv().baseUrl,
    fallbackProtocol: req.nextUrl.protocol.replace(":", ""),
    fallbackOrigin: req.nextUrl.origin,
  })!;
}

export function errorResponse(
  status: number,
  detail: string,
  requestId?: string,
  extra?: Record<string, unknown>,
): NextResponse {
  return NextResponse.json({ detail, ...extra }, { status, headers: requestId ? { "x-request-id": requestId } : {} });
}

/**
 * The audit source of an API request (lib/data/context.ts RequestSource): a vendor's token is
 * `vendor`; a signed-in person's session cookie (only our own pages send it, same-origin for
 * changes) is `dashboard`, so the timeline says the change was made there; other callers `api`.
 */
export function requestSource(principal: Principal, credential: Credential | null): RequestSource {
  if (principal.kind === "service" && principal.backendName) return "vendor";
  if (credential === "session" && principal.kind === "user") return "dashboard";
  return "api";
}

/**
 * Wraps a route handler: request id, who is asking, body parsing with a size limit, and the one
 * mapping from ServiceError to `{detail}` responses (architecture rule 7). Handlers stay thin.
 */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>, options: RouteOptions = {}) {
  const answer = async (req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 64) || newRequestId();
    const now = new Date();
    try {
      const db: Db = await getDb();
      const resolved = await resolvePrincipal(db, req.headers, now, () => sessionUserId(req));
      if (!resolved.ok && resolved.reason === "invalid") {
        // A credential was sent and cannot be used (unknown, revoked or expired token, a JWT with
        // a bad signature or claims we never mint): 401 with a challenge, as edx-proctoring's
        // JwtAuthentication answers and RFC 6750 asks, so a caller knows to get a new credential
        // rather than ask for a permission. The detail says what is wrong when there is more to say.
        const refused = errorResponse(401, resolved.detail ?? INVALID_CREDENTIALS_DETAIL, requestId);
        const scheme = /^\s*jwt\s/i.test(req.headers.get("authorization") ?? "") ? "JWT" : "Bearer";
        refused.headers.set("www-authenticate", `${scheme} realm="invigil-api", error="invalid_token"`);
        return refused;
      }
      if (!resolved.ok && !options.allowAnonymous) {
        // No credential at all: 403, as DRF answers an anonymous caller of edx-proctoring's views
        // when session authentication comes first (the Open edX client expects 401 or 403).
        return errorResponse(403, UNAUTHENTICATED_DETAIL, requestId);
      }
      const principal: Principal = resolved.ok ? resolved.principal : { kind: "system", name: "anonymous" };
      const credential: Credential = resolved.ok ? resolved.credential : "session";
      if (resolved.ok && credential === "session" && !["GET", "HEAD", "OPTIONS"].includes(req.method) && !sameOrigin(req)) {
        return errorResponse(403, "Cross-site request refused: send this request from the Invigil site or with a token.", requestId);
      }
      const ctx: ServiceContext = {
        db,
        principal,
        now,
        requestId,
        source: requestSource(principal, resolved.ok ? credential : null),
        origin: requestOrigin(req),
      };
      let bodyCache: Promise<unknown> | undefined;
      // Next gives static routes no params at all (undefined, not {}).
      const params = decodeParams<P>((await context?.params) ?? {});
      if (hasNul(params) || hasNul([...req.nextUrl.searchParams.entries()])) return errorResponse(400, NUL_DETAIL, requestId);
      const result = await handler({
        req,
        params,
        query: req.nextUrl.searchParams,
        ctx,
        credential,
        body: () => (bodyCache ??= readBodyValue(req)).then(asObject),
        json: () => (bodyCache ??= readBodyValue(req)),
      });
      const response = result instanceof Response ? result : NextResponse.json(result ?? null);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      if (error instanceof RateLimitedError) {
        const limited = errorResponse(error.status, error.detail, requestId, error.extra);
        limited.headers.set("retry-after", String(error.retryAfterSeconds));
        return limited;
      }
      if (error instanceof ServiceError) return errorResponse(error.status, error.detail, requestId, error.extra);
      // A proctoring vendor that a request had to wait for is down or refused: a dependency, not
      // our bug (its message names the call and the status, never a secret or the vendor's body).
      if (isVendorError(error)) {
        const failed = errorResponse(error.retryable ? 503 : 502, error.message, requestId);
        if (error.retryable) failed.headers.set("retry-after", "30");
        return failed;
      }
      // The database is down or unreachable: a dependency, not our bug; the caller may retry. The
      // request's transaction (if any) did not commit, so nothing half-done is left behind.
      const unavailableCode = noteDatabaseOutage(error);
      if (unavailableCode) {
        console.error(`[invigil] request ${requestId} ${req.method} ${req.nextUrl.pathname}: database unavailable (${unavailableCode})`);
        const unavailable = errorResponse(503, DATABASE_UNAVAILABLE_DETAIL, requestId);
        unavailable.headers.set("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
        return unavailable;
      }
      // Never leak driver messages or stack traces; the log has them, keyed by request id.
      console.error(`[invigil] request ${requestId} ${req.method} ${req.nextUrl.pathname} failed`, error);
      return errorResponse(500, "Something went wrong on our side. Try again; if it keeps happening, contact support with this request id: " + requestId, requestId);
    }
  };
  // Counted in and out for the outbox thread, which yields while requests are waiting (decision 056).
  return async (req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => {
    const leave = enterRequest();
    try {
      return await answer(req, context);
    } finally {
      leave();
    }
  };
}
