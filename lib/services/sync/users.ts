import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { users, type User } from "@/db/schema";
import { matchLocale, SUPPORTED_LOCALES } from "@/lib/domain/language";
import type { ServiceContext } from "@/lib/data/context";
import { blankableTextField, booleanField, idField, parseBatch, typeError, type InputError } from "@/lib/domain/input";
import { Username } from "../users";
import { auditBatch, duplicateErrors, rejectBatch, requireSyncCaller, summarize, type SyncItemResult, type SyncResult } from "./common";

export const emailField = () =>
  z
    .string({ error: typeError("Enter a valid email address.") })
    .trim()
    .max(254, { error: "Ensure this field has no more than 254 characters." })
    .pipe(z.email({ error: "Enter a valid email address." }));

const localeField = () =>
  z
    .string({ error: typeError("Not a valid string.") })
    .trim()
    .max(35, { error: "Ensure this field has no more than 35 characters." })
    .transform((tag, ctx) => {
      const locale = matchLocale(tag, SUPPORTED_LOCALES);
      if (!locale) ctx.addIssue({ code: "custom", message: `"${tag}" is not a supported locale (${SUPPORTED_LOCALES.join(", ")}).` });
      return locale ?? z.NEVER;
    });

/** One user, keyed by username. Absent fields stay as they are; `email` is needed to create one. */
export const SyncUserInput = z.object({
  username: z.string({ error: typeError("Not a valid string.") }).pipe(Username),
  email: emailField().optional(),
  full_name: blankableTextField(255).optional(),
  is_active: booleanField().optional(),
  /**
   * The LMS's own id of this user (unique; null clears it). The edx-proctoring API then takes it
   * wherever 3.8.1 takes a `user_id`.
   */
  lms_user_id: z.union([z.null(), idField()]).optional(),
  /**
   * The learner's language for Invigil's pages and e-mails (null clears it: their browser's, else
   * the site's). A supported locale, or a regional tag of one (`es-419` is stored as `es`).
   */
  locale: localeField().nullable().optional(),
});
export type SyncUserInput = z.input<typeof SyncUserInput>;

const ADMIN_MESSAGE =
  "This user is a site administrator: the LMS sync cannot change them. Edit administrators in Invigil.";

/**
 * PUT/POST /api/v1/users: upsert users by username. Admin rights are never synced, and a site
 * administrator is never changed by the sync: sign-in matches people by username, e-mail and LMS
 * id, so a sync that could re-address, deactivate or re-identify an administrator would hand
 * whoever holds the sync token a way into, or out of, an administrator's account.
 */
export async function syncUsers(ctx: ServiceContext, body: unknown): Promise<SyncResult> {
  requireSyncCaller(ctx);
  const items = parseBatch(SyncUserInput, body);
  const errors: InputError[] = [
    ...duplicateErrors(items, (i) => i.username, "username"),
    // Items without an LMS id get a key of their own, so only real repeats are reported.
    ...duplicateErrors(items, (i) => (typeof i.lms_user_id === "number" ? String(i.lms_user_id) : `none:${items.indexOf(i)}`), "lms_user_id"),
  ];
  if (errors.length) throw rejectBatch(errors);
  return ctx.db.transaction(async (tx) => {
    const names = items.map((i) => i.username);
    const existing = new Map((await tx.select().from(users).where(inArray(users.username, names)).for("update")).map((u) => [u.username, u]));
    const lmsIds = items.map((i) => i.lms_user_id).filter((id): id is number => typeof id === "number");
    const lmsIdOwners = new Map(
      lmsIds.length === 0
        ? []
        : (await tx.select({ id: users.id, username: users.username, lmsUserId: users.lmsUserId }).from(users).where(inArray(users.lmsUserId, lmsIds)))
            .map((u) => [u.lmsUserId!, u.username]),
    );
    items.forEach((item, index) => {
      const current = existing.get(item.username);
      if (!current && item.email === undefined) {
        errors.push({ index, field: "email", message: "This field is required to create a user." });
      }
      if (current?.isAdmin && Object.keys(patchFor(current, item)).length > 0) {
        errors.push({ index, field: "username", message: ADMIN_MESSAGE });
      }
      if (typeof item.lms_user_id === "number") {
        // Moving an id from one user to another takes two requests (clear it, then set it), so
        // that a typo can never silently re-identify someone.
        const owner = lmsIdOwners.get(item.lms_user_id);
        if (owner !== undefined && owner !== item.username) {
          errors.push({ index, field: "lms_user_id", message: `Another user (${owner}) already has lms_user_id=${item.lms_user_id}.` });
        }
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
            lmsUserId: item.lms_user_id ?? null,
            locale: item.locale ?? null,
            created: ctx.now,
            modified: ctx.now,
          })
          .returning();
        results.push({ index, id: row!.id, status: "created" });
        continue;
      }
      const patch = patchFor(current, item);
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

/** What an item would change on an existing user (absent fields change nothing). */
function patchFor(current: User, item: z.output<typeof SyncUserInput>): Partial<User> {
  const patch: Partial<User> = {};
  if (item.email !== undefined && item.email !== current.email) patch.email = item.email;
  if (item.full_name !== undefined && item.full_name !== current.fullName) patch.fullName = item.full_name;
  if (item.is_active !== undefined && item.is_active !== current.isActive) patch.isActive = item.is_active;
  if (item.lms_user_id !== undefined && item.lms_user_id !== current.lmsUserId) patch.lmsUserId = item.lms_user_id;
  if (item.locale !== undefined && item.locale !== current.locale) patch.locale = item.locale;
  return patch;
}
