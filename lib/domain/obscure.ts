import { createHmac } from "node:crypto";

/**
 * The user id sent to vendors (§15.3): lowercase hex HMAC-SHA1 over the decimal id followed by
 * the extra strings (the backend name), so vendors never learn our ids and cannot correlate a
 * learner across backends.
 */
export function obscuredUserId(key: string, userId: number, ...extra: string[]): string {
  return createHmac("sha1", Buffer.from(key, "ascii"))
    .update(String(userId) + extra.join(""))
    .digest("hex");
}
