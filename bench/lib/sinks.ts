import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Receivers for the server's side effects during a bench run, in the bench's own process: a
 * webhook endpoint that answers 204 here, and an SMTP server that accepts every message
 * (lib/testing/smtp-sink.ts with `countOnly`, which fits `Sink`). They make e-mail and webhook
 * delivery real work for the server (a TCP conversation per message), count what arrived and when
 * the last one did, and do nothing else (no parsing, no files), so their own CPU stays small next
 * to the server's.
 */
export interface Sink {
  port: number;
  /** Messages (or requests) received so far. */
  received: () => number;
  /** performance.now() of the last one, or null. */
  lastAt: () => number | null;
  close: () => Promise<void>;
}

export async function startWebhookSink(): Promise<Sink> {
  let received = 0;
  let lastAt: number | null = null;
  const server = http.createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      received++;
      lastAt = performance.now();
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    received: () => received,
    lastAt: () => lastAt,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
