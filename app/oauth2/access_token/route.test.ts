import { and, desc, eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { auditLog, rateLimits, vendorClients } from "@/db/schema";
import { OAUTH_TOKEN_PER_ACCOUNT, OAUTH_TOKEN_PER_CLIENT } from "@/lib/auth/oauth-token";
import { callRoute, setupApiTestDatabase } from "@/lib/testing/api";
import { createVendorClient, revokeVendorClient } from "@/lib/services/vendor-clients";
import * as route from "./route";

const test = setupApiTestDatabase();

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function newClient(backendName = "mock") {
  return createVendorClient(test.db, { name: `Vendor ${Math.random()}`, backendName });
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

const post = (body: unknown, headers: Record<string, string> = {}, ip = "192.0.2.1") =>
  callRoute(route.POST, { method: "POST", path: "/oauth2/access_token", body, headers: { "x-forwarded-for": ip, ...headers } });

describe("POST /oauth2/access_token", () => {
  it("gives a one-hour JWT for the client's backend to a form post, as edx-proctoring's REST backend sends it", async () => {
    const { clientId, clientSecret, client } = await newClient("vendorx");
    const before = Date.now();
    const res = await post(
      form({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, token_type: "jwt" }),
      FORM,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.json).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: "JWT", scope: "vendor:callbacks" });
    const claims = decodeJwt((res.json as { access_token: string }).access_token);
    expect(claims).toMatchObject({ sub: clientId, backend: "vendorx", aud: "invigil-vendor-callbacks" });
    expect(claims.exp! - claims.iat!).toBe(3600);
    // The secret is in no answer and no audit row; the issue is audited against the client.
    expect(res.text).not.toContain(clientSecret);
    const [audit] = await test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "vendor_client.issue_token"), eq(auditLog.actorVendorClientId, client.id)));
    expect(audit).toMatchObject({ actorKind: "vendor", source: "vendor", data: { client_id: clientId, backend: "vendorx", expires_in: 3600 } });
    expect(JSON.stringify(audit)).not.toContain(clientSecret);
    const [row] = await test.db.select().from(vendorClients).where(eq(vendorClients.id, client.id));
    expect(row!.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row!.secretHash).not.toContain(clientSecret);
  });

  it("takes a JSON body, HTTP Basic client authentication, and no token_type at all", async () => {
    const { clientId, clientSecret } = await newClient();
    const json = await post({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret });
    expect(json.status).toBe(200);

    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64");
    const viaBasic = await post(form({ grant_type: "client_credentials", token_type: "jwt" }), { ...FORM, authorization: `Basic ${basic}` });
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.json).toMatchObject({ token_type: "JWT", expires_in: 3600 });
    // Basic plus the same client_id in the body (some libraries send both) is fine; a secret in both is not.
    const both = await post(form({ grant_type: "client_credentials", client_id: clientId }), { ...FORM, authorization: `Basic ${basic}` });
    expect(both.status).toBe(200);
    const twoSecrets = await post(form({ grant_type: "client_credentials", client_secret: clientSecret }), { ...FORM, authorization: `Basic ${basic}` });
    expect(twoSecrets.status).toBe(400);
    expect(twoSecrets.json).toMatchObject({ error: "invalid_request" });
  });

  it("answers invalid_client (401) for a wrong secret, an unknown client and a revoked client, saying nothing of which", async () => {
    const { clientId, clientSecret } = await newClient();
    const wrong = await post(form({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret.slice(0, -2) + "xx" }), FORM);
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: "invalid_client", error_description: expect.any(String) });
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic /);
    const unknown = await post(form({ grant_type: "client_credentials", client_id: "0".repeat(32), client_secret: clientSecret }), FORM);
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);

    await revokeVendorClient(test.db, clientId);
    const revoked = await post(form({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }), FORM);
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual(wrong.json);
  });

  it("answers unsupported_grant_type and invalid_request (400) for the wrong grant and malformed requests", async () => {
    const { clientId, clientSecret } = await newClient();
    const password = await post(form({ grant_type: "password", client_id: clientId, client_secret: clientSecret, username: "a", password: "b" }), FORM);
    expect(password.status).toBe(400);
    expect(password.json).toMatchObject({ error: "unsupported_grant_type" });

    const cases: { body: unknown; headers?: Record<string, string> }[] = [
      { body: form({ client_id: clientId, client_secret: clientSecret }), headers: FORM },
      { body: form({ grant_type: "client_credentials", client_id: clientId }), headers: FORM },
      { body: "grant_type=client_credentials&grant_type=client_credentials", headers: FORM },
      { body: "{not json", headers: { "content-type": "application/json" } },
      { body: [1, 2] },
      { body: { grant_type: ["client_credentials"], client_id: clientId, client_secret: clientSecret } },
      { body: "<xml/>", headers: { "content-type": "application/xml" } },
      { body: form({ grant_type: "client_credentials" }), headers: { ...FORM, authorization: "Basic !!!" } },
      { body: form({ grant_type: "client_credentials" }), headers: { ...FORM, authorization: `Basic ${Buffer.from("no-colon").toString("base64")}` } },
    ];
    for (const c of cases) {
      const res = await post(c.body, c.headers);
      expect(res.status, JSON.stringify(c)).toBe(400);
      expect(res.json, JSON.stringify(c)).toMatchObject({ error: "invalid_request", error_description: expect.any(String) });
    }
    expect(await test.db.select().from(auditLog).where(eq(auditLog.action, "vendor_client.issue_token")).orderBy(desc(auditLog.id))).not.toContainEqual(
      expect.objectContaining({ data: expect.objectContaining({ client_id: clientId }) }),
    );
  });

  it("is rate limited per client address and per client id, with Retry-After", async () => {
    const { clientId, clientSecret } = await newClient();
    const good = form({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret });
    await test.db.insert(rateLimits).values({ key: `${OAUTH_TOKEN_PER_CLIENT.name}:192.0.2.77`, points: OAUTH_TOKEN_PER_CLIENT.points, expire: new Date(Date.now() + 60_000) });
    const limited = await post(good, FORM, "192.0.2.77");
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ error: "rate_limited" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await post(good, FORM, "192.0.2.78")).status).toBe(200);

    await test.db.insert(rateLimits).values({ key: `${OAUTH_TOKEN_PER_ACCOUNT.name}:${clientId}`, points: OAUTH_TOKEN_PER_ACCOUNT.points, expire: new Date(Date.now() + 60_000) })
      .onConflictDoUpdate({ target: rateLimits.key, set: { points: OAUTH_TOKEN_PER_ACCOUNT.points } });
    // Guessing one client's secret from many addresses is limited too.
    expect((await post(good, FORM, "192.0.2.79")).status).toBe(429);
  });
});
