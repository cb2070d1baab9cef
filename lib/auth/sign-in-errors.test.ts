import { InvalidCheck, OAuthCallbackError } from "@auth/core/errors";
import { describe, expect, it } from "vitest";
import { OpenEdxTokenRejected, OpenEdxUnavailable } from "./openedx";
import { classifySignInError } from "./sign-in-errors";

/** What the OAuth2 client library (oauth4webapi) throws for an error answer from the token endpoint. */
function tokenEndpointError(status: number, error: string): Error {
  return Object.assign(new Error("server responded with an error in the response body"), { name: "ResponseBodyError", status, error });
}

/** How Auth.js wraps whatever failed during a callback (its CallbackRouteError keeps it as `cause.err`). */
function callbackError(err: Error): Error {
  return Object.assign(new Error("callback failed"), { name: "CallbackRouteError", type: "CallbackRouteError", cause: { err, provider: "oidc" } });
}

describe("classifySignInError", () => {
  it("tells a provider that cannot be reached", () => {
    const down = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(classifySignInError(callbackError(down))).toBe("ProviderUnavailable");
    expect(classifySignInError(down)).toBe("ProviderUnavailable");
    expect(classifySignInError(callbackError(new OpenEdxUnavailable("503")))).toBe("ProviderUnavailable");
  });

  it("tells a wrong client id or secret", () => {
    expect(classifySignInError(callbackError(tokenEndpointError(401, "invalid_client")))).toBe("ProviderRejectedClient");
    const challenge = Object.assign(new Error("server responded with a challenge in the WWW-Authenticate HTTP Header"), {
      name: "nk",
      code: "OAUTH_WWW_AUTHENTICATE_CHALLENGE",
      status: 401,
    });
    expect(classifySignInError(callbackError(challenge))).toBe("ProviderRejectedClient");
  });

  it("tells a replayed or tampered callback", () => {
    expect(classifySignInError(callbackError(new InvalidCheck("state cookie was missing")))).toBe("InvalidCallback");
    expect(classifySignInError(callbackError(tokenEndpointError(400, "invalid_grant")))).toBe("InvalidCallback");
    expect(classifySignInError(callbackError(new OpenEdxTokenRejected("bad signature")))).toBe("InvalidCallback");
  });

  it("tells a person who declined at the provider, and falls back to Configuration", () => {
    expect(classifySignInError(new OAuthCallbackError("OAuth Provider returned an error", { providerId: "oidc", error: "access_denied" } as ErrorOptions))).toBe("SignInCancelled");
    expect(classifySignInError(new Error("something else"))).toBe("Configuration");
  });
});
