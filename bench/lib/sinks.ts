import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * Receivers for the server's side effects during a bench run, in the bench's own process: an SMTP
 * server that accepts every message and a webhook endpoint that answers 204. They make e-mail and
 * webhook delivery real work for the server (a TCP conversation per message), count what arrived
 * and when the last one did, and do nothing else (no parsing, no files), so their own CPU stays
 * small next to the server's.
 */
export interface Sink {
  port: number;
  /** Messages (or requests) received so far. */
  received: () => number;
  /** performance.now() of the last one, or null. */
  lastAt: () => number | null;
  close: () => Promise<void>;
}

export async function startSmtpSink(): Promise<Sink> {
  let received = 0;
  let lastAt: number | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // Its default looks up the client's host name for every connection, which can stall for seconds.
    disableReverseLookup: true,
    // A pooled client keeps its connections open between bursts.
    socketTimeout: 120_000,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        lastAt = performance.now();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  // A client that goes away (the server under test stopping with its pooled connections open)
  // resets its sockets: not a failure of the run.
  server.on("error", () => {});
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received: () => received,
    lastAt: () => lastAt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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
