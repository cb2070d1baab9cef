import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { hasScope } from "@/lib/domain/actor";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { idField, integerField, invalidInput, parseInput, textField } from "@/lib/domain/input";
import { recordAudit } from "../journal";

export const ACT_AS_USER_SCOPE = "lms:act-as-user";

/**
 * What signs a learner JWT: lib/auth/jwt.ts's mintUserJwt and its lifetimes, handed in by the
 * route, so this verb does not reach into lib/auth (decision 022: services never import lib/auth).
 */
export interface UserJwtSigner {
  mint(claims: { userId: number; tokenId: number }, options: { now: Date; ttlSeconds?: number }): Promise<{ token: string }>;
  defaultTtlSeconds: number;
  maxTtlSeconds: number;
}

/** The request body, with `expires_in` capped at the signer's longest lifetime. */
export function userJwtInput(maxTtlSeconds: number) {
  return z.object({
    username: textField(150).optional(),
    user_id: idField().optional(),
    expires_in: integerField({ min: 1, max: maxTtlSeconds }).optional(),
  });
}
export type UserJwtInput = z.input<ReturnType<typeof userJwtInput>>;

export interface UserJwtResponse {
  access_token: string;
  token_type: "JWT";
  expires_in: number;
}

/**
 * POST /api/v1/tokens/user-jwt: an LMS holding a token with `lms:act-as-user` gets a short-lived
 * JWT for one of its (active) learners, as an Open edX LMS gives its learners' browsers a JWT for
 * edx-proctoring. The JWT dies with the token that minted it.
 */
export async function mintUserJwtFor(ctx: ServiceContext, body: unknown, signer: UserJwtSigner): Promise<UserJwtResponse> {
  const p = ctx.principal;
  // Only an API token mints: a vendor client's JWT carries no token whose revocation could end it.
  if (p.kind !== "service" || p.tokenId === null || !hasScope(p, ACT_AS_USER_SCOPE)) {
    throw new ServiceError("FORBIDDEN", `This endpoint needs a service token with the ${ACT_AS_USER_SCOPE} scope.`);
  }
  const data = parseInput(userJwtInput(signer.maxTtlSeconds), body, "Invalid request");
  if ((data.username === undefined) === (data.user_id === undefined)) {
    throw invalidInput([{ field: "username", message: "Send either username or user_id." }]);
  }
  const [user] = await ctx.db
    .select()
    .from(users)
    .where(data.username !== undefined ? eq(users.username, data.username) : eq(users.id, data.user_id!))
    .limit(1);
  const who = data.username ?? String(data.user_id);
  if (!user || !user.isActive) throw new ServiceError("NOT_FOUND", `Cannot find an active user against ${who}`);
  // An LMS acts for its learners and course staff; a leaked LMS token must not become a site
  // administrator's credential.
  if (user.isAdmin) throw new ServiceError("FORBIDDEN", "A service token cannot act as a site administrator.");
  const ttl = data.expires_in ?? signer.defaultTtlSeconds;
  const { token } = await signer.mint({ userId: user.id, tokenId: p.tokenId }, { now: ctx.now, ttlSeconds: ttl });
  await recordAudit(ctx.db, ctx, {
    action: "api_token.mint_user_jwt",
    entityType: "api_token",
    entityId: String(p.tokenId),
    subjectUserId: user.id,
    data: { expires_in: ttl },
  });
  return { access_token: token, token_type: "JWT", expires_in: ttl };
}
