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

let cachedKey: { secret: string; key: Uint8Array; verifyKey: Promise<CryptoKey> } | undefined;

/** A key of its own, derived from AUTH_SECRET, so API JWTs and session cookies never share one. */
function signingKey(): Uint8Array {
  return keys().key;
}

/**
 * The signing key, and the same key imported once for WebCrypto's HMAC verify: handed the raw
 * bytes, jose imports them again for every token it checks (a third of a check's CPU).
 */
function keys(): { key: Uint8Array; verifyKey: Promise<CryptoKey> } {
  const secret = getEnv().authSecret;
  if (cachedKey?.secret !== secret) {
    const key = new Uint8Array(hkdfSync("sha256", secret, "invigil", "api-user-jwt-v1", 32));
    const verifyKey = crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    cachedKey = { secret, key, verifyKey };
  }
  return cachedKey;
}

export interface UserJwtClaims {
  userId: number;
  /** The service token that minted it; revoking that token ends the JWT too. */
  tokenId: number;
}

/** Ids are Postgres `integer` columns: anything larger cannot name a row (and would fail the query). */
const MAX_ID = 2_147_483_647;

/**
 * Why a correctly signed JWT is still refused. The signature proves only that someone holding the
 * signing key wrote it: the claims must also be ones our mint could have written.
 */
export type JwtCheck = { ok: true; claims: UserJwtClaims } | { ok: false; detail: string | null };

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
  const check = await checkUserJwt(token, now);
  return check.ok ? check.claims : null;
}

/**
 * Like verifyUserJwt, with a plain reason when a correctly signed token carries claims we never
 * mint (`detail` is null for a bad signature or an expired token: nothing more to say).
 */
export async function checkUserJwt(token: string, now: Date): Promise<JwtCheck> {
  const { key, verifyKey } = keys();
  const hit = verified.get(token);
  if (hit) {
    if (hit.key === key && hit.expiresAtMs > now.getTime()) return { ok: true, claims: hit.claims };
    verified.delete(token);
  }
  const result = await verifyUncached(token, await verifyKey, now);
  if ("claims" in result) {
    if (verified.size >= VERIFIED_CACHE_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims: result.claims, expiresAtMs: result.expiresAtMs, key });
    return { ok: true, claims: result.claims };
  }
  return { ok: false, detail: result.detail };
}

async function verifyUncached(
  token: string,
  key: CryptoKey,
  now: Date,
): Promise<{ claims: UserJwtClaims; expiresAtMs: number } | { detail: string | null }> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["exp", "iat"],
    });
    const userId = Number(payload.sub);
    if (typeof payload.sub !== "string" || !/^[1-9]\d{0,15}$/.test(payload.sub) || userId > MAX_ID) {
      return { detail: "The JWT's subject (sub) is not a valid user id." };
    }
    // A stolen JWT must not outlive the 12-hour maximum our mint allows, whoever signed it.
    if (payload.exp! - payload.iat! > USER_JWT_MAX_TTL_SECONDS) {
      return { detail: `The JWT is valid for longer than the ${USER_JWT_MAX_TTL_SECONDS / 3600}-hour maximum after it was issued.` };
    }
    // Without the minting token's id, revoking that token could not end this JWT.
    const tid = payload.tid;
    if (typeof tid !== "number" || !Number.isInteger(tid) || tid <= 0 || tid > MAX_ID) {
      return { detail: "The JWT does not name the service token that minted it (tid)." };
    }
    return { claims: { userId, tokenId: tid }, expiresAtMs: payload.exp! * 1000 };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return { detail: null };
    throw error;
  }
}
