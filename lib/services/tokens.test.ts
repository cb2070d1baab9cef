import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiTokens, auditLog } from "@/db/schema";
import { makeUser } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import {
  API_TOKEN_SCOPES,
  ApiTokenInputError,
  createApiToken,
  apiTokenState,
  hashApiToken,
  listApiTokens,
  revokeApiToken,
  tokenHasScope,
  verifyApiToken,
} from "./tokens";

const t = setupTestDatabase();
const NOW = new Date("2026-03-01T12:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe("createApiToken", () => {
  it("returns an inv_ token that verifies, and stores only its SHA-256", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    const { token, row } = await createApiToken(t.db, {
      name: "LMS sync",
      scopes: ["lms:sync", "lms:act-as-user", "lms:sync"],
      createdById: admin.id,
    });

    expect(token).toMatch(/^inv_[A-Za-z0-9_-]{43}$/);
    expect(row.scopes).toEqual(["lms:sync", "lms:act-as-user"]);
    expect(row.createdById).toBe(admin.id);

    const [stored] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, row.id));
    expect(stored!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(stored!.tokenHash).toBe(hashApiToken(token));
    expect(stored!.tokenPrefix).toBe(token.slice(0, 8));
    // The secret part of the token appears nowhere in the row.
    expect(JSON.stringify(stored)).not.toContain(token.slice(8));

    const verified = await verifyApiToken(t.db, token, NOW);
    expect(verified?.id).toBe(row.id);
    expect(verified?.lastUsedAt).toEqual(NOW);
    expect(tokenHasScope(verified!, "lms:sync")).toBe(true);
    expect(tokenHasScope(verified!, "admin:api")).toBe(false);
  });

  it("makes a different token every time", async () => {
    const a = await createApiToken(t.db, { name: "a", scopes: ["admin:api"] });
    const b = await createApiToken(t.db, { name: "b", scopes: ["admin:api"] });
    expect(a.token).not.toBe(b.token);
    expect(a.row.tokenHash).not.toBe(b.row.tokenHash);
  });

  it("writes an audit row without the secret", async () => {
    const { token, row } = await createApiToken(t.db, { name: "script", scopes: ["admin:api"] }, { source: "cli", actorKind: "cli" });
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(row.id)));
    expect(entry).toMatchObject({ action: "api_token.create", entityType: "api_token", actorKind: "cli", source: "cli" });
    expect(JSON.stringify(entry)).not.toContain(token.slice(8));
  });

  it("rejects unknown scopes with a message naming them, and stores nothing", async () => {
    const before = (await t.db.select().from(apiTokens)).length;
    const attempt = createApiToken(t.db, { name: "bad", scopes: ["lms:sync", "lms:everything"] });
    await expect(attempt).rejects.toThrow(ApiTokenInputError);
    await expect(createApiToken(t.db, { name: "bad", scopes: ["lms:everything"] })).rejects.toThrow(
      /unknown scope "lms:everything".*lms:sync/,
    );
    await expect(createApiToken(t.db, { name: "bad", scopes: [] })).rejects.toThrow(/at least one scope/);
    await expect(createApiToken(t.db, { name: " ", scopes: ["admin:api"] })).rejects.toThrow(/name/);
    expect((await t.db.select().from(apiTokens)).length).toBe(before);
  });

  it("needs a backend name for a vendor token", async () => {
    await expect(createApiToken(t.db, { name: "vendor", scopes: ["vendor:callbacks"] })).rejects.toThrow(
      /backendName: .*backend/,
    );
    const { row } = await createApiToken(t.db, { name: "vendor", scopes: ["vendor:callbacks"], backendName: "mock" });
    expect(row.backendName).toBe("mock");
  });

  it("exports the known scopes", () => {
    expect(API_TOKEN_SCOPES).toEqual(["lms:sync", "lms:act-as-user", "vendor:callbacks", "admin:api", "metrics:read"]);
  });
});

describe("verifyApiToken", () => {
  it("refuses unknown and malformed tokens", async () => {
    const { token } = await createApiToken(t.db, { name: "x", scopes: ["admin:api"] });
    const unknown = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(await verifyApiToken(t.db, unknown, NOW)).toBeNull();
    expect(await verifyApiToken(t.db, "", NOW)).toBeNull();
    expect(await verifyApiToken(t.db, "Bearer " + token, NOW)).toBeNull();
    expect(await verifyApiToken(t.db, hashApiToken(token), NOW)).toBeNull();
  });

  it("refuses a revoked token; revoking twice keeps the first time", async () => {
    const { token, row } = await createApiToken(t.db, { name: "x", scopes: ["lms:sync"] });
    expect(await verifyApiToken(t.db, token, NOW)).not.toBeNull();

    const revoked = await revokeApiToken(t.db, row.id, later(1000));
    expect(revoked?.revokedAt).toEqual(later(1000));
    expect(await verifyApiToken(t.db, token, later(2000))).toBeNull();

    const again = await revokeApiToken(t.db, row.id, later(5000));
    expect(again?.revokedAt).toEqual(later(1000));
    expect(await revokeApiToken(t.db, 987_654_321)).toBeNull();
  });

  it("refuses a token from its expiry instant on", async () => {
    const { token } = await createApiToken(t.db, { name: "x", scopes: ["lms:sync"], expiresAt: later(60_000) });
    expect(await verifyApiToken(t.db, token, later(59_999))).not.toBeNull();
    expect(await verifyApiToken(t.db, token, later(60_000))).toBeNull();
    expect(await verifyApiToken(t.db, token, later(3_600_000))).toBeNull();
  });

  it("refreshes last_used_at at most once a minute", async () => {
    const { token, row } = await createApiToken(t.db, { name: "x", scopes: ["lms:sync"] });
    const lastUsed = async () =>
      (await t.db.select().from(apiTokens).where(eq(apiTokens.id, row.id)))[0]!.lastUsedAt;

    await verifyApiToken(t.db, token, NOW);
    expect(await lastUsed()).toEqual(NOW);
    await verifyApiToken(t.db, token, later(30_000));
    expect(await lastUsed()).toEqual(NOW);
    await verifyApiToken(t.db, token, later(60_000));
    expect(await lastUsed()).toEqual(later(60_000));
  });
});

describe("listApiTokens", () => {
  it("lists every token with its prefix, scopes, times and state, never its hash", async () => {
    const live = await createApiToken(t.db, { name: "list: live", scopes: ["lms:sync"] });
    const vendor = await createApiToken(t.db, { name: "list: vendor", scopes: ["vendor:callbacks"], backendName: "mock", expiresAt: later(60_000) });
    await verifyApiToken(t.db, live.token, NOW);
    await revokeApiToken(t.db, vendor.row.id, later(1000));

    const listed = (await listApiTokens(t.db)).filter((row) => row.name.startsWith("list: "));
    expect(listed).toEqual([
      {
        id: live.row.id,
        name: "list: live",
        scopes: ["lms:sync"],
        prefix: live.token.slice(0, 8),
        backendName: null,
        created: live.row.created,
        lastUsedAt: NOW,
        expiresAt: null,
        revokedAt: null,
      },
      expect.objectContaining({ id: vendor.row.id, backendName: "mock", lastUsedAt: null, revokedAt: later(1000), expiresAt: later(60_000) }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(live.row.tokenHash);
    expect(listed.map((row) => apiTokenState(row, later(2000)))).toEqual(["active", "revoked"]);
    expect(apiTokenState({ revokedAt: null, expiresAt: later(60_000) }, later(60_000))).toBe("expired");
  });
});
