import { z } from "zod";
import { USER_JWT_MAX_TTL_SECONDS } from "@/lib/auth/jwt";
import { userJwtInput } from "@/lib/services/sync/user-jwt";
import { AccessTokenSchema, OAuthErrorSchema, UserJwtResponseSchema } from "./shapes";
import { PUBLIC, e400, e403, e404, e413, token } from "./shared";
import type { OperationDoc } from "./types";

/** API reference of learner JWTs for an LMS and vendors' OAuth2 access tokens. */

/** POST /oauth2/access_token: the route reads these fields by hand (lib/auth/oauth-token.ts). */
export const AccessTokenRequestBody = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});

export const TOKENS_OPERATIONS: OperationDoc[] = [
  {
    method: "post",
    path: "/api/v1/tokens/user-jwt",
    operationId: "mintUserJwt",
    tag: "Tokens",
    summary: "A short-lived JWT for one learner",
    description:
      "An LMS gets a JWT for one of its active learners, as an Open edX LMS gives its learners' browsers a JWT for edx-proctoring. Send exactly one of `username` and `user_id`. The JWT dies with the token that minted it (revoking the token ends it).",
    who: "A service token with `lms:act-as-user` (people cannot call it).",
    security: [token("lms:act-as-user")],
    body: {
      schema: userJwtInput(USER_JWT_MAX_TTL_SECONDS),
      source: "lib/services/sync/user-jwt.ts: userJwtInput",
      description: "JSON or form-encoded. Exactly one of username and user_id.",
      fields: {
        username: "The learner's username.",
        user_id: "The learner's Invigil user id (this LMS sync endpoint does not take the LMS's id).",
        expires_in: "Lifetime in seconds; default 3600, at most 43200 (12 hours).",
      },
    },
    responses: {
      "200": { description: "The JWT.", schema: UserJwtResponseSchema },
      "400": e400("Invalid fields, or not exactly one of username and user_id."),
      "403": e403("Needs a service token with `lms:act-as-user`."),
      "404": e404("No active user with that username or id."),
      "413": e413,
    },
  },

  {
    method: "post",
    path: "/oauth2/access_token",
    operationId: "vendorAccessToken",
    tag: "Tokens",
    summary: "Vendor: an access token for the callbacks (OAuth2 client credentials)",
    description:
      "The OAuth2 client-credentials grant (RFC 6749 §4.4) at the path an Open edX LMS serves it, so a vendor configured with Invigil as its LMS host needs no change. The client (created with `create-vendor-client`) authenticates with `client_id` and `client_secret` in the body or with HTTP Basic. The answer is a one-hour JWT bound to the client's backend. Errors are RFC 6749 §5.2 objects, not `{detail}`. `Cache-Control: no-store`. Limited to 60 requests a minute per client address and 30 per client id.",
    spec: ["§9.6", "§15.2"],
    who: "A vendor OAuth client (its id and secret are the credential; no other).",
    security: PUBLIC,
    body: {
      schema: AccessTokenRequestBody,
      source: "lib/http/openapi/tokens.ts: AccessTokenRequestBody",
      writtenHere: "lib/auth/oauth-token.ts reads the fields by hand, as RFC 6749 asks (a repeated parameter is an invalid request).",
      description: "Form-encoded (what edx-proctoring's REST backend sends) or JSON.",
      fields: {
        grant_type: "Must be `client_credentials` (anything else: `unsupported_grant_type`).",
        client_id: "The client id; or send it with HTTP Basic.",
        client_secret: "The client secret; or send it with HTTP Basic (not both).",
        token_type: "`jwt` as Open edX vendors send it; optional, not checked (the token is always a JWT).",
        scope: "Optional, ignored: the token's scope is always `vendor:callbacks`.",
      },
    },
    responses: {
      "200": { description: "The access token.", schema: AccessTokenSchema },
      "400": { description: "`invalid_request` (a field missing, repeated or malformed; credentials both in the header and the body) or `unsupported_grant_type`.", schema: OAuthErrorSchema },
      "401": { description: "`invalid_client`: the client id or secret is wrong, or the client was revoked (which one is not said). With `WWW-Authenticate: Basic`.", schema: OAuthErrorSchema },
      "413": { description: "The body is larger than 16 KiB (`invalid_request`).", schema: OAuthErrorSchema },
      "429": { description: "`rate_limited`, with `Retry-After`.", schema: OAuthErrorSchema },
      "503": { description: "`temporarily_unavailable`: the database could not be reached.", schema: OAuthErrorSchema },
    },
  },
];
