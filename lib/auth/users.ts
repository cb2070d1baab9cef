import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Profile } from "next-auth";
import { getDb } from "@/db/client";
import { users, type User } from "@/db/schema";

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

/**
 * Finds or creates the Invigil user for an OpenID Connect profile. Matching order: the
 * provider's subject, then the username (Open edX sends `preferred_username`), then the e-mail;
 * the first match is linked to the subject so later sign-ins use it directly.
 */
export async function upsertOidcUser(profile: Profile): Promise<User | null> {
  const subject = typeof profile.sub === "string" && profile.sub !== "" ? profile.sub : null;
  if (!subject) return null;
  const email = typeof profile.email === "string" ? profile.email.trim() : "";
  const preferred =
    typeof profile.preferred_username === "string" ? profile.preferred_username.trim() : "";
  const fullName = typeof profile.name === "string" ? profile.name.trim() : "";
  const db = await getDb();

  return db.transaction(async (tx) => {
    const now = new Date();
    const bySubject = await tx.select().from(users).where(eq(users.oidcSubject, subject)).limit(1);
    let user = bySubject[0];
    if (!user && preferred) {
      [user] = await tx.select().from(users).where(eq(users.username, preferred)).limit(1);
    }
    if (!user && email) {
      [user] = await tx
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = lower(${email})`)
        .limit(1);
    }
    if (user) {
      // An account already linked to another subject is never re-linked silently.
      if (user.oidcSubject && user.oidcSubject !== subject) return null;
      const [updated] = await tx
        .update(users)
        .set({
          oidcSubject: subject,
          lastLoginAt: now,
          ...(email ? { email } : {}),
          ...(fullName ? { fullName } : {}),
        })
        .where(eq(users.id, user.id))
        .returning();
      return updated ?? null;
    }
    const base = (preferred || email.split("@")[0] || `user-${subject}`).replace(USERNAME_SAFE, "_").slice(0, 140);
    let username = base;
    for (let n = 2; ; n++) {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
      if (!taken) break;
      username = `${base}-${n}`;
    }
    const [created] = await tx
      .insert(users)
      .values({ username, email: email || `${username}@invalid.local`, fullName, oidcSubject: subject, lastLoginAt: now })
      .returning();
    return created ?? null;
  });
}
