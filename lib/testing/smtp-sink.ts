import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on 127.0.0.1 in the calling process, for tests, benches, the fault test and
 * the end-to-end app: the app (or a test's mailer) delivers over SMTP as in production, and the
 * caller reads what arrived. It accepts every message, with no authentication and no TLS.
 */

export interface ReceivedMail {
  /** The envelope's sender (MAIL FROM), "" when empty. */
  from: string;
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  /** The message as it came: headers and body. */
  raw: Buffer;
  /** The Subject header, unfolded, as written (an RFC 2047 encoded word stays encoded). */
  subject: string;
}

export interface SmtpSinkOptions {
  /** The port to listen on; 0 (the default) lets the system choose one, read it from `port`. */
  port?: number;
  /**
   * Only count the messages: their bytes are read and dropped, nothing is kept, parsed or handed
   * to `onMessage`. A bench's receiver must cost little CPU next to the server it measures.
   */
  countOnly?: boolean;
  /**
   * Called for each message before the client is told it was accepted; if it throws (or its
   * promise rejects) the client gets an SMTP error and the message is neither counted nor kept.
   */
  onMessage?: (mail: ReceivedMail) => void | Promise<void>;
  /**
   * How long a connection may stay idle before the server drops it (smtp-server's default is
   * 60 s). The app's mailer is a pool that keeps its connections open between bursts.
   */
  idleTimeoutMs?: number;
}

export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:<port>`, the app's SMTP_URL for this sink. */
  url: string;
  /** Messages accepted so far. */
  received: () => number;
  /** performance.now() when the last one was accepted, or null. */
  lastAt: () => number | null;
  /** The messages accepted so far, oldest first (always empty with `countOnly`). */
  messages: readonly ReceivedMail[];
  /** The messages with `address` among their envelope's recipients (case-insensitive), oldest first. */
  to: (address: string) => ReceivedMail[];
  /**
   * Resolves with the messages (to `to` when given) once at least `count` of them have arrived;
   * rejects when `timeoutMs` (30 s unless given) passes first. With `countOnly` it counts every
   * message, resolves with an empty list, and refuses `to`.
   */
  waitFor: (count: number, options?: { to?: string; timeoutMs?: number }) => Promise<ReceivedMail[]>;
  /**
   * Stops listening and closes the connections still open within a second (smtp-server alone
   * waits up to 30 s for clients that keep theirs, such as a mailer's pool).
   */
  close: () => Promise<void>;
}

/** The Subject header of a raw message: header lines end at the first empty line; folded lines are joined. */
function subjectOf(raw: Buffer): string {
  const text = raw.toString("utf8");
  const end = text.search(/\r?\n\r?\n/);
  // Unfolding (RFC 5322 2.2.3) removes the line break and keeps the white space after it.
  const header = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n(?=[ \t])/g, "");
  return /^Subject:[ \t]*(.*)$/im.exec(header)?.[1]?.trim() ?? "";
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const { countOnly = false, onMessage } = options;
  if (countOnly && onMessage) throw new Error("a countOnly sink hands no message to onMessage");
  const messages: ReceivedMail[] = [];
  let received = 0;
  let lastAt: number | null = null;
  const waiters = new Set<() => boolean>();
  const accepted = (mail: ReceivedMail | null) => {
    if (mail) messages.push(mail);
    received++;
    lastAt = performance.now();
    for (const check of waiters) check();
  };
  const to = (address: string) => messages.filter((m) => m.to.some((r) => r.toLowerCase() === address.toLowerCase()));

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // Its default looks up the client's host name for every connection, which can stall for seconds.
    disableReverseLookup: true,
    socketTimeout: options.idleTimeoutMs ?? 120_000,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      if (countOnly) {
        stream.on("data", () => {});
        stream.on("end", () => {
          accepted(null);
          callback();
        });
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: subjectOf(raw),
        };
        Promise.resolve()
          .then(() => onMessage?.(mail))
          .then(
            () => {
              accepted(mail);
              callback();
            },
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // A client that goes away mid-conversation (a server under test stopped with its pooled
  // connections open) resets its socket: not a failure of the caller's run, and without a
  // listener the emitter would throw it.
  server.on("error", () => {});
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    lastAt: () => lastAt,
    messages,
    to,
    waitFor: (count, { to: address, timeoutMs = 30_000 } = {}) =>
      new Promise((resolve, reject) => {
        if (countOnly && address !== undefined) return reject(new Error("a countOnly sink keeps no recipients to wait for"));
        const matching = () => (address === undefined ? [...messages] : to(address));
        const arrived = () => (address === undefined ? received : to(address).length);
        const check = () => {
          if (arrived() < count) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(matching());
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${arrived()} of ${count} e-mail(s)${address === undefined ? "" : ` to ${address}`} arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
