import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { users, type User } from "@/db/schema";
import type { ServiceContext } from "../context";
import { blankableTextField, booleanField, parseBatch, typeError, type InputError } from "../input";
import { Username } from "../users";
import { auditBatch, duplicateErrors, rejectBatch, requireSyncCaller, summarize, type SyncItemResult, type SyncResult } from "./common";

export const emailField = () =>
  z
    .string({ error: typeError("Enter a valid email address.") })
    .trim()
    .max(254, { error: "Ensure this field has no more than 254 characters." })
    .pipe(z.email({ error: "Enter a valid email address." }));

/** One user, keyed by username. Absent fields stay as they are; `email` is needed to create one. */
export const SyncUserInput = z.object({
  username: z.string({ error: typeError("Not a valid string.") }).pipe(Username),
  email: emailField().optional(),
  full_name: blankableTextField(255).optional(),
  is_active: booleanField().optional(),
});
export type SyncUserInput = z.input<typeof SyncUserInput>;

/** PUT/POST /api/v1/users: upsert users by username. Admin rights are never synced. */
export async function syncUsers(ctx: ServiceContext, body: unknown): Promise<SyncResult> {
  requireSyncCaller(ctx);
  const items = parseBatch(SyncUserInput, body);
  const errors: InputError[] = duplicateErrors(items, (i) => i.username, "username");
  if (errors.length) throw rejectBatch(errors);
  return ctx.db.transaction(async (tx) => {
    const names = items.map((i) => i.username);
    const existing = new Map((await tx.select().from(users).where(inArray(users.username, names)).for("update")).map((u) => [u.username, u]));
    items.forEach((item, index) => {
      if (!existing.has(item.username) && item.email === undefined) {
        errors.push({ index, field: "email", message: "This field is required to create a user." });
      }
    });
    if (errors.length) throw rejectBatch(errors);

    const results: SyncItemResult[] = [];
    for (const [index, item] of items.entries()) {
      const current = existing.get(item.username);
      if (!current) {
        const [row] = await tx
          .insert(users)
          .values({
            username: item.username,
            email: item.email!,
            fullName: item.full_name ?? "",
            isActive: item.is_active ?? true,
            created: ctx.now,
            modified: ctx.now,
          })
          .returning();
        results.push({ index, id: row!.id, status: "created" });
        continue;
      }
      const patch: Partial<User> = {};
      if (item.email !== undefined && item.email !== current.email) patch.email = item.email;
      if (item.full_name !== undefined && item.full_name !== current.fullName) patch.fullName = item.full_name;
      if (item.is_active !== undefined && item.is_active !== current.isActive) patch.isActive = item.is_active;
      if (Object.keys(patch).length === 0) {
        results.push({ index, id: current.id, status: "unchanged" });
        continue;
      }
      await tx.update(users).set({ ...patch, modified: ctx.now }).where(eq(users.id, current.id));
      results.push({ index, id: current.id, status: "updated" });
    }
    const result = summarize(results);
    await auditBatch(tx, ctx, "sync.users", result);
    return result;
  });
}
