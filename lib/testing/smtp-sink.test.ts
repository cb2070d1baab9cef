import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { startSmtpSink } from "./smtp-sink";

function send(url: string, message: { to: string; subject: string; text?: string }) {
  const transport = nodemailer.createTransport(url);
  return transport.sendMail({ from: "Sender <sender@example.test>", text: "Hello", ...message }).finally(() => transport.close());
}

describe("startSmtpSink", () => {
  it("keeps each message with its envelope, raw text and subject, and finds them by recipient", async () => {
    const sink = await startSmtpSink();
    try {
      // Long enough that nodemailer folds the header over two lines.
      const subject = `Your proctored exam ${"attempt ".repeat(12)}was submitted`;
      await send(sink.url, { to: "Learner.One@example.test", subject, text: "first body" });
      await send(sink.url, { to: "two@example.test", subject: "Second" });
      expect(sink.received()).toBe(2);
      expect(sink.lastAt()).not.toBeNull();
      expect(sink.messages[0]!.raw.toString("utf8")).toMatch(/^Subject: [^\r\n]*\r\n[ \t]/m);
      expect(sink.messages.map((m) => m.subject)).toEqual([subject, "Second"]);
      expect(sink.messages[0]).toMatchObject({ from: "sender@example.test", to: ["Learner.One@example.test"] });
      expect(sink.messages[0]!.raw.toString("utf8")).toContain("first body");
      expect(sink.to("learner.one@EXAMPLE.test").map((m) => m.subject)).toEqual([subject]);
      expect(sink.to("nobody@example.test")).toEqual([]);
    } finally {
      await sink.close();
    }
  });

  it("counts without keeping when asked to count only", async () => {
    const sink = await startSmtpSink({ countOnly: true });
    try {
      await send(sink.url, { to: "a@example.test", subject: "One" });
      await send(sink.url, { to: "b@example.test", subject: "Two" });
      expect(sink.received()).toBe(2);
      expect(sink.messages).toEqual([]);
      await expect(sink.waitFor(2)).resolves.toEqual([]);
      await expect(sink.waitFor(1, { to: "a@example.test" })).rejects.toThrow(/countOnly/);
    } finally {
      await sink.close();
    }
  });

  it("waits for the n-th message to a recipient, and gives up after its time", async () => {
    const sink = await startSmtpSink();
    try {
      const waiting = sink.waitFor(2, { to: "x@example.test" });
      await send(sink.url, { to: "x@example.test", subject: "First" });
      await send(sink.url, { to: "y@example.test", subject: "Not for x" });
      await send(sink.url, { to: "x@example.test", subject: "Second" });
      expect((await waiting).map((m) => m.subject)).toEqual(["First", "Second"]);
      // Already there: at once.
      expect(await sink.waitFor(1, { to: "y@example.test" })).toHaveLength(1);
      await expect(sink.waitFor(3, { to: "x@example.test", timeoutMs: 50 })).rejects.toThrow("2 of 3 e-mail(s) to x@example.test");
    } finally {
      await sink.close();
    }
  });

  it("answers the client with an error, and keeps nothing, when onMessage fails", async () => {
    const sink = await startSmtpSink({
      onMessage: (mail) => {
        if (mail.subject === "Refuse me") throw new Error("cannot store it");
      },
    });
    try {
      await expect(send(sink.url, { to: "a@example.test", subject: "Refuse me" })).rejects.toThrow(/cannot store it/);
      await send(sink.url, { to: "a@example.test", subject: "Keep me" });
      expect(sink.received()).toBe(1);
      expect(sink.messages.map((m) => m.subject)).toEqual(["Keep me"]);
    } finally {
      await sink.close();
    }
  });

  it("listens on the port it is given", async () => {
    const probe = await startSmtpSink();
    const port = probe.port;
    await probe.close();
    const sink = await startSmtpSink({ port });
    try {
      expect(sink.port).toBe(port);
      expect(sink.url).toBe(`smtp://127.0.0.1:${port}`);
      await send(sink.url, { to: "a@example.test", subject: "Hi" });
      expect(sink.received()).toBe(1);
    } finally {
      await sink.close();
    }
  });

  it("closes with a client's pooled connection still open", async () => {
    const sink = await startSmtpSink();
    const pool = nodemailer.createTransport(`${sink.url}?pool=true`);
    try {
      await pool.sendMail({ from: "s@example.test", to: "a@example.test", subject: "Pooled", text: "x" });
      await sink.close();
      await expect(pool.sendMail({ from: "s@example.test", to: "a@example.test", subject: "After", text: "x" })).rejects.toThrow();
      expect(sink.received()).toBe(1);
    } finally {
      pool.close();
    }
  });
});
