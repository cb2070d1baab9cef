import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

/** Where e2e/support/mail-sink.ts keeps what the app sent (the same default as start-server.sh). */
const MAIL_DIR = process.env.E2E_MAIL_DIR ?? "e2e/.artifacts/mail";

export interface ReceivedMail {
  envelopeTo: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

/** Every message delivered so far to `address` (SMTP envelope), oldest first. */
export function mailTo(address: string): ReceivedMail[] {
  let files: string[];
  try {
    files = readdirSync(MAIL_DIR).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(MAIL_DIR, f), "utf8")) as ReceivedMail)
    .filter((mail) => mail.envelopeTo.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** Waits (the outbox worker delivers within seconds) for a message to `address` whose subject matches. */
export async function waitForMail(address: string, subject: RegExp, timeout = 30_000): Promise<ReceivedMail> {
  await expect.poll(() => mailTo(address).some((m) => subject.test(m.subject)), { timeout, intervals: [500] }).toBe(true);
  return mailTo(address).find((m) => subject.test(m.subject))!;
}
