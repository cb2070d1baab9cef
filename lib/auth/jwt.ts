import { hkdfSync } from "node:crypto";
import { SignJWT, errors as joseErrors, jwtVerify } from "jose";
import { getEnv } from "@/lib/env";

/**
 * Short-lived JWTs that let a service (an LMS) act for one learner, the way an Open edX LMS hands
 * its learners' browsers a JWT for edx-proctoring. Minted by a service token with the
 * `lms:act-as-user` scope; sent back as `Authorization: JWT <token>` (or `Bearer <token>`).
 */

const ISSUER = "invigil";
const AUDIENCE = "invigil-api";
export const USER_JWT_DEFAULT_TTL_SECONDS = 60 * 60;
export const USER_JWT_MAX_TTL_SECONDS = 12 * 60 * 60;

let cachedKey: { secret: string; key: Uint8Array } | undefined;

/** A key of its own, derived from AUTH_SECRET, so API JWTs and session cookies never share one. */
function signingKey(): Uint8Array {
  const secret = getEnv().authSecret;
  if (cachedKey?.secret !== secret) {
    const key = new Uint8Array(hkdfSync("sha256", secret, "invigil", "api-user-jwt-v1", 32));
    cachedKey = { secret, key };
  }
  return cachedKey.key;
}

export interface UserJwtClaims {
  userId: number;
  /** The service token that minted it; revoking that token ends the JWT too. */
  tokenId: number | null;
}

export async function mintUserJwt(
  claims: UserJwtClaims,
  options: { now: Date; ttlSeconds?: number },
): Promise<{ token: string; expiresAt: Date }> {
  const ttl = Math.min(options.ttlSeconds ?? USER_JWT_DEFAULT_TTL_SECONDS, USER_JWT_MAX_TTL_SECONDS);
  const iat = Math.floor(options.now.getTime() / 1000);
  const token = await new SignJWT({ tid: claims.tokenId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(claims.userId))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(signingKey());
  return { token, expiresAt: new Date((iat + ttl) * 1000) };
}

/**
 * Verified tokens, kept until they expire: a learner's timer polls with the same JWT for its whole
 * life, and checking its signature again (WebCrypto, a hop to libuv's thread pool and back) was
 * the largest cost of a poll after the database. Keyed by the whole token, so only the exact bytes
 * that were verified hit; a token is never served past its `exp`, and changing AUTH_SECRET (a new
 * signing key) empties the cache. Revoking the minting service token still ends the JWT: that is
 * checked per request, outside this cache (principal.ts minterIsLive). Bounded: the oldest entry
 * goes first.
 */
const VERIFIED_CACHE_MAX = 20_000;
const verified = new Map<string, { claims: UserJwtClaims; expiresAtMs: number; key: Uint8Array }>();

/** Forget verified tokens (tests). */
export function clearVerifiedJwtCache(): void {
  verified.clear();
}

/** The claims of a valid, unexpired JWT of ours; null for anything else. */
export async function verifyUserJwt(token: string, now: Date): Promise<UserJwtClaims | null> {
  const key = signingKey();
  const hit = verified.get(token);
  if (hit) {
    if (hit.key === key && hit.expiresAtMs > now.getTime()) return hit.claims;
    verified.delete(token);
  }
  const claims = await verifyUncached(token, key, now);
  if (claims) {
    if (verified.size >= VERIFIED_CACHE_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims: claims.claims, expiresAtMs: claims.expiresAtMs, key });
    return claims.claims;
  }
  return null;
}

async function verifyUncached(
  token: string,
  key: Uint8Array,
  now: Date,
): Promise<{ claims: UserJwtClaims; expiresAtMs: number } | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["exp"],
    });
    const userId = Number(payload.sub);
    if (!Number.isInteger(userId) || userId <= 0) return null;
    const tid = payload.tid;
    return { claims: { userId, tokenId: typeof tid === "number" ? tid : null }, expiresAtMs: payload.exp! * 1000 };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}
