"use server";

/**
 * Server actions of the admin console's proctoring backends pages: adapters from the forms to the
 * same verbs as the CLI's configure-backend and vendor-client commands (lib/services/backend-configs.ts,
 * backend-admin.ts, vendor-clients.ts). Admins only, checked here again; every change is audited
 * by its verb. Answers never carry a stored secret: only the one-time secret of a new vendor client.
 */
import { rethrowIfUnavailable, UNAVAILABLE_ACTION_DETAIL, unavailableAsResult } from "@/lib/actions/unavailable";
import { eq } from "drizzle-orm";
import { refresh } from "next/cache";
import { getDb } from "@/db/client";
import { backendConfigs } from "@/db/schema";
import { getSessionActor } from "@/lib/auth/actor";
import {
  BACKEND_NAME_PATTERN,
  BackendFormSchema,
  VendorClientFormSchema,
  formSecrets,
  formSettings,
  type BackendActionResult,
  type BackendSaveResult,
  type ConnectionTestActionResult,
  type VendorClientCreateResult,
} from "@/lib/domain/backend-admin";
import { ServiceError } from "@/lib/domain/errors";
import { deleteBackend, setBackendEnabled, setDefaultBackend, testBackendConnection } from "@/lib/services/backend-admin";
import { configureBackend } from "@/lib/services/backend-configs";
import { createVendorClient, revokeVendorClient } from "@/lib/services/vendor-clients";

const ADMINS_ONLY = "Only site administrators manage proctoring backends.";
const OUR_FAULT = "Something went wrong on our side; nothing was changed. Try again.";

async function adminMeta() {
  const actor = await getSessionActor();
  return actor?.isAdmin ? { actorKind: "user" as const, actorUserId: actor.userId, source: "web" } : null;
}

function validName(name: unknown): name is string {
  return typeof name === "string" && BACKEND_NAME_PATTERN.test(name);
}

/** A verb's refusal in plain words; anything else is logged without details and answered generically. */
function refusal(error: unknown, what: string): { ok: false; detail: string } {
  if (error instanceof ServiceError) return { ok: false, detail: error.message };
  console.error(`[invigil] ${what} failed`, error instanceof Error ? error.name : "unknown error");
  return { ok: false, detail: OUR_FAULT };
}

/**
 * Creates a backend (`mode: "create"`: the name must be new) or updates one (`mode: "update"`: name
 * and kind come from the stored row's page). Field errors point at the field the verb refused.
 */
export async function saveBackendAction(values: unknown, mode: unknown): Promise<BackendSaveResult> {
  return unavailableAsResult(async (): Promise<BackendSaveResult> => {
    const meta = await adminMeta();
    if (!meta) return { ok: false, detail: ADMINS_ONLY, fieldErrors: {} };
    const parsed = BackendFormSchema.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
      return { ok: false, detail: "Check the fields marked below.", fieldErrors };
    }
    const data = parsed.data;
    try {
      const db = await getDb();
      const [existing] = await db.select({ kind: backendConfigs.kind }).from(backendConfigs).where(eq(backendConfigs.name, data.name)).limit(1);
      if (mode === "create" && existing) {
        return { ok: false, detail: "Check the fields marked below.", fieldErrors: { name: "A backend with this name exists already: choose another name or edit that one." } };
      }
      if (mode !== "create" && !existing) return { ok: false, detail: `No proctoring backend named '${data.name}'.`, fieldErrors: {} };
      if (existing && existing.kind !== data.kind) {
        return { ok: false, detail: "Check the fields marked below.", fieldErrors: { kind: "The kind of a backend cannot change: create a new backend instead." } };
      }
      const { created } = await configureBackend(
        db,
        { name: data.name, kind: data.kind as never, verboseName: data.verboseName, enabled: data.enabled, settings: formSettings(data), secrets: formSecrets(data) },
        meta,
      );
      refresh();
      return { ok: true, name: data.name, created };
    } catch (error) {
      rethrowIfUnavailable(error);
      if (error instanceof ServiceError && error.code === "VALIDATION") {
        const fields = error.fields ?? {};
        const fieldErrors: Record<string, string> = {};
        for (const [field, messages] of Object.entries(fields)) {
          const target = field === "settings" ? "settingsJson" : field === "verboseName" ? "verboseName" : field === "kind" ? "kind" : field === "secrets" ? "secrets" : field;
          fieldErrors[target] = messages[0] ?? error.message;
        }
        if (Object.keys(fieldErrors).length === 0) fieldErrors.settingsJson = error.message;
        return { ok: false, detail: "Check the fields marked below.", fieldErrors };
      }
      const refused = refusal(error, "save backend");
      return { ...refused, fieldErrors: {} };
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}

export async function setDefaultBackendAction(name: unknown): Promise<BackendActionResult> {
  return unavailableAsResult(async (): Promise<BackendActionResult> => {
    const meta = await adminMeta();
    if (!meta) return { ok: false, detail: ADMINS_ONLY };
    if (!validName(name)) return { ok: false, detail: "No such backend." };
    try {
      await setDefaultBackend(await getDb(), name, meta);
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "set default backend");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

export async function setBackendEnabledAction(name: unknown, enabled: unknown): Promise<BackendActionResult> {
  return unavailableAsResult(async (): Promise<BackendActionResult> => {
    const meta = await adminMeta();
    if (!meta) return { ok: false, detail: ADMINS_ONLY };
    if (!validName(name) || typeof enabled !== "boolean") return { ok: false, detail: "No such backend." };
    try {
      await setBackendEnabled(await getDb(), name, enabled, meta);
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "enable or disable backend");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

export async function deleteBackendAction(name: unknown): Promise<BackendActionResult> {
  return unavailableAsResult(async (): Promise<BackendActionResult> => {
    const meta = await adminMeta();
    if (!meta) return { ok: false, detail: ADMINS_ONLY };
    if (!validName(name)) return { ok: false, detail: "No such backend." };
    try {
      await deleteBackend(await getDb(), name, meta);
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "delete backend");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

/** Calls the vendor with the stored configuration; changes nothing. */
export async function testBackendConnectionAction(name: unknown): Promise<ConnectionTestActionResult> {
  return unavailableAsResult(async (): Promise<ConnectionTestActionResult> => {
    const meta = await adminMeta();
    if (!meta) return { ok: false, detail: ADMINS_ONLY };
    if (!validName(name)) return { ok: false, detail: "No such backend." };
    try {
      return { ok: true, result: await testBackendConnection(await getDb(), name) };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "test backend connection");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}

/** Creates a vendor OAuth client for a backend; the answer carries its secret, the only time it leaves the server. */
export async function createVendorClientAction(backendName: unknown, values: unknown): Promise<VendorClientCreateResult> {
  return unavailableAsResult(async (): Promise<VendorClientCreateResult> => {
    const meta = await adminMeta();
    if (!meta) return { ok: false, detail: ADMINS_ONLY, fieldErrors: {} };
    if (!validName(backendName)) return { ok: false, detail: "No such backend.", fieldErrors: {} };
    const parsed = VendorClientFormSchema.safeParse(values);
    if (!parsed.success) return { ok: false, detail: "Check the fields marked below.", fieldErrors: { name: parsed.error.issues[0]?.message ?? "Invalid name." } };
    try {
      const { clientId, clientSecret, client } = await createVendorClient(
        await getDb(),
        { name: parsed.data.name, backendName, createdById: meta.actorUserId },
        meta,
      );
      refresh();
      return { ok: true, clientId, clientSecret, name: client.name };
    } catch (error) {
      rethrowIfUnavailable(error);
      return { ...refusal(error, "create vendor client"), fieldErrors: {} };
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL, fieldErrors: {} }));
}

export async function revokeVendorClientAction(clientId: unknown): Promise<BackendActionResult> {
  return unavailableAsResult(async (): Promise<BackendActionResult> => {
    const meta = await adminMeta();
    if (!meta) return { ok: false, detail: ADMINS_ONLY };
    if (typeof clientId !== "string" || !/^[0-9a-f]{32}$/.test(clientId)) return { ok: false, detail: "No such client." };
    try {
      const row = await revokeVendorClient(await getDb(), clientId, new Date(), meta);
      if (!row) return { ok: false, detail: "No such client." };
      refresh();
      return { ok: true };
    } catch (error) {
      rethrowIfUnavailable(error);
      return refusal(error, "revoke vendor client");
    }
  }, () => ({ ok: false, detail: UNAVAILABLE_ACTION_DETAIL }));
}
