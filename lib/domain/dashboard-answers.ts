/**
 * The answers of the REST calls the instructor dashboard's actions make (saving allowances in
 * bulk, the CSV import and its dry run, a staff review decision), as zod schemas: the dashboard
 * parses each answer with them (components/dashboard/list/list-schemas.ts `answerSchemas`), so a
 * changed answer is a plain error in the browser instead of `undefined` in a table. Each schema is
 * typed with the interface the API's code returns, so the two cannot drift apart. `zod/mini`, as
 * the list schemas (lib/domain/dashboard-lists.ts, decision 026).
 */
import * as z from "zod/mini";
import { ALLOWANCE_ACTIONS, type BulkAllowanceResult, type ImportResult, type ImportRowResult } from "./allowance-input";
import { STAFF_REVIEW_DECISIONS, type StaffReviewResult } from "./reviews";
import { ATTEMPT_STATUSES } from "./statuses";

const int = () => z.number().check(z.int());
const count = () => z.number().check(z.int(), z.minimum(0));

const BulkAllowanceResultSchema: z.ZodMiniType<BulkAllowanceResult> = z.object({
  exam_id: int(),
  user_id: int(),
  username: z.string(),
  key: z.string(),
  value: z.string(),
  action: z.enum(ALLOWANCE_ACTIONS),
});

/** `POST …/proctored_exam/<course>/bulk_allowance`. */
export const BulkAllowanceSavedSchema = z.object({
  results: z.array(BulkAllowanceResultSchema),
  created: count(),
  updated: count(),
  unchanged: count(),
});
export type BulkAllowanceSaved = z.output<typeof BulkAllowanceSavedSchema>;

const ImportRowResultSchema: z.ZodMiniType<ImportRowResult> = z.object({
  line: int(),
  username_or_email: z.string(),
  exam: z.string(),
  type: z.string(),
  value: z.string(),
  ok: z.boolean(),
  problems: z.array(z.string()),
  user: z.nullable(z.object({ id: int(), username: z.string(), email: z.string() })),
  exam_id: z.nullable(int()),
  exam_name: z.nullable(z.string()),
  key: z.nullable(z.string()),
  stored_value: z.nullable(z.string()),
  previous_value: z.nullable(z.string()),
  action: z.nullable(z.enum(ALLOWANCE_ACTIONS)),
  time_limit_mins: z.nullable(z.number()),
  resulting_time_limit_mins: z.nullable(z.number()),
});

/** `POST …/allowance/import` (with `?dry_run=1`: the preview). */
export const AllowanceImportResultSchema: z.ZodMiniType<ImportResult> = z.object({
  dry_run: z.boolean(),
  committed: z.boolean(),
  preview_token: z.nullable(z.string()),
  header: z.boolean(),
  ignored_columns: z.array(z.string()),
  counts: z.object({ rows: count(), ok: count(), problems: count(), created: count(), updated: count(), unchanged: count() }),
  rows: z.array(ImportRowResultSchema),
});

/** `POST /api/instructor/<course>/reviews/<attempt>`: a staff review decision. */
export const StaffReviewResultSchema: z.ZodMiniType<StaffReviewResult> = z.object({
  attempt_id: int(),
  decision: z.enum(STAFF_REVIEW_DECISIONS),
  status: z.enum(ATTEMPT_STATUSES),
  changed: z.boolean(),
});
