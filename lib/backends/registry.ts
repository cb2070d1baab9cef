import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { backendConfigs, type BackendConfig } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { ServiceError } from "@/lib/services/errors";
import { createMockBackend } from "./mock";
import { createNullBackend } from "./null";
import { createSoftwareSecureBackend } from "./software-secure";
import type { ProctoringBackend } from "./types";

export type { ProctoringBackend } from "./types";

/**
 * The backend's secrets: `secrets_encrypted` holds a JSON object encrypted with encryptSecret.
 * One that cannot be decrypted (INVIGIL_SECRET_KEY changed, the row altered) yields none, so the
 * backend reports itself as not configured when it needs them instead of failing every read.
 */
function decryptSecrets(row: BackendConfig): Record<string, unknown> {
  if (!row.secretsEncrypted) return {};
  try {
    const parsed = JSON.parse(decryptSecret(row.secretsEncrypted)) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    console.error(`[invigil] the secrets of proctoring backend '${row.name}' could not be decrypted`);
    return {};
  }
}

function instantiate(row: BackendConfig): ProctoringBackend {
  const options = { name: row.name, verboseName: row.verboseName, settings: row.settings ?? {} };
  switch (row.kind) {
    case "software_secure":
      return createSoftwareSecureBackend({ ...options, secrets: decryptSecrets(row) });
    case "mock":
      return createMockBackend(options);
    case "null":
      return createNullBackend(options);
    default:
      // rest arrives with its own backend module; until then it behaves as null.
      return createNullBackend(options);
  }
}

/** The configured default backend's name (PROCTORING_BACKENDS['DEFAULT']), or `null`. */
export async function defaultBackendName(db: DbOrTx): Promise<string> {
  const [row] = await db
    .select({ name: backendConfigs.name })
    .from(backendConfigs)
    .where(and(eq(backendConfigs.isDefault, true), eq(backendConfigs.enabled, true)))
    .limit(1);
  return row?.name ?? "null";
}

/** A backend by name; the built-in `null` backend exists even without a row. */
export async function getBackendByName(db: DbOrTx, name: string): Promise<ProctoringBackend> {
  const [row] = await db
    .select()
    .from(backendConfigs)
    .where(and(eq(backendConfigs.name, name), eq(backendConfigs.enabled, true)))
    .limit(1);
  if (row) return instantiate(row);
  if (name === "null") return createNullBackend({ name: "null", settings: {} });
  const available = await db
    .select({ name: backendConfigs.name })
    .from(backendConfigs)
    .where(eq(backendConfigs.enabled, true))
    .orderBy(asc(backendConfigs.name));
  throw new ServiceError(
    "VALIDATION",
    `No proctoring backend configured for '${name}'. Available: [${available.map((r) => `'${r.name}'`).join(", ")}]`,
  );
}

/**
 * §1.4: a timed (non-proctored) exam has no backend even if a name is stored; otherwise the
 * exam's backend, else the default.
 */
export async function resolveExamBackend(
  db: DbOrTx,
  exam: { isProctored: boolean; backend: string | null },
): Promise<ProctoringBackend | null> {
  if (!exam.isProctored) return null;
  return getBackendByName(db, exam.backend || (await defaultBackendName(db)));
}
