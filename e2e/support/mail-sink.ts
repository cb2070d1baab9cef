/**
 * A real SMTP server for the e2e app (started by e2e/start-server.sh): every message the app
 * delivers through nodemailer is parsed (mailparser) and kept in E2E_MAIL_DIR as
 * <time>-<n>.json, with the raw message beside it, where the specs read it (e2e/support/mail.ts).
 * Exits when the server that started it is gone.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const port = Number(process.env.E2E_SMTP_PORT ?? 3125);
const dir = process.env.E2E_MAIL_DIR ?? "e2e/.artifacts/mail";
mkdirSync(dir, { recursive: true });
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const raw = Buffer.concat(chunks);
      simpleParser(raw)
        .then((mail) => {
          count += 1;
          const name = `${Date.now()}-${String(count).padStart(4, "0")}`;
          writeFileSync(path.join(dir, `${name}.eml`), raw);
          const message = {
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: mail.from?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
          };
          writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(message, null, 2));
          callback();
        })
        .catch((error: Error) => callback(error));
    });
  },
});
server.listen(port, "127.0.0.1", () => console.log(`[mail-sink] SMTP on 127.0.0.1:${port}, messages in ${dir}`));

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) server.close(() => process.exit(0));
}, 1000).unref();
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));
