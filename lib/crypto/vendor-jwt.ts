import { hkdfSync, randomBytes } from "node:crypto";
import { SignJWT, decodeJwt, errors as joseErrors, jwtVerify } from "jose";
import { getEnv } from "@/lib/env";

/**
 * The access tokens `POST /oauth2/access_token` gives vendor OAuth clients
 * (docs/decisions/019-vendor-oauth-clients.md): HS256 JWTs, one hour, naming the client and the
 * backend it reports for. The key is derived from INVIGIL_SECRET_KEY with HKDF under a label of
 * its own, so it is neither the learner-JWT key (from AUTH_SECRET) nor the key that encrypts
 * secrets at rest, and a token of one kind can never pass for the other.
 */

const ISSUER = "invigil";
export const VENDOR_JWT_AUDIENCE = "invigil-vendor-callbacks";
export const VENDOR_JWT_SCOPE = "vendor:callbacks";
export const VENDOR_JWT_TTL_SECONDS = 60 * 60;

let cachedKey: { secret: string; key: Uint8Array } | undefined;

function signingKey(): Uint8Array {
  const secret = getEnv().secretKey;
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: new Uint8Array(hkdfSync("sha256", secret, "invigil", "vendor-callback-jwt-v1", 32)) };
  }
  return cachedKey.key;
}

export interface VendorJwtClaims {
  /** The vendor client's public id. */
  clientId: string;
  backendName: string;
}

export async function mintVendorJwt(claims: VendorJwtClaims, now: Date): Promise<{ token: string; expiresIn: number }> {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ backend: claims.backendName, scope: VENDOR_JWT_SCOPE })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(VENDOR_JWT_AUDIENCE)
    .setSubject(claims.clientId)
    .setJti(randomBytes(16).toString("hex"))
    .setIssuedAt(iat)
    .setExpirationTime(iat + VENDOR_JWT_TTL_SECONDS)
    .sign(signingKey());
  return { token, expiresIn: VENDOR_JWT_TTL_SECONDS };
}

/**
 * Whether a JWT says it is one of ours for vendors (by its audience, read without verifying):
 * only to choose which key and rules verify it. checkVendorJwt decides.
 */
export function looksLikeVendorJwt(token: string): boolean {
  try {
    const aud = decodeJwt(token).aud;
    return aud === VENDOR_JWT_AUDIENCE || (Array.isArray(aud) && aud.includes(VENDOR_JWT_AUDIENCE));
  } catch {
    return false;
  }
}

export type VendorJwtCheck = { ok: true; claims: VendorJwtClaims } | { ok: false; detail: string };

/** The claims of a valid, unexpired vendor JWT, or a plain reason why not (for a 401). */
export async function checkVendorJwt(token: string, now: Date): Promise<VendorJwtCheck> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      issuer: ISSUER,
      audience: VENDOR_JWT_AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["exp", "iat", "sub"],
    });
    // A token signed with our key but living longer than we ever grant was not minted by us.
    if (payload.exp! - payload.iat! > VENDOR_JWT_TTL_SECONDS) return { ok: false, detail: "The access token is not valid." };
    if (typeof payload.backend !== "string" || payload.backend === "" || payload.scope !== VENDOR_JWT_SCOPE) {
      return { ok: false, detail: "The access token is not valid." };
    }
    return { ok: true, claims: { clientId: payload.sub!, backendName: payload.backend } };
  } catch (error) {
    // jose checks the signature before the claims, so "expired" is only said of a token we signed.
    if (error instanceof joseErrors.JWTExpired) {
      return { ok: false, detail: "The access token has expired. Request a new one at /oauth2/access_token." };
    }
    if (error instanceof joseErrors.JOSEError) return { ok: false, detail: "The access token is not valid." };
    throw error;
  }
}
