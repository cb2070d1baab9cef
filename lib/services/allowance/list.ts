import { asc, eq } from "drizzle-orm";
import { allowances, exams, users } from "@/db/schema";
import { allowanceJson } from "@/lib/data/edx-json";
import type { ServiceContext } from "@/lib/data/context";
import { requireCourseStaff } from "./common";

export type AllowanceJson = ReturnType<typeof allowanceJson>;

/**
 * `get_allowances_for_course` (§8.13): every allowance on every exam of the course (timed and
 * proctored, active or not), as 3.8.1's serializer shapes it, oldest first.
 */
export async function listCourseAllowances(ctx: ServiceContext, courseKey: string): Promise<AllowanceJson[]> {
  requireCourseStaff(ctx, courseKey);
  const rows = await ctx.db
    .select({ allowance: allowances, exam: exams, user: { id: users.id, username: users.username, email: users.email, lmsUserId: users.lmsUserId } })
    .from(allowances)
    .innerJoin(exams, eq(exams.id, allowances.examId))
    .innerJoin(users, eq(users.id, allowances.userId))
    .where(eq(exams.courseKey, courseKey))
    .orderBy(asc(allowances.id));
  return rows.map((r) => allowanceJson(r.allowance, r.exam, r.user));
}

/** The same allowances grouped by username (3.16.0, §20): `{"<username>": [allowance, ...]}`. */
export async function groupedAllowances(ctx: ServiceContext, courseKey: string): Promise<Record<string, AllowanceJson[]>> {
  const list = await listCourseAllowances(ctx, courseKey);
  // A Map, not an object literal: a username such as "__proto__" must stay an ordinary key.
  const grouped = new Map<string, AllowanceJson[]>();
  for (const item of list) {
    const bucket = grouped.get(item.user.username);
    if (bucket) bucket.push(item);
    else grouped.set(item.user.username, [item]);
  }
  return Object.fromEntries(grouped);
}
