import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { decodeJwt } from "jose";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { OpenEdx, OPENEDX_PROVIDER_ID, openEdxIdentity, type OpenEdxProfile } from "./openedx";
import { supportedLocaleOf } from "@/lib/domain/language";
import { findActiveUserByUsername, signInExternalUser, type ExternalIdentity } from "./users";

export const DEMO_PROVIDER_ID = "demo";
export const OIDC_PROVIDER_ID = "oidc";
export { OPENEDX_PROVIDER_ID };

const DemoCredentials = z.object({ username: z.string().trim().min(1).max(150) });

export interface AuthConfigOptions {
  /** Receives every error Auth.js logs, so the caller can tell the person what went wrong. */
  onError?: (error: unknown) => void;
}

/**
 * Auth.js configuration, built per request so that configuration is read at run time (never at
 * build time). Sessions are JWTs holding only our user id; roles are read from the database on
 * every request (lib/auth/actor.ts), so a revoked role takes effect at once.
 */
export function buildAuthConfig(options: AuthConfigOptions = {}): NextAuthConfig {
  const env = getEnv();
  const providers: NextAuthConfig["providers"] = [];

  if (env.demoLogin) {
    providers.push(
      Credentials({
        id: DEMO_PROVIDER_ID,
        name: "Demo account",
        credentials: { username: { label: "Username", type: "text" } },
        async authorize(raw) {
          // Checked again here, not only when the provider is listed: a stale form post must
          // not sign anyone in once the flag is off.
          if (!getEnv().demoLogin) return null;
          const parsed = DemoCredentials.safeParse(raw);
          if (!parsed.success) return null;
          const user = await findActiveUserByUsername(parsed.data.username);
          if (!user) return null;
          return { id: String(user.id), name: user.fullName || user.username, email: user.email };
        },
      }),
    );
  }

  if (env.oidc) {
    providers.push({
      id: OIDC_PROVIDER_ID,
      name: env.oidc.name,
      type: "oidc",
      issuer: env.oidc.issuer,
      clientId: env.oidc.clientId,
      clientSecret: env.oidc.clientSecret,
      authorization: { params: { scope: env.oidc.scope } },
      checks: ["pkce", "state"],
      // Providers may give profile and e-mail claims only through userinfo for the code flow
      // (oidc-provider does by default): always read it; its subject is checked against the
      // id_token's, and the two are merged in the signIn callback.
      idToken: false,
    });
  }

  if (env.openedx) providers.push(OpenEdx(env.openedx));

  return {
    secret: env.authSecret,
    // The request URL is rebuilt from INVIGIL_BASE_URL (or the Host header) before Auth.js
    // sees it (lib/auth/http.ts), so the callback URL is the same at sign-in and at callback.
    trustHost: true,
    basePath: "/api/auth",
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    logger: {
      error(error) {
        options.onError?.(error);
        console.error(`[auth] ${describeError(error)}`);
      },
      warn() {},
      debug() {},
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID && account?.provider !== OPENEDX_PROVIDER_ID) return true;
        const identity =
          account.provider === OIDC_PROVIDER_ID
            ? oidcIdentity({ ...(account.id_token ? decodeJwt(account.id_token) : {}), ...(profile ?? {}) })
            : openEdxIdentity((profile ?? {}) as OpenEdxProfile);
        const outcome = await signInExternalUser(identity, { allowLinking: getEnv().accountLinking });
        if (!outcome.ok) return `/signin?error=${outcome.refusal}`;
        // The same object reaches the jwt callback: the session carries our user id.
        user.id = String(outcome.user.id);
        return true;
      },
      async jwt({ token, user }) {
        if (user?.id) token.uid = Number(user.id);
        return token;
      },
      async session({ session, token }) {
        if (typeof token.uid === "number") {
          session.user = { ...session.user, id: String(token.uid) };
        }
        return session;
      },
    },
  };
}

/** The identity in OpenID Connect claims (id_token merged with userinfo). */
export function oidcIdentity(claims: Record<string, unknown>): ExternalIdentity {
  const text = (name: string) => (typeof claims[name] === "string" ? (claims[name] as string).trim() : "");
  return {
    subject: text("sub") || null,
    lmsUserId: null,
    username: text("preferred_username"),
    email: text("email"),
    emailVerified: claims.email_verified === true,
    fullName: text("name"),
    locale: supportedLocaleOf(claims.locale),
  };
}

/**
 * One log line for a sign-in failure: error types, messages and OAuth error codes only, as a
 * provider's answer may echo tokens or secrets. (Class names are minified in the build.)
 */
function describeError(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const typed = current as Error & { type?: string; error?: unknown; error_description?: unknown };
    const code = typeof typed.error === "string" ? ` [${typed.error}${typeof typed.error_description === "string" ? `: ${typed.error_description}` : ""}]` : "";
    parts.push(`${typed.type ?? typed.name}: ${typed.message.split(". Read more")[0]}${code}`);
    const cause: unknown = typed.cause;
    current = cause && typeof cause === "object" && "err" in cause ? (cause as { err: unknown }).err : cause;
  }
  return parts.join(" <- ");
}
