"use server";

/**
 * Server actions of the admin console's people and courses pages. Course settings, roles and the
 * CSV import go through the LMS sync verbs (lib/services/sync/*) with the admin as the caller, so
 * the rules are the API's and each batch is audited as the admin; site admin and active flags go
 * through setUserFlag. Admins only, checked here again.
 */
import { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } from "@/lib/actions/unavailable";
import { eq, or } from "drizzle-orm";
import { refresh } from "next/cache";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { getSessionActor } from "@/lib/auth/actor";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import type { UserActor } from "@/lib/domain/actor";
import {
  AdminCourseFormSchema,
  COURSE_STAFF_ROLES,
  GrantRoleFormSchema,
  PEOPLE_IMPORT_KINDS,
  type AdminActionResult,
  type PeopleImportKind,
  type PeopleImportResult,
} from "@/lib/domain/admin-people";
import { ServiceError } from "@/lib/domain/errors";
import { importPeopleCsv } from "@/lib/services/people-import";
import { syncCourses } from "@/lib/services/sync/courses";
import { syncCourseRoles } from "@/lib/services/sync/roles";
import { setUserFlag } from "@/lib/services/users";

const ADMINS_ONLY = "Only site administrators manage people and courses.";
const OUR_FAULT = "Something went wrong on our side; nothing was changed. Try again.";

async function adminContext(): Promise<ServiceContext | null> {
  const actor = await getSessionActor();
  if (!actor?.isAdmin || actor.kind !== "user") return null;
  return { db: await getDb(), principal: actor as UserActor, now: new Date(), requestId: newRequestId(), source: "web" };
}

function refusal(error: unknown, what: string): { ok: false; detail: string } {
  if (error instanceof ServiceError) return { ok: false, detail: error.message };
  console.error(`[invigil] ${what} failed`, error instanceof Error ? error.name : "unknown error");
  return { ok: false, detail: OUR_FAULT };
}

function courseKeyOk(courseKey: unknown): courseKey is string {
  return typeof courseKey === "string" && courseKey.length > 0 && courseKey.length <= 255;
}

/** Site admin or active account, on or off; never one's own admin right or account. */
export async function setUserFlagAction(userId: unknown, flag: unknown, value: unknown): Promise<AdminActionResult> {
  return unavailableAsResult(async (): Promise<AdminActionResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY };
    if (typeof userId !== "number" || !Number.isSafeInteger(userId) || (flag !== "isAdmin" && flag !== "isActive") || typeof value !== "boolean") {
      return { ok: false, detail: "No such user." };
    }
    try {
      await setUserFlag(ctx.db, userId, flag, value, { actorUserId: (ctx.principal as UserActor).userId, source: "web", requestId: ctx.requestId });
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "set user flag");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

/** Grants a course role to someone named by username or e-mail. */
export async function grantCourseRoleAction(courseKey: unknown, values: unknown): Promise<AdminActionResult> {
  return unavailableAsResult(async (): Promise<AdminActionResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY };
    if (!courseKeyOk(courseKey)) return { ok: false, detail: "No such course." };
    const parsed = GrantRoleFormSchema.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
      return { ok: false, detail: "Check the fields marked below.", fieldErrors };
    }
    const who = parsed.data.who;
    const matches = await ctx.db
      .select({ username: users.username })
      .from(users)
      .where(or(eq(users.username, who), eq(users.email, who)))
      .limit(2);
    if (matches.length !== 1) {
      const message = matches.length === 0 ? "Nobody has this username or e-mail address." : "Several people share this e-mail address: use the username.";
      return { ok: false, detail: "Check the fields marked below.", fieldErrors: { who: message } };
    }
    try {
      await syncCourseRoles(ctx, courseKey, [{ username: matches[0]!.username, role: parsed.data.role, present: true }]);
      refresh();
      return { ok: true, message: `${matches[0]!.username} is now ${parsed.data.role === "staff" ? "course staff" : "an instructor"}.` };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "grant course role");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

export async function removeCourseRoleAction(courseKey: unknown, username: unknown, role: unknown): Promise<AdminActionResult> {
  return unavailableAsResult(async (): Promise<AdminActionResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY };
    if (!courseKeyOk(courseKey) || typeof username !== "string" || !COURSE_STAFF_ROLES.includes(role as never)) return { ok: false, detail: "No such role." };
    try {
      await syncCourseRoles(ctx, courseKey, [{ username, role: role as (typeof COURSE_STAFF_ROLES)[number], present: false }]);
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "remove course role");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

/** The course's proctoring settings an admin may change (the LMS may sync them as well). */
export async function saveCourseAction(courseKey: unknown, values: unknown): Promise<AdminActionResult> {
  return unavailableAsResult(async (): Promise<AdminActionResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY };
    if (!courseKeyOk(courseKey)) return { ok: false, detail: "No such course." };
    const parsed = AdminCourseFormSchema.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
      return { ok: false, detail: "Check the fields marked below.", fieldErrors };
    }
    const data = parsed.data;
    try {
      await syncCourses(ctx, [
        {
          course_key: courseKey,
          proctoring_escalation_email: data.proctoringEscalationEmail || null,
          proctoring_backend: data.proctoringBackend || null,
          allow_proctoring_opt_out: data.allowProctoringOptOut,
          learning_microfrontend_url: data.learningMicrofrontendUrl || null,
        },
      ]);
      refresh();
      return { ok: true, message: "Saved." };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "save course");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

/** The CSV import; `dryRun` does everything and keeps nothing, so its counts are the import's. */
export async function importPeopleAction(kind: unknown, text: unknown, dryRun: unknown): Promise<PeopleImportResult> {
  return unavailableAsResult(async (): Promise<PeopleImportResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY, errors: [] };
    if (!PEOPLE_IMPORT_KINDS.includes(kind as never) || typeof text !== "string" || typeof dryRun !== "boolean") {
      return { ok: false, detail: "Choose what to import and a CSV file.", errors: [] };
    }
    try {
      const result = await importPeopleCsv(ctx, kind as PeopleImportKind, text, { dryRun });
      if (result.ok && !dryRun) refresh();
      return result;
    } catch (error) {
      rethrowIfUnavailable(error);
      return { ...refusal(error, "import people"), errors: [] };
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL, errors: [] }));
}
