import net, { type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMailer, SMTP_CONNECTIONS } from "./mailer";

/** A real SMTP server on 127.0.0.1 that counts connections, the most open at once, and messages. */
let smtp: SMTPServer;
let port: number;
let open = 0;
let mostOpen = 0;
let connections = 0;
let messages = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onConnect(session, callback) {
      connections++;
      open++;
      mostOpen = Math.max(mostOpen, open);
      callback();
    },
    onClose() {
      open--;
    },
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        messages++;
        // A slow server: e-mails pile up on the client while these are in flight.
        setTimeout(() => callback(), 20);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("createMailer", () => {
  it("sends a burst over a pool of a few long-lived SMTP connections", async () => {
    const mailer = createMailer({ url: `smtp://127.0.0.1:${port}`, from: "Invigil <no-reply@invigil.test>" })!;
    const sends = Array.from({ length: 24 }, (_, n) =>
      mailer.transport.sendMail({ from: mailer.from, to: `learner${n}@example.test`, subject: `Message ${n}`, text: "Hello" }),
    );
    const results = await Promise.all(sends);
    expect(results.every((r) => r.accepted.length === 1)).toBe(true);
    expect(messages).toBe(24);
    // Without a pool nodemailer opens one connection per message.
    expect(connections).toBeLessThanOrEqual(SMTP_CONNECTIONS);
    expect(mostOpen).toBeGreaterThan(1);
    mailer.close();
  });

  it("turns Nagle's algorithm off on every SMTP connection it opens (decision 051)", async () => {
    const noDelay = vi.spyOn(net.Socket.prototype, "setNoDelay");
    connections = 0;
    for (const url of [`smtp://127.0.0.1:${port}`, `smtp://127.0.0.1:${port}?pool=false`]) {
      const mailer = createMailer({ url, from: "Invigil <no-reply@invigil.test>" })!;
      const results = await Promise.all(Array.from({ length: 6 }, (_, n) => mailer.transport.sendMail({ from: mailer.from, to: `l${n}@example.test`, subject: "x", text: "y" })));
      expect(results.every((r) => r.accepted.length === 1)).toBe(true);
      mailer.close();
    }
    const ours = noDelay.mock.contexts.filter((socket, i) => (socket as net.Socket).remotePort === port && noDelay.mock.calls[i]![0] === true);
    noDelay.mockRestore();
    expect(connections).toBeGreaterThan(6);
    expect(ours).toHaveLength(connections);
  });

  it("keeps a pool the URL turns off", async () => {
    connections = 0;
    const mailer = createMailer({ url: `smtp://127.0.0.1:${port}?pool=false`, from: "Invigil <no-reply@invigil.test>" })!;
    await Promise.all(Array.from({ length: 3 }, (_, n) => mailer.transport.sendMail({ from: mailer.from, to: `l${n}@example.test`, subject: "x", text: "y" })));
    expect(connections).toBe(3);
    mailer.close();
  });
});
