/**
 * The origin a caller reached Invigil at: INVIGIL_BASE_URL when configured, else the (forwarded)
 * Host header with the (forwarded) protocol. Vendors are given it as `lms_host` (§9.6
 * registration) and call back there, so route handlers and server actions must agree on it.
 */
export function originFromHeaders(headers: Headers, options: { baseUrl?: string | undefined; fallbackProtocol: string; fallbackOrigin?: string }): string | undefined {
  if (options.baseUrl) return options.baseUrl.replace(/\/$/, "");
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || options.fallbackProtocol;
  return host ? `${proto}://${host}` : options.fallbackOrigin;
}
