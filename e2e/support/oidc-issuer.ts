import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1, with its own login
 * and consent pages: the login name typed there is the subject. Claims come from `PEOPLE`;
 * with `claimsInIdToken: false` (the package's default) they reach the client only through
 * userinfo.
 */
export const PEOPLE: Record<string, Record<string, unknown>> = {
  "u-alice": { preferred_username: "alice", name: "Alice Example", email: "alice@example.test", email_verified: true },
  // Names herself after Invigil's admin, with her own address.
  "u-mallory": { preferred_username: "admin", name: "Mallory", email: "mallory@example.test", email_verified: true },
  // Claims the demo learner's address without the provider having verified it.
  "u-eve": { preferred_username: "eve", name: "Eve", email: "learner@example.com", email_verified: false },
  // A second subject naming the account that u-alice is linked to.
  "u-alice2": { preferred_username: "alice", name: "Alice Again", email: "alice2@example.test", email_verified: true },
};

export interface OidcIssuer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Sends a wrong client secret to the token endpoint, as an app configured with one would. */
  setWrongSecret: (on: boolean) => void;
  /** Alters the `code` in the redirect back to the app, as someone tampering with the callback. */
  setTamperCallback: (on: boolean) => void;
  /** Stops listening (the provider is down) or starts again. */
  setDown: (down: boolean) => Promise<void>;
  close: () => Promise<void>;
}

export async function startOidcIssuer(options: { port: number; appOrigin: string; claimsInIdToken: boolean }): Promise<OidcIssuer> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = "invigil-e2e";
  const clientSecret = "invigil-e2e-client-secret";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${options.appOrigin}/api/auth/callback/oidc`],
        post_logout_redirect_uris: [`${options.appOrigin}/signin`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"] },
    conformIdTokenClaims: !options.claimsInIdToken,
    cookies: { keys: ["oidc-e2e-cookie-key-0123456789"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, id) {
      return { accountId: id, claims: async () => ({ sub: id, ...(PEOPLE[id] ?? {}) }) };
    },
  });
  // The provider's reason for refusing a grant, in the test output.
  provider.on("grant.error", (_ctx: unknown, error: { error_detail?: string }) => console.log(`oidc-provider grant.error: ${error.error_detail ?? ""}`));
  const callback = provider.callback();
  let wrongSecret = false;
  let tamper = false;
  const handler = createServer((req, res) => {
    if (wrongSecret && req.url?.startsWith("/token")) {
      req.headers.authorization = `Basic ${Buffer.from(`${clientId}:not-the-secret`).toString("base64")}`;
    }
    if (tamper) {
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name, value) => {
        if (name.toLowerCase() === "location" && String(value).startsWith(`${options.appOrigin}/api/auth/callback/`)) {
          const url = new URL(String(value));
          url.searchParams.set("code", `${url.searchParams.get("code")}x`);
          return setHeader(name, url.toString());
        }
        return setHeader(name, value);
      };
    }
    void callback(req, res);
  });
  let server: Server | null = handler;
  const listen = () => new Promise<void>((resolve) => handler.listen(options.port, "127.0.0.1", () => resolve()));
  const stop = () =>
    new Promise<void>((resolve) => {
      handler.close(() => resolve());
      handler.closeAllConnections();
    });
  await listen();
  return {
    issuer,
    clientId,
    clientSecret,
    setWrongSecret: (on) => {
      wrongSecret = on;
    },
    setTamperCallback: (on) => {
      tamper = on;
    },
    setDown: async (down) => {
      if (down && server) {
        await stop();
        server = null;
      } else if (!down && !server) {
        await listen();
        server = handler;
      }
    },
    close: async () => {
      if (server) await stop();
    },
  };
}
