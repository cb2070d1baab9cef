import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { allowances, type Allowance } from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { examEvent } from "../exam/store";
import { MAX_INT32, parseInput, REQUIRED, textField, typeError } from "@/lib/domain/input";
import { recordAudit } from "../journal";
import { findUserByInfo } from "../user-lookup";
import { archiveAllowance, examForAllowance, normalizeAllowanceKey, requireCourseStaff } from "./common";

export const RemoveAllowanceInput = z.object({
  exam_id: z.unknown().refine((v) => v !== undefined && v !== null && v !== "", { error: REQUIRED }),
  /** A user id (digits); a username or e-mail is also taken. */
  user_id: z.union([z.number().int().min(1).max(MAX_INT32), textField(254)], { error: typeError("A valid integer is required.") }),
  key: textField(255),
});
export type RemoveAllowanceInput = z.input<typeof RemoveAllowanceInput>;

/**
 * `remove_allowance_for_user` (§2.5, §8.15): deletes the (exam, user, key) allowance after
 * archiving it; nothing matching is not an error. Allowed on inactive exams. Returns the removed
 * row, or null.
 */
export async function removeAllowance(ctx: ServiceContext, input: unknown): Promise<Allowance | null> {
  const raw = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
  return ctx.db.transaction(async (tx) => {
    const hasExamId = raw.exam_id !== undefined && raw.exam_id !== null && raw.exam_id !== "";
    const exam = hasExamId ? await examForAllowance(tx, raw.exam_id) : null;
    if (exam) requireCourseStaff(ctx, exam.courseKey);
    const data = parseInput(RemoveAllowanceInput, raw, "Invalid allowance");
    if (!exam) throw new Error("removeAllowance: exam_id passed validation without an exam");
    // user_id is an id; digits in a string are an id too (form bodies), anything else a username or e-mail.
    const info = typeof data.user_id === "string" && /^\d+$/.test(data.user_id) ? Number(data.user_id) : data.user_id;
    const user = await findUserByInfo(tx, info);
    if (!user) return null;
    const key = normalizeAllowanceKey(data.key);
    const [current] = await tx
      .select()
      .from(allowances)
      .where(and(eq(allowances.examId, exam.id), eq(allowances.userId, user.id), eq(allowances.key, key)))
      .for("update")
      .limit(1);
    if (!current) return null;
    await archiveAllowance(tx, ctx, current);
    await tx.delete(allowances).where(eq(allowances.id, current.id));
    await recordAudit(tx, ctx, {
      action: "allowance.delete",
      entityType: "allowance",
      entityId: String(current.id),
      courseKey: exam.courseKey,
      subjectUserId: user.id,
      data: examEvent(exam, "allowance.deleted", {
        allowance_user_id: user.id,
        allowance_key: current.key,
        allowance_value: current.value,
      }),
    });
    return current;
  });
}
