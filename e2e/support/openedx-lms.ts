import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

/**
 * A small Open edX-style OAuth2 server, as edx-platform answers since it removed OpenID Connect:
 * `/oauth2/authorize` (a login page here), `/oauth2/access_token` (with `token_type=jwt`, a JWT
 * access token signed with the LMS's own RSA key), and `/api/user/v1/me` plus
 * `/api/user/v1/accounts/<username>` for callers that cannot verify the JWT.
 */
export interface LmsPerson {
  userId: number;
  username: string;
  email: string;
  name: string;
  isActive: boolean;
  administrator?: boolean;
}

export interface OpenEdxLms {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The public JWK set, as the LMS's JWT_PUBLIC_SIGNING_JWK_SET holds it. */
  jwks: { keys: JWK[] };
  /** Sign the next access tokens with a key the LMS does not publish (a forged token). */
  setForgeTokens: (on: boolean) => void;
  setWrongSecret: (on: boolean) => void;
  setDown: (down: boolean) => Promise<void>;
  /** Goes down right after sending the person back to the app, before the code is exchanged. */
  setDownAfterLogin: (on: boolean) => void;
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  let data = "";
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

function html(body: string) {
  return `<!DOCTYPE html><html lang="en"><head><title>LMS sign in</title></head><body><main>${body}</main></body></html>`;
}

export async function startOpenEdxLms(options: { port: number; people: LmsPerson[] }): Promise<OpenEdxLms> {
  const url = `http://127.0.0.1:${options.port}`;
  const clientId = "invigil-lms-client";
  const clientSecret = "invigil-lms-client-secret";
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const forger = await generateKeyPair("RS256");
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "lms-key-1", alg: "RS256", use: "sig" };
  const codes = new Map<string, { person: LmsPerson; redirectUri: string; challenge: string | null }>();
  const tokens = new Map<string, LmsPerson>();
  let forge = false;
  let wrongSecret = false;
  let downAfterLogin = false;

  const server = createServer(async (req, res) => {
    const here = new URL(req.url ?? "/", url);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && here.pathname === "/oauth2/authorize") {
      if (here.searchParams.get("client_id") !== clientId) return json(400, { error: "invalid_client" });
      const hidden = [...here.searchParams].map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, "&quot;")}">`).join("");
      const buttons = options.people
        .map((p) => `<button type="submit" name="username" value="${p.username}">Sign in to the LMS as ${p.username}</button>`)
        .join("");
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(html(`<h1>LMS</h1><form method="post" action="/oauth2/authorize">${hidden}${buttons}</form>`));
    }
    if (req.method === "POST" && here.pathname === "/oauth2/authorize") {
      const form = await readBody(req);
      const person = options.people.find((p) => p.username === form.get("username"));
      const redirectUri = form.get("redirect_uri") ?? "";
      if (!person || !redirectUri) return json(400, { error: "invalid_request" });
      const code = randomBytes(16).toString("hex");
      codes.set(code, { person, redirectUri, challenge: form.get("code_challenge") });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      if (form.get("state")) back.searchParams.set("state", form.get("state")!);
      res.writeHead(302, { location: back.toString(), connection: "close" });
      res.end();
      if (downAfterLogin) {
        downAfterLogin = false;
        listening = false;
        server.close();
        server.closeAllConnections();
      }
      return;
    }
    if (req.method === "POST" && here.pathname === "/oauth2/access_token") {
      const form = await readBody(req);
      if (form.get("client_id") !== clientId || form.get("client_secret") !== (wrongSecret ? "rotated-secret" : clientSecret)) {
        return json(401, { error: "invalid_client", error_description: "Client authentication failed" });
      }
      const grant = codes.get(form.get("code") ?? "");
      // Codes are single-use, as in django-oauth-toolkit.
      codes.delete(form.get("code") ?? "");
      if (!grant || grant.redirectUri !== form.get("redirect_uri")) return json(400, { error: "invalid_grant" });
      const verifier = form.get("code_verifier") ?? "";
      if (grant.challenge && createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) {
        return json(400, { error: "invalid_grant" });
      }
      if (form.get("token_type") !== "jwt") return json(400, { error: "unsupported_token_type" });
      const p = grant.person;
      const jwt = await new SignJWT({
        preferred_username: p.username,
        email: p.email,
        name: p.name,
        administrator: p.administrator ?? false,
        email_verified: p.isActive,
        user_id: p.userId,
        scopes: ["user_id", "profile", "email"],
        version: "1.2.0",
      })
        .setProtectedHeader({ alg: "RS256", kid: "lms-key-1" })
        .setSubject(createHash("md5").update(`anon-${p.userId}`).digest("hex"))
        .setIssuer(`${url}/oauth2`)
        .setAudience("openedx")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(forge ? forger.privateKey : privateKey);
      tokens.set(jwt, p);
      return json(200, { access_token: jwt, token_type: "JWT", expires_in: 3600, scope: "user_id profile email" });
    }
    if (req.method === "GET" && here.pathname.startsWith("/api/user/v1/")) {
      const auth = req.headers.authorization ?? "";
      const person = tokens.get(auth.replace(/^JWT /, ""));
      if (!person || !auth.startsWith("JWT ")) return json(401, { detail: "Authentication credentials were not provided." });
      if (here.pathname === "/api/user/v1/me") return json(200, { username: person.username });
      if (here.pathname === `/api/user/v1/accounts/${person.username}`) {
        return json(200, { username: person.username, email: person.email, name: person.name, is_active: person.isActive });
      }
      return json(404, { detail: "Not found." });
    }
    if (here.pathname === "/logout") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(html("<h1>Signed out of the LMS</h1>"));
    }
    json(404, { detail: "Not found." });
  });
  let listening = false;
  const listen = () =>
    new Promise<void>((resolve) =>
      server.listen(options.port, "127.0.0.1", () => {
        listening = true;
        resolve();
      }),
    );
  const stop = () =>
    new Promise<void>((resolve) => {
      listening = false;
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();
  return {
    url,
    clientId,
    clientSecret,
    jwks: { keys: [publicJwk] },
    setForgeTokens: (on) => {
      forge = on;
    },
    setWrongSecret: (on) => {
      wrongSecret = on;
    },
    setDownAfterLogin: (on) => {
      downAfterLogin = on;
    },
    setDown: async (down) => {
      if (down && listening) await stop();
      else if (!down && !listening) await listen();
    },
    close: async () => {
      if (listening) await stop();
    },
  };
}

