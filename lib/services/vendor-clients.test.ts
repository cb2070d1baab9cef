import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, vendorClients } from "@/db/schema";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/factories";
import { ServiceError } from "@/lib/domain/errors";
import {
  authenticateVendorClient,
  createVendorClient,
  hashVendorClientSecret,
  listVendorClients,
  liveVendorClient,
  revokeVendorClient,
} from "./vendor-clients";

const t = setupTestDatabase();

describe("vendor OAuth clients", () => {
  it("stores only the secret's hash, audits the creation without the secret, and lists clients without it", async () => {
    const admin = await makeUser(t.db, { isAdmin: true });
    const { clientId, clientSecret, client } = await createVendorClient(t.db, { name: " Acme ", backendName: "acme", createdById: admin.id });
    expect(clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(clientSecret).toMatch(/^ivs_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(vendorClients).where(eq(vendorClients.id, client.id));
    expect(row).toMatchObject({ name: "Acme", backendName: "acme", createdById: admin.id, secretHash: hashVendorClientSecret(clientSecret), revokedAt: null });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "vendor_client.create"), eq(auditLog.entityId, String(client.id))));
    expect(audit).toMatchObject({ actorKind: "user", actorUserId: admin.id, data: { name: "Acme", client_id: clientId, backend: "acme" } });
    expect(JSON.stringify(audit)).not.toContain(clientSecret);
    const listed = (await listVendorClients(t.db)).find((c) => c.id === client.id);
    expect(listed).toEqual(client);
    expect(Object.keys(listed!)).not.toContain("secretHash");
  });

  it("authenticates the right secret only, and a revoked client not at all; revoking twice keeps the first time", async () => {
    const { clientId, clientSecret } = await createVendorClient(t.db, { name: "Globex", backendName: "globex" });
    const now = new Date("2031-01-01T10:00:00Z");
    expect(await authenticateVendorClient(t.db, clientId, clientSecret, now)).toMatchObject({ clientId, lastUsedAt: now });
    expect(await authenticateVendorClient(t.db, clientId, `${clientSecret.slice(0, -1)}x`, now)).toBeNull();
    expect(await authenticateVendorClient(t.db, clientId.toUpperCase(), clientSecret, now)).toBeNull();
    expect(await authenticateVendorClient(t.db, "x'; drop table vendor_clients; --", clientSecret, now)).toBeNull();

    const first = await revokeVendorClient(t.db, clientId, now, { actorKind: "cli", source: "cli" });
    expect(first!.revokedAt).toEqual(now);
    const again = await revokeVendorClient(t.db, clientId, new Date("2031-02-01T00:00:00Z"));
    expect(again!.revokedAt).toEqual(now);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, "vendor_client.revoke"), eq(auditLog.data, { name: "Globex", client_id: clientId, backend: "globex" })))).toHaveLength(1);
    expect(await authenticateVendorClient(t.db, clientId, clientSecret, now)).toBeNull();
    expect(await liveVendorClient(t.db, clientId, now)).toBeNull();
    expect(await revokeVendorClient(t.db, "0".repeat(32))).toBeNull();
  });

  it("refuses a client without a name or a backend, writing nothing", async () => {
    const before = (await listVendorClients(t.db)).length;
    await expect(createVendorClient(t.db, { name: " ", backendName: "acme" })).rejects.toBeInstanceOf(ServiceError);
    await expect(createVendorClient(t.db, { name: "Acme", backendName: "" })).rejects.toThrow(/backend/);
    expect(await listVendorClients(t.db)).toHaveLength(before);
  });
});
