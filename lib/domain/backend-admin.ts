import { z } from "zod";

/**
 * The admin console's proctoring backend forms, shared by the browser (react-hook-form) and the
 * server actions. The rules of each kind's settings live with the backends (lib/backends/*\/settings.ts)
 * and are applied by the same verb as the CLI's configure-backend; this only shapes the form.
 */

export const BACKEND_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** What the form does with one secret: it never holds the stored value, only what to do with it. */
export const SecretChangeSchema = z
  .object({
    name: z.string().min(1).max(64),
    action: z.enum(["keep", "replace", "clear"]),
    value: z.string().max(4096, "At most 4096 characters."),
  })
  .superRefine((v, ctx) => {
    if (v.action === "replace" && v.value.trim() === "") ctx.addIssue({ code: "custom", path: ["value"], message: "Enter the new secret, or keep the stored one." });
  });
export type SecretChange = z.input<typeof SecretChangeSchema>;

export const BackendFormSchema = z.object({
  name: z.string().trim().regex(BACKEND_NAME_PATTERN, "Use lower-case letters, digits, - and _ (at most 63), starting with a letter or digit."),
  kind: z.string().trim().min(1, "Choose a kind."),
  verboseName: z.string().trim().min(1, "Give it a name learners and staff see.").max(255, "At most 255 characters."),
  enabled: z.boolean(),
  /** The non-secret settings as a JSON object; the verb checks them against the kind's rules. */
  settingsJson: z.string().superRefine((v, ctx) => {
    if (v.trim() === "") return;
    try {
      const parsed: unknown = JSON.parse(v);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) ctx.addIssue({ code: "custom", message: "Settings must be a JSON object, e.g. {\"base_url\": \"https://…\"}." });
    } catch {
      ctx.addIssue({ code: "custom", message: "This is not valid JSON." });
    }
  }),
  secrets: z.array(SecretChangeSchema),
});
export type BackendFormValues = z.input<typeof BackendFormSchema>;

/** The settings object of a valid form ({} for an empty box). */
export function formSettings(values: { settingsJson: string }): Record<string, unknown> {
  return values.settingsJson.trim() === "" ? {} : (JSON.parse(values.settingsJson) as Record<string, unknown>);
}

/** The verb's `secrets` argument: replaced ones with their value, cleared ones null, kept ones absent. */
export function formSecrets(values: { secrets: readonly SecretChange[] }): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const s of values.secrets) {
    if (s.action === "replace") out[s.name] = s.value;
    else if (s.action === "clear") out[s.name] = null;
  }
  return out;
}

/** What the console knows of a stored secret: whether it is set and since when, never its value. */
export interface SecretState {
  name: string;
  set: boolean;
  /** ISO instant it was last set; null when set before dates were kept, or not set. */
  setAt: string | null;
}

/** The console's read models of backends (lib/queries/admin-backends.ts builds them). */
export interface AdminBackendRow {
  name: string;
  kind: string;
  verboseName: string;
  enabled: boolean;
  isDefault: boolean;
  examCount: number;
  modified: string;
}

export interface AdminBackendDetail extends AdminBackendRow {
  settings: Record<string, unknown>;
  secrets: SecretState[];
  /** True when the stored secrets no longer decrypt (INVIGIL_SECRET_KEY changed). */
  secretsUnreadable: boolean;
}

export interface AdminVendorClientRow {
  clientId: string;
  name: string;
  created: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Plain words: what was tried and what the vendor answered. Never a secret. */
  summary: string;
  checkedAt: string;
  durationMs: number;
}

export type BackendSaveResult = { ok: true; name: string; created: boolean } | { ok: false; detail: string; fieldErrors: Record<string, string> };
export type BackendActionResult = { ok: true } | { ok: false; detail: string };
export type ConnectionTestActionResult = { ok: true; result: ConnectionTestResult } | { ok: false; detail: string };
export type VendorClientCreateResult = { ok: true; clientId: string; clientSecret: string; name: string } | { ok: false; detail: string; fieldErrors: Record<string, string> };

export const VendorClientFormSchema = z.object({
  name: z.string().trim().min(1, "Give the client a name (e.g. the vendor's).").max(255, "At most 255 characters."),
});
export type VendorClientFormValues = z.input<typeof VendorClientFormSchema>;
