import { randomBytes, timingSafeEqual } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { auditLog, vendorClients, type VendorClient } from "@/db/schema";
import { hashVendorClientSecret } from "@/lib/crypto/vendor-client-secret";
import { mintVendorJwt } from "@/lib/crypto/vendor-jwt";
import { parseInput } from "@/lib/domain/input";
import type { TokenAuditMeta } from "./tokens";

/**
 * OAuth2 clients of proctoring vendors (docs/decisions/019-vendor-oauth-clients.md). A vendor's
 * software, configured with Invigil as its LMS, trades client id and secret for a short-lived JWT
 * at `POST /oauth2/access_token` and sends it to the `ready` and `reviewed` callbacks. These are
 * the verbs the CLI calls today and the admin console will call later.
 */

/** Every secret starts with this, so secret scanners and people can recognise one. */
export const VENDOR_CLIENT_SECRET_PREFIX = "ivs_";
/** `ivs_` + base64url of 32 random bytes. */
const SECRET_PATTERN = /^ivs_[A-Za-z0-9_-]{43}$/;
/** 32 lower-case hex characters: safe in any vendor's configuration form. */
const CLIENT_ID_PATTERN = /^[0-9a-f]{32}$/;
/** last_used_at is refreshed at most this often (a busy vendor would otherwise write one row all day). */
const LAST_USED_GRANULARITY_MS = 60_000;

export { hashVendorClientSecret };

export const CreateVendorClientInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
  backendName: z.string().trim().min(1, "name the backend this vendor reports for").max(255, "must be at most 255 characters"),
  createdById: z.number().int().positive().nullish().transform((v) => v ?? null),
});
export type CreateVendorClientInput = z.input<typeof CreateVendorClientInput>;

/** A client as an operator sees it: everything but the secret's hash. */
export interface VendorClientSummary {
  id: number;
  clientId: string;
  name: string;
  backendName: string;
  created: Date;
  createdById: number | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function summary(row: VendorClient): VendorClientSummary {
  const { secretHash: _secret, modified: _modified, ...rest } = row;
  return rest;
}

function auditActor(meta: TokenAuditMeta, fallbackUserId: number | null) {
  const actorUserId = meta.actorUserId ?? fallbackUserId;
  return {
    actorKind: meta.actorKind ?? (actorUserId ? ("user" as const) : ("system" as const)),
    actorUserId,
    source: meta.source ?? "system",
    requestId: meta.requestId ?? null,
  };
}

/**
 * Creates a client. The returned `clientSecret` is the only copy of the secret: show it once.
 * The backend is named, not checked against the configured ones: a vendor may be set up before
 * its backend is, and an unknown name simply matches no attempt.
 */
export async function createVendorClient(
  db: DbOrTx,
  input: CreateVendorClientInput,
  meta: TokenAuditMeta = {},
): Promise<{ clientId: string; clientSecret: string; client: VendorClientSummary }> {
  const data = parseInput(CreateVendorClientInput, input, "Invalid vendor client");
  const clientId = randomBytes(16).toString("hex");
  const clientSecret = VENDOR_CLIENT_SECRET_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(vendorClients)
      .values({
        clientId,
        secretHash: hashVendorClientSecret(clientSecret),
        backendName: data.backendName,
        name: data.name,
        createdById: data.createdById,
      })
      .returning();
    if (!inserted) throw new Error("createVendorClient: insert returned no row");
    await tx.insert(auditLog).values({
      ...auditActor(meta, data.createdById),
      action: "vendor_client.create",
      entityType: "vendor_client",
      entityId: String(inserted.id),
      data: { name: inserted.name, client_id: inserted.clientId, backend: inserted.backendName },
    });
    return inserted;
  });
  return { clientId, clientSecret, client: summary(row) };
}

/** Every client, oldest first, revoked ones included (they say when they stopped). */
export async function listVendorClients(db: DbOrTx): Promise<VendorClientSummary[]> {
  const rows = await db.select().from(vendorClients).orderBy(asc(vendorClients.id));
  return rows.map(summary);
}

/**
 * Revokes a client (by its public client id) for good; every JWT it holds stops working at once,
 * since each use checks the client. Idempotent: revoking twice keeps the first time. Null when no
 * client has that id.
 */
export async function revokeVendorClient(
  db: DbOrTx,
  clientId: string,
  now: Date = new Date(),
  meta: TokenAuditMeta = {},
): Promise<VendorClientSummary | null> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(vendorClients).where(eq(vendorClients.clientId, clientId)).for("update").limit(1);
    if (!existing) return null;
    if (existing.revokedAt) return summary(existing);
    const [row] = await tx
      .update(vendorClients)
      .set({ revokedAt: sql`coalesce(${vendorClients.revokedAt}, ${now.toISOString()}::timestamptz)` })
      .where(eq(vendorClients.id, existing.id))
      .returning();
    await tx.insert(auditLog).values({
      ...auditActor(meta, null),
      action: "vendor_client.revoke",
      entityType: "vendor_client",
      entityId: String(existing.id),
      data: { name: existing.name, client_id: existing.clientId, backend: existing.backendName },
    });
    return summary(row!);
  });
}

/**
 * The client if the id and secret match a live (not revoked) client; otherwise null, without
 * saying which part was wrong. Refreshes last_used_at.
 */
export async function authenticateVendorClient(db: DbOrTx, clientId: string, clientSecret: string, now: Date): Promise<VendorClient | null> {
  if (!CLIENT_ID_PATTERN.test(clientId) || !SECRET_PATTERN.test(clientSecret)) return null;
  const [row] = await db.select().from(vendorClients).where(eq(vendorClients.clientId, clientId)).limit(1);
  if (!row || row.revokedAt) return null;
  const given = Buffer.from(hashVendorClientSecret(clientSecret), "hex");
  if (!timingSafeEqual(given, Buffer.from(row.secretHash, "hex"))) return null;
  return touch(db, row, now);
}

/**
 * The live client behind a JWT, or null when it was revoked (or deleted) since: a revoked
 * client's tokens stop working at once, so this runs on every callback.
 */
export async function liveVendorClient(db: DbOrTx, clientId: string, now: Date): Promise<VendorClient | null> {
  if (!CLIENT_ID_PATTERN.test(clientId)) return null;
  const [row] = await db.select().from(vendorClients).where(eq(vendorClients.clientId, clientId)).limit(1);
  if (!row || row.revokedAt) return null;
  return touch(db, row, now);
}

/**
 * The client-credentials grant: a one-hour access token for a live client whose secret matches,
 * audited (`vendor_client.issue_token`, never with the secret or the token); null otherwise.
 */
export async function issueVendorAccessToken(
  db: DbOrTx,
  clientId: string,
  clientSecret: string,
  now: Date,
): Promise<{ token: string; expiresIn: number; client: VendorClientSummary } | null> {
  const client = await authenticateVendorClient(db, clientId, clientSecret, now);
  if (!client) return null;
  const { token, expiresIn } = await mintVendorJwt({ clientId: client.clientId, backendName: client.backendName }, now);
  await db.insert(auditLog).values({
    at: now,
    actorKind: "vendor",
    actorVendorClientId: client.id,
    action: "vendor_client.issue_token",
    entityType: "vendor_client",
    entityId: String(client.id),
    source: "vendor",
    data: { client_id: client.clientId, backend: client.backendName, expires_in: expiresIn },
  });
  return { token, expiresIn, client: summary(client) };
}

async function touch(db: DbOrTx, row: VendorClient, now: Date): Promise<VendorClient> {
  if (row.lastUsedAt && now.getTime() - row.lastUsedAt.getTime() < LAST_USED_GRANULARITY_MS) return row;
  await db.update(vendorClients).set({ lastUsedAt: now }).where(eq(vendorClients.id, row.id));
  return { ...row, lastUsedAt: now };
}
