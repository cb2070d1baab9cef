import { and, count, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, backendConfigs, exams, type BackendConfig } from "@/db/schema";
import { isVendorError } from "@/lib/backends/errors";
import { decryptBackendSecrets } from "@/lib/backends/registry";
import { RestVendorClient } from "@/lib/backends/rest/client";
import { RestSettings } from "@/lib/backends/rest/settings";
import { SoftwareSecureSettings } from "@/lib/backends/software-secure/settings";
import type { ConnectionTestResult } from "@/lib/domain/backend-admin";
import { ServiceError } from "@/lib/domain/errors";
import { dropLocalConfigCache, notifyConfigChanged } from "@/lib/data/config-cache";
import type { TokenAuditMeta } from "./tokens";

/**
 * The admin console's verbs on proctoring backends beyond configure (lib/services/backend-configs.ts,
 * shared with the CLI): choose the default, enable or disable, delete an unused one, and try the
 * connection to the vendor. Each change is one transaction with its audit row.
 */

function audit(meta: TokenAuditMeta) {
  return {
    actorKind: meta.actorKind ?? "system",
    actorUserId: meta.actorUserId ?? null,
    source: meta.source ?? "system",
    requestId: meta.requestId ?? null,
  } as const;
}

async function lockBackend(tx: Pick<Db, "select">, name: string): Promise<BackendConfig> {
  const [row] = await tx.select().from(backendConfigs).where(eq(backendConfigs.name, name)).for("update").limit(1);
  if (!row) throw new ServiceError("NOT_FOUND", `No proctoring backend named '${name}'.`);
  return row;
}

/** How many exams name this backend (proctored or not: the name stays on the exam either way). */
export async function examsUsingBackend(db: Pick<Db, "select">, name: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(exams).where(eq(exams.backend, name));
  return row?.n ?? 0;
}

/**
 * Makes `name` the default backend (PROCTORING_BACKENDS['DEFAULT']): the one exams without their
 * own use. Exactly one default at a time (a unique partial index keeps it so); a disabled backend
 * cannot be the default, since exams would silently fall back to the null backend.
 */
export async function setDefaultBackend(db: Db, name: string, meta: TokenAuditMeta = {}): Promise<BackendConfig> {
  const result = await db.transaction(async (tx) => {
    const row = await lockBackend(tx, name);
    if (!row.enabled) throw new ServiceError("CONFLICT", `'${name}' is disabled: enable it before making it the default.`);
    if (row.isDefault) return row;
    const [previous] = await tx
      .update(backendConfigs)
      .set({ isDefault: false })
      .where(and(eq(backendConfigs.isDefault, true), ne(backendConfigs.id, row.id)))
      .returning({ name: backendConfigs.name });
    const [updated] = await tx.update(backendConfigs).set({ isDefault: true }).where(eq(backendConfigs.id, row.id)).returning();
    await tx.insert(auditLog).values({
      ...audit(meta),
      action: "backend_config.set_default",
      entityType: "backend_config",
      entityId: String(row.id),
      data: { name, before: previous?.name ?? null, after: name },
    });
    // Every instance's cached default and rows go (decision 043), on commit only.
    await notifyConfigChanged(tx, "backend_configs");
    return updated!;
  });
  dropLocalConfigCache(db);
  return result;
}

/**
 * Enables or disables a backend. Disabling keeps its exams and attempts (they cannot register new
 * attempts until it is enabled again); the default cannot be disabled: choose another default first.
 */
export async function setBackendEnabled(db: Db, name: string, enabled: boolean, meta: TokenAuditMeta = {}): Promise<BackendConfig> {
  const result = await db.transaction(async (tx) => {
    const row = await lockBackend(tx, name);
    if (row.enabled === enabled) return row;
    if (!enabled && row.isDefault) {
      throw new ServiceError("CONFLICT", `'${name}' is the default backend: make another backend the default before disabling it.`);
    }
    const [updated] = await tx.update(backendConfigs).set({ enabled }).where(eq(backendConfigs.id, row.id)).returning();
    await tx.insert(auditLog).values({
      ...audit(meta),
      action: enabled ? "backend_config.enable" : "backend_config.disable",
      entityType: "backend_config",
      entityId: String(row.id),
      data: { name, before: { enabled: row.enabled }, after: { enabled } },
    });
    await notifyConfigChanged(tx, "backend_configs");
    return updated!;
  });
  dropLocalConfigCache(db);
  return result;
}

/**
 * Deletes a backend that nothing uses. One named by exams is refused (their attempts, reviews and
 * the vendor's callbacks refer to it): disable it instead. The default is refused too.
 */
export async function deleteBackend(db: Db, name: string, meta: TokenAuditMeta = {}): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockBackend(tx, name);
    if (row.isDefault) throw new ServiceError("CONFLICT", `'${name}' is the default backend: make another backend the default first.`);
    const used = await examsUsingBackend(tx, name);
    if (used > 0) {
      throw new ServiceError("CONFLICT", `'${name}' is used by ${used} exam${used === 1 ? "" : "s"}, so it cannot be deleted; disable it instead.`);
    }
    await tx.delete(backendConfigs).where(eq(backendConfigs.id, row.id));
    await tx.insert(auditLog).values({
      ...audit(meta),
      action: "backend_config.delete",
      entityType: "backend_config",
      entityId: String(row.id),
      // The settings' names, never a secret.
      data: { name, before: { kind: row.kind, verbose_name: row.verboseName, enabled: row.enabled, settings: Object.keys(row.settings).sort() }, after: null },
    });
    await notifyConfigChanged(tx, "backend_configs");
  });
  dropLocalConfigCache(db);
}

/** How long "test connection" waits for the vendor at each step. */
export const CONNECTION_TEST_TIMEOUT_MS = 5_000;

/**
 * Tries the vendor with the stored configuration, as the learner pages would: a REST vendor's OAuth
 * token endpoint with the client credentials, then its configuration with that token; an RPNow
 * registration endpoint is only checked for an answer (a registration is its only authenticated
 * call, and would create an exam session). Never throws for the vendor's sake: the answer says what
 * happened in plain words, and never contains a secret.
 */
export async function testBackendConnection(db: Db, name: string, now: Date = new Date()): Promise<ConnectionTestResult> {
  const [row] = await db.select().from(backendConfigs).where(eq(backendConfigs.name, name)).limit(1);
  if (!row) throw new ServiceError("NOT_FOUND", `No proctoring backend named '${name}'.`);
  const started = Date.now();
  const took = () => Date.now() - started;
  const checkedAt = now.toISOString();
  if (row.kind === "mock" || row.kind === "null") {
    return { ok: true, checkedAt, durationMs: 0, summary: `A ${row.kind} backend calls no vendor: there is nothing to test.` };
  }
  let secrets: Record<string, unknown>;
  try {
    secrets = decryptBackendSecrets(row.secretsEncrypted);
  } catch {
    return { ok: false, checkedAt, durationMs: 0, summary: "The stored secrets cannot be decrypted with the current INVIGIL_SECRET_KEY: enter them again." };
  }
  if (row.kind === "rest") {
    const settings = RestSettings.safeParse(row.settings);
    if (!settings.success) return { ok: false, checkedAt, durationMs: 0, summary: "The settings are not valid: fix them and save first." };
    const clientSecret = typeof secrets.client_secret === "string" ? secrets.client_secret : "";
    if (!clientSecret) return { ok: false, checkedAt, durationMs: 0, summary: "No client_secret is set: set it and save first." };
    const client = new RestVendorClient({
      name: row.name,
      label: row.verboseName || row.name,
      baseUrl: settings.data.base_url,
      clientId: settings.data.client_id,
      clientSecret,
      timeoutMs: CONNECTION_TEST_TIMEOUT_MS,
    });
    try {
      const { configStatus } = await client.checkConnection(CONNECTION_TEST_TIMEOUT_MS);
      if (configStatus >= 200 && configStatus < 300) {
        return { ok: true, checkedAt, durationMs: took(), summary: `The vendor issued a token for client ${settings.data.client_id} and answered its configuration (HTTP ${configStatus}).` };
      }
      return { ok: false, checkedAt, durationMs: took(), summary: `The vendor issued a token but answered the configuration read with HTTP ${configStatus}.` };
    } catch (error) {
      return { ok: false, checkedAt, durationMs: took(), summary: vendorMessage(error) };
    }
  }
  if (row.kind === "software_secure") {
    const settings = SoftwareSecureSettings.safeParse(row.settings);
    if (!settings.success) return { ok: false, checkedAt, durationMs: 0, summary: "The settings are not valid: fix them and save first." };
    try {
      const res = await fetch(settings.data.exam_register_endpoint, { method: "GET", redirect: "manual", signal: AbortSignal.timeout(CONNECTION_TEST_TIMEOUT_MS) });
      await res.arrayBuffer().catch(() => undefined);
      const missing = ["secret_key_id", "secret_key", "crypto_key"].filter((k) => typeof secrets[k] !== "string" || secrets[k] === "");
      const keys = missing.length > 0 ? ` Not set: ${missing.join(", ")}.` : " The keys are checked by RPNow only when a learner registers.";
      return {
        ok: res.status < 500 && missing.length === 0,
        checkedAt,
        durationMs: took(),
        summary: `The registration endpoint answered (HTTP ${res.status}).${keys}`,
      };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      return {
        ok: false,
        checkedAt,
        durationMs: took(),
        summary: timedOut ? `The registration endpoint did not answer within ${CONNECTION_TEST_TIMEOUT_MS / 1000} s.` : "The registration endpoint could not be reached.",
      };
    }
  }
  return { ok: false, checkedAt, durationMs: 0, summary: `This build cannot test a '${row.kind}' backend.` };
}

/** The vendor errors' messages name the vendor and the step, never a credential. */
function vendorMessage(error: unknown): string {
  if (isVendorError(error)) return error.message;
  return "The vendor could not be reached.";
}
