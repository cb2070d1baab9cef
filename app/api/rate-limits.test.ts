import { eq, like } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { rateLimits } from "@/db/schema";
import { callRoute, setupApiTestDatabase, tokenAuth } from "@/lib/testing/api";
import { makeUser } from "@/lib/testing/factories";
import {
  enforceSignInLimits,
  RateLimitedError,
  SIGN_IN_PER_ACCOUNT,
  SIGN_IN_PER_CLIENT,
  USER_JWT_PER_ACCOUNT,
  USER_JWT_PER_CLIENT,
} from "@/lib/rate-limit";
import { limitAuthEndpoint } from "@/lib/rate-limit/auth-endpoints";
import * as userJwtRoute from "./v1/tokens/user-jwt/route";

const test = setupApiTestDatabase();

/** Spends a counter the way another instance of the app would: through the shared table. */
async function spend(key: string, points: number) {
  await test.db
    .insert(rateLimits)
    .values({ key, points, expire: new Date(Date.now() + 60_000) })
    .onConflictDoUpdate({ target: rateLimits.key, set: { points, expire: new Date(Date.now() + 60_000) } });
}

async function counter(key: string) {
  const [row] = await test.db.select().from(rateLimits).where(eq(rateLimits.key, key));
  return row?.points;
}

describe("the learner JWT mint's rate limits", () => {
  const mint = (auth: string, ip: string, username: string) =>
    callRoute(userJwtRoute.POST, { method: "POST", auth, body: { username }, headers: { "x-forwarded-for": ip } });

  it("counts per minting token in the shared table, and answers 429 with Retry-After once spent", async () => {
    const learner = await makeUser(test.db);
    const auth = await tokenAuth(test.db, ["lms:act-as-user"]);
    expect((await mint(auth, "192.0.2.10", learner.username)).status).toBe(200);
    const [row] = await test.db.select().from(rateLimits).where(like(rateLimits.key, `${USER_JWT_PER_ACCOUNT.name}:%`));
    expect(row!.points).toBe(1);
    await spend(row!.key, USER_JWT_PER_ACCOUNT.points);
    const refused = await mint(auth, "192.0.2.11", learner.username);
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ detail: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds?\.$/) });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // Another token of the same LMS is not affected.
    const other = await tokenAuth(test.db, ["lms:act-as-user"]);
    expect((await mint(other, "192.0.2.12", learner.username)).status).toBe(200);
  });

  it("counts per client address", async () => {
    const learner = await makeUser(test.db);
    const auth = await tokenAuth(test.db, ["lms:act-as-user"]);
    await spend(`${USER_JWT_PER_CLIENT.name}:192.0.2.20`, USER_JWT_PER_CLIENT.points);
    expect((await mint(auth, "192.0.2.20", learner.username)).status).toBe(429);
    expect((await mint(auth, "192.0.2.21", learner.username)).status).toBe(200);
  });
});

describe("sign-in rate limits", () => {
  it("allow a few attempts per account a minute, then refuse with the seconds to wait", async () => {
    for (let i = 0; i < SIGN_IN_PER_ACCOUNT.points; i++) await enforceSignInLimits(test.db, `198.51.100.${i}`, "Mallory");
    const refused = await enforceSignInLimits(test.db, "198.51.100.99", "mallory").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).status).toBe(429);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(60);
    await enforceSignInLimits(test.db, "198.51.100.99", "someone-else");
  });

  it("refuse Auth.js's own sign-in endpoint too, per client and per account", async () => {
    const post = (ip: string, username: string) =>
      limitAuthEndpoint(
        new NextRequest("http://127.0.0.1:3000/api/auth/callback/demo", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
          body: new URLSearchParams({ username, csrfToken: "x" }).toString(),
        }),
      );
    await spend(`${SIGN_IN_PER_CLIENT.name}:203.0.113.5`, SIGN_IN_PER_CLIENT.points);
    expect(await post("203.0.113.4", "anyone")).toBeNull();
    const byClient = (await post("203.0.113.5", "anyone"))!;
    expect(byClient.status).toBe(429);
    expect(Number(byClient.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await spend(`${SIGN_IN_PER_ACCOUNT.name}:victim`, SIGN_IN_PER_ACCOUNT.points);
    const byAccount = (await post("203.0.113.6", "Victim"))!;
    expect(byAccount.status).toBe(429);
    expect(await byAccount.json()).toEqual({ detail: expect.stringMatching(/^Too many requests/) });
    expect(await counter(`${SIGN_IN_PER_CLIENT.name}:203.0.113.6`)).toBe(1);
  });
});
