import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { courseRoles, users, type User } from "@/db/schema";

export async function findActiveUserByUsername(username: string): Promise<User | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.username, username), eq(users.isActive, true)))
    .limit(1);
  return row ?? null;
}

const USERNAME_SAFE = /[^A-Za-z0-9_.@-]/g;

/** Who a sign-in provider says the person is, after its token or userinfo was checked. */
export interface ExternalIdentity {
  /** The provider's stable subject, stored in `users.oidc_subject`; null when it gave none. */
  subject: string | null;
  /** The LMS's own user id (Open edX `user_id`), stored by the LMS sync as `users.lms_user_id`. */
  lmsUserId: number | null;
  username: string;
  email: string;
  /** Only a `true` from the provider counts: an unverified address is anyone's to type. */
  emailVerified: boolean;
  fullName: string;
  /**
   * The provider's `locale` claim when it names a language we translate into
   * (lib/domain/language.ts `supportedLocaleOf`); it replaces the stored setting at each sign-in. Absent or null: kept.
   */
  locale?: string | null;
}

export type SignInRefusal =
  /** The provider named nobody (no subject, no LMS id, no username). */
  | "NoIdentity"
  /** The matching account is already tied to another subject or LMS id. */
  | "AccountLinkedElsewhere"
  /** The matching account is a site admin or course staff: never linked by name or e-mail. */
  | "AccountNotLinkable"
  | "AccountInactive";

export type SignInOutcome = { ok: true; user: User } | { ok: false; refusal: SignInRefusal };

/**
 * Finds or creates the Invigil user for a person a provider vouched for.
 *
 * Matching order: the LMS user id (set by the LMS sync), then the provider's subject; both are
 * trusted ties. Only then, when `allowLinking` is on, an existing unlinked account is linked by
 * username, or by e-mail when the provider says it verified it. Linking never reaches a site
 * admin or course staff (a provider user who picks the name "admin" must not become ours), and
 * never rewrites the linked account's e-mail. Anyone left unmatched gets a new learner account.
 */
export async function signInExternalUser(
  identity: ExternalIdentity,
  options: { allowLinking: boolean },
): Promise<SignInOutcome> {
  const { subject, lmsUserId } = identity;
  const username = identity.username.trim();
  const email = identity.email.trim();
  const fullName = identity.fullName.trim();
  if (!subject && lmsUserId === null && !username) return { ok: false, refusal: "NoIdentity" };
  const db = await getDb();

  return db.transaction(async (tx): Promise<SignInOutcome> => {
    const now = new Date();
    let user: User | undefined;
    let trusted = false;
    if (lmsUserId !== null) {
      [user] = await tx.select().from(users).where(eq(users.lmsUserId, lmsUserId)).limit(1);
    }
    if (!user && subject) {
      [user] = await tx.select().from(users).where(eq(users.oidcSubject, subject)).limit(1);
    }
    trusted = user !== undefined;
    if (!user && options.allowLinking) {
      if (username) {
        [user] = await tx.select().from(users).where(eq(users.username, username)).limit(1);
      }
      if (!user && email && identity.emailVerified) {
        [user] = await tx
          .select()
          .from(users)
          .where(sql`lower(${users.email}) = lower(${email})`)
          .orderBy(users.id)
          .limit(1);
      }
    }

    if (user) {
      // An account tied to another subject or LMS id is never re-tied silently.
      if (subject && user.oidcSubject && user.oidcSubject !== subject) return { ok: false, refusal: "AccountLinkedElsewhere" };
      if (lmsUserId !== null && user.lmsUserId !== null && user.lmsUserId !== lmsUserId) {
        return { ok: false, refusal: "AccountLinkedElsewhere" };
      }
      if (!trusted && (await isPrivileged(tx, user))) return { ok: false, refusal: "AccountNotLinkable" };
      if (!user.isActive) return { ok: false, refusal: "AccountInactive" };
      const [updated] = await tx
        .update(users)
        .set({
          lastLoginAt: now,
          ...(subject && !user.oidcSubject ? { oidcSubject: subject } : {}),
          ...(lmsUserId !== null && user.lmsUserId === null ? { lmsUserId } : {}),
          // Only a placeholder address is replaced, and only by a verified one.
          ...(email && identity.emailVerified && user.email.endsWith("@invalid.local") ? { email } : {}),
          ...(fullName && !user.fullName ? { fullName } : {}),
          ...(identity.locale ? { locale: identity.locale } : {}),
        })
        .where(eq(users.id, user.id))
        .returning();
      return updated ? { ok: true, user: updated } : { ok: false, refusal: "NoIdentity" };
    }

    const base = (username || email.split("@")[0] || `user-${subject ?? lmsUserId}`).replace(USERNAME_SAFE, "_").slice(0, 140);
    let candidate = base;
    for (let n = 2; ; n++) {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, candidate)).limit(1);
      if (!taken) break;
      candidate = `${base}-${n}`;
    }
    const [created] = await tx
      .insert(users)
      .values({
        username: candidate,
        email: email || `${candidate}@invalid.local`,
        fullName,
        oidcSubject: subject,
        lmsUserId,
        locale: identity.locale ?? null,
        lastLoginAt: now,
      })
      .returning();
    return created ? { ok: true, user: created } : { ok: false, refusal: "NoIdentity" };
  });
}

async function isPrivileged(tx: Tx, user: User): Promise<boolean> {
  if (user.isAdmin) return true;
  const [role] = await tx.select({ id: courseRoles.id }).from(courseRoles).where(eq(courseRoles.userId, user.id)).limit(1);
  return role !== undefined;
}
