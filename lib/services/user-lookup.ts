import { asc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";
import { findUserByApiId } from "@/lib/data/users";
import { MAX_INT32 } from "@/lib/domain/numbers";

export { findUserByApiId } from "@/lib/data/users";

/**
 * Invigil's id of the user an API `user_id` names, or `NO_USER_ID` (which matches no row, since
 * ids start at 1) when it names no one: for verbs where an unknown learner is an ordinary answer
 * (nothing to retire, no attempts to reset, not the attempt's owner), checked after permissions.
 */
export const NO_USER_ID = 0;
export async function internalUserId(db: DbOrTx, apiUserId: number): Promise<number> {
  return (await findUserByApiId(db, apiUserId))?.id ?? NO_USER_ID;
}

/**
 * `user_info` as 3.8.1's allowance API takes it (§2.5 step 3): an integer is a user id (an API
 * user id, as above); a string
 * is a username, else an e-mail address (first match). We also take a digit string that names no
 * one as an id, since form-encoded bodies cannot send integers.
 */
export type UserInfo = string | number;

const DIGITS = /^\d+$/;

function asId(value: UserInfo): number | null {
  const n = typeof value === "number" ? value : DIGITS.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_INT32 ? n : null;
}

export async function findUserByInfo(db: DbOrTx, info: UserInfo): Promise<User | null> {
  if (typeof info === "number") {
    const id = asId(info);
    return id === null ? null : findUserByApiId(db, id);
  }
  const text = info.trim();
  if (text === "") return null;
  const [byName] = await db.select().from(users).where(eq(users.username, text)).limit(1);
  if (byName) return byName;
  const [byEmail] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${text})`)
    .orderBy(asc(users.id))
    .limit(1);
  if (byEmail) return byEmail;
  const id = asId(text);
  return id === null ? null : findUserByApiId(db, id);
}

/**
 * Many user_infos at once, with the same rules, in a fixed number of queries (bulk allowances take
 * up to thousands). Returns a map from each input, as given, to its user (absent when unknown).
 */
export async function findUsersByInfo(db: DbOrTx, infos: readonly UserInfo[]): Promise<Map<UserInfo, User>> {
  const result = new Map<UserInfo, User>();
  if (infos.length === 0) return result;
  const texts = [...new Set(infos.filter((i): i is string => typeof i === "string").map((t) => t.trim()).filter(Boolean))];
  const ids = [...new Set(infos.map(asId).filter((n): n is number => n !== null))];
  const lowered = [...new Set(texts.map((t) => t.toLowerCase()))];
  const conditions = [];
  if (texts.length > 0) conditions.push(inArray(users.username, texts));
  if (lowered.length > 0) conditions.push(inArray(sql`lower(${users.email})`, lowered));
  if (ids.length > 0) conditions.push(inArray(users.id, ids), inArray(users.lmsUserId, ids));
  if (conditions.length === 0) return result;
  const rows = await db.select().from(users).where(or(...conditions)).orderBy(asc(users.id));
  const byName = new Map(rows.map((u) => [u.username, u]));
  const byEmail = new Map<string, User>();
  for (const u of rows) if (!byEmail.has(u.email.toLowerCase())) byEmail.set(u.email.toLowerCase(), u);
  // API ids as findUserByApiId reads them: an LMS id first, else Invigil's id of a user without one.
  const byId = new Map(rows.filter((u) => u.lmsUserId === null).map((u) => [u.id, u]));
  for (const u of rows) if (u.lmsUserId !== null) byId.set(u.lmsUserId, u);
  for (const info of infos) {
    let found: User | undefined;
    if (typeof info === "number") {
      found = byId.get(info);
    } else {
      const text = info.trim();
      found = byName.get(text) ?? byEmail.get(text.toLowerCase());
      const id = found ? null : asId(text);
      if (!found && id !== null) found = byId.get(id);
    }
    if (found) result.set(info, found);
  }
  return result;
}
