import { z } from "zod";

/**
 * API token rules that the browser needs too (the admin console's form): the scopes the app knows
 * and the shape of the create form. The verbs are in lib/services/tokens.ts.
 */

export const API_TOKEN_SCOPES = ["lms:sync", "lms:act-as-user", "vendor:callbacks", "admin:api", "metrics:read"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** The longest lifetime the console offers, in days (ten years). */
export const MAX_TOKEN_EXPIRY_DAYS = 3650;

/** The admin console's create form: the same rules as the CLI's create-token. */
export const AdminTokenFormSchema = z
  .object({
    name: z.string().trim().min(1, "Give the token a name.").max(255, "At most 255 characters."),
    scopes: z
      .array(z.enum(API_TOKEN_SCOPES, { error: "Unknown scope." }))
      .min(1, "Choose at least one scope."),
    backendName: z.string().trim().max(255, "At most 255 characters."),
    /** Empty: the token never expires. */
    expiresDays: z
      .string()
      .trim()
      .refine((v) => v === "" || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_TOKEN_EXPIRY_DAYS), {
        message: `A whole number of days from 1 to ${MAX_TOKEN_EXPIRY_DAYS}, or empty for no expiry.`,
      }),
  })
  .superRefine((v, ctx) => {
    if (v.scopes.includes("vendor:callbacks") && !v.backendName) {
      ctx.addIssue({ code: "custom", path: ["backendName"], message: "A vendor:callbacks token acts for one backend: name it." });
    }
  });
export type AdminTokenFormValues = z.input<typeof AdminTokenFormSchema>;

/** The expiry date for `expiresDays` counted from `now`, or null for none. */
export function tokenExpiryFromDays(expiresDays: string, now: Date): Date | null {
  const days = expiresDays.trim();
  return days === "" ? null : new Date(now.getTime() + Number(days) * 86_400_000);
}

/** What the console's create action answers: the secret, once, or why nothing was created. */
export type CreateTokenResult =
  | { ok: true; token: string; name: string }
  | { ok: false; detail: string; fieldErrors: Record<string, string> };
export type RevokeTokenResult = { ok: true } | { ok: false; detail: string };
