"use server";

/**
 * Server actions of the admin console's webhooks page: adapters from the page to the verbs of
 * lib/services/webhooks.ts. Admins only, checked here again (not only by the layout); every change
 * is audited by its verb as the admin. The signing secret leaves the server only in the answer to
 * create and rotate, once.
 */
import { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } from "@/lib/actions/unavailable";
import { refresh } from "next/cache";
import { getDb } from "@/db/client";
import { getSessionActor } from "@/lib/auth/actor";
import { newRequestId, type ServiceContext } from "@/lib/data/context";
import { ServiceError } from "@/lib/domain/errors";
import { WebhookEndpointFormSchema, type WebhookActionResult, type WebhookSecretResult } from "@/lib/domain/webhooks";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  replayWebhookDelivery,
  rotateWebhookSecret,
  sendWebhookTestEvent,
  setWebhookEndpointEnabled,
} from "@/lib/services/webhooks";

const ADMINS_ONLY = "Only site administrators manage webhooks.";
const OUR_FAULT = "Something went wrong on our side; nothing was changed. Try again.";

async function adminContext(): Promise<ServiceContext | null> {
  const actor = await getSessionActor();
  if (!actor?.isAdmin) return null;
  return { db: await getDb(), principal: actor, now: new Date(), requestId: newRequestId(), source: "web" };
}

function validId(id: unknown): id is number {
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0;
}

/** A ServiceError's words are meant for people (e.g. "No such webhook endpoint."); anything else is ours. */
function failure(error: unknown, what: string): { ok: false; detail: string } {
  if (error instanceof ServiceError) return { ok: false, detail: error.detail };
  console.error(`[invigil] ${what} failed`, error instanceof Error ? error.message : "unknown error");
  return { ok: false, detail: OUR_FAULT };
}

/** Registers an endpoint; the answer carries its signing secret, the only time it is shown. */
export async function createWebhookAction(values: unknown): Promise<WebhookSecretResult> {
  return unavailableAsResult(async (): Promise<WebhookSecretResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY, fieldErrors: {} };
    const parsed = WebhookEndpointFormSchema.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
      return { ok: false, detail: "Check the fields marked below.", fieldErrors };
    }
    try {
      const { row, secret } = await createWebhookEndpoint(ctx, parsed.data);
      refresh();
      return { ok: true, secret, url: row.url };
    } catch (error) {
      rethrowIfUnavailable(error);
      return { ...failure(error, "create webhook endpoint"), fieldErrors: {} };
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}

export async function rotateWebhookSecretAction(id: unknown): Promise<WebhookSecretResult> {
  return unavailableAsResult(async (): Promise<WebhookSecretResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY, fieldErrors: {} };
    if (!validId(id)) return { ok: false, detail: "No such webhook endpoint.", fieldErrors: {} };
    try {
      const { row, secret } = await rotateWebhookSecret(ctx, id);
      refresh();
      return { ok: true, secret, url: row.url };
    } catch (error) {
      rethrowIfUnavailable(error);
      return { ...failure(error, "rotate webhook secret"), fieldErrors: {} };
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}

export async function setWebhookEnabledAction(id: unknown, enabled: unknown): Promise<WebhookActionResult> {
  return unavailableAsResult(async (): Promise<WebhookActionResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY };
    if (!validId(id) || typeof enabled !== "boolean") return { ok: false, detail: "No such webhook endpoint." };
    try {
      await setWebhookEndpointEnabled(ctx, id, enabled);
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return failure(error, "enable or disable webhook endpoint");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

export async function deleteWebhookAction(id: unknown): Promise<WebhookActionResult> {
  return unavailableAsResult(async (): Promise<WebhookActionResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY };
    if (!validId(id)) return { ok: false, detail: "No such webhook endpoint." };
    try {
      await deleteWebhookEndpoint(ctx, id);
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return failure(error, "delete webhook endpoint");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

export async function sendWebhookTestAction(id: unknown): Promise<WebhookActionResult> {
  return unavailableAsResult(async (): Promise<WebhookActionResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY };
    if (!validId(id)) return { ok: false, detail: "No such webhook endpoint." };
    try {
      await sendWebhookTestEvent(ctx, id);
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return failure(error, "send webhook test event");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

export async function replayWebhookDeliveryAction(id: unknown): Promise<WebhookActionResult> {
  return unavailableAsResult(async (): Promise<WebhookActionResult> => {
    const ctx = await adminContext();
    if (!ctx) return { ok: false, detail: ADMINS_ONLY };
    if (!validId(id)) return { ok: false, detail: "No such webhook delivery." };
    try {
      await replayWebhookDelivery(ctx, id);
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return failure(error, "replay webhook delivery");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}
