import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { allowances, type Allowance, type Exam, type User } from "@/db/schema";
import {
  MAX_ADDITIONAL_MINUTES,
  timeMultiplierToAdditionalMinutes,
  validateAdditionalTimeValue,
  validateTimeMultiplierValue,
} from "@/lib/domain/time";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { examEvent } from "../exam/store";
import { parseInput } from "@/lib/domain/input";
import { recordAudit } from "../journal";
import {
  ADDITIONAL_TIME_GRANTED,
  archiveAllowance,
  examForAllowance,
  findEnrolledUserByInfo,
  normalizeAllowanceKey,
  requireCourseStaff,
  TIME_MULTIPLIER,
} from "./common";

export { AddAllowanceInput, allowanceValueField, type AllowanceAction } from "@/lib/domain/allowance-input";
import { AddAllowanceInput, type AllowanceAction } from "@/lib/domain/allowance-input";

/**
 * The stored key and value for a requested one, or the 3.8.1 message for a bad value (§2.5 step 2).
 * `time_multiplier` (§20) becomes this exam's additional minutes.
 */
export function allowanceToStore(exam: Exam, rawKey: string, value: string): { ok: true; key: string; value: string } | { ok: false; detail: string } {
  const key = normalizeAllowanceKey(rawKey);
  if (key === ADDITIONAL_TIME_GRANTED) {
    const check = validateAdditionalTimeValue(value);
    return check.ok ? { ok: true, key, value: String(check.value) } : check;
  }
  if (key === TIME_MULTIPLIER) {
    const check = validateTimeMultiplierValue(value);
    if (!check.ok) return check;
    const minutes = timeMultiplierToAdditionalMinutes(exam.timeLimitMins, check.value);
    // The minutes obey the additional-time limit too: a huge multiplier would otherwise be stored
    // as "6e+301", or overflow the attempt's 32-bit time limit when the learner starts.
    if (!Number.isSafeInteger(minutes) || minutes > MAX_ADDITIONAL_MINUTES) {
      return { ok: false, detail: `allowance_value "${value}" gives more than ${MAX_ADDITIONAL_MINUTES} additional minutes on exam_id=${exam.id}.` };
    }
    return { ok: true, key: ADDITIONAL_TIME_GRANTED, value: String(minutes) };
  }
  return { ok: true, key, value };
}

/** 3.8.1 gives this 400 an empty detail (§17.2); we say what is wrong. */
export function inactiveExamDetail(exam: Exam): string {
  return `Attempted to add an allowance to exam_id=${exam.id}, but this exam is not active.`;
}

/**
 * Inside the caller's transaction: insert or update the (exam, user, key) allowance, archiving the
 * old row first and writing the audit row (which is also §14.5's `allowance.created|updated`
 * event). A repeat with the same value writes nothing.
 */
export async function upsertAllowanceInTx(
  tx: DbOrTx,
  ctx: ServiceContext,
  exam: Exam,
  user: Pick<User, "id">,
  key: string,
  value: string,
): Promise<{ allowance: Allowance; action: AllowanceAction }> {
  // Insert-or-nothing first, so two concurrent adds cannot both try to insert.
  const [inserted] = await tx
    .insert(allowances)
    .values({ examId: exam.id, userId: user.id, key, value, created: ctx.now, modified: ctx.now })
    .onConflictDoNothing({ target: [allowances.userId, allowances.examId, allowances.key] })
    .returning();
  let allowance: Allowance;
  let action: AllowanceAction;
  let previous: string | null = null;
  if (inserted) {
    allowance = inserted;
    action = "created";
  } else {
    const [current] = await tx
      .select()
      .from(allowances)
      .where(and(eq(allowances.examId, exam.id), eq(allowances.userId, user.id), eq(allowances.key, key)))
      .for("update")
      .limit(1);
    if (!current) throw new Error(`upsertAllowance: allowance (${exam.id}, ${user.id}, ${key}) vanished`);
    if (current.value === value) return { allowance: current, action: "unchanged" };
    await archiveAllowance(tx, ctx, current);
    const [updated] = await tx
      .update(allowances)
      .set({ value, modified: ctx.now })
      .where(eq(allowances.id, current.id))
      .returning();
    if (!updated) throw new Error(`upsertAllowance: allowance ${current.id} vanished`);
    allowance = updated;
    action = "updated";
    previous = current.value;
  }
  await recordAudit(tx, ctx, {
    action: "allowance.upsert",
    entityType: "allowance",
    entityId: String(allowance.id),
    courseKey: exam.courseKey,
    subjectUserId: user.id,
    data: {
      ...examEvent(exam, `allowance.${action}`, {
        allowance_user_id: user.id,
        allowance_key: key,
        allowance_value: value,
      }),
      previous_value: previous,
    },
  });
  return { allowance, action };
}

/**
 * `add_allowance_for_user` (§2.5, §8.14): course staff of the exam's course (or an admin) sets one
 * allowance. Checks in 3.8.1's order: the exam (for the staff check), the value, the user, the
 * exam being active.
 */
export async function addOrUpdateAllowance(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ allowance: Allowance; action: AllowanceAction }> {
  const raw = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  return ctx.db.transaction(async (tx) => {
    // The staff check needs the exam, and comes before anything else is said about the body.
    const hasExamId = raw.exam_id !== undefined && raw.exam_id !== null && raw.exam_id !== "";
    const exam = hasExamId ? await examForAllowance(tx, raw.exam_id) : null;
    if (exam) requireCourseStaff(ctx, exam.courseKey);
    const data = parseInput(AddAllowanceInput, raw, "Invalid allowance");
    if (!exam) throw new Error("addOrUpdateAllowance: exam_id passed validation without an exam");
    const stored = allowanceToStore(exam, data.key, data.value);
    if (!stored.ok) {
      throw new ServiceError("VALIDATION", stored.detail, { extra: { errors: [{ field: "value", message: stored.detail }] } });
    }
    const user = await findEnrolledUserByInfo(tx, exam.courseKey, data.user_info);
    if (!user) throw new ServiceError("NOT_FOUND", `Cannot find user against ${String(data.user_info)}`, { status: 400 });
    if (!exam.isActive) throw new ServiceError("VALIDATION", inactiveExamDetail(exam));
    return upsertAllowanceInTx(tx, ctx, exam, user, stored.key, stored.value);
  });
}
