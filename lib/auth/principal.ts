import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { Principal } from "@/lib/domain/actor";
import { API_TOKEN_PREFIX, verifyApiToken } from "@/lib/services/tokens";
import { loadUserActor } from "./actor-loader";
import { checkUserJwt } from "./jwt";

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
