import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { Principal } from "@/lib/domain/actor";

/**
 * Where a request came from, as the audit log records it: `web` a page or server action of ours;
 * `dashboard` the REST API called by our own pages in the browser with the session cookie (the
 * dashboard's Resume and Reset, the learner's exam page); `api` the REST API with a token or JWT;
 * `vendor` a proctoring service's callback; `system` the app by itself; `cli` a command.
 * Only `web` widens what course staff may do (lib/services/exam/store.ts requireExamEditor):
 * `dashboard` is a source for the timeline, not a permission.
 */
export type RequestSource = "web" | "dashboard" | "api" | "vendor" | "system" | "cli";

/**
 * Everything a service verb needs besides its input: where to read and write, who is asking,
 * what time it is (one `now` per request, so every row written by it agrees), and how to
 * correlate the audit trail.
 */
export interface ServiceContext {
  db: Db;
  principal: Principal;
  now: Date;
  requestId: string;
  source: RequestSource;
  /** Scheme and host the caller reached us at (absolute URLs in responses), if known. */
  origin?: string;
}

export function newRequestId(): string {
  return randomUUID();
}

export function systemContext(db: Db, name: string, now: Date = new Date()): ServiceContext {
  return { db, principal: { kind: "system", name }, now, requestId: newRequestId(), source: "system" };
}
