"use server";

/**
 * Server actions of the admin console's API tokens page: adapters from the form to the same verbs
 * as the CLI's create-token and revoke-token (lib/services/tokens.ts). Admins only, checked here
 * again; every change is audited by the verb.
 */
import { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } from "@/lib/actions/unavailable";
import { refresh } from "next/cache";
import { getDb } from "@/db/client";
import { getSessionActor } from "@/lib/auth/actor";
import { AdminTokenFormSchema, tokenExpiryFromDays, type CreateTokenResult, type RevokeTokenResult } from "@/lib/domain/api-tokens";
import { ApiTokenInputError, createApiToken, revokeApiToken } from "@/lib/services/tokens";

const ADMINS_ONLY = "Only site administrators manage API tokens.";

async function adminActor() {
  const actor = await getSessionActor();
  return actor?.isAdmin ? actor : null;
}

/** Creates a token; the answer carries the secret, the only time it leaves the server. */
export async function createTokenAction(values: unknown): Promise<CreateTokenResult> {
  return unavailableAsResult(async (): Promise<CreateTokenResult> => {
    const actor = await adminActor();
    if (!actor) return { ok: false, detail: ADMINS_ONLY, fieldErrors: {} };
    const parsed = AdminTokenFormSchema.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
      return { ok: false, detail: "Check the fields marked below.", fieldErrors };
    }
    const now = new Date();
    try {
      const { token, row } = await createApiToken(
        await getDb(),
        {
          name: parsed.data.name,
          scopes: parsed.data.scopes,
          backendName: parsed.data.backendName || null,
          createdById: actor.userId,
          expiresAt: tokenExpiryFromDays(parsed.data.expiresDays, now),
        },
        { actorKind: "user", actorUserId: actor.userId, source: "web" },
      );
      refresh();
      return { ok: true, token, name: row.name };
    } catch (error) {
      rethrowIfUnavailable(error);
      if (error instanceof ApiTokenInputError) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of error.issues) fieldErrors[issue.path] ??= issue.message;
        return { ok: false, detail: "Check the fields marked below.", fieldErrors };
      }
      console.error("[invigil] create API token failed", error instanceof Error ? error.message : "unknown error");
      return { ok: false, detail: "Something went wrong on our side; no token was created. Try again.", fieldErrors: {} };
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}

/** Revokes a token for good (the page asked for a confirmation first). */
export async function revokeTokenAction(id: unknown): Promise<RevokeTokenResult> {
  return unavailableAsResult(async (): Promise<RevokeTokenResult> => {
    const actor = await adminActor();
    if (!actor) return { ok: false, detail: ADMINS_ONLY };
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) return { ok: false, detail: "No such token." };
    try {
      const row = await revokeApiToken(await getDb(), id, new Date(), { actorKind: "user", actorUserId: actor.userId, source: "web" });
      if (!row) return { ok: false, detail: "No such token." };
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      console.error("[invigil] revoke API token failed", error instanceof Error ? error.message : "unknown error");
      return { ok: false, detail: "Something went wrong on our side; the token may still work. Try again." };
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}
