"use server";

/**
 * Server actions of the site settings page: adapters from its forms to `setSiteSetting`, the verb
 * the CLI's set-setting uses, so both check a value against the same schema
 * (lib/domain/site-settings.ts) and both write one audit row with the value before and after.
 * Settings are read from the database on every request (lib/data/settings.ts): a change counts
 * from the next request on.
 */
import { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } from "@/lib/actions/unavailable";
import { revalidatePath } from "next/cache";
import type { SettingActionResult } from "@/components/admin/setting-form";
import { getSessionActor } from "@/lib/auth/actor";
import { newRequestId } from "@/lib/data/context";
import { isSiteSettingKey, readSiteSettingInput } from "@/lib/domain/site-settings";
import { SiteSettingInputError, setSiteSetting } from "@/lib/services/settings";
import { getDb } from "@/db/client";

const FORBIDDEN: SettingActionResult = { ok: false, message: "Only site administrators can change site settings." };

async function change(key: unknown, value: unknown, reset: boolean): Promise<SettingActionResult> {
  const actor = await getSessionActor();
  if (!actor?.isAdmin) return FORBIDDEN;
  if (typeof key !== "string" || !isSiteSettingKey(key)) return { ok: false, message: "This setting does not exist." };
  let next: unknown = null;
  if (!reset) {
    const read = readSiteSettingInput(key, typeof value === "string" ? value : "");
    if (!read.ok) return { ok: false, message: read.message };
    next = read.value;
  }
  try {
    await setSiteSetting(await getDb(), key, next, { actorKind: "user", actorUserId: actor.userId, source: "web", requestId: newRequestId() });
  } catch (error) {
    rethrowIfUnavailable(error);
    if (error instanceof SiteSettingInputError) return { ok: false, message: error.message.replace(`${key}: `, "") };
    console.error("[invigil] site setting action failed", error instanceof Error ? error.message : "unknown error");
    return { ok: false, message: "Something went wrong on our side; the setting may not have changed. Try again." };
  }
  revalidatePath("/admin/settings");
  return { ok: true, message: reset ? "Default restored." : "Saved." };
}

export async function saveSiteSetting(_previous: SettingActionResult | null, form: FormData): Promise<SettingActionResult> {
  return unavailableAsResult(async (): Promise<SettingActionResult> => {
    return change(form.get("key"), form.get("value"), form.get("intent") === "reset");
  }, () => ({ ok: false, message: UNAVAILABLE_ACTION_DETAIL }));
}
