/**
 * A request path whose percent-escapes are not UTF-8 (`/courses/%FF`) cannot name anything: Next
 * fails to decode the dynamic segment before any route or page runs, so the answer is its own
 * error page instead of our `detail`. Checked first, for every request, signed in or not: API
 * paths get the JSON 400 every other bad input gets, pages a plain-text 400. Nothing is read or
 * written. Meant to be called from the request proxy (proxy.ts), one line, before anything else.
 */
export const MALFORMED_PATH_DETAIL = "The address is not valid: a percent-escape in its path is not UTF-8.";

/** True when every segment of the (still encoded) path decodes as UTF-8. */
export function isWellFormedPath(pathname: string): boolean {
  if (!pathname.includes("%")) return true;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The 400 for a path that does not decode, or null when the path is fine. */
export function malformedPathResponse(url: URL): Response | null {
  if (isWellFormedPath(url.pathname)) return null;
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) {
    return Response.json({ detail: MALFORMED_PATH_DETAIL }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  return new Response(`${MALFORMED_PATH_DETAIL}\n`, {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
