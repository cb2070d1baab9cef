import { mintUserJwt, USER_JWT_DEFAULT_TTL_SECONDS, USER_JWT_MAX_TTL_SECONDS } from "@/lib/auth/jwt";
import { apiRoute } from "@/lib/http/api-route";
import { clientIp } from "@/lib/http/client-ip";
import { enforceRateLimits, USER_JWT_PER_ACCOUNT, USER_JWT_PER_CLIENT } from "@/lib/rate-limit";
import { mintUserJwtFor } from "@/lib/services/sync/user-jwt";

/** A short-lived JWT for one learner, for a token with `lms:act-as-user`; limited per client and per token. */
export const POST = apiRoute(async ({ req, ctx, body }) => {
  const p = ctx.principal;
  await enforceRateLimits(ctx.db, [
    { rule: USER_JWT_PER_CLIENT, subject: clientIp(req.headers) },
    ...(p.kind === "service" ? [{ rule: USER_JWT_PER_ACCOUNT, subject: String(p.tokenId) }] : []),
  ]);
  // The verb checks and audits; lib/auth signs (decision 022).
  return mintUserJwtFor(ctx, await body(), {
    mint: mintUserJwt,
    defaultTtlSeconds: USER_JWT_DEFAULT_TTL_SECONDS,
    maxTtlSeconds: USER_JWT_MAX_TTL_SECONDS,
  });
});
