import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import {
  CREDIT_REQUIREMENT_STATUSES,
  VERIFICATION_STATUSES,
  creditRequirementStatuses,
  creditRequirements,
  users,
  type CreditRequirementRow,
} from "@/db/schema";
import type { ServiceContext } from "@/lib/data/context";
import { integerField, nullableDatetimeField, parseBatch, textField, typeError, type InputError } from "@/lib/domain/input";
import { Username } from "../users";
import {
  auditBatch,
  duplicateErrors,
  rejectBatch,
  requireCourse,
  requireSyncCaller,
  sameTime,
  summarize,
  syncCourseLearners,
  usersByUsername,
  type SyncItemResult,
  type SyncResult,
} from "./common";

/*
 * Credit eligibility from the LMS (§12.3; docs/decisions/031-credit-eligibility.md): the
 * course's credit requirements in order, each learner's status of each requirement, and each
 * learner's identity verification. Same rules as every sync verb (lib/services/sync/common.ts).
 */

const usernameField = () => z.string({ error: typeError("Not a valid string.") }).pipe(Username);
const namespaceField = () =>
  textField(64).regex(/^[A-Za-z0-9_.-]+$/, { error: "Use letters, digits and _ . - only (e.g. proctored_exam, reverification, grade)." });

/** One credit requirement of the course (the credit service's `CreditRequirement`). */
export const SyncCreditRequirementInput = z.object({
  namespace: namespaceField(),
  name: textField(255),
  display_name: textField(255),
  order: integerField({ min: 0 }),
});
export type SyncCreditRequirementInput = z.input<typeof SyncCreditRequirementInput>;

/**
 * PUT /api/v1/courses/<course_key>/credit_requirements: the course's whole list, replacing the
 * one Invigil has (an empty array removes them all). Requirements are keyed by (namespace, name):
 * a kept one is updated in place, a missing one is deleted (reported in `deleted`); learners'
 * statuses are kept apart and stay, so a requirement that comes back finds them again.
 */
export async function syncCreditRequirements(ctx: ServiceContext, courseKey: string, body: unknown): Promise<SyncResult> {
  requireSyncCaller(ctx);
  const items: z.output<typeof SyncCreditRequirementInput>[] =
    Array.isArray(body) && body.length === 0 ? [] : parseBatch(SyncCreditRequirementInput, body);
  const keyOf = (i: { namespace: string; name: string }) => `${i.namespace}\u0000${i.name}`;
  const errors: InputError[] = duplicateErrors(items, keyOf, "name");
  if (errors.length) throw rejectBatch(errors);
  return ctx.db.transaction(async (tx) => {
    const course = await requireCourse(tx, courseKey);
    const rows = await tx.select().from(creditRequirements).where(eq(creditRequirements.courseId, course.id)).for("update");
    const existing = new Map(rows.map((r) => [keyOf(r), r]));

    const results: SyncItemResult[] = [];
    for (const [index, item] of items.entries()) {
      const current = existing.get(keyOf(item));
      existing.delete(keyOf(item));
      if (!current) {
        const [row] = await tx
          .insert(creditRequirements)
          .values({
            courseId: course.id,
            namespace: item.namespace,
            name: item.name,
            displayName: item.display_name,
            order: item.order,
            created: ctx.now,
            modified: ctx.now,
          })
          .returning({ id: creditRequirements.id });
        results.push({ index, id: row!.id, status: "created" });
        continue;
      }
      const patch: Partial<CreditRequirementRow> = {};
      if (item.display_name !== current.displayName) patch.displayName = item.display_name;
      if (item.order !== current.order) patch.order = item.order;
      if (Object.keys(patch).length === 0) {
        results.push({ index, id: current.id, status: "unchanged" });
        continue;
      }
      await tx.update(creditRequirements).set({ ...patch, modified: ctx.now }).where(eq(creditRequirements.id, current.id));
      results.push({ index, id: current.id, status: "updated" });
    }
    const gone = [...existing.values()];
    if (gone.length > 0) await tx.delete(creditRequirements).where(inArray(creditRequirements.id, gone.map((r) => r.id)));
    const result = { ...summarize(results), deleted: gone.length };
    await auditBatch(tx, ctx, "sync.credit_requirements", result, {
      courseKey: course.courseKey,
      data: { removed: gone.map((r) => ({ namespace: r.namespace, name: r.name })) },
    });
    return result;
  });
}

/** One learner's status of one requirement; `status: null` removes it. */
export const SyncCreditStatusInput = z.object({
  username: usernameField(),
  namespace: namespaceField(),
  name: textField(255),
  status: z.enum(CREDIT_REQUIREMENT_STATUSES, { error: typeError(`Choose one of: ${CREDIT_REQUIREMENT_STATUSES.join(", ")}.`) }).nullable(),
  status_date: nullableDatetimeField(),
});
export type SyncCreditStatusInput = z.input<typeof SyncCreditStatusInput>;

/**
 * PUT/POST /api/v1/courses/<course_key>/credit_statuses: learners' requirement statuses, upserted
 * by (learner, namespace, name) into the table Invigil also writes when its own exams change
 * (§4.3). A status dated before the one stored is older news and changes nothing (reported
 * `unchanged`): an LMS catching up must not undo what Invigil has just written. A requirement need
 * not be listed yet: the two syncs may come in either order.
 */
export async function syncCreditStatuses(ctx: ServiceContext, courseKey: string, body: unknown): Promise<SyncResult> {
  return syncCourseLearners(ctx, courseKey, body, {
    schema: SyncCreditStatusInput,
    itemKey: (i) => `${i.username}\u0000${i.namespace}\u0000${i.name}`,
    keyField: "name",
    action: "sync.credit_statuses",
    apply: async (tx, item, { course, user }) => {
      const match = and(
        eq(creditRequirementStatuses.userId, user.id),
        eq(creditRequirementStatuses.courseId, course.id),
        eq(creditRequirementStatuses.namespace, item.namespace),
        eq(creditRequirementStatuses.name, item.name),
      );
      const [current] = await tx.select().from(creditRequirementStatuses).where(match).for("update").limit(1);
      if (item.status === null) {
        if (current) await tx.delete(creditRequirementStatuses).where(eq(creditRequirementStatuses.id, current.id));
        return { id: current?.id ?? null, status: current ? "deleted" : "unchanged" };
      }
      const statusDate = item.status_date ?? null;
      if (!current) {
        const [row] = await tx
          .insert(creditRequirementStatuses)
          .values({
            userId: user.id,
            courseId: course.id,
            namespace: item.namespace,
            name: item.name,
            status: item.status,
            statusDate,
            source: "lms",
            created: ctx.now,
            modified: ctx.now,
          })
          .returning({ id: creditRequirementStatuses.id });
        return { id: row!.id, status: "created" };
      }
      const older = statusDate !== null && current.statusDate !== null && statusDate.getTime() < current.statusDate.getTime();
      const same = item.status === current.status && (item.status_date === undefined || sameTime(statusDate, current.statusDate));
      if (older || same) return { id: current.id, status: "unchanged" };
      await tx
        .update(creditRequirementStatuses)
        .set({
          status: item.status,
          ...(item.status_date !== undefined ? { statusDate } : {}),
          source: "lms",
          modified: ctx.now,
        })
        .where(eq(creditRequirementStatuses.id, current.id));
      return { id: current.id, status: "updated" };
    },
  });
}

/** One learner's identity verification as the LMS has it. */
export const SyncIdentityVerificationInput = z.object({
  username: usernameField(),
  status: z.enum(VERIFICATION_STATUSES, { error: typeError(`Choose one of: ${VERIFICATION_STATUSES.join(", ")}.`) }),
  updated_at: nullableDatetimeField(),
});
export type SyncIdentityVerificationInput = z.input<typeof SyncIdentityVerificationInput>;

/**
 * PUT/POST /api/v1/identity_verifications: learners' identity-verification statuses (the LMS's
 * `verification_status`, §12.1). `updated_at` (when the LMS reached the status; default: now)
 * is kept with it, and a status older than the stored one changes nothing. Site administrators
 * are not exempt: a verification status opens no account.
 */
export async function syncIdentityVerifications(ctx: ServiceContext, body: unknown): Promise<SyncResult> {
  requireSyncCaller(ctx);
  const items = parseBatch(SyncIdentityVerificationInput, body);
  const errors: InputError[] = duplicateErrors(items, (i) => i.username, "username");
  if (errors.length) throw rejectBatch(errors);
  return ctx.db.transaction(async (tx) => {
    const byName = await usersByUsername(tx, items, errors);
    if (errors.length) throw rejectBatch(errors);
    const ids = [...byName.values()].map((u) => u.id);
    const locked = new Map((await tx.select().from(users).where(inArray(users.id, ids)).for("update")).map((u) => [u.id, u]));

    const results: SyncItemResult[] = [];
    for (const [index, item] of items.entries()) {
      const user = locked.get(byName.get(item.username)!.id)!;
      const updatedAt = item.updated_at ?? null;
      const older = updatedAt !== null && user.verificationUpdatedAt !== null && updatedAt.getTime() < user.verificationUpdatedAt.getTime();
      const same = item.status === user.verificationStatus && (updatedAt === null || sameTime(updatedAt, user.verificationUpdatedAt));
      if (older || same) {
        results.push({ index, id: user.id, status: "unchanged" });
        continue;
      }
      await tx
        .update(users)
        .set({ verificationStatus: item.status, verificationUpdatedAt: updatedAt ?? ctx.now, modified: ctx.now })
        .where(eq(users.id, user.id));
      results.push({ index, id: user.id, status: "updated" });
    }
    const result = summarize(results);
    await auditBatch(tx, ctx, "sync.identity_verifications", result);
    return result;
  });
}
