import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { Principal } from "@/lib/domain/actor";

export type RequestSource = "web" | "api" | "vendor" | "system" | "cli";

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
