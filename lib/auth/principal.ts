import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { Principal } from "@/lib/domain/actor";
import { API_TOKEN_PREFIX, verifyApiToken } from "@/lib/services/tokens";
import { loadUserActor } from "./actor-loader";
import { verifyUserJwt } from "./jwt";

export type Credential = "session" | "jwt" | "token";

export type PrincipalResult =
  | { ok: true; principal: Principal; credential: Credential }
  | { ok: false; reason: "none" | "invalid" };

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
    const claims = await verifyUserJwt(credential, now);
    if (!claims) return { ok: false, reason: "invalid" };
    if (claims.tokenId !== null) {
      // A JWT lives no longer than the service token that minted it.
      const [minter] = await db
        .select({ id: apiTokens.id })
        .from(apiTokens)
        .where(and(eq(apiTokens.id, claims.tokenId), isNull(apiTokens.revokedAt)))
        .limit(1);
      if (!minter) return { ok: false, reason: "invalid" };
    }
    const actor = await loadUserActor(db, claims.userId);
    return actor ? { ok: true, credential: "jwt", principal: actor } : { ok: false, reason: "invalid" };
  }
  const userId = await sessionUserId();
  if (userId === null) return { ok: false, reason: "none" };
  const actor = await loadUserActor(db, userId);
  return actor ? { ok: true, credential: "session", principal: actor } : { ok: false, reason: "none" };
}
