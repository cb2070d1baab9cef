/**
 * The review page and the download page call a small stand-in for Invigil (its token endpoint and
 * the vendor callbacks), which records exactly what the fake vendor sends.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeAttempts, type FakeAttempt } from "./core";
import { optionsFromArgs, startFakeVendorProgram, type FakeVendorProgram } from "./main";

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let invigil: Server;
let invigilUrl: string;
let received: Received[] = [];
let program: FakeVendorProgram;
let tokenCount = 0;
let reviewAnswer = { status: 200, body: '"OK"' };

beforeAll(async () => {
  invigil = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      if (req.url === "/oauth2/access_token") {
        tokenCount += 1;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ access_token: `token-${tokenCount}`, expires_in: 3600, token_type: "JWT" }));
      } else if (req.url?.endsWith("/reviewed") || req.url === "/api/edx_proctoring/proctoring_review_callback/") {
        res.writeHead(reviewAnswer.status, { "content-type": "application/json" });
        res.end(reviewAnswer.body);
      } else if (req.url?.endsWith("/ready")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('"OK"');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => invigil.listen(0, "127.0.0.1", resolve));
  invigilUrl = `http://127.0.0.1:${(invigil.address() as AddressInfo).port}`;
  program = await startFakeVendorProgram({
    port: 0,
    desktopPort: 0,
    invigilUrl,
    callbackClient: { clientId: "vendor-client", clientSecret: "vendor-secret" },
    readyDelayMs: 20,
    protocols: {
      routes: [],
      // A stand-in for the RPNow module's payload builder.
      rpnowReviewPayload: (attempt, reviewStatus, comments) => ({
        examMetaData: { examCode: attempt.attemptCode, ssiRecordLocator: attempt.vendorAttemptId },
        reviewStatus,
        overAllComments: comments,
      }),
    },
  });
});

afterAll(async () => {
  await program.close();
  invigil.closeAllConnections();
  await new Promise<void>((resolve) => invigil.close(() => resolve()));
});

afterEach(async () => {
  await fetch(`${program.url}/_control/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  received = [];
  reviewAnswer = { status: 200, body: '"OK"' };
});

function addAttempt(attempt: Partial<FakeAttempt> & Pick<FakeAttempt, "vendorAttemptId" | "protocol">): FakeAttempt {
  const full: FakeAttempt = {
    examName: "Proctored Midterm",
    userId: "obscured-1",
    fullName: "Lee Learner",
    email: "learner@example.com",
    status: "created",
    lmsHost: invigilUrl,
    createdAt: new Date().toISOString(),
    ...attempt,
  };
  fakeAttempts(program.vendor).set(full.vendorAttemptId, full);
  return full;
}

function postReview(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${program.url}/review`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: program.url, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("the review page", () => {
  it("lists the attempts with a labelled form, escaping what Invigil sent", async () => {
    addAttempt({ vendorAttemptId: "rest-1", protocol: "rest", examName: "<script>alert(1)</script>" });
    addAttempt({ vendorAttemptId: "SSI-2", protocol: "rpnow", attemptCode: "CODE-2", examUrl: "http://127.0.0.1:3000/launch/CODE-2" });
    const res = await fetch(`${program.url}/?attempt=SSI-2`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain('<label for="attempt">');
    expect(html).toContain('<option value="SSI-2" selected>');
    for (const status of ["Clean", "Suspicious", "Rules Violation", "Not Reviewed"]) expect(html).toContain(`value="${status}"`);
    expect(html).toContain("<legend>Review result</legend>");
    // RPNow attempts offer the launch link standing in for the secure browser.
    expect(html).toContain('href="http://127.0.0.1:3000/launch/CODE-2"');
  });

  it("posts a REST review with a JWT from Invigil's token endpoint, and shows Invigil's answer", async () => {
    addAttempt({ vendorAttemptId: "rest-1", protocol: "rest" });
    const res = await postReview({ attempt: "rest-1", status: "Suspicious", comment: "Looked away", reviewed_by: "reviewer@vendor.example" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Invigil answered HTTP 200");
    expect(html).toContain("&quot;OK&quot;");

    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /oauth2/access_token",
      "POST /api/edx_proctoring/v1/proctored_exam/attempt/rest-1/reviewed",
    ]);
    const [tokenCall, reviewCall] = received;
    expect(tokenCall!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(tokenCall!.body))).toEqual({
      grant_type: "client_credentials",
      client_id: "vendor-client",
      client_secret: "vendor-secret",
      token_type: "jwt",
    });
    expect(reviewCall!.headers.authorization).toBe(`JWT token-${tokenCount}`);
    expect(reviewCall!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(reviewCall!.body)).toEqual({
      status: "suspicious",
      comments: [{ comment: "Looked away", status: "suspicious" }],
      reviewed_by: "reviewer@vendor.example",
    });
  });

  it("keeps its token: a second review asks for none", async () => {
    addAttempt({ vendorAttemptId: "rest-1", protocol: "rest" });
    addAttempt({ vendorAttemptId: "rest-2", protocol: "rest" });
    expect((await postReview({ attempt: "rest-1", status: "Clean" })).status).toBe(200);
    expect((await postReview({ attempt: "rest-2", status: "Rules Violation" })).status).toBe(200);
    // At most one token request (none when an earlier test left one in the cache), one token used twice.
    expect(received.filter((r) => r.path === "/oauth2/access_token").length).toBeLessThanOrEqual(1);
    const reviews = received.filter((r) => r.path.endsWith("/reviewed"));
    expect(reviews[0]!.headers.authorization).toBe(`JWT token-${tokenCount}`);
    expect(reviews[1]!.headers.authorization).toBe(reviews[0]!.headers.authorization);
    expect(reviews.map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { status: "passed", comments: [] },
      { status: "violation", comments: [] },
    ]);
  });

  it("posts an RPNow review anonymously to the review callback", async () => {
    addAttempt({ vendorAttemptId: "SSI-9", protocol: "rpnow", attemptCode: "CODE-9" });
    const res = await postReview({ attempt: "SSI-9", status: "Not Reviewed", comment: "Video missing" });
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/api/edx_proctoring/proctoring_review_callback/");
    expect(received[0]!.headers.authorization).toBeUndefined();
    expect(JSON.parse(received[0]!.body)).toEqual({
      examMetaData: { examCode: "CODE-9", ssiRecordLocator: "SSI-9" },
      reviewStatus: "Not Reviewed",
      overAllComments: "Video missing",
    });
  });

  it("shows Invigil's refusal as it came", async () => {
    addAttempt({ vendorAttemptId: "rest-1", protocol: "rest" });
    reviewAnswer = { status: 400, body: '{"detail": "review already exists"}' };
    const html = await (await postReview({ attempt: "rest-1", status: "Clean" })).text();
    expect(html).toContain("Invigil answered HTTP 400");
    expect(html).toContain("review already exists");
  });

  it("refuses bad input and posts from other sites, sending nothing", async () => {
    addAttempt({ vendorAttemptId: "rest-1", protocol: "rest" });
    const unknownStatus = await postReview({ attempt: "rest-1", status: "Great" });
    expect(unknownStatus.status).toBe(400);
    expect(await unknownStatus.text()).toContain("Choose one of: Clean, Suspicious, Rules Violation, Not Reviewed.");
    expect((await postReview({ attempt: "nope", status: "Clean" })).status).toBe(400);
    expect((await postReview({ attempt: "rest-1", status: "Clean" }, { origin: "http://evil.example" })).status).toBe(403);
    expect(received).toEqual([]);
    expect((await fetch(`${program.url}/_control/callbacks`).then((r) => r.json())) as unknown[]).toEqual([]);
  });

  it("says when Invigil cannot be reached", async () => {
    addAttempt({ vendorAttemptId: "rest-1", protocol: "rest", lmsHost: "http://127.0.0.1:9" });
    const res = await postReview({ attempt: "rest-1", status: "Clean" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Invigil could not be reached");
  });

  it("keeps working while the vendor is down", async () => {
    addAttempt({ vendorAttemptId: "rest-1", protocol: "rest" });
    const fail = await fetch(`${program.url}/_control/fail`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"mode":"down"}' });
    expect(fail.status).toBe(200);
    await expect(fetch(program.workerUrl)).rejects.toThrow();
    expect((await fetch(`${program.url}/`)).status).toBe(200);
    expect((await postReview({ attempt: "rest-1", status: "Clean" })).status).toBe(200);
  });
});

describe("the software download page", () => {
  it("calls Invigil's ready callback for the attempt shortly after, with the vendor's JWT", async () => {
    addAttempt({ vendorAttemptId: "rest-7", protocol: "rest" });
    const res = await fetch(`${program.url}/download?attempt=rest-7&exam=exam-1`);
    expect(res.status).toBe(200);
    await expect.poll(() => received.filter((r) => r.path.endsWith("/ready")).length, { timeout: 3000 }).toBe(1);
    const ready = received.find((r) => r.path.endsWith("/ready"))!;
    expect(ready.path).toBe("/api/edx_proctoring/v1/proctored_exam/attempt/rest-7/ready");
    expect(ready.headers.authorization).toMatch(/^JWT token-\d+$/);
    expect(JSON.parse(ready.body)).toEqual({ status: "ready" });
    const callbacks = (await fetch(`${program.url}/_control/callbacks`).then((r) => r.json())) as { kind: string; status: number }[];
    expect(callbacks).toMatchObject([{ kind: "ready", status: 200 }]);
  });

  it("answers 404 for an attempt it does not know, calling nobody", async () => {
    expect((await fetch(`${program.url}/download?attempt=nope`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 60));
    expect(received).toEqual([]);
  });
});

describe("the control API", () => {
  it("takes JSON only, and checks what it is given", async () => {
    const form = await fetch(`${program.url}/_control/fail`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "mode=down",
    });
    expect(form.status).toBe(415);
    const json = (body: unknown) =>
      fetch(`${program.url}/_control/fail`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await json({ mode: "sideways" })).status).toBe(400);
    expect((await json({ mode: "down", paths: "(" })).status).toBe(400);
    // Nothing was switched on by the refused calls.
    expect((await fetch(program.workerUrl)).status).toBe(200);
  });

  it("records onboarding statuses for the REST module", async () => {
    const res = await fetch(`${program.url}/_control/onboarding`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: "obscured-1", status: "onboarding_pending" }),
    });
    expect(await res.json()).toEqual({ "obscured-1": "onboarding_pending" });
  });
});

describe("command-line options", () => {
  it("reads flags over the environment, and never requires secrets on the command line", () => {
    const { options } = optionsFromArgs(["--port", "3690", "--desktop-port", "3691", "--invigil-url", "http://127.0.0.1:3600/"], {
      FAKE_VENDOR_CALLBACK_CLIENT_ID: "cid",
      FAKE_VENDOR_CALLBACK_CLIENT_SECRET: "csecret",
      FAKE_VENDOR_PORT: "1",
    });
    expect(options.port).toBe(3690);
    expect(options.desktopPort).toBe(3691);
    expect(options.invigilUrl).toBe("http://127.0.0.1:3600");
    expect(options.callbackClient).toEqual({ clientId: "cid", clientSecret: "csecret" });
    expect(() => optionsFromArgs(["--port", "http"], {})).toThrow("--port must be a port number");
  });
});
