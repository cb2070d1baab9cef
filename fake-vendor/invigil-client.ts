/**
 * How the fake vendor calls Invigil back, as a REST vendor does (§9.6 "Vendor → LMS callbacks"):
 * it gets a token from `<host>/oauth2/access_token` (client credentials, `token_type=jwt`) with
 * the credentials Invigil issued to it, keeps it until shortly before `expires_in`, and sends
 * `Authorization: JWT <token>`. RPNow's review callback is anonymous (§8.24).
 */

export interface InvigilCredentials {
  clientId: string;
  clientSecret: string;
}

export interface CallbackResult {
  /** Where the call went. */
  url: string;
  /** Invigil's HTTP status, or 0 when it could not be reached. */
  status: number;
  /** Its answer as text (or the network error). */
  body: string;
}

/** A token is renewed this long before it expires. */
const EXPIRY_MARGIN_MS = 30_000;
const TIMEOUT_MS = 10_000;

export class InvigilClient {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly credentials: InvigilCredentials | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token for `host` (an origin), from cache or from its token endpoint. Throws with a reason. */
  async token(host: string): Promise<string> {
    const cached = this.tokens.get(host);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > this.now()) return cached.token;
    if (!this.credentials) throw new Error("no client id/secret for Invigil's callbacks (--callback-client-id, --callback-client-secret)");
    const response = await fetch(`${host}/oauth2/access_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
        token_type: "jwt",
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed: { access_token?: unknown; expires_in?: unknown } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // reported below
    }
    if (!response.ok || typeof parsed.access_token !== "string") {
      throw new Error(`Invigil's token endpoint answered ${response.status}: ${text.slice(0, 500)}`);
    }
    const lifetime = typeof parsed.expires_in === "number" ? parsed.expires_in : 60;
    this.tokens.set(host, { token: parsed.access_token, expiresAt: this.now() + lifetime * 1000 });
    return parsed.access_token;
  }

  /** POSTs JSON to `host + path` with the vendor's token (or anonymously). Never throws. */
  async post(host: string, path: string, body: unknown, options: { anonymous?: boolean } = {}): Promise<CallbackResult> {
    const url = `${host}${path}`;
    try {
      const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
      if (!options.anonymous) headers.authorization = `JWT ${await this.token(host)}`;
      const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
      // A rejected token is dropped, so the next call asks for a new one.
      if (response.status === 401) this.tokens.delete(host);
      return { url, status: response.status, body: await response.text() };
    } catch (error) {
      return { url, status: 0, body: (error as Error).message };
    }
  }
}

/** Origin of `url`, without a trailing slash; `fallback` when it is not an http(s) URL. */
export function originOf(url: string | undefined, fallback: string): string {
  try {
    const parsed = new URL(url ?? "");
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.origin;
  } catch {
    // fall through
  }
  return fallback.replace(/\/+$/, "");
}

export const readyPath = (vendorAttemptId: string) =>
  `/api/edx_proctoring/v1/proctored_exam/attempt/${encodeURIComponent(vendorAttemptId)}/ready`;
export const reviewedPath = (vendorAttemptId: string) =>
  `/api/edx_proctoring/v1/proctored_exam/attempt/${encodeURIComponent(vendorAttemptId)}/reviewed`;
export const RPNOW_REVIEW_PATH = "/api/edx_proctoring/proctoring_review_callback/";
