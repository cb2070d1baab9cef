import { createHash, randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { apiTokens, auditLog, type ActorKind, type ApiToken } from "@/db/schema";
import { API_TOKEN_SCOPES, type ApiTokenScope } from "@/lib/domain/api-tokens";

/**
 * API tokens for services: the LMS (course sync, acting for a learner), proctoring vendors
 * (callbacks), scripts. Only a SHA-256 of the token is stored, so a leaked database does not leak
 * working credentials; the token itself is shown once, at creation.
 */

export { API_TOKEN_SCOPES, type ApiTokenScope };

/** Every token starts with this, so secret scanners and people can recognise one. */
export const API_TOKEN_PREFIX = "inv_";
/** `inv_` + base64url of 32 random bytes (43 characters). */
const TOKEN_PATTERN = /^inv_[A-Za-z0-9_-]{43}$/;
/** How much of the token is kept in clear to recognise it in lists. */
const PREFIX_LENGTH = 8;
/**
 * last_used_at is refreshed at most this often: a busy LMS token would otherwise write (and lock)
 * the same row on every request.
 */
const LAST_USED_GRANULARITY_MS = 60_000;

/** Bad input to a token verb: the message lists every problem in words fit for a person. */
export class ApiTokenInputError extends Error {
  readonly code = "VALIDATION";
  constructor(public readonly issues: { path: string; message: string }[]) {
    super(`Invalid API token request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`);
    this.name = "ApiTokenInputError";
  }
}

const scopeSchema = z.string().refine((s): s is ApiTokenScope => (API_TOKEN_SCOPES as readonly string[]).includes(s), {
  error: (issue) => `unknown scope "${String(issue.input)}" (known scopes: ${API_TOKEN_SCOPES.join(", ")})`,
});

export const CreateApiTokenInput = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
    scopes: z
      .array(scopeSchema)
      .min(1, `give at least one scope (known scopes: ${API_TOKEN_SCOPES.join(", ")})`)
      .transform((scopes) => [...new Set(scopes)] as ApiTokenScope[]),
    backendName: z
      .string()
      .trim()
      .max(255, "must be at most 255 characters")
      .nullish()
      .transform((v) => (v ? v : null)),
    createdById: z.number().int().positive().nullish().transform((v) => v ?? null),
    expiresAt: z
      .date({ error: "must be a date" })
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((input, ctx) => {
    // A vendor token is bound to one backend: a vendor may only report on its own attempts.
    if (input.scopes.includes("vendor:callbacks") && !input.backendName) {
      ctx.addIssue({
        code: "custom",
        path: ["backendName"],
        message: "a token with the vendor:callbacks scope needs the name of the backend it acts for",
      });
    }
  });
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;

/** Who is doing it, for the audit log. Defaults: a user if createdById is set, else the system. */
export interface TokenAuditMeta {
  actorKind?: ActorKind;
  actorUserId?: number | null;
  source?: string;
  requestId?: string | null;
  /** The instant of the change, where a verb records one (defaults to the clock). */
  now?: Date;
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ApiTokenInputError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.filter((p) => typeof p !== "number").join("."),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

/** Creates a token. The returned `token` is the only copy of the secret: show it once. */
export async function createApiToken(
  db: DbOrTx,
  input: CreateApiTokenInput,
  meta: TokenAuditMeta = {},
): Promise<{ token: string; row: ApiToken }> {
  const data = parseInput(CreateApiTokenInput, input);
  const token = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(apiTokens)
      .values({
        name: data.name,
        tokenHash: hashApiToken(token),
        tokenPrefix: token.slice(0, PREFIX_LENGTH),
        scopes: data.scopes,
        backendName: data.backendName,
        createdById: data.createdById,
        expiresAt: data.expiresAt,
      })
      .returning();
    if (!inserted) throw new Error("createApiToken: insert returned no row");
    await tx.insert(auditLog).values({
      actorKind: meta.actorKind ?? (data.createdById ? "user" : "system"),
      actorUserId: meta.actorUserId ?? data.createdById,
      action: "api_token.create",
      entityType: "api_token",
      entityId: String(inserted.id),
      source: meta.source ?? "system",
      requestId: meta.requestId ?? null,
      data: {
        name: inserted.name,
        scopes: inserted.scopes,
        backendName: inserted.backendName,
        tokenPrefix: inserted.tokenPrefix,
        expiresAt: inserted.expiresAt?.toISOString() ?? null,
      },
    });
    return inserted;
  });
  return { token, row };
}

/**
 * The token's row if the token is known, not revoked and not expired at `now`; otherwise null
 * (callers answer 401 without saying which). Refreshes last_used_at.
 */
export async function verifyApiToken(db: DbOrTx, token: string, now: Date): Promise<ApiToken | null> {
  // Anything not shaped like one of ours is refused without a query.
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(token))).limit(1);
  if (!row) return null;
  if (row.revokedAt) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
    return { ...row, lastUsedAt: now };
  }
  return row;
}

/** True when a verified token carries the scope. */
export function tokenHasScope(row: Pick<ApiToken, "scopes">, scope: ApiTokenScope): boolean {
  return row.scopes.includes(scope);
}

/**
 * Revokes a token for good. Idempotent: revoking twice keeps the first revocation time.
 * Returns the row, or null when there is no token with that id.
 */
export async function revokeApiToken(
  db: DbOrTx,
  id: number,
  now: Date = new Date(),
  meta: TokenAuditMeta = {},
): Promise<ApiToken | null> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
    if (!existing) return null;
    if (existing.revokedAt) return existing;
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, ${now.toISOString()}::timestamptz)` })
      .where(eq(apiTokens.id, id))
      .returning();
    if (!row) return null;
    await tx.insert(auditLog).values({
      actorKind: meta.actorKind ?? (meta.actorUserId ? "user" : "system"),
      actorUserId: meta.actorUserId ?? null,
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: String(id),
      source: meta.source ?? "system",
      requestId: meta.requestId ?? null,
      data: { name: row.name, tokenPrefix: row.tokenPrefix },
    });
    return row;
  });
}

/** A token as an operator sees it in a list: everything but the hash. */
export interface ApiTokenSummary {
  id: number;
  name: string;
  scopes: string[];
  /** The token's first characters (`inv_` and four more): enough to recognise it, useless to use it. */
  prefix: string;
  backendName: string | null;
  created: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Every token, oldest first, revoked and expired ones included (they say when they stopped). */
export async function listApiTokens(db: DbOrTx): Promise<ApiTokenSummary[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      prefix: apiTokens.tokenPrefix,
      backendName: apiTokens.backendName,
      created: apiTokens.created,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(asc(apiTokens.id));
}

/** Whether a listed token still works at `now`. */
export function apiTokenState(token: Pick<ApiTokenSummary, "revokedAt" | "expiresAt">, now: Date): "active" | "revoked" | "expired" {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
