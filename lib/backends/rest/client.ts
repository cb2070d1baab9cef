import { createHash } from "node:crypto";
import { VendorRejectedError, VendorUnavailableError } from "../errors";

/**
 * The HTTP side of a REST vendor (§9.6): OAuth2 client credentials, a per-process token cache
 * with one refresh at a time per backend, a timeout on every call, and typed errors instead of
 * exceptions from fetch. See docs/decisions/018-rest-vendor-backend.md.
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
/** 3.8.1's `token_expiration_time`: used when the vendor's answer has no usable `expires_in`. */
const DEFAULT_TOKEN_SECONDS = 60;

export interface RestClientConfig {
  /** Backend name, for the cache key and messages. */
  name: string;
  /** Shown in error messages ("Proctortrack did not answer ..."). */
  label: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is not used any more (shortly before the vendor's expiry). */
  refreshAt: number;
}

/**
 * One cache per process: Next.js bundles route handlers, server actions and the outbox worker
 * separately, each with its own copy of this module, so module-level maps alone would fetch a
 * token per bundle. The maps live on globalThis under a registered symbol instead.
 */
const CACHE_KEY = Symbol.for("invigil.rest-vendor-token-cache");
interface TokenCache {
  tokens: Map<string, CachedToken>;
  refreshing: Map<string, Promise<string>>;
}
const processCache = ((globalThis as Record<symbol, unknown>)[CACHE_KEY] ??= { tokens: new Map(), refreshing: new Map() }) as TokenCache;
const tokens = processCache.tokens;
const refreshing = processCache.refreshing;

/** Forget every cached token (tests; a process that rotates vendor credentials). */
export function clearRestTokenCache(): void {
  tokens.clear();
  refreshing.clear();
}

export interface VendorAnswer {
  status: number;
  /** The parsed JSON body; undefined when the body was empty. */
  data: unknown;
}

export interface RequestOptions {
  body?: unknown;
  language?: string;
  timeoutMs?: number;
}

export class RestVendorClient {
  /** Distinct per backend and credential, so a changed secret or URL never reuses a token. */
  private readonly cacheKey: string;

  constructor(private readonly config: RestClientConfig) {
    const fingerprint = createHash("sha256").update(`${config.baseUrl}\n${config.clientId}\n${config.clientSecret}`).digest("hex");
    this.cacheKey = `${config.name}:${fingerprint}`;
  }

  get baseUrl(): string {
    return this.config.baseUrl;
  }

  /** Calls the vendor with a token; a 401 drops the token and tries once more with a new one. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<VendorAnswer> {
    let token = await this.token(options.timeoutMs);
    let answer = await this.send(method, path, token, options);
    if (answer.status === 401) {
      this.dropToken(token);
      token = await this.token(options.timeoutMs);
      answer = await this.send(method, path, token, options);
    }
    return answer;
  }

  /** A valid token: the cached one, the one being fetched right now, or a new one. */
  async token(timeoutMs?: number): Promise<string> {
    const cached = tokens.get(this.cacheKey);
    if (cached && cached.refreshAt > Date.now()) return cached.token;
    const pending = refreshing.get(this.cacheKey);
    if (pending) return pending;
    const fetching = this.fetchToken(timeoutMs).finally(() => refreshing.delete(this.cacheKey));
    refreshing.set(this.cacheKey, fetching);
    return fetching;
  }

  /**
   * The admin console's "test connection": a new token from the vendor (never the cached one, so
   * changed credentials are really tried), then its configuration read with that token. Throws the
   * same typed errors as any call; the token itself is kept in the cache as any other.
   */
  async checkConnection(timeoutMs?: number): Promise<{ configStatus: number }> {
    const token = await this.fetchToken(timeoutMs);
    const answer = await this.send("GET", "/api/v1/config/", token, { timeoutMs });
    return { configStatus: answer.status };
  }

  private dropToken(token: string): void {
    if (tokens.get(this.cacheKey)?.token === token) tokens.delete(this.cacheKey);
  }

  private async fetchToken(timeoutMs?: number): Promise<string> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      token_type: "jwt",
    });
    const res = await this.fetchOnce("POST", "/oauth2/access_token", {
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      timeoutMs,
      what: "token request",
    });
    if (res.status >= 500) throw new VendorUnavailableError(`${this.config.label}: the token request was answered with HTTP ${res.status}.`, res.status);
    if (res.status !== 200) {
      throw new VendorRejectedError(
        `${this.config.label} refused the client credentials (HTTP ${res.status}); check client_id and client_secret.`,
        res.status,
      );
    }
    const data = this.parse(res.text, "token request") as { access_token?: unknown; expires_in?: unknown } | undefined;
    const token = data && typeof data === "object" ? data.access_token : undefined;
    if (typeof token !== "string" || token === "") {
      throw new VendorUnavailableError(`${this.config.label}: the token answer has no access_token.`);
    }
    const raw = Number(data?.expires_in);
    const seconds = Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_TOKEN_SECONDS;
    // Stop using it a little before the vendor does: a tenth of its life, at least 1 s, at most 60 s.
    const margin = Math.min(60, Math.max(1, seconds / 10));
    tokens.set(this.cacheKey, { token, refreshAt: Date.now() + (seconds - margin) * 1000 });
    return token;
  }

  private async send(method: string, path: string, token: string, options: RequestOptions): Promise<VendorAnswer> {
    const headers: Record<string, string> = { authorization: `JWT ${token}`, accept: "application/json" };
    if (options.language) headers["accept-language"] = options.language;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const what = `${method} ${path}`;
    const res = await this.fetchOnce(method, path, { headers, body, timeoutMs: options.timeoutMs, what });
    if (res.status >= 500) throw new VendorUnavailableError(`${this.config.label} answered ${what} with HTTP ${res.status}.`, res.status);
    if (res.status === 401) return { status: 401, data: undefined };
    return { status: res.status, data: res.text === "" ? undefined : this.parse(res.text, what) };
  }

  private parse(text: string, what: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new VendorUnavailableError(`${this.config.label} sent an answer to ${what} that is not JSON.`);
    }
  }

  private async fetchOnce(
    method: string,
    path: string,
    init: { headers: Record<string, string>; body?: string; timeoutMs?: number; what: string },
  ): Promise<{ status: number; text: string }> {
    const timeoutMs = init.timeoutMs ?? this.config.timeoutMs;
    try {
      const res = await fetch(`${this.config.baseUrl}${path}`, {
        method,
        headers: init.headers,
        body: init.body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The body is read under the same timeout signal: a vendor that stalls mid-answer is slow too.
      return { status: res.status, text: await res.text() };
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new VendorUnavailableError(`${this.config.label} did not answer ${init.what} within ${formatSeconds(timeoutMs)}.`);
      }
      throw new VendorUnavailableError(`${this.config.label} could not be reached for ${init.what}.`);
    }
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
