import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { findActiveUserByUsername, upsertOidcUser } from "./users";

export const DEMO_PROVIDER_ID = "demo";
export const OIDC_PROVIDER_ID = "oidc";

const DemoCredentials = z.object({ username: z.string().trim().min(1).max(150) });

/**
 * Auth.js configuration, built per request so that configuration is read at run time (never at
 * build time). Sessions are JWTs holding only our user id; roles are read from the database on
 * every request (lib/auth/actor.ts), so a revoked role takes effect at once.
 */
export function buildAuthConfig(): NextAuthConfig {
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
    });
  }

  return {
    secret: env.authSecret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        // Refuse sign-in from the provider when the account cannot be matched or is inactive.
        const user = profile ? await upsertOidcUser(profile) : null;
        return user !== null && user.isActive;
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === OIDC_PROVIDER_ID && profile) {
          const row = await upsertOidcUser(profile);
          if (row) token.uid = row.id;
        } else if (user?.id) {
          token.uid = Number(user.id);
        }
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
