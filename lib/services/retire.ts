import { and, asc, eq, isNotNull, ne, or, sql } from "drizzle-orm";
import { allowanceHistory, allowances, attemptHistory, attempts, exams, users } from "@/db/schema";
import { defaultBackendName, getBackendByName } from "@/lib/backends/registry";
import { hasScope } from "@/lib/domain/actor";
import { getEnv } from "@/lib/env";
import type { ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { recordAudit } from "./journal";
import { obscuredUserId } from "@/lib/domain/obscure";

/**
 * Learner retirement (§8.21, §8.22): forget a learner's PII here and at the vendors.
 *
 * Who may: 3.8.1 asks the host's `accounts.can_retire_user` permission. Our stand-in is an admin,
 * or a service token with the `admin:api` scope (an LMS's retirement pipeline runs as a service).
 */
export function requireRetirementPermission(ctx: ServiceContext): void {
  const p = ctx.principal;
  if ((p.kind === "user" && p.isAdmin) || hasScope(p, "admin:api")) return;
  throw new ServiceError("FORBIDDEN", "You do not have permission to retire users.");
}

export interface RetireUserResult {
  /** 1 when the user's own row had an e-mail address or a name to blank. */
  users: number;
  attempts: number;
  attemptHistory: number;
  allowances: number;
  allowanceHistory: number;
}

/**
 * POST …/retire_user/<user_id>/ (§8.22): blanks `student_name` and `last_poll_ipaddr` on the
 * learner's attempts and their history, and allowance values on allowances and their history.
 * One transaction; idempotent; an unknown user changes nothing (the route still answers 204).
 *
 * The user's own row loses its e-mail address and full name too: in 3.8.1 the LMS's retirement
 * pipeline does that to its auth_user, but here the users table is ours, and staff pages (the
 * live board, the attempts and allowances panels, the CSV export) read names and addresses from
 * it. The row itself stays, with its id and username, because attempts, reviews, grades and the
 * audit log point at it; username is unique and the LMS replaces it with a retired one when it
 * syncs. E-mail is not unique, so a blank one collides with nothing, and sign-in never matches a
 * person by a blank e-mail.
 *
 * The history tables are append-only (migration 0001); migration 0002 lets through exactly this
 * blanking and nothing else. `modified` is left as it was on attempts and history rows: blanking
 * PII is not something the learner did, and an onboarding attempt's `modified` decides how long
 * its verification counts elsewhere (§7.1). Each allowance gets an archive row, as 3.8.1's save()
 * makes one, but written already blank so the value never reaches history again.
 */
export async function retireUserPii(ctx: ServiceContext, userId: number): Promise<RetireUserResult> {
  requireRetirementPermission(ctx);
  return ctx.db.transaction(async (tx) => {
    const blankUser = await tx
      .update(users)
      .set({ email: "", fullName: "", modified: ctx.now })
      .where(and(eq(users.id, userId), or(ne(users.email, ""), ne(users.fullName, ""))))
      .returning({ id: users.id });
    const blankAttempts = await tx
      .update(attempts)
      .set({ studentName: "", lastPollIpaddr: null, modified: sql`${attempts.modified}` })
      .where(and(eq(attempts.userId, userId), or(ne(attempts.studentName, ""), isNotNull(attempts.lastPollIpaddr))))
      .returning({ id: attempts.id });
    const blankAttemptHistory = await tx
      .update(attemptHistory)
      .set({ studentName: "", lastPollIpaddr: null, modified: sql`${attemptHistory.modified}` })
      .where(
        and(eq(attemptHistory.userId, userId), or(ne(attemptHistory.studentName, ""), isNotNull(attemptHistory.lastPollIpaddr))),
      )
      .returning({ id: attemptHistory.id });

    const toBlank = await tx
      .select()
      .from(allowances)
      .where(and(eq(allowances.userId, userId), ne(allowances.value, "")))
      .orderBy(asc(allowances.id))
      .for("update");
    if (toBlank.length > 0) {
      await tx.insert(allowanceHistory).values(
        toBlank.map((a) => ({
          allowanceId: a.id,
          userId: a.userId,
          examId: a.examId,
          key: a.key,
          value: "",
          created: ctx.now,
          modified: ctx.now,
        })),
      );
      await tx
        .update(allowances)
        .set({ value: "", modified: ctx.now })
        .where(and(eq(allowances.userId, userId), ne(allowances.value, "")));
    }
    const blankAllowanceHistory = await tx
      .update(allowanceHistory)
      .set({ value: "", modified: sql`${allowanceHistory.modified}` })
      .where(and(eq(allowanceHistory.userId, userId), ne(allowanceHistory.value, "")))
      .returning({ id: allowanceHistory.id });

    const result: RetireUserResult = {
      users: blankUser.length,
      attempts: blankAttempts.length,
      attemptHistory: blankAttemptHistory.length,
      allowances: toBlank.length,
      allowanceHistory: blankAllowanceHistory.length,
    };
    await recordAudit(tx, ctx, {
      action: "user.retire",
      entityType: "user",
      entityId: String(userId),
      subjectUserId: userId,
      data: { ...result },
    });
    return result;
  });
}

/**
 * POST …/retire_backend_user/<user_id>/ (§8.21): asks every backend the learner took a proctored
 * attempt with to delete them, by the obscured id that backend knows them by. `null` answers are
 * left out; a failure (or a backend no longer configured) counts as `false`, and any `false`
 * makes the answer a 500 with the same body.
 */
export async function retireBackendUser(
  ctx: ServiceContext,
  userId: number,
): Promise<{ status: 200 | 500; results: Record<string, boolean> }> {
  requireRetirementPermission(ctx);
  const fallback = await defaultBackendName(ctx.db);
  const used = await ctx.db
    .select({ name: sql<string>`coalesce(nullif(${exams.backend}, ''), ${fallback})`, first: sql<number>`min(${attempts.id})` })
    .from(attempts)
    .innerJoin(exams, eq(exams.id, attempts.examId))
    .where(and(eq(attempts.userId, userId), eq(attempts.takingAsProctored, true)))
    .groupBy(sql`1`)
    .orderBy(sql`2`);

  const results: Record<string, boolean> = {};
  let status: 200 | 500 = 200;
  for (const { name } of used) {
    let outcome: boolean | null;
    try {
      const backend = await getBackendByName(ctx.db, name);
      outcome = await backend.retireUser(obscuredUserId(getEnv().secretKey, userId, name));
    } catch (error) {
      console.error(`[invigil] retire_backend_user: backend ${name} failed for user ${userId}`, error);
      outcome = false;
    }
    if (outcome === null) continue;
    results[name] = outcome;
    if (!outcome) status = 500;
  }
  await recordAudit(ctx.db, ctx, {
    action: "user.retire_backend",
    entityType: "user",
    entityId: String(userId),
    subjectUserId: userId,
    data: { results },
  });
  return { status, results };
}
