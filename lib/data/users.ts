import { and, eq, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";
import { ServiceError } from "@/lib/domain/errors";
import { MAX_INT32 } from "@/lib/domain/numbers";
import type { ServiceContext } from "./context";

/**
 * A `user_id` of the edx-proctoring API (what-we-build decision 13): the LMS's id of a user who has
 * one (synced as `lms_user_id`), else Invigil's own id of a user who has none. Invigil's id of a
 * user who carries an LMS id addresses no one: an LMS only knows its own ids, and one of them may
 * equal Invigil's id of someone else.
 */
export async function findUserByApiId(db: DbOrTx, id: number): Promise<User | null> {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_INT32) return null;
  const rows = await db
    .select()
    .from(users)
    .where(or(eq(users.lmsUserId, id), and(eq(users.id, id), isNull(users.lmsUserId))))
    .limit(2);
  return rows.find((u) => u.lmsUserId === id) ?? rows[0] ?? null;
}

/**
 * Whose data a learner read is for: the caller or, with a `user_id` parameter and the right
 * (`mayReadOthers`), the learner it names, by the API's user ids (the LMS's id of a user who has
 * one; what-we-build decision 13). Others' ids are a 403 without the right, an unknown id a 404.
 */
export async function resolveSubjectUser(ctx: ServiceContext, requested: number | null, mayReadOthers: boolean): Promise<number> {
  if (ctx.principal.kind !== "user") throw new ServiceError("FORBIDDEN", "This endpoint is for signed-in learners and course staff.");
  const me = ctx.principal;
  if (requested === null) return me.userId;
  const subject = await findUserByApiId(ctx.db, requested);
  if (subject?.id === me.userId) return me.userId;
  if (!mayReadOthers) throw new ServiceError("FORBIDDEN", "Must be a Staff User to Perform this request.");
  if (!subject) throw new ServiceError("NOT_FOUND", `Cannot find user with user_id=${requested}.`);
  return subject.id;
}
