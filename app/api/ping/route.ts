export const dynamic = "force-dynamic";

const BODY = JSON.stringify({ ok: true });

/**
 * A bare route handler that answers a constant: no auth, no database. The baseline that
 * bench/attempt-api.ts measures the real endpoints against, in the same run on the same machine.
 */
export function GET(): Response {
  return new Response(BODY, { headers: { "content-type": "application/json", "cache-control": "no-store" } });
}
