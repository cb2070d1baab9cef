import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { customFetch } from "@auth/core";
import type { OAuthConfig } from "next-auth/providers";
import type { Env } from "@/lib/env";
import { supportedLocaleOf } from "@/lib/domain/language";
import type { ExternalIdentity } from "./users";

export const OPENEDX_PROVIDER_ID = "openedx";

type OpenEdxSettings = NonNullable<Env["openedx"]>;

/** What the LMS told us about the person, from its JWT access token or its user API. */
export interface OpenEdxProfile extends Record<string, unknown> {
  sub?: string;
  user_id?: number;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** The learner's language, when the LMS or its token names one (OpenID Connect's `locale`). */
  locale?: string;
}

/** The LMS's access token did not verify: forged, altered, expired, or from another issuer. */
export class OpenEdxTokenRejected extends Error {
  override name = "OpenEdxTokenRejected";
}

/** The LMS answered its user API with an error. */
export class OpenEdxUnavailable extends Error {
  override name = "OpenEdxUnavailable";
}

/**
 * An Open edX LMS as a plain OAuth2 provider. edx-platform no longer speaks OpenID Connect: it
 * issues JWT access tokens (`token_type=jwt`) signed with its own keys, carrying `sub`,
 * `preferred_username`, `email`, `name`, `email_verified` and, with the `user_id` scope, the LMS
 * user id that its sync stores in `users.lms_user_id`.
 */
export function OpenEdx(settings: OpenEdxSettings): OAuthConfig<OpenEdxProfile> {
  const tokenUrl = `${settings.url}/oauth2/access_token`;
  return {
    id: OPENEDX_PROVIDER_ID,
    name: settings.name,
    type: "oauth",
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    client: { token_endpoint_auth_method: "client_secret_post" },
    authorization: { url: `${settings.url}/oauth2/authorize`, params: { scope: "user_id profile email" } },
    token: tokenUrl,
    userinfo: {
      url: `${settings.url}/api/user/v1/me`,
      request: ({ tokens }: { tokens: { access_token?: string } }) => readOpenEdxProfile(settings, tokens.access_token ?? ""),
    },
    checks: ["pkce", "state"],
    profile(profile) {
      return {
        id: String(profile.user_id ?? profile.sub ?? profile.preferred_username ?? ""),
        name: profile.name ?? null,
        email: profile.email ?? null,
      };
    },
    [customFetch]: (input: string | URL | Request, init?: RequestInit) => tokenAwareFetch(tokenUrl, input, init),
  };
}

/**
 * Asks the token endpoint for a JWT (edx-platform's `token_type=jwt`) and presents the answer's
 * `token_type: "JWT"` as the bearer token it is, which is all the OAuth2 client library accepts.
 */
async function tokenAwareFetch(tokenUrl: string, input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  if (url !== tokenUrl) return fetch(input, init);
  if (init?.body instanceof URLSearchParams) init.body.set("token_type", "jwt");
  const response = await fetch(input, init);
  if (!response.ok) return response;
  const body: unknown = await response.clone().json().catch(() => null);
  if (body && typeof body === "object" && String((body as { token_type?: unknown }).token_type).toLowerCase() === "jwt") {
    return Response.json({ ...body, token_type: "bearer" }, { status: response.status });
  }
  return response;
}

/**
 * Verifies the JWT access token with the LMS's public signing keys when they are configured;
 * without them, asks the LMS itself who the token belongs to (`/api/user/v1/me`, then the
 * account), so no claim is ever taken from an unverified token.
 */
export async function readOpenEdxProfile(settings: OpenEdxSettings, accessToken: string): Promise<OpenEdxProfile> {
  if (settings.jwks) {
    const keys =
      settings.jwks.kind === "url"
        ? createRemoteJWKSet(new URL(settings.jwks.url))
        : createLocalJWKSet(settings.jwks.keys as unknown as Parameters<typeof createLocalJWKSet>[0]);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(accessToken, keys, { issuer: `${settings.url}/oauth2` }));
    } catch (error) {
      const name = (error as { name?: string }).name ?? "";
      // A key set that cannot be fetched is the LMS being down, not a forged token.
      if (name === "TypeError" || name === "JWKSTimeout") throw new OpenEdxUnavailable("the LMS key set could not be read", { cause: error });
      throw new OpenEdxTokenRejected(`the LMS access token did not verify (${(error as { code?: string }).code ?? name})`);
    }
    return payload as OpenEdxProfile;
  }
  const me = await lmsGet(settings, "/api/user/v1/me", accessToken);
  const username = typeof me.username === "string" ? me.username : "";
  if (!username) throw new OpenEdxTokenRejected("the LMS did not name the token's user");
  const account = await lmsGet(settings, `/api/user/v1/accounts/${encodeURIComponent(username)}`, accessToken);
  return {
    // Without the keys, the LMS username (which edx-platform does not let people change) is the
    // stable tie; the sync's LMS user id is not in these answers.
    sub: `user:${username}`,
    preferred_username: username,
    email: typeof account.email === "string" ? account.email : undefined,
    name: typeof account.name === "string" ? account.name : undefined,
    // edx-platform's own JWT sets email_verified from is_active (the account was activated by e-mail).
    email_verified: account.is_active === true,
    ...(typeof account.id === "number" ? { user_id: account.id } : {}),
  };
}

async function lmsGet(settings: OpenEdxSettings, path: string, accessToken: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${settings.url}${path}`, { headers: { authorization: `JWT ${accessToken}`, accept: "application/json" } });
  if (response.status === 401 || response.status === 403) throw new OpenEdxTokenRejected(`the LMS refused the access token on ${path}`);
  if (!response.ok) throw new OpenEdxUnavailable(`the LMS answered ${response.status} on ${path}`);
  const body: unknown = await response.json().catch(() => null);
  if (!body || typeof body !== "object") throw new OpenEdxUnavailable(`the LMS answered ${path} with no JSON object`);
  return body as Record<string, unknown>;
}

/** The identity an Open edX profile vouches for. */
export function openEdxIdentity(profile: OpenEdxProfile): ExternalIdentity {
  const lmsUserId = typeof profile.user_id === "number" && Number.isInteger(profile.user_id) && profile.user_id > 0 ? profile.user_id : null;
  return {
    // The LMS user id is the tie when present. Otherwise edx-platform's `sub` (an anonymous id,
    // stable per user) is, kept apart from an OpenID Connect provider's subjects.
    subject: lmsUserId === null && typeof profile.sub === "string" && profile.sub !== "" ? `openedx:${profile.sub}` : null,
    lmsUserId,
    username: typeof profile.preferred_username === "string" ? profile.preferred_username : "",
    email: typeof profile.email === "string" ? profile.email : "",
    emailVerified: profile.email_verified === true,
    fullName: typeof profile.name === "string" ? profile.name : "",
    locale: supportedLocaleOf(profile.locale),
  };
}
