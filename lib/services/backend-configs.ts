import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { auditLog, backendConfigs, type BackendConfig } from "@/db/schema";
import { parseInput } from "./input";
import type { TokenAuditMeta } from "./tokens";

/** The backend kinds Invigil can run today (rest arrives with its backend module). */
export const CONFIGURABLE_BACKEND_KINDS = ["mock", "null", "software_secure"] as const;

export const ConfigureBackendInput = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "use lower-case letters, digits, - and _ (at most 63)"),
  kind: z.enum(CONFIGURABLE_BACKEND_KINDS, { error: `choose one of: ${CONFIGURABLE_BACKEND_KINDS.join(", ")}` }),
  verboseName: z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
  /** Non-secret options (ping_interval, review_delay_seconds, ...). Secrets never go here. */
  settings: z.record(z.string(), z.unknown()).default({}),
  enabled: z.boolean().default(true),
});
export type ConfigureBackendInput = z.input<typeof ConfigureBackendInput>;

/**
 * Creates or updates a proctoring backend configuration by name (operators: the CLI; the settings
 * page later). Never touches which backend is the default. One audit row per call, listing the
 * setting names (not their values).
 */
export async function configureBackend(
  db: DbOrTx,
  input: ConfigureBackendInput,
  meta: TokenAuditMeta = {},
): Promise<{ row: BackendConfig; created: boolean }> {
  const data = parseInput(ConfigureBackendInput, input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(backendConfigs).where(eq(backendConfigs.name, data.name)).for("update").limit(1);
    const values = { kind: data.kind, verboseName: data.verboseName, settings: data.settings, enabled: data.enabled };
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
      data: { name: data.name, kind: data.kind, settings: Object.keys(data.settings).sort(), enabled: data.enabled },
    });
    return { row: row!, created: !existing };
  });
}
