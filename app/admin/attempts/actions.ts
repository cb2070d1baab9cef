"use server";

/**
 * Server action of the admin console's appeal page: an adapter from the form to the verb
 * (lib/services/appeal/change-status.ts), which checks again that the caller is an admin and
 * audits the change with the reason.
 */
import { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } from "@/lib/actions/unavailable";
import { refresh } from "next/cache";
import { getSessionActor } from "@/lib/auth/actor";
import { webContext } from "@/lib/auth/request-context";
import { AppealForm } from "@/lib/domain/appeal-input";
import { ServiceError } from "@/lib/domain/errors";
import { ADMINS_ONLY_DETAIL, changeStatusOnAppeal } from "@/lib/services/appeal/change-status";

export type AppealActionResult =
  | { ok: true; status: string; changed: boolean }
  | { ok: false; detail: string; fieldErrors: Partial<Record<"status" | "reason", string>> };

export async function changeStatusOnAppealAction(attemptId: unknown, expectedStatus: unknown, values: unknown): Promise<AppealActionResult> {
  return unavailableAsResult(async (): Promise<AppealActionResult> => {
    const actor = await getSessionActor();
    if (!actor?.isAdmin) return { ok: false, detail: ADMINS_ONLY_DETAIL, fieldErrors: {} };
    const parsed = AppealForm.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: Partial<Record<"status" | "reason", string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "status" || field === "reason") fieldErrors[field] ??= issue.message;
      }
      return { ok: false, detail: "Check the fields marked below.", fieldErrors };
    }
    try {
      const ctx = await webContext(actor);
      const result = await changeStatusOnAppeal(ctx, {
        ...parsed.data,
        attemptId,
        ...(typeof expectedStatus === "string" ? { expectedStatus } : {}),
      });
      refresh();
      return { ok: true, status: result.status, changed: result.changed };
    } catch (error) {
      rethrowIfUnavailable(error);
      if (error instanceof ServiceError && error.status < 500) return { ok: false, detail: error.detail, fieldErrors: {} };
      console.error("[invigil] appeal status change failed", error instanceof Error ? error.message : "unknown error");
      return { ok: false, detail: "Something went wrong on our side; the status was not changed. Try again.", fieldErrors: {} };
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}
