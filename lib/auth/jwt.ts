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

/** The claims of a valid, unexpired JWT of ours; null for anything else. */
export async function verifyUserJwt(token: string, now: Date): Promise<UserJwtClaims | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
    });
    const userId = Number(payload.sub);
    if (!Number.isInteger(userId) || userId <= 0) return null;
    const tid = payload.tid;
    return { userId, tokenId: typeof tid === "number" ? tid : null };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}
