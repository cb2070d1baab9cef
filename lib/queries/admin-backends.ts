import "server-only";
import { asc, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { backendConfigs, exams, vendorClients } from "@/db/schema";
import { decryptBackendSecrets } from "@/lib/backends/registry";
import type { AdminBackendDetail, AdminBackendRow, AdminVendorClientRow } from "@/lib/domain/backend-admin";

/**
 * The admin console's read models of proctoring backends. Secrets are decrypted only to learn which
 * names are set; no value leaves this module (the types below have no place for one).
 */

async function examCounts(db: DbOrTx, names: string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await db.select({ backend: exams.backend, n: count() }).from(exams).where(inArray(exams.backend, names)).groupBy(exams.backend);
  return new Map(rows.map((r) => [r.backend ?? "", r.n]));
}

const listColumns = {
  name: backendConfigs.name,
  kind: backendConfigs.kind,
  verboseName: backendConfigs.verboseName,
  enabled: backendConfigs.enabled,
  isDefault: backendConfigs.isDefault,
  modified: backendConfigs.modified,
};

/** Every configured backend by name, with how many exams use each. */
export async function listAdminBackends(db: DbOrTx): Promise<AdminBackendRow[]> {
  const rows = await db.select(listColumns).from(backendConfigs).orderBy(asc(backendConfigs.name));
  const counts = await examCounts(db, rows.map((r) => r.name));
  return rows.map((r) => ({ ...r, modified: r.modified.toISOString(), examCount: counts.get(r.name) ?? 0 }));
}

/** One backend for its edit page, with the state of each secret its kind takes; null if none. */
export async function getAdminBackend(
  db: DbOrTx,
  name: string,
  secretNamesOf: (kind: string) => readonly string[],
): Promise<AdminBackendDetail | null> {
  const [row] = await db
    .select({ ...listColumns, settings: backendConfigs.settings, secretsEncrypted: backendConfigs.secretsEncrypted, secretsSetAt: backendConfigs.secretsSetAt })
    .from(backendConfigs)
    .where(eq(backendConfigs.name, name))
    .limit(1);
  if (!row) return null;
  let stored: string[] = [];
  let secretsUnreadable = false;
  try {
    stored = Object.entries(decryptBackendSecrets(row.secretsEncrypted))
      .filter(([, v]) => typeof v === "string" && v !== "")
      .map(([k]) => k);
  } catch {
    secretsUnreadable = true;
  }
  const counts = await examCounts(db, [name]);
  return {
    name: row.name,
    kind: row.kind,
    verboseName: row.verboseName,
    enabled: row.enabled,
    isDefault: row.isDefault,
    modified: row.modified.toISOString(),
    examCount: counts.get(name) ?? 0,
    settings: row.settings,
    secretsUnreadable,
    secrets: secretNamesOf(row.kind).map((secret) => {
      const set = stored.includes(secret);
      return { name: secret, set, setAt: set ? (row.secretsSetAt?.[secret] ?? null) : null };
    }),
  };
}

/** The vendor OAuth clients bound to a backend, oldest first; never a secret or its hash. */
export async function listBackendVendorClients(db: DbOrTx, backendName: string): Promise<AdminVendorClientRow[]> {
  const rows = await db
    .select({ clientId: vendorClients.clientId, name: vendorClients.name, created: vendorClients.created, lastUsedAt: vendorClients.lastUsedAt, revokedAt: vendorClients.revokedAt })
    .from(vendorClients)
    .where(eq(vendorClients.backendName, backendName))
    .orderBy(asc(vendorClients.id));
  return rows.map((r) => ({
    clientId: r.clientId,
    name: r.name,
    created: r.created.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}
