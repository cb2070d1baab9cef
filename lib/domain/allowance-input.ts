/**
 * The allowance request bodies (single, bulk, CSV import) as zod schemas, their limits and the
 * answers the dashboard reads: client-safe (zod and the domain only), so the forms validate with
 * the schemas the verbs parse with (decision 022). lib/services/allowance re-exports them.
 */
import { z } from "zod";
import { ADDITIONAL_TIME_GRANTED, normalizeAllowanceKey, REVIEW_POLICY_EXCEPTION, TIME_MULTIPLIER } from "./allowances";
import { MAX_INT32, REQUIRED, textField, typeError } from "./input";

/** A value as 3.8.1 stores it: a string. JSON numbers are taken as their text (§17.3: a 500 there). */
export const allowanceValueField = () =>
  z
    .union([z.string(), z.number().transform((n) => String(n))], { error: typeError("Not a valid string.") })
    .pipe(z.string().max(255, { error: "Ensure this field has no more than 255 characters." }));

export const AddAllowanceInput = z.object({
  exam_id: z.unknown().refine((v) => v !== undefined && v !== null && v !== "", { error: REQUIRED }),
  /** Username or e-mail; an integer is a user id. */
  user_info: z.union([textField(254), z.number().int()], { error: typeError("Enter a username, an e-mail address or a user id.") }),
  key: textField(255),
  value: allowanceValueField(),
});
export type AddAllowanceInput = z.input<typeof AddAllowanceInput>;

export const ALLOWANCE_ACTIONS = ["created", "updated", "unchanged"] as const;
export type AllowanceAction = (typeof ALLOWANCE_ACTIONS)[number];

export const BULK_ALLOWANCE_TYPES = [ADDITIONAL_TIME_GRANTED, REVIEW_POLICY_EXCEPTION, TIME_MULTIPLIER] as const;
export const MAX_BULK_EXAMS = 200;
export const MAX_BULK_USERS = 1000;
export const MAX_BULK_ALLOWANCES = 10_000;

/** Upstream's messages for its bulk modal (`{"detail", "field"}`), kept as the top of our 400s. */
export const BULK_USER_DETAIL = "Enter a valid username or email";
export const BULK_VALUE_DETAIL = "Enter a valid positive value number";

/** A comma-separated string (upstream's form) or a JSON array; blanks dropped. */
function listOf(value: unknown): unknown {
  if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter(Boolean);
  if (typeof value === "number") return [value];
  return value;
}

export const BulkAllowanceInput = z.object({
  exam_ids: z.preprocess(
    listOf,
    z
      .array(
        z.union([z.number(), z.string()]).transform((v, ctx) => {
          const n = typeof v === "number" ? v : /^\d+$/.test(v) ? Number(v) : NaN;
          if (!Number.isSafeInteger(n) || n < 1 || n > MAX_INT32) {
            ctx.addIssue({ code: "custom", message: `"${String(v)}" is not a valid exam id.` });
            return z.NEVER;
          }
          return n;
        }),
        { error: typeError("Send exam ids as a list or a comma-separated string.") },
      )
      .min(1, { error: "Select at least one exam." })
      .max(MAX_BULK_EXAMS, { error: `Select at most ${MAX_BULK_EXAMS} exams.` }),
  ),
  user_ids: z.preprocess(
    listOf,
    z
      .array(
        z.union([z.number().int(), z.string().trim().min(1).max(254)], { error: "Enter a username, an e-mail address or a user id." }),
        { error: typeError("Send learners as a list or a comma-separated string.") },
      )
      .min(1, { error: "Enter at least one username or e-mail address." })
      .max(MAX_BULK_USERS, { error: `Enter at most ${MAX_BULK_USERS} learners.` }),
  ),
  allowance_type: z
    .string({ error: typeError("Not a valid string.") })
    .transform(normalizeAllowanceKey)
    .refine((k) => (BULK_ALLOWANCE_TYPES as readonly string[]).includes(k), {
      error: `Choose one of: ${BULK_ALLOWANCE_TYPES.join(", ")}.`,
    }),
  value: allowanceValueField().refine((v) => v.trim() !== "", { error: "This field may not be blank." }),
});
export type BulkAllowanceInput = z.input<typeof BulkAllowanceInput>;

export interface BulkAllowanceResult {
  exam_id: number;
  user_id: number;
  username: string;
  key: string;
  value: string;
  action: AllowanceAction;
}


export const MAX_IMPORT_ROWS = 10_000;
/** Of the CSV text, in UTF-8 bytes. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export interface ImportRowResult {
  /** Line of the file where the row starts. */
  line: number;
  /** The row's cells as read (trimmed). */
  username_or_email: string;
  exam: string;
  type: string;
  value: string;
  ok: boolean;
  /** Every problem of the row (empty when ok). */
  problems: string[];
  user: { id: number; username: string; email: string } | null;
  exam_id: number | null;
  exam_name: string | null;
  /** The key and value to store (a time_multiplier is stored as this exam's extra minutes). */
  key: string | null;
  stored_value: string | null;
  /** The allowance's current value, or null when there is none. */
  previous_value: string | null;
  /** What writing the row does (dry run) or did (commit). */
  action: AllowanceAction | null;
  /** The exam's own time limit, and the learner's with the file's and the existing allowances (before a due date cuts it). */
  time_limit_mins: number | null;
  resulting_time_limit_mins: number | null;
}

export interface ImportResult {
  dry_run: boolean;
  /** True once the rows are written (never on a dry run). */
  committed: boolean;
  /** Send it back with the commit; null when some row has a problem (nothing can be imported). */
  preview_token: string | null;
  header: boolean;
  ignored_columns: string[];
  counts: { rows: number; ok: number; problems: number; created: number; updated: number; unchanged: number };
  rows: ImportRowResult[];
}
