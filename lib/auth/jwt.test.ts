import { hkdfSync } from "node:crypto";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache } from "@/lib/env";
import { checkUserJwt, clearVerifiedJwtCache, mintUserJwt, verifyUserJwt } from "./jwt";

const T0 = new Date("2026-11-26T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("learner JWTs and the cache of verified tokens", () => {
  const secret = process.env.AUTH_SECRET;
  afterEach(() => {
    if (secret === undefined) delete process.env.AUTH_SECRET;
    else process.env.AUTH_SECRET = secret;
    resetEnvCache();
    clearVerifiedJwtCache();
  });

  it("answers the same claims from the cache, and never past the token's expiry", async () => {
    const { token } = await mintUserJwt({ userId: 42, tokenId: 7 }, { now: T0, ttlSeconds: 60 });
    expect(await verifyUserJwt(token, at(1))).toEqual({ userId: 42, tokenId: 7 });
    expect(await verifyUserJwt(token, at(59))).toEqual({ userId: 42, tokenId: 7 });
    expect(await verifyUserJwt(token, at(60))).toBeNull();
    expect(await verifyUserJwt(token, at(61))).toBeNull();
  });

  it("refuses a token differing in one byte from a cached one", async () => {
    const { token } = await mintUserJwt({ userId: 42, tokenId: 3 }, { now: T0 });
    expect(await verifyUserJwt(token, at(1))).toEqual({ userId: 42, tokenId: 3 });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: "43" })).toString("base64url");
    expect(await verifyUserJwt(`${header}.${forged}.${signature}`, at(1))).toBeNull();
    const flipped = signature.slice(0, -2) + (signature.at(-2) === "A" ? "B" : "A") + signature.at(-1);
    expect(await verifyUserJwt(`${header}.${payload}.${flipped}`, at(1))).toBeNull();
  });

  it("stops accepting cached tokens when AUTH_SECRET changes", async () => {
    process.env.AUTH_SECRET = "first-secret-of-at-least-thirty-two-characters";
    resetEnvCache();
    const { token } = await mintUserJwt({ userId: 5, tokenId: 3 }, { now: T0 });
    expect(await verifyUserJwt(token, at(1))).toEqual({ userId: 5, tokenId: 3 });
    process.env.AUTH_SECRET = "second-secret-of-at-least-thirty-two-characters";
    resetEnvCache();
    expect(await verifyUserJwt(token, at(2))).toBeNull();
  });
});

/** A token signed with the real key but with claims of the test's choosing (a leaked key, a bug). */
async function forge(claims: { sub?: string; tid?: unknown; iat?: number; exp?: number }): Promise<string> {
  const key = new Uint8Array(hkdfSync("sha256", getEnv().authSecret, "invigil", "api-user-jwt-v1", 32));
  const iat = Math.floor(T0.getTime() / 1000);
  const payload: Record<string, unknown> = { iss: "invigil", aud: "invigil-api", iat, exp: iat + 3600, sub: "42", tid: 7, ...claims };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
}

describe("claims a signed JWT must have", () => {
  afterEach(() => clearVerifiedJwtCache());

  it("accepts what the mint writes", async () => {
    expect(await checkUserJwt(await forge({}), at(1))).toEqual({ ok: true, claims: { userId: 42, tokenId: 7 } });
  });

  it("refuses a lifetime longer than 12 hours after iat", async () => {
    const iat = Math.floor(T0.getTime() / 1000);
    expect((await checkUserJwt(await forge({ exp: iat + 12 * 3600 }), at(1))).ok).toBe(true);
    const long = await checkUserJwt(await forge({ exp: iat + 12 * 3600 + 1 }), at(1));
    expect(long).toEqual({ ok: false, detail: expect.stringMatching(/12-hour maximum/) });
    expect((await checkUserJwt(await forge({ iat: undefined }), at(1))).ok).toBe(false);
  });

  it("refuses a token without the minting token's id", async () => {
    for (const tid of [undefined, null, "7", 0, 1.5, 2 ** 40]) {
      expect(await checkUserJwt(await forge({ tid }), at(1))).toEqual({ ok: false, detail: expect.stringMatching(/\(tid\)/) });
    }
  });

  it("refuses a user id no 32-bit id column can hold, with a reason", async () => {
    for (const sub of ["4294967296", "2147483648", "9007199254740993", "0", "-1", "1e3", " 42"]) {
      expect(await checkUserJwt(await forge({ sub }), at(1))).toEqual({ ok: false, detail: expect.stringMatching(/not a valid user id/) });
    }
    expect(await checkUserJwt(await forge({ sub: "2147483647" }), at(1))).toMatchObject({ ok: true });
  });

  it("has no reason to give for a bad signature or an expired token", async () => {
    expect(await checkUserJwt("a.b.c", at(1))).toEqual({ ok: false, detail: null });
    expect(await checkUserJwt(await forge({}), at(3601))).toEqual({ ok: false, detail: null });
  });
});
