import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { ServiceError } from "@/lib/domain/errors";

/**
 * Rate limits whose counters live in the database (table rate_limits), so every instance of the
 * app behind a load balancer counts against one limit. rate-limiter-flexible does the counting:
 * one atomic upsert per check, on PGlite and PostgreSQL alike. See docs/decisions/014-rate-limits.md.
 */

export interface RateLimitRule {
  /** Prefix of the counter's key; one per rule. */
  name: string;
  points: number;
  durationSeconds: number;
}

export const SIGN_IN_PER_CLIENT: RateLimitRule = { name: "signin:client", points: 60, durationSeconds: 60 };
export const SIGN_IN_PER_ACCOUNT: RateLimitRule = { name: "signin:account", points: 20, durationSeconds: 60 };
/** An LMS mints a JWT per learner page view: generous, but a leaked token cannot mint without end. */
export const USER_JWT_PER_CLIENT: RateLimitRule = { name: "user-jwt:client", points: 600, durationSeconds: 60 };
export const USER_JWT_PER_ACCOUNT: RateLimitRule = { name: "user-jwt:token", points: 600, durationSeconds: 60 };

export class RateLimitedError extends ServiceError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", `Too many requests. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`);
  }
}

const limiters = new WeakMap<Db, Map<string, RateLimiterDrizzle>>();

function limiterFor(db: Db, rule: RateLimitRule): RateLimiterDrizzle {
  let byRule = limiters.get(db);
  if (!byRule) limiters.set(db, (byRule = new Map()));
  let limiter = byRule.get(rule.name);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({
      storeClient: db,
      schema: rateLimits,
      keyPrefix: rule.name,
      points: rule.points,
      duration: rule.durationSeconds,
    });
    byRule.set(rule.name, limiter);
  }
  return limiter;
}

/**
 * Counts one request against each rule's counter for its subject (a client address, an account);
 * throws RateLimitedError (429, with the seconds until the fullest counter resets) once any is
 * spent. Subjects are capped in length: they come from the request.
 */
export async function enforceRateLimits(db: Db, checks: { rule: RateLimitRule; subject: string }[]): Promise<void> {
  for (const { rule, subject } of checks) {
    try {
      await limiterFor(db, rule).consume(subject.slice(0, 200).toLowerCase());
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }
}

/** Sign-in, by whatever way it arrives (the sign-in page's actions, Auth.js's own endpoints). */
export async function enforceSignInLimits(db: Db, client: string, account: string | null): Promise<void> {
  await enforceRateLimits(db, [
    { rule: SIGN_IN_PER_CLIENT, subject: client },
    ...(account ? [{ rule: SIGN_IN_PER_ACCOUNT, subject: account.trim() }] : []),
  ]);
}
