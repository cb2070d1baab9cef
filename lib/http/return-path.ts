/**
 * Where sign-in may send the browser back to: only a path on this site. Browsers repair URLs
 * before following them (a backslash becomes "/", tabs and newlines are dropped, "/\evil" and
 * "/<TAB>/evil" both become "//evil", a host of its own), so the value is resolved the way a
 * browser would resolve it against a placeholder origin and accepted only if it stays there.
 * The sign-in page and the sign-in actions both use this one check.
 */
const PLACEHOLDER_ORIGIN = "http://invigil.invalid";

export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2048) return fallback;
  // Control characters and backslashes never appear in a path we link to; a browser would
  // rewrite them, so refusing them is simpler than predicting how.
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return fallback;
  }
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "/%2F/evil" decodes to "//evil" in some routers; a path must not start with two slashes.
  return path.startsWith("//") ? fallback : path;
}
