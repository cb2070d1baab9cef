import type { SignInRefusal } from "./users";

/**
 * The reasons a sign-in can fail that a person can act on, each with its own message on the
 * sign-in page. Auth.js itself reports nearly all of them as "Configuration"; we keep the error
 * it logged and sort it here.
 */
export type SignInErrorCode =
  | SignInRefusal
  | "ProviderUnavailable"
  | "ProviderRejectedClient"
  | "InvalidCallback"
  | "SignInCancelled"
  | "Configuration";

/** Errors and their causes, outermost first (Auth.js nests the original as `cause.err`). */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    out.push(current);
    if (typeof current !== "object") break;
    const cause: unknown = (current as { cause?: unknown }).cause;
    if (cause && typeof cause === "object" && "err" in cause && !(cause instanceof Error)) {
      // Auth.js keeps the provider's error fields next to `err`; look at both.
      out.push(cause);
      current = (cause as { err?: unknown }).err;
    } else {
      current = cause;
    }
  }
  return out;
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined;
}

export function classifySignInError(error: unknown): SignInErrorCode {
  const links = chain(error);
  for (const e of links) {
    const name = field(e, "name");
    const message = String(field(e, "message") ?? "");
    const code = field(e, "code");
    // Nothing answered, or the provider itself failed.
    if (
      (name === "TypeError" && /fetch failed|network/i.test(message)) ||
      code === "ECONNREFUSED" ||
      code === "ENOTFOUND" ||
      code === "ETIMEDOUT" ||
      code === "UND_ERR_CONNECT_TIMEOUT" ||
      name === "OpenEdxUnavailable"
    ) {
      return "ProviderUnavailable";
    }
    const status = field(e, "status");
    if ((name === "ResponseBodyError" || code === "OAUTH_RESPONSE_BODY_ERROR") && typeof status === "number" && status >= 500) {
      return "ProviderUnavailable";
    }
  }
  for (const e of links) {
    const oauthError = field(e, "error");
    const name = field(e, "name");
    const type = field(e, "type");
    if (oauthError === "invalid_client" || oauthError === "unauthorized_client") return "ProviderRejectedClient";
    // A 401 with a WWW-Authenticate challenge: how a token endpoint refuses client credentials.
    // (Matched by oauth4webapi's error codes: class names are minified in the production build.)
    const libraryCode = field(e, "code");
    if (
      (libraryCode === "OAUTH_WWW_AUTHENTICATE_CHALLENGE" || libraryCode === "OAUTH_RESPONSE_BODY_ERROR" || name === "ResponseBodyError") &&
      field(e, "status") === 401
    ) {
      return "ProviderRejectedClient";
    }
    // Auth.js drops the provider's `error` parameter from this one; it is nearly always the
    // person declining (access_denied) at the provider.
    if (oauthError === "access_denied" || type === "OAuthCallbackError") return "SignInCancelled";
    if (oauthError === "invalid_grant" || type === "InvalidCheck" || name === "OpenEdxTokenRejected") return "InvalidCallback";
    if (name === "OperationProcessingError" && /state|iss|nonce|signature|code/i.test(String(field(e, "message") ?? ""))) {
      return "InvalidCallback";
    }
  }
  return "Configuration";
}

/** Every code the sign-in page knows, so an unknown `?error=` falls back to a generic line. */
export const SIGN_IN_ERROR_TEXT: Record<SignInErrorCode | "CredentialsSignin" | "AccessDenied" | "RateLimited", string> = {
  CredentialsSignin: "That demo account does not exist or is not active.",
  AccessDenied: "Sign-in was refused. Try again, or contact your site administrator.",
  AccountInactive: "Your Invigil account is inactive. Contact your site administrator.",
  AccountLinkedElsewhere:
    "The Invigil account matching you is already linked to a different account at the sign-in provider. Contact your site administrator.",
  AccountNotLinkable:
    "An Invigil account with your username or e-mail already exists, and it cannot be linked automatically. Ask your site administrator to link it.",
  NoIdentity: "The sign-in provider did not say who you are. Contact your site administrator.",
  ProviderUnavailable: "The sign-in provider could not be reached. Try again in a few minutes.",
  ProviderRejectedClient:
    "The sign-in provider refused Invigil's credentials (client id or secret). Contact your site administrator.",
  InvalidCallback: "That sign-in link was already used, expired, or was altered. Start again from this page.",
  SignInCancelled: "Sign-in was cancelled or refused at the provider. Try again.",
  Configuration: "Sign-in is not configured correctly. Contact your site administrator.",
  RateLimited: "Too many sign-in attempts from here or for this account. Wait a minute, then try again.",
};
