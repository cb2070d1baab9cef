import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { Principal } from "@/lib/domain/actor";
import { API_TOKEN_PREFIX, verifyApiToken } from "@/lib/services/tokens";
import { loadUserActor } from "@/lib/data/actor-loader";
import { checkUserJwt } from "./jwt";
import { liveVendorClient } from "@/lib/services/vendor-clients";
import { checkVendorJwt, looksLikeVendorJwt, VENDOR_JWT_SCOPE } from "@/lib/crypto/vendor-jwt";

/**
 * Whether the service token that minted a JWT is still live. Every learner JWT of an LMS shares a
 * handful of minting tokens, so the answer is kept for a few seconds instead of costing a query on
 * every timer poll; a revocation takes effect within MINTER_CACHE_MS.
 */
const MINTER_CACHE_MS = 15_000;
const minterCache = new Map<number, { live: boolean; until: number }>();

export async function minterIsLive(db: Db, tokenId: number, now: Date): Promise<boolean> {
  const cached = minterCache.get(tokenId);
  if (cached && cached.until > now.getTime()) return cached.live;
  const [minter] = await db
    .select({ id: apiTokens.id, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
    .limit(1);
  const live = minter !== undefined && (minter.expiresAt === null || minter.expiresAt > now);
  if (minterCache.size > 1000) minterCache.clear();
  minterCache.set(tokenId, { live, until: now.getTime() + MINTER_CACHE_MS });
  return live;
}

/** Forget cached token answers (tests that revoke and check at once). */
export function clearMinterCache(): void {
  minterCache.clear();
}

export type Credential = "session" | "jwt" | "token";

export type PrincipalResult =
  | { ok: true; principal: Principal; credential: Credential }
  | { ok: false; reason: "none" | "invalid"; /** Why a signed JWT was refused, when there is more to say. */ detail?: string };

/**
 * Who is calling a route handler: `Authorization: JWT <jwt>` or `Bearer <jwt | service token>`,
 * else the browser session. A bad Authorization header never falls back to the session.
 */
export async function resolvePrincipal(
  db: Db,
  headers: Headers,
  now: Date,
  sessionUserId: () => Promise<number | null>,
): Promise<PrincipalResult> {
  const header = headers.get("authorization");
  if (header) {
    const match = /^(JWT|Bearer)\s+(\S+)\s*$/i.exec(header);
    if (!match) return { ok: false, reason: "invalid" };
    const credential = match[2]!;
    if (credential.startsWith(API_TOKEN_PREFIX)) {
      const row = await verifyApiToken(db, credential, now);
      if (!row) return { ok: false, reason: "invalid" };
      return {
        ok: true,
        credential: "token",
        principal: { kind: "service", tokenId: row.id, name: row.name, scopes: row.scopes, backendName: row.backendName },
      };
    }
    if (looksLikeVendorJwt(credential)) return vendorPrincipal(db, credential, now);
    const check = await checkUserJwt(credential, now);
    if (!check.ok) return check.detail ? { ok: false, reason: "invalid", detail: check.detail } : { ok: false, reason: "invalid" };
    const claims = check.claims;
    if (!(await minterIsLive(db, claims.tokenId, now))) {
      return { ok: false, reason: "invalid" };
    }
    const actor = await loadUserActor(db, claims.userId);
    return actor ? { ok: true, credential: "jwt", principal: actor } : { ok: false, reason: "invalid" };
  }
  const userId = await sessionUserId();
  if (userId === null) return { ok: false, reason: "none" };
  const actor = await loadUserActor(db, userId);
  return actor ? { ok: true, credential: "session", principal: actor } : { ok: false, reason: "none" };
}

/**
 * A vendor OAuth client's access token (docs/decisions/019-vendor-oauth-clients.md): a service
 * principal with the one scope and the client's backend, so requireVendorOf scopes it to that
 * backend's attempts. The client is looked up on every use: revoking it ends its tokens at once.
 */
async function vendorPrincipal(db: Db, token: string, now: Date): Promise<PrincipalResult> {
  const check = await checkVendorJwt(token, now);
  if (!check.ok) return { ok: false, reason: "invalid", detail: check.detail };
  const client = await liveVendorClient(db, check.claims.clientId, now);
  // A client re-bound to another backend since (not possible today) must not keep the old scope.
  if (!client || client.backendName !== check.claims.backendName) {
    return { ok: false, reason: "invalid", detail: "The access token's client has been revoked." };
  }
  return {
    ok: true,
    credential: "jwt",
    principal: {
      kind: "service",
      tokenId: null,
      vendorClientId: client.id,
      name: client.name,
      scopes: [VENDOR_JWT_SCOPE],
      backendName: client.backendName,
    },
  };
}
