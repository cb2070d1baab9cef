import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { mintUserJwt, USER_JWT_DEFAULT_TTL_SECONDS, USER_JWT_MAX_TTL_SECONDS } from "@/lib/auth/jwt";
import { hasScope } from "@/lib/domain/actor";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { idField, integerField, invalidInput, parseInput, textField } from "../input";
import { recordAudit } from "../journal";

export const ACT_AS_USER_SCOPE = "lms:act-as-user";

export const UserJwtInput = z.object({
  username: textField(150).optional(),
  user_id: idField().optional(),
  expires_in: integerField({ min: 1, max: USER_JWT_MAX_TTL_SECONDS }).optional(),
});
export type UserJwtInput = z.input<typeof UserJwtInput>;

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
export async function mintUserJwtFor(ctx: ServiceContext, body: unknown): Promise<UserJwtResponse> {
  const p = ctx.principal;
  // Only an API token mints: a vendor client's JWT carries no token whose revocation could end it.
  if (p.kind !== "service" || p.tokenId === null || !hasScope(p, ACT_AS_USER_SCOPE)) {
    throw new ServiceError("FORBIDDEN", `This endpoint needs a service token with the ${ACT_AS_USER_SCOPE} scope.`);
  }
  const data = parseInput(UserJwtInput, body, "Invalid request");
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
  const ttl = data.expires_in ?? USER_JWT_DEFAULT_TTL_SECONDS;
  const { token } = await mintUserJwt({ userId: user.id, tokenId: p.tokenId }, { now: ctx.now, ttlSeconds: ttl });
  await recordAudit(ctx.db, ctx, {
    action: "api_token.mint_user_jwt",
    entityType: "api_token",
    entityId: String(p.tokenId),
    subjectUserId: user.id,
    data: { expires_in: ttl },
  });
  return { access_token: token, token_type: "JWT", expires_in: ttl };
}
