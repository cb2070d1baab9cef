/**
 * The address of the client that sent a request, for per-client limits. `next start` puts the
 * socket's address in X-Forwarded-For when the request has none; behind a reverse proxy the
 * proxy's entry is the last one. Which forwarded entries to trust is decided in one place: here.
 */
export function clientIp(headers: Headers): string {
  const last = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return last || "unknown";
}
