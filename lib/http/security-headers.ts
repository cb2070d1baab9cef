/**
 * The security headers of every answer (pages, API, server actions), built in one place so
 * proxy.ts applies them and tests can read them. Pure: the caller passes the nonce and what it
 * knows about the request.
 */

export interface SecurityHeaderInput {
  /** A fresh random value per page request; Next puts it on its own inline and bundle scripts. */
  nonce: string;
  /** The request's path (decides the page kind). */
  pathname: string;
  /** Whether the browser reached us over https (directly or behind a TLS-terminating proxy). */
  https: boolean;
  /** Origins the learner exam page may load the proctoring vendor's worker from. */
  vendorWorkerOrigins: readonly string[];
  /** Development server: React's dev tools need eval. */
  development?: boolean;
}

/** The learner's exam page: the only page that runs a vendor worker and frames exam content. */
const EXAM_PAGE = /^\/courses\/[^/]+\/exams\/[^/]+\/?$/;

export function isApiPath(pathname: string): boolean {
  // The OAuth2 token endpoint sits at the site root, as in Open edX, but is an API all the same.
  return pathname === "/api" || pathname.startsWith("/api/") || pathname.startsWith("/oauth2/");
}

/** The API reference is a page even though it lives under /api. */
function isPagePath(pathname: string): boolean {
  return !isApiPath(pathname) || pathname === "/api/docs" || pathname === "/api/docs/";
}

export function contentSecurityPolicy(input: SecurityHeaderInput): string {
  if (!isPagePath(input.pathname)) {
    // JSON and event streams: nothing in them may run, load or be framed.
    return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  }
  const exam = EXAM_PAGE.test(input.pathname);
  const vendor = exam ? input.vendorWorkerOrigins : [];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // Nonce and our own origin, no 'strict-dynamic': the vendor worker's importScripts is checked
    // against this list, and 'strict-dynamic' would make the browser ignore origins in it.
    ["script-src", "'self'", `'nonce-${input.nonce}'`, ...vendor, ...(input.development ? ["'unsafe-eval'"] : [])],
    // React renders `style` props as attributes, which nonces cannot cover; styles cannot run code.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...vendor],
    // The vendor handshake builds its worker from a blob that imports the vendor's script.
    ["worker-src", "'self'", ...(exam ? ["blob:", ...vendor] : [])],
    // Exam content is an external page the exam's author chose (components/exam-body).
    ["frame-src", ...(exam ? ["'self'", "https:", "http:"] : ["'self'"])],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["frame-ancestors", "'none'"],
  ];
  if (input.https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

export function securityHeaders(input: SecurityHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": contentSecurityPolicy(input),
    // For browsers without frame-ancestors.
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
  // Only over https: a browser ignores it over http, and on a plain-http site it would mislead.
  if (input.https) headers["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
