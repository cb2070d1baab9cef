import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { auditLog, users, type ActorKind, type User } from "@/db/schema";
import { ServiceError } from "@/lib/domain/errors";

/** Bad input to a user verb: the message lists every problem in words fit for a person. */
export class UserInputError extends Error {
  readonly code = "VALIDATION";
  constructor(public readonly issues: { path: string; message: string }[]) {
    super(`Invalid user: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`);
    this.name = "UserInputError";
  }
}

/** Open edX usernames: letters, digits and `_ . - @`, 2 to 150 characters. */
export const Username = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(150, "must be at most 150 characters")
  .regex(/^[A-Za-z0-9_.@-]+$/, "may contain only letters, digits and _ . - @");

export const CreateAdminUserInput = z.object({
  username: Username,
  email: z.string().trim().max(254, "must be at most 254 characters").pipe(z.email("must be an e-mail address")),
  fullName: z.string().trim().max(255, "must be at most 255 characters").optional(),
});
export type CreateAdminUserInput = z.input<typeof CreateAdminUserInput>;

export interface UserAuditMeta {
  actorKind?: ActorKind;
  actorUserId?: number | null;
  source?: string;
  requestId?: string | null;
}

/**
 * Makes `username` a site admin: creates the user, or promotes the existing one (its e-mail and
 * name are left as they are). Idempotent. `created`/`promoted` say what changed.
 */
export async function createAdminUser(
  db: DbOrTx,
  input: CreateAdminUserInput,
  meta: UserAuditMeta = {},
): Promise<{ user: User; created: boolean; promoted: boolean }> {
  const parsed = CreateAdminUserInput.safeParse(input);
  if (!parsed.success) {
    throw new UserInputError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    );
  }
  const data = parsed.data;
  return db.transaction(async (tx) => {
    const audit = async (action: string, user: User) => {
      await tx.insert(auditLog).values({
        actorKind: meta.actorKind ?? (meta.actorUserId ? "user" : "system"),
        actorUserId: meta.actorUserId ?? null,
        action,
        entityType: "user",
        entityId: String(user.id),
        subjectUserId: user.id,
        source: meta.source ?? "system",
        requestId: meta.requestId ?? null,
        data: { username: user.username, isAdmin: true },
      });
    };

    // Insert-or-nothing first, so two concurrent calls cannot both try to create the user.
    const [inserted] = await tx
      .insert(users)
      .values({ username: data.username, email: data.email, fullName: data.fullName ?? "", isAdmin: true })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (inserted) {
      await audit("user.create", inserted);
      return { user: inserted, created: true, promoted: false };
    }
    const [existing] = await tx.select().from(users).where(eq(users.username, data.username)).limit(1);
    if (!existing) throw new Error(`createAdminUser: user ${data.username} vanished during the call`);
    if (existing.isAdmin) return { user: existing, created: false, promoted: false };
    const [updated] = await tx.update(users).set({ isAdmin: true }).where(eq(users.id, existing.id)).returning();
    if (!updated) throw new Error(`createAdminUser: user ${data.username} vanished during the call`);
    await audit("user.promote_admin", updated);
    return { user: updated, created: false, promoted: true };
  });
}

/**
 * An admin grants or takes away site admin, or activates or deactivates an account (the admin
 * console's people page). An admin cannot take their own admin right away nor deactivate
 * themselves (the site would be left without the admin who is acting, or with none). Audited with
 * before and after; a change to the same value is no change and writes nothing.
 */
export async function setUserFlag(
  db: DbOrTx,
  userId: number,
  flag: "isAdmin" | "isActive",
  value: boolean,
  meta: UserAuditMeta & { actorUserId: number },
): Promise<User> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update").limit(1);
    if (!user) throw new ServiceError("NOT_FOUND", "No such user.");
    if (user[flag] === value) return user;
    if (userId === meta.actorUserId && !value) {
      throw new ServiceError(
        "CONFLICT",
        flag === "isAdmin" ? "You cannot take away your own admin right: ask another admin." : "You cannot deactivate your own account.",
      );
    }
    const [updated] = await tx.update(users).set({ [flag]: value }).where(eq(users.id, userId)).returning();
    await tx.insert(auditLog).values({
      actorKind: "user",
      actorUserId: meta.actorUserId,
      action: flag === "isAdmin" ? (value ? "user.grant_admin" : "user.revoke_admin") : value ? "user.activate" : "user.deactivate",
      entityType: "user",
      entityId: String(userId),
      subjectUserId: userId,
      source: meta.source ?? "web",
      requestId: meta.requestId ?? null,
      data: { username: user.username, before: { [flag]: user[flag] }, after: { [flag]: value } },
    });
    return updated!;
  });
}
