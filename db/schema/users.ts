import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { idColumn, timestamps, tstz } from "./_columns";
import type { VerificationStatus } from "@/lib/domain/credit";

export { VERIFICATION_STATUSES, type VerificationStatus } from "@/lib/domain/credit";

/** People: learners, course staff, admins. Owned by Invigil (§16; docs/reference/what-we-build.md, point 4). */
export const users = pgTable(
  "users",
  {
    id: idColumn(),
    ...timestamps,
    username: varchar("username", { length: 150 }).notNull(),
    email: varchar("email", { length: 254 }).notNull(),
    fullName: varchar("full_name", { length: 255 }).notNull().default(""),
    isActive: boolean("is_active").notNull().default(true),
    /** Global staff in edx-proctoring terms: every course, the settings page, exam create/update. */
    isAdmin: boolean("is_admin").notNull().default(false),
    /** `sub` claim of the OpenID Connect provider that signed this person in, if any. */
    oidcSubject: varchar("oidc_subject", { length: 255 }),
    lastLoginAt: tstz("last_login_at"),
    /**
     * The LMS's own user id, synced by the LMS (`PUT /api/v1/users`). Where a user has one, the
     * edx-proctoring API takes it wherever 3.8.1 takes a `user_id` (what-we-build decision 13).
     */
    lmsUserId: integer("lms_user_id"),
    /**
     * The learner's language for pages and e-mails (a supported locale such as "es"), set by the
     * LMS sync or the sign-in provider's `locale` claim; null: the browser's, else the site's
     * (docs/decisions/028-translations.md).
     */
    locale: varchar("locale", { length: 35 }),
    /**
     * The learner's identity verification as the LMS last reported it (`verification_status` of
     * §12.1; `none`: never verified), synced by `PUT /api/v1/verifications`. A proctored attempt
     * waits for `approved` while the site setting `identity_verification_required` is on (§12.3).
     */
    verificationStatus: varchar("verification_status", { length: 16 }).$type<VerificationStatus>().notNull().default("none"),
    /** When the LMS says the status was reached (else when Invigil stored it); null: never synced. */
    verificationUpdatedAt: tstz("verification_updated_at"),
  },
  (t) => [
    uniqueIndex("users_username_key").on(t.username),
    uniqueIndex("users_oidc_subject_key").on(t.oidcSubject),
    uniqueIndex("users_lms_user_id_key").on(t.lmsUserId),
    check("users_lms_user_id_positive", sql`${t.lmsUserId} > 0`),
    check(
      "users_verification_status_check",
      sql`${t.verificationStatus} in ('approved', 'pending', 'must_reverify', 'expired', 'none')`,
    ),
    // Case-insensitive e-mail lookups (allowances by e-mail, sync); not unique, as in the LMS.
    index("users_email_lower_idx").on(sql`lower(${t.email})`),
    index("users_username_lower_idx").on(sql`lower(${t.username})`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
