import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { backendConfigs, type BackendConfig } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { configCacheFor } from "@/lib/data/config-cache";
import { ServiceError } from "@/lib/domain/errors";
import { createMockBackend } from "./mock";
import { createNullBackend } from "./null";
import { createSoftwareSecureBackend } from "./software-secure";
import { createRestBackend } from "./rest";
import { VendorRejectedError } from "./errors";
import type { ProctoringBackend } from "./types";

export type { ProctoringBackend } from "./types";

/** What every backend factory is given: the row's name, display name, settings and decrypted secrets. */
export interface BackendOptions {
  name: string;
  verboseName?: string;
  settings: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

/** The JSON object of secrets stored encrypted on a backend_configs row ({} when none). */
export function decryptBackendSecrets(stored: string | null): Record<string, unknown> {
  if (!stored) return {};
  const parsed = JSON.parse(decryptSecret(stored)) as unknown;
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/**
 * A configured backend that cannot work (secrets that no longer decrypt, settings edited into
 * something invalid): pages still render; every vendor call fails with the plain reason, so
 * registrations end in `error` with that reason on the attempt's timeline and outbox calls retry
 * until an admin fixes the row.
 */
function brokenBackend(options: BackendOptions, kind: string, reason: string): ProctoringBackend {
  const fail = async (): Promise<never> => {
    throw new VendorRejectedError(`Backend '${options.name}' is misconfigured: ${reason}`);
  };
  return {
    ...createNullBackend(options),
    kind,
    registerExamAttempt: fail,
    startExamAttempt: fail,
    stopExamAttempt: fail,
    markErroneousExamAttempt: fail,
    removeExamAttempt: fail,
    onExamSaved: fail,
    retireUser: fail,
  };
}

function instantiate(row: BackendConfig): ProctoringBackend {
  const base = { name: row.name, verboseName: row.verboseName, settings: row.settings ?? {} };
  let secrets: Record<string, unknown>;
  try {
    secrets = decryptBackendSecrets(row.secretsEncrypted);
  } catch {
    // The message of SecretDecryptionError never holds the stored text or the key; ours says less.
    return brokenBackend({ ...base, secrets: {} }, row.kind, "its secrets cannot be decrypted (INVIGIL_SECRET_KEY changed?)");
  }
  const options: BackendOptions = { ...base, secrets };
  try {
    switch (row.kind) {
      case "mock":
        return createMockBackend(options);
      case "null":
        return createNullBackend(options);
      case "rest":
        return createRestBackend(options);
      case "software_secure":
        return createSoftwareSecureBackend(options);
      default:
        // A kind this build does not know (a row written by a newer version): no vendor calls.
        return createNullBackend(options);
    }
  } catch (error) {
    return brokenBackend(options, row.kind, error instanceof Error ? error.message : "invalid configuration");
  }
}

/** The configured default backend's name (PROCTORING_BACKENDS['DEFAULT']), or `null`. */
export async function defaultBackendName(db: DbOrTx): Promise<string> {
  // Cached per instance once started (decision 043); a transaction always reads fresh.
  const cache = configCacheFor(db);
  return cache ? cache.get("backend_default", () => readDefaultBackendName(db)) : readDefaultBackendName(db);
}

async function readDefaultBackendName(db: DbOrTx): Promise<string> {
  const [row] = await db
    .select({ name: backendConfigs.name })
    .from(backendConfigs)
    .where(and(eq(backendConfigs.isDefault, true), eq(backendConfigs.enabled, true)))
    .limit(1);
  return row?.name ?? "null";
}

/** A backend by name; the built-in `null` backend exists even without a row. */
export async function getBackendByName(db: DbOrTx, name: string): Promise<ProctoringBackend> {
  const read = async () =>
    (
      await db
        .select()
        .from(backendConfigs)
        .where(and(eq(backendConfigs.name, name), eq(backendConfigs.enabled, true)))
        .limit(1)
    )[0] ?? null;
  // The row is cached, not the backend: each caller still gets its own instance (decision 043).
  const cache = configCacheFor(db);
  const row = cache ? await cache.get(`backend:${name}`, read) : await read();
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
 * resolveExamBackend for a caller that already read, in one statement of its own, the name of the
 * default backend (`readDefaultBackendName`'s query) and the enabled row named by the exam or that
 * default (null when none): the same answer, with no further query unless the name is unknown
 * (then getBackendByName reads the list it names in its error).
 */
export async function examBackendFromRow(
  db: DbOrTx,
  exam: { isProctored: boolean; backend: string | null },
  defaultName: string | null,
  row: BackendConfig | null,
): Promise<ProctoringBackend | null> {
  if (!exam.isProctored) return null;
  const name = exam.backend || (defaultName ?? "null");
  if (row && row.name === name && row.enabled) return instantiate(row);
  if (!row && name === "null") return createNullBackend({ name: "null", settings: {} });
  return getBackendByName(db, name);
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
