import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";

/**
 * Serves the real Open edX learner client (clients/special-exams/dist) at /special-exams/ and
 * forwards everything else to the Invigil server, so the client and the API share one origin,
 * as they would behind an LMS's reverse proxy. The Host header is kept, so Invigil builds
 * absolute URLs (vendor worker, download page) for this origin.
 */
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

export const CLIENT_DIST = path.join(process.cwd(), "clients", "special-exams", "dist");

/**
 * The Content Security Policy an LMS page hosting the client needs for a proctoring vendor: the
 * library builds its worker from a blob that calls `importScripts(<desktop_application_js_url>)`,
 * so the worker runs under the page's policy: `blob:` and the vendor's origin in `worker-src`, the
 * vendor's origin in `script-src` (importScripts) and the vendor's desktop application in
 * `connect-src` (the worker's requests). Invigil's own exam page does the same
 * (lib/http/security-headers.ts, INVIGIL_VENDOR_WORKER_ORIGINS).
 */
export function clientPagePolicy(vendorOrigins: readonly string[]): string {
  const vendor = vendorOrigins.join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' ${vendor}`,
    `worker-src 'self' blob: ${vendor}`,
    `connect-src 'self' ${vendor}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
  ].join("; ");
}

export function startSpecialExamsServer(
  port: number,
  upstreamPort: number,
  options: { vendorOrigins?: readonly string[] } = {},
): Promise<http.Server> {
  if (!existsSync(path.join(CLIENT_DIST, "index.html"))) {
    throw new Error(`${CLIENT_DIST} is missing: run "npm ci && npm run build" in clients/special-exams first`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/special-exams" || url.pathname.startsWith("/special-exams/")) {
      const relative = decodeURIComponent(url.pathname.slice("/special-exams".length)).replace(/^\/+/, "");
      let file = path.join(CLIENT_DIST, relative);
      if (!file.startsWith(CLIENT_DIST) || !existsSync(file) || statSync(file).isDirectory()) {
        file = path.join(CLIENT_DIST, "index.html");
      }
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        ...(options.vendorOrigins ? { "content-security-policy": clientPagePolicy(options.vendorOrigins) } : {}),
      });
      createReadStream(file).pipe(res);
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: upstreamPort, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502).end("upstream unavailable");
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
