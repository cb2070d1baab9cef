import { z } from "zod";

/**
 * The admin console's people and courses: read models (built by lib/queries/admin-people.ts) and
 * the forms' schemas, shared by the browser and the server actions.
 */

export interface AdminPersonRow {
  id: number;
  username: string;
  email: string;
  fullName: string;
  isActive: boolean;
  isAdmin: boolean;
  lmsUserId: number | null;
  lastLoginAt: string | null;
}

export interface AdminUsersPage {
  search: string;
  rows: AdminPersonRow[];
  /** The `after` of the next page, or null on the last one. */
  nextAfter: string | null;
}

export interface AdminUserDetail extends AdminPersonRow {
  roles: { courseKey: string; courseName: string; role: string }[];
  activeEnrollments: number;
}

export interface AdminCourseDetail {
  courseKey: string;
  name: string;
  proctoringEscalationEmail: string | null;
  proctoringBackend: string | null;
  allowProctoringOptOut: boolean;
  learningMicrofrontendUrl: string | null;
  staff: { userId: number; username: string; email: string; role: string }[];
  activeEnrollments: number;
}

export interface AdminEnrollmentsPage {
  rows: { id: number; userId: number; username: string; email: string; mode: string; isActive: boolean }[];
  nextAfter: string | null;
}

export const COURSE_STAFF_ROLES = ["staff", "instructor"] as const;

/** Grant a course role to someone named by username or e-mail. */
export const GrantRoleFormSchema = z.object({
  who: z.string().trim().min(1, "Enter a username or an e-mail address.").max(254, "At most 254 characters."),
  role: z.enum(COURSE_STAFF_ROLES, { error: "Choose staff or instructor." }),
});
export type GrantRoleFormValues = z.input<typeof GrantRoleFormSchema>;

/** The course settings an admin edits (the LMS may sync them too: the last change wins). */
export const AdminCourseFormSchema = z.object({
  proctoringEscalationEmail: z.union([z.literal(""), z.email("Enter a valid e-mail address, or leave it empty.")]),
  proctoringBackend: z.string().trim().max(255, "At most 255 characters."),
  allowProctoringOptOut: z.boolean(),
  learningMicrofrontendUrl: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "Enter an http(s) address, or leave it empty for the site's." })]),
});
export type AdminCourseFormValues = z.input<typeof AdminCourseFormSchema>;

export const PEOPLE_IMPORT_KINDS = ["users", "enrollments", "roles"] as const;
export type PeopleImportKind = (typeof PEOPLE_IMPORT_KINDS)[number];

/** The columns each CSV import takes; the first row names them (any order, extra columns refused). */
export const PEOPLE_IMPORT_COLUMNS: Record<PeopleImportKind, { required: readonly string[]; optional: readonly string[] }> = {
  users: { required: ["username", "email"], optional: ["full_name", "is_active", "lms_user_id"] },
  enrollments: { required: ["course_key", "username", "mode"], optional: ["is_active"] },
  roles: { required: ["course_key", "username", "role"], optional: ["present"] },
};

export interface PeopleImportRowError {
  /** The line of the file (the header is line 1). */
  line: number;
  message: string;
}

export type PeopleImportResult =
  | { ok: true; dryRun: boolean; rows: number; created: number; updated: number; unchanged: number; deleted: number }
  | { ok: false; detail: string; errors: PeopleImportRowError[] };

export type AdminActionResult = { ok: true; message?: string } | { ok: false; detail: string; fieldErrors?: Record<string, string> };
