import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { auditLog, backendConfigs, type BackendConfig } from "@/db/schema";
import { decryptBackendSecrets } from "@/lib/backends/registry";
import { REST_SECRET_NAMES, RestSettings, firstIssue } from "@/lib/backends/rest/settings";
import { SOFTWARE_SECURE_SECRET_NAMES, SoftwareSecureSettings } from "@/lib/backends/software-secure/settings";
import { encryptSecret } from "@/lib/crypto/secrets";
import { ServiceError } from "@/lib/domain/errors";
import { parseInput } from "@/lib/domain/input";
import { dropLocalConfigCache, notifyConfigChanged } from "@/lib/data/config-cache";
import type { TokenAuditMeta } from "./tokens";

/**
 * Per kind: how its settings are checked, which secrets it takes, and which it cannot run
 * without. Adding a kind is adding an entry here (and its factory in lib/backends/registry.ts).
 */
interface KindRules {
  settings: z.ZodType<Record<string, unknown>>;
  secretNames: readonly string[];
  requiredSecrets: readonly string[];
}

const anySettings = z.record(z.string(), z.unknown());

export const BACKEND_KIND_RULES = {
  mock: { settings: anySettings, secretNames: [], requiredSecrets: [] },
  null: { settings: anySettings, secretNames: [], requiredSecrets: [] },
  rest: { settings: RestSettings, secretNames: REST_SECRET_NAMES, requiredSecrets: REST_SECRET_NAMES },
  software_secure: {
    settings: SoftwareSecureSettings,
    secretNames: SOFTWARE_SECURE_SECRET_NAMES,
    requiredSecrets: SOFTWARE_SECURE_SECRET_NAMES,
  },
} as const satisfies Record<string, KindRules>;

/** The backend kinds that can be configured. */
export const CONFIGURABLE_BACKEND_KINDS = Object.keys(BACKEND_KIND_RULES) as [keyof typeof BACKEND_KIND_RULES, ...(keyof typeof BACKEND_KIND_RULES)[]];

export const ConfigureBackendInput = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "use lower-case letters, digits, - and _ (at most 63)"),
  kind: z.enum(CONFIGURABLE_BACKEND_KINDS, { error: `choose one of: ${CONFIGURABLE_BACKEND_KINDS.join(", ")}` }),
  verboseName: z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
  /** Non-secret options (base_url, ping_interval, review_delay_seconds, ...). Secrets never go here. */
  settings: z.record(z.string(), z.unknown()).default({}),
  /**
   * Write-only secrets (client_secret ...): each key given is set or replaced, `null` removes it,
   * keys not given stay as they are. Stored encrypted; never read back.
   */
  secrets: z.record(z.string(), z.string().min(1, "must not be empty").max(4096).nullable()).default({}),
  enabled: z.boolean().default(true),
});
export type ConfigureBackendInput = z.input<typeof ConfigureBackendInput>;

function validationError(field: string, message: string): ServiceError {
  return new ServiceError("VALIDATION", `Invalid backend configuration: ${field}: ${message}`, { fields: { [field]: [message] } });
}

/**
 * Creates or updates a proctoring backend configuration by name (operators: the CLI; the settings
 * page later). Never touches which backend is the default. One audit row per call, listing the
 * setting names and the names of the secrets changed (never a value).
 */
export async function configureBackend(
  db: DbOrTx,
  input: ConfigureBackendInput,
  meta: TokenAuditMeta = {},
): Promise<{ row: BackendConfig; created: boolean }> {
  const data = parseInput(ConfigureBackendInput, input);
  const rules: KindRules = BACKEND_KIND_RULES[data.kind];
  const settings = rules.settings.safeParse(data.settings);
  if (!settings.success) throw validationError("settings", firstIssue(settings.error));
  const unknownSecrets = Object.keys(data.secrets).filter((k) => !rules.secretNames.includes(k));
  if (unknownSecrets.length > 0) {
    const allowed = rules.secretNames.length > 0 ? `; it takes: ${rules.secretNames.join(", ")}` : "";
    throw validationError("secrets", `a ${data.kind} backend has no secret named ${unknownSecrets.join(", ")}${allowed}`);
  }

  const result = await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(backendConfigs).where(eq(backendConfigs.name, data.name)).for("update").limit(1);
    let stored: Record<string, unknown> = {};
    if (existing?.secretsEncrypted && existing.kind === data.kind) {
      try {
        stored = decryptBackendSecrets(existing.secretsEncrypted);
      } catch {
        // Secrets stored under an older INVIGIL_SECRET_KEY: replacing all of them is the way out.
        if (rules.requiredSecrets.some((k) => typeof data.secrets[k] !== "string")) {
          throw validationError("secrets", "the stored secrets cannot be decrypted with the current INVIGIL_SECRET_KEY; send them all again");
        }
      }
    }
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries(stored)) if (typeof v === "string" && rules.secretNames.includes(k)) merged[k] = v;
    for (const [k, v] of Object.entries(data.secrets)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    const missing = rules.requiredSecrets.filter((k) => !merged[k]);
    if (missing.length > 0) throw validationError("secrets", `a ${data.kind} backend needs ${missing.join(", ")}`);

    // When each secret was set: kept for secrets that stay, now for those given, gone for those
    // removed; all reset when the kind changes (its secrets are different ones).
    const setAt: Record<string, string> = {};
    const nowIso = (meta.now ?? new Date()).toISOString();
    if (existing && existing.kind === data.kind) {
      for (const [k, v] of Object.entries(existing.secretsSetAt ?? {})) if (merged[k] && typeof v === "string") setAt[k] = v;
    }
    // A secret stored before dates were kept has none: the console says "set", not a made-up date.
    for (const [k, v] of Object.entries(data.secrets)) if (v !== null) setAt[k] = nowIso;

    const values = {
      kind: data.kind,
      secretsSetAt: setAt,
      verboseName: data.verboseName,
      settings: settings.data,
      enabled: data.enabled,
      // Unchanged secrets keep their stored text (no needless re-encryption, a stable row).
      secretsEncrypted:
        Object.keys(data.secrets).length === 0 && existing?.kind === data.kind
          ? existing.secretsEncrypted
          : Object.keys(merged).length > 0
            ? encryptSecret(JSON.stringify(merged))
            : null,
    };
    const [row] = existing
      ? await tx.update(backendConfigs).set(values).where(eq(backendConfigs.id, existing.id)).returning()
      : await tx.insert(backendConfigs).values({ name: data.name, ...values, isDefault: false }).returning();
    await tx.insert(auditLog).values({
      actorKind: meta.actorKind ?? "system",
      actorUserId: meta.actorUserId ?? null,
      action: existing ? "backend_config.update" : "backend_config.create",
      entityType: "backend_config",
      entityId: String(row!.id),
      source: meta.source ?? "system",
      requestId: meta.requestId ?? null,
      data: {
        name: data.name,
        kind: data.kind,
        settings: Object.keys(settings.data).sort(),
        enabled: data.enabled,
        ...(Object.keys(data.secrets).length > 0 ? { secrets_changed: Object.keys(data.secrets).sort() } : {}),
      },
    });
    await notifyConfigChanged(tx, "backend_configs");
    return { row: row!, created: !existing };
  });
  dropLocalConfigCache(db);
  return result;
}
