/**
 * A real SMTP server for the e2e app (started by e2e/start-server.sh): every message the app
 * delivers through nodemailer is parsed (mailparser) and kept in E2E_MAIL_DIR as
 * <time>-<n>.json, with the raw message beside it, where the specs read it (e2e/support/mail.ts).
 * Exits when the server that started it is gone.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { startSmtpSink } from "../../lib/testing/smtp-sink";
import type { ReceivedMail } from "./mail";

const port = Number(process.env.E2E_SMTP_PORT ?? 3125);
const dir = process.env.E2E_MAIL_DIR ?? "e2e/.artifacts/mail";
mkdirSync(dir, { recursive: true });
let count = 0;

const sink = await startSmtpSink({
  port,
  // Written before the app is told the message was accepted, so a spec that sees the outbox row
  // done finds the file; a message that cannot be parsed is refused, the outbox tries again.
  async onMessage(received) {
    const mail = await simpleParser(received.raw);
    count += 1;
    const name = `${Date.now()}-${String(count).padStart(4, "0")}`;
    writeFileSync(path.join(dir, `${name}.eml`), received.raw);
    const message: ReceivedMail = {
      envelopeTo: received.to,
      from: mail.from?.text ?? "",
      subject: mail.subject ?? "",
      text: mail.text ?? "",
      html: typeof mail.html === "string" ? mail.html : "",
    };
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(message, null, 2));
  },
});
console.log(`[mail-sink] SMTP on 127.0.0.1:${sink.port}, messages in ${dir}`);

const stop = () => void sink.close().then(() => process.exit(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1000).unref();
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, stop);
