import type { DbOrTx } from "@/db/client";
import { auditLog, outbox, type NewAuditLogEntry } from "@/db/schema";
import type { ServiceContext } from "./context";

type AuditInput = Omit<NewAuditLogEntry, "id" | "at" | "actorKind" | "actorUserId" | "actorTokenId" | "source" | "requestId">;

/** Who did it, as the audit log records it. */
export function actorColumns(ctx: ServiceContext) {
  const p = ctx.principal;
  return {
    actorKind: p.kind === "user" ? ("user" as const) : p.kind === "service" ? (p.backendName ? ("vendor" as const) : ("service" as const)) : ("system" as const),
    actorUserId: p.kind === "user" ? p.userId : null,
    actorTokenId: p.kind === "service" ? p.tokenId : null,
  };
}

/** Appends one audit row in the caller's transaction (architecture rule 6). */
export async function recordAudit(tx: DbOrTx, ctx: ServiceContext, entry: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    ...entry,
    ...actorColumns(ctx),
    at: ctx.now,
    source: ctx.source,
    requestId: ctx.requestId,
  });
}

/**
 * Puts a side effect in the outbox in the caller's transaction (architecture rule 5): it is
 * delivered after commit, with retries, and is lost only if the change itself is rolled back.
 */
export async function enqueue(
  tx: DbOrTx,
  ctx: ServiceContext,
  topic: string,
  payload: Record<string, unknown>,
  options: { delayMs?: number; maxTries?: number } = {},
): Promise<void> {
  await tx.insert(outbox).values({
    topic,
    payload,
    nextAttemptAt: new Date(ctx.now.getTime() + (options.delayMs ?? 0)),
    requestId: ctx.requestId,
    ...(options.maxTries ? { maxTries: options.maxTries } : {}),
  });
}
