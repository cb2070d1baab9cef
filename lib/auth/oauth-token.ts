import "server-only";
import type { Db } from "@/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimits, RateLimitedError, type RateLimitRule } from "@/lib/rate-limit";
import { issueVendorAccessToken } from "@/lib/services/vendor-clients";
import { VENDOR_JWT_SCOPE } from "@/lib/crypto/vendor-jwt";

/**
 * `POST /oauth2/access_token`: the OAuth2 client-credentials grant (RFC 6749 §4.4) for vendor
 * OAuth clients, at the path an Open edX LMS serves it, so a vendor configured with Invigil as its
 * LMS host needs no change (docs/decisions/019-vendor-oauth-clients.md). Lenient in what it takes:
 * a form body (what edx-proctoring's REST backend and most OAuth libraries send) or JSON, client
 * credentials in the body or as HTTP Basic (RFC 6749 §2.3.1), `token_type=jwt` or nothing.
 * Errors are RFC 6749 §5.2 JSON. Secrets never reach a log, an audit row or an answer.
 */

/** Per client address: a vendor asks about once an hour; this stops guessing secrets. */
export const OAUTH_TOKEN_PER_CLIENT: RateLimitRule = { name: "oauth-token:client", points: 60, durationSeconds: 60 };
/** Per client id, whoever asks. */
export const OAUTH_TOKEN_PER_ACCOUNT: RateLimitRule = { name: "oauth-token:account", points: 30, durationSeconds: 60 };

const MAX_BODY_BYTES = 16 * 1024;

/** RFC 6749 §5.1: token answers (and their errors) must not be cached. */
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" } as const;

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error, error_description: description }, { status, headers: { ...NO_STORE, ...headers } });
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

async function readFields(req: Request): Promise<Record<string, unknown>> {
  const buffer = new Uint8Array(await req.arrayBuffer());
  if (buffer.byteLength > MAX_BODY_BYTES) throw new BadRequest(`The request body is larger than ${MAX_BODY_BYTES} bytes.`, 413);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer).trim();
  } catch {
    throw new BadRequest("The request body is not valid UTF-8.");
  }
  if (text === "") return {};
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const looksJson = type === "application/json" || type.endsWith("+json") || (type === "" && text.startsWith("{"));
  if (looksJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BadRequest("The request body is not valid JSON.");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new BadRequest("The request body must be a JSON object.");
    return parsed as Record<string, unknown>;
  }
  if (type === "application/x-www-form-urlencoded" || type === "" || type === "text/plain") {
    const params = new URLSearchParams(text);
    const fields: Record<string, unknown> = {};
    for (const key of new Set(params.keys())) {
      // RFC 6749 §3.2: a parameter sent twice is an invalid request.
      if (params.getAll(key).length > 1) throw new BadRequest(`The parameter "${key}" was sent more than once.`);
      fields[key] = params.get(key);
    }
    return fields;
  }
  throw new BadRequest(`Unsupported media type "${type}": send application/x-www-form-urlencoded or application/json.`);
}

function field(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new BadRequest(`The parameter "${name}" must be a string.`);
  if (value.includes("\u0000")) throw new BadRequest(`The parameter "${name}" contains a NUL character.`);
  return value;
}

/** HTTP Basic client authentication: both parts are form-urlencoded before base64 (RFC 6749 §2.3.1). */
function basicCredentials(header: string | null): { id: string; secret: string } | null | "malformed" {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return /^Basic\b/i.test(header) ? "malformed" : null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "malformed";
  try {
    const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return "malformed";
  }
}

export async function handleAccessTokenRequest(req: Request, db: Db, now: Date): Promise<Response> {
  let fields: Record<string, unknown>;
  let clientId: string | undefined;
  let clientSecret: string | undefined;
  let grantType: string | undefined;
  try {
    fields = await readFields(req);
    grantType = field(fields, "grant_type");
    field(fields, "token_type");
    field(fields, "scope");
    const basic = basicCredentials(req.headers.get("authorization"));
    if (basic === "malformed") throw new BadRequest("The Authorization header is not valid HTTP Basic client authentication.");
    const bodyId = field(fields, "client_id");
    const bodySecret = field(fields, "client_secret");
    if (basic) {
      // RFC 6749 §2.3: one authentication method per request; the same id twice is harmless.
      if (bodySecret !== undefined || (bodyId !== undefined && bodyId !== basic.id)) {
        throw new BadRequest("Send the client credentials either in the Authorization header or in the body, not both.");
      }
      clientId = basic.id;
      clientSecret = basic.secret;
    } else {
      clientId = bodyId;
      clientSecret = bodySecret;
    }
  } catch (error) {
    if (error instanceof BadRequest) return oauthError(error.status, "invalid_request", error.message);
    throw error;
  }

  try {
    await enforceRateLimits(db, [
      { rule: OAUTH_TOKEN_PER_CLIENT, subject: clientIp(req.headers) },
      ...(clientId ? [{ rule: OAUTH_TOKEN_PER_ACCOUNT, subject: clientId }] : []),
    ]);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    return oauthError(429, "rate_limited", error.detail, { "retry-after": String(error.retryAfterSeconds) });
  }

  if (!grantType) return oauthError(400, "invalid_request", 'The "grant_type" parameter is missing: send grant_type=client_credentials.');
  if (grantType !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", `The grant type "${grantType.slice(0, 64)}" is not supported: send grant_type=client_credentials.`);
  }
  if (!clientId || !clientSecret) {
    return oauthError(400, "invalid_request", "Send client_id and client_secret (in the body or as HTTP Basic authentication).");
  }

  const issued = await issueVendorAccessToken(db, clientId, clientSecret, now);
  if (!issued) {
    return oauthError(401, "invalid_client", "The client id or secret is wrong, or the client has been revoked.", {
      // RFC 6749 §5.2: required when the client used the Authorization header; harmless otherwise.
      "www-authenticate": 'Basic realm="invigil"',
    });
  }
  const { token, expiresIn } = issued;
  return Response.json(
    { access_token: token, expires_in: expiresIn, token_type: "JWT", scope: VENDOR_JWT_SCOPE },
    { status: 200, headers: NO_STORE },
  );
}
