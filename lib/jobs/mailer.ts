import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";

/**
 * Outgoing mail. The transport is injected into the e-mail handler, so tests hand it one that
 * talks to an in-process SMTP server and the app one built from its configuration.
 */
export interface Mailer {
  transport: Pick<Transporter, "sendMail">;
  /** Default sender (DEFAULT_FROM_EMAIL); the site setting status_email_from_address wins over it. */
  from: string;
  /** Closes the pool's open SMTP connections (tests, scripts). */
  close: () => void;
}

export interface MailConfig {
  /** e.g. `smtp://user:pass@mail.example.org:587` or `smtps://...:465` (nodemailer's URL form). */
  url: string;
  from: string;
}

/**
 * SMTP connections kept open and used side by side (nodemailer's pool): a burst of e-mails goes
 * out over a few long-lived connections instead of one new connection (and TLS handshake) per
 * message. The outbox worker sends at most this many e-mails at once (lib/jobs/delivery-plan.ts).
 */
export const SMTP_CONNECTIONS = 4;

const TRANSPORT_DEFAULTS: Record<string, string> = {
  connectionTimeout: "10000",
  greetingTimeout: "10000",
  socketTimeout: "20000",
  pool: "true",
  maxConnections: String(SMTP_CONNECTIONS),
  // Messages per connection before it is replaced (nodemailer's default is 100).
  maxMessages: "1000",
};

/**
 * Defaults for every message. Body parts in base64 whatever their text: nodemailer otherwise
 * picks quoted-printable for any part with a character beyond ASCII, and an HTML e-mail always
 * has some (React Email's preview text is padded with invisible Unicode characters). Encoding
 * 2.3 KB of such HTML as quoted-printable made a 8.2 KB message for 0.8 ms of CPU; base64 makes
 * a 5.7 KB one for 0.4 ms (decision 054). Every mail client reads base64 parts.
 */
const MESSAGE_DEFAULTS = { textEncoding: "base64" } as const;

/** An SMTP mailer for a configuration, or null when mail is not configured. */
export function createMailer(config: MailConfig | null | undefined): Mailer | null {
  if (!config?.url) return null;
  // nodemailer reads transport options from the URL's query string; short timeouts (unless the
  // URL sets its own) make a dead SMTP server fail the try, to be retried, instead of holding
  // the worker's batch. The URL may also set its own pool (`pool=false`, `maxConnections=`).
  const url = new URL(config.url);
  for (const [key, value] of Object.entries(TRANSPORT_DEFAULTS)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  const transport = nodemailer.createTransport(url.toString(), MESSAGE_DEFAULTS);
  (transport.transporter as unknown as { getSocket: GetSocket }).getSocket = connectWithoutNagle;
  return { transport, from: config.from, close: () => transport.close() };
}

type SocketOptions = { host?: string; port?: number | string; secure?: boolean; localAddress?: string; connectionTimeout?: number };
type GetSocket = (options: SocketOptions, callback: (error: Error | null, socket?: { connection: net.Socket } | false) => void) => void;

/**
 * nodemailer's hook for the socket of a new SMTP connection, used to turn Nagle's algorithm off.
 * nodemailer leaves it on, and it writes the end of a message (and some commands) as a small
 * packet after a larger one: the client then holds that packet until the server acknowledges
 * the previous one, which a server with delayed acknowledgements (Linux: 40 ms) does not do at
 * once. Each e-mail waited about 40 ms for it, so one connection sent about 20 e-mails a second
 * whatever the CPU (decision 051). The connection is opened here as nodemailer would (host, port,
 * local address, its connection timeout) and handed over; STARTTLS upgrades it as before. An
 * `smtps://` connection (TLS from the first byte) is left to nodemailer.
 */
const connectWithoutNagle: GetSocket = (options, callback) => {
  if (options.secure) {
    setImmediate(() => callback(null, false));
    return;
  }
  const socket = net.connect({ host: options.host || "localhost", port: Number(options.port) || 587, localAddress: options.localAddress });
  socket.setNoDelay(true);
  let answered = false;
  const answer = (error: Error | null) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    socket.off("error", answer);
    if (error) {
      socket.destroy();
      callback(error);
    } else {
      callback(null, { connection: socket });
    }
  };
  const timer = setTimeout(() => answer(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT" })), options.connectionTimeout ?? 10_000);
  socket.once("error", answer);
  socket.once("connect", () => answer(null));
};

/**
 * Whether the SMTP server answers (connects and accepts the configured login), for the admin
 * health page: a short time limit, and only the error's code, since its message may quote the URL.
 */
export async function checkSmtp(config: MailConfig | null | undefined, timeoutMs = 5_000): Promise<{ state: "not_configured" } | { state: "ok"; ms: number } | { state: "down"; reason: string }> {
  if (!config?.url) return { state: "not_configured" };
  const url = new URL(config.url);
  for (const key of ["connectionTimeout", "greetingTimeout", "socketTimeout"]) url.searchParams.set(key, String(timeoutMs));
  const transport = nodemailer.createTransport(url.toString());
  const started = Date.now();
  try {
    await transport.verify();
    return { state: "ok", ms: Date.now() - started };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return { state: "down", reason: typeof code === "string" ? code : "no answer" };
  } finally {
    transport.close();
  }
}
