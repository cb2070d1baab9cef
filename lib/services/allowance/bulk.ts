import { inArray } from "drizzle-orm";
import { z } from "zod";
import { exams, type Exam, type User } from "@/db/schema";
import { validateAdditionalTimeValue, validateTimeMultiplierValue } from "@/lib/domain/time";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { issuesToErrors, MAX_INT32, summarizeErrors, typeError, type InputError } from "../input";
import type { UserInfo } from "../user-lookup";
import {
  ADDITIONAL_TIME_GRANTED,
  findEnrolledUsersByInfo,
  normalizeAllowanceKey,
  requireCourseStaff,
  REVIEW_POLICY_EXCEPTION,
  TIME_MULTIPLIER,
} from "./common";
import { allowanceToStore, allowanceValueField, inactiveExamDetail, upsertAllowanceInTx, type AllowanceAction } from "./upsert";

/**
 * Bulk allowances (3.15.0, §20): one allowance type and value for many learners on many exams of
 * one course. Upstream adds what it can and answers 207 with the failures; ours is all or nothing:
 * every bad exam, learner or value is reported and nothing is written unless all are good.
 */

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

export interface BulkAllowanceError extends InputError {
  exam_id?: number;
  user_info?: UserInfo;
}

export interface BulkAllowanceResult {
  exam_id: number;
  user_id: number;
  username: string;
  key: string;
  value: string;
  action: AllowanceAction;
}

function reject(detail: string, field: string, errors: BulkAllowanceError[]): ServiceError {
  return new ServiceError("VALIDATION", detail, { extra: { field, errors } });
}

/**
 * `add_bulk_allowances` (§20) for the course in the path. Returns one result per (exam, learner)
 * pair, in exam then learner order.
 */
export async function bulkAddAllowances(
  ctx: ServiceContext,
  courseKey: string,
  input: unknown,
): Promise<{ results: BulkAllowanceResult[]; created: number; updated: number; unchanged: number }> {
  requireCourseStaff(ctx, courseKey);
  const parsed = BulkAllowanceInput.safeParse(input ?? {});
  if (!parsed.success) {
    const errors = issuesToErrors(parsed.error.issues);
    const valueProblem = errors.some((e) => e.field === "value");
    const userProblem = errors.some((e) => e.field.startsWith("user_ids"));
    throw reject(
      valueProblem ? BULK_VALUE_DETAIL : userProblem ? BULK_USER_DETAIL : summarizeErrors(errors, "Invalid bulk allowance"),
      valueProblem ? "allowance_value" : userProblem ? "user_info" : errors[0]?.field ?? "non_field_errors",
      errors,
    );
  }
  const data = parsed.data;
  const examIds = [...new Set(data.exam_ids)];
  const userInfos = [...new Set(data.user_ids)];
  if (examIds.length * userInfos.length > MAX_BULK_ALLOWANCES) {
    throw reject(
      `At most ${MAX_BULK_ALLOWANCES} allowances per request (${examIds.length} exams x ${userInfos.length} learners).`,
      "non_field_errors",
      [{ field: "non_field_errors", message: `At most ${MAX_BULK_ALLOWANCES} allowances per request.` }],
    );
  }

  return ctx.db.transaction(async (tx) => {
    const errors: BulkAllowanceError[] = [];

    // The value, per exam (a multiplier becomes minutes of each exam's own limit).
    const rows = await tx.select().from(exams).where(inArray(exams.id, examIds));
    const byId = new Map(rows.map((e) => [e.id, e]));
    const targets: { exam: Exam; key: string; value: string }[] = [];
    // The value is checked once, whatever the exams turn out to be.
    const valueCheck =
      data.allowance_type === ADDITIONAL_TIME_GRANTED
        ? validateAdditionalTimeValue(data.value)
        : data.allowance_type === TIME_MULTIPLIER
          ? validateTimeMultiplierValue(data.value)
          : { ok: true as const };
    let valueError: string | null = valueCheck.ok ? null : valueCheck.detail;
    for (const id of examIds) {
      const exam = byId.get(id);
      if (!exam || exam.courseId !== courseKey) {
        errors.push({ exam_id: id, field: "exam_ids", message: `Attempted to get exam_id=${id}, but this exam does not exist in course_id=${courseKey}.` });
        continue;
      }
      if (!exam.isActive) {
        errors.push({ exam_id: id, field: "exam_ids", message: inactiveExamDetail(exam) });
        continue;
      }
      const stored = allowanceToStore(exam, data.allowance_type, data.value);
      if (!stored.ok) {
        valueError ??= stored.detail;
        continue;
      }
      targets.push({ exam, key: stored.key, value: stored.value });
    }
    if (valueError) errors.unshift({ field: "value", message: valueError });

    const found = await findEnrolledUsersByInfo(tx, courseKey, userInfos);
    const learners: User[] = [];
    const seen = new Set<number>();
    for (const info of userInfos) {
      const user = found.get(info);
      if (!user) {
        errors.push({ user_info: info, field: "user_ids", message: `Cannot find user against ${String(info)}` });
        continue;
      }
      if (!seen.has(user.id)) {
        seen.add(user.id);
        learners.push(user);
      }
    }

    if (errors.length > 0) {
      if (valueError) throw reject(BULK_VALUE_DETAIL, "allowance_value", errors);
      if (errors.some((e) => e.field === "user_ids")) throw reject(BULK_USER_DETAIL, "user_info", errors);
      throw reject(errors[0]!.message, "exam_ids", errors);
    }

    const results: BulkAllowanceResult[] = [];
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const target of targets) {
      for (const user of learners) {
        const { allowance, action } = await upsertAllowanceInTx(tx, ctx, target.exam, user, target.key, target.value);
        counts[action] += 1;
        results.push({ exam_id: target.exam.id, user_id: user.id, username: user.username, key: allowance.key, value: allowance.value, action });
      }
    }
    return { results, ...counts };
  });
}
