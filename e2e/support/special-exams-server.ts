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

export function startSpecialExamsServer(port: number, upstreamPort: number): Promise<http.Server> {
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
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
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
