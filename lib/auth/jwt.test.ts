import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { clearVerifiedJwtCache, mintUserJwt, verifyUserJwt } from "./jwt";

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
    const { token } = await mintUserJwt({ userId: 42, tokenId: null }, { now: T0 });
    expect(await verifyUserJwt(token, at(1))).toEqual({ userId: 42, tokenId: null });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: "43" })).toString("base64url");
    expect(await verifyUserJwt(`${header}.${forged}.${signature}`, at(1))).toBeNull();
    const flipped = signature.slice(0, -2) + (signature.at(-2) === "A" ? "B" : "A") + signature.at(-1);
    expect(await verifyUserJwt(`${header}.${payload}.${flipped}`, at(1))).toBeNull();
  });

  it("stops accepting cached tokens when AUTH_SECRET changes", async () => {
    process.env.AUTH_SECRET = "first-secret-of-at-least-thirty-two-characters";
    resetEnvCache();
    const { token } = await mintUserJwt({ userId: 5, tokenId: null }, { now: T0 });
    expect(await verifyUserJwt(token, at(1))).toEqual({ userId: 5, tokenId: null });
    process.env.AUTH_SECRET = "second-secret-of-at-least-thirty-two-characters";
    resetEnvCache();
    expect(await verifyUserJwt(token, at(2))).toBeNull();
  });
});
