import { inArray } from "drizzle-orm";
import { exams, type Exam, type User } from "@/db/schema";
import { validateAdditionalTimeValue, validateTimeMultiplierValue } from "@/lib/domain/time";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { issuesToErrors, summarizeErrors, type InputError } from "@/lib/domain/input";
import type { UserInfo } from "../user-lookup";
import { ADDITIONAL_TIME_GRANTED, findEnrolledUsersByInfo, requireCourseStaff, TIME_MULTIPLIER } from "./common";
import { allowanceToStore, inactiveExamDetail, upsertAllowanceInTx } from "./upsert";

/**
 * Bulk allowances (3.15.0, §20): one allowance type and value for many learners on many exams of
 * one course. Upstream adds what it can and answers 207 with the failures; ours is all or nothing:
 * every bad exam, learner or value is reported and nothing is written unless all are good.
 */

export {
  BULK_ALLOWANCE_TYPES,
  BULK_USER_DETAIL,
  BULK_VALUE_DETAIL,
  BulkAllowanceInput,
  MAX_BULK_ALLOWANCES,
  MAX_BULK_EXAMS,
  MAX_BULK_USERS,
  type BulkAllowanceResult,
} from "@/lib/domain/allowance-input";
import {
  BULK_USER_DETAIL,
  BULK_VALUE_DETAIL,
  BulkAllowanceInput,
  MAX_BULK_ALLOWANCES,
  type BulkAllowanceResult,
} from "@/lib/domain/allowance-input";

export interface BulkAllowanceError extends InputError {
  exam_id?: number;
  user_info?: UserInfo;
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
      if (!exam || exam.courseKey !== courseKey) {
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
