"use server";

/**
 * Server actions of the admin health page: retry or discard dead outbox messages. Admins only,
 * checked here again; the verbs audit each call with the ids.
 */
import { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } from "@/lib/actions/unavailable";
import { refresh } from "next/cache";
import { getDb } from "@/db/client";
import { getSessionActor } from "@/lib/auth/actor";
import type { OutboxActionResult } from "@/lib/domain/admin-health";
import { ServiceError } from "@/lib/domain/errors";
import { discardDeadMessages, retryDeadMessages } from "@/lib/services/outbox-admin";

const ADMINS_ONLY = "Only site administrators manage the outbox.";

function ids(value: unknown): number[] | null {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "number")) return null;
  return value as number[];
}

async function run(kind: "retry" | "discard", value: unknown): Promise<OutboxActionResult> {
  const actor = await getSessionActor();
  if (!actor?.isAdmin) return { ok: false, detail: ADMINS_ONLY };
  const list = ids(value);
  if (!list) return { ok: false, detail: "Choose at least one message." };
  try {
    const db = await getDb();
    const count =
      kind === "retry"
        ? await retryDeadMessages(db, list, { actorUserId: actor.userId })
        : await discardDeadMessages(db, list, { actorUserId: actor.userId, actorName: actor.username });
    refresh();
    return { ok: true, count };
  } catch (error) {
    rethrowIfUnavailable(error);
    if (error instanceof ServiceError) return { ok: false, detail: error.message };
    console.error(`[invigil] ${kind} dead messages failed`, error instanceof Error ? error.name : "unknown error");
    return { ok: false, detail: "Something went wrong on our side; nothing was changed. Try again." };
  }
}

export async function retryDeadMessagesAction(value: unknown): Promise<OutboxActionResult> {
  return unavailableAsResult(async (): Promise<OutboxActionResult> => {
    return run("retry", value);
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

export async function discardDeadMessagesAction(value: unknown): Promise<OutboxActionResult> {
  return unavailableAsResult(async (): Promise<OutboxActionResult> => {
    return run("discard", value);
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}
